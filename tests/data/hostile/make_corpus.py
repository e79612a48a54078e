#!/usr/bin/env python3
"""Writes the hostile input corpus of tests/e2e/test_cli_hostile_inputs.py (issue 15): for every importer a good file
that imports, and the same file broken the ways careless users and attackers break files. Re-run after changing an
importer's good file: python3 tests/data/hostile/make_corpus.py (the files are committed; this makes them reviewable).
Big cases (a line over the 1 MiB limit, gzip and zip bombs) are built by the test itself, not committed."""
import io
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

# importer -> (file name of the good input, good text). The data rows name the base workspace's units/stations
# (tests/e2e/support.py: Inner Mongolia units and the CNEMC station list).
GOOD = {
    "station": ("stations.csv", "监测点编码,监测点名称,城市,经度,纬度,对照点\n"
                                "9901A,测试一站,呼和浩特,111.65,40.75,N\n"
                                "9902A,测试二站,包头,109.84,40.65,N\n"),
    "obs_cnemc": ("cnemc.csv", "date,hour,type,1090A,1091A\n"
                               "20190101,0,PM2.5,35,40\n"
                               "20190101,0,PM10,60,70\n"
                               "20190101,1,PM2.5,36,41\n"),
    "obs_long": ("long.csv", "station,time,parameter,value,unit,flag\n"
                             "1090A,2019-01-01T05:00,NO2,30,ug/m3,正常\n"
                             "1091A,2019-01-01T05:00,NO2,31,ug/m3,正常\n"),
    "water_section": ("sections.csv", "code,name,waterbody,river,basin,control_level,target_class,lon,lat\n"
                                      "HH01,头道拐,river,黄河,黄河流域,national,II,111.07,40.27\n"
                                      "HH02,画匠营子,river,黄河,黄河流域,national,III,109.9,40.56\n"),
    "chief": ("chiefs.csv", "id,name,kind,level,unit_code,since,until,objects\n"
                            "R1,王河长,river_lake,3,150203,,,HH:黄河昆都仑段\n"
                            "F1,赵林长,forest_grassland,2,150200,,,\n"),
    "patrol": ("patrols.csv", "id,chief_id,object_id,date,duration_min,track_km,issues_found,issues_resolved,"
                              "resolution_days\n"
                              "P1,R1,HH,2023-01-28,60,5,2,1,4\n"
                              "P2,R1,HH,2023-02-28,60,5,0,0,\n"),
    "assess": ("values.csv", "indicator,unit_code,year,value,source\n"
                             "pm25,150100,2023,35,统计公报\n"
                             "forest,150100,2023,15,林草局\n"),
    "dust": ("dust.csv", "unit,start,end,source,note\n"
                         "150100,2018-04-01T08:00,2018-04-01T20:00,monitoring_centre,沙尘暴\n"
                         "150200,2018-04-02,2018-04-03,monitoring_centre,扬沙\n"),
    "project": ("projects.csv", "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit,funding\n"
                                "P1,达拉特旗造林,afforestation,150621,2023,10000,亩,12000,亩,central\n"
                                "P2,杭锦旗造林,afforestation,150625,2023,100,公顷,80,ha,regional\n"),
    "plan": ("plans.csv", "unit_code,year,type,planned,unit\n"
                          "150621,2023,afforestation,10000,亩\n"
                          "150625,2023,afforestation,500,亩\n"),
}

# Vector importers read through OGR: a GeoJSON good file.
POLY = '[[[110,40],[110.1,40],[110.1,40.1],[110,40.1],[110,40]]]'
GOOD_VECTOR = {
    "unit": ("units.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                              '{"adcode":150999,"name":"测试旗","parent":150100},"geometry":{"type":"Polygon",'
                              '"coordinates":' + POLY + '}}]}\n'),
    "layer": ("red.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                             '{"name":"生态保护红线"},"geometry":{"type":"Polygon","coordinates":' + POLY + '}}]}\n'),
}


def write(importer, name, data):
    d = os.path.join(HERE, importer)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def zip_of(members, method=zipfile.ZIP_DEFLATED):
    """A zip archive of (name, bytes) members, byte for byte the same on every run (a fixed date)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return buf.getvalue()


def flagged_encrypted(zip_bytes):
    """The archive with every member marked encrypted (general purpose flag bit 0), as a password-protected
    archive is: the reader must refuse it before reading its data."""
    b = bytearray(zip_bytes)
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = b.find(sig)
        while at >= 0:
            (flags,) = struct.unpack_from("<H", b, at + flag_at)
            struct.pack_into("<H", b, at + flag_at, flags | 1)
            at = b.find(sig, at + 4)
    return bytes(b)


def write_zip_cases(importer, name, good):
    """A CSV importer's zip inputs: its good file as the one member of an archive (imports), and archives that are
    not one readable file (refused)."""
    one = zip_of([(name, good)])
    write(importer, "zip_one.zip", one)
    write(importer, "zip_two.zip", zip_of([(name, good), ("copy-" + name, good)]))
    write(importer, "zip_no_file.zip", zip_of([("folder/", b"")]))
    write(importer, "zip_encrypted.zip", flagged_encrypted(one))
    write(importer, "zip_bzip2.zip", zip_of([(name, good)], zipfile.ZIP_BZIP2))
    write(importer, "zip_truncated.zip", one[: len(one) // 2])


def main():
    for importer, (name, text) in GOOD.items():
        stem, ext = os.path.splitext(name)
        good = text.encode("utf-8")
        write(importer, name, good)
        lines = text.rstrip("\n").split("\n")
        write(importer, "empty" + ext, b"")
        write(importer, "cr_only" + ext, b"\r" * 7)
        write(importer, "blank" + ext, b"  \n\t\n\r\n   \r\n")
        # The last row cut after its first two fields, as an interrupted copy leaves it.
        cut = ",".join(lines[-1].split(",")[:2])
        write(importer, "truncated_row" + ext, ("\n".join(lines[:-1] + [cut])).encode("utf-8"))
        # A quoted field opened on the last line and never closed.
        write(importer, "open_quote" + ext, (text + '"' + lines[-1]).encode("utf-8"))
        # One byte that is not UTF-8 in the second field of the last data row.
        fields = lines[-1].split(",")
        bad = (",".join(fields[:1]) + "," + fields[1]).encode("utf-8") + b"\xff\xfe" + \
            ("," + ",".join(fields[2:])).encode("utf-8")
        write(importer, "bad_utf8" + ext, ("\n".join(lines[:-1]) + "\n").encode("utf-8") + bad + b"\n")
        # The whole file in GBK (Chinese Windows), when it has Chinese to encode.
        if any(ord(c) > 127 for c in text):
            write(importer, "gbk" + ext, text.encode("gbk"))
        write_zip_cases(importer, name, good)
    for importer, (name, text) in GOOD_VECTOR.items():
        stem, ext = os.path.splitext(name)
        write(importer, name, text.encode("utf-8"))
        write(importer, "empty" + ext, b"")
        write(importer, "truncated" + ext, text.encode("utf-8")[: len(text.encode("utf-8")) // 2])
        write(importer, "bad_utf8" + ext, text.replace("测试旗", "X").replace("生态保护红线", "X")
              .encode("utf-8").replace(b'"X"', b'"\xff\xfeX"'))
        write(importer, "gbk" + ext, text.encode("gbk"))


if __name__ == "__main__":
    main()
