"""ecobarrier source import/list, receive and hj212 send: the registry, refusals, and the kill -9 case (every
acknowledged packet is in the workspace exactly once after the receiver was killed mid-stream and restarted)."""
import csv
import os
import re
import signal
import socket
import subprocess
import time
import unittest

from support import BIN, WorkspaceCase, query, run


def crc212(data: bytes) -> int:
    r = 0xFFFF
    for c in data:
        r = (r >> 8) ^ c
        for _ in range(8):
            r = (r >> 1) ^ 0xA001 if r & 1 else r >> 1
    return r


def frame(seg: str) -> bytes:
    d = seg.encode()
    return b"##%04d" % len(d) + d + b"%04X\r\n" % crc212(d)


REGISTRY = """enterprise_id,enterprise_name,industry,outlet_id,outlet_kind,mn,password,standard,lon,lat
91150000MA00000002,SYNTHETIC 电厂,thermal_power,DA001,gas,MN0001,123456,GB13223-2011:coal_boiler_existing,111.70,40.80
91150000MA00000002,SYNTHETIC 电厂,thermal_power,DW001,water,MN0002,654321,GB8978-1996:class1_new,111.70,40.80
"""


class Receiver:
    def __init__(self, ws, port=0, *extra):
        self.p = subprocess.Popen([BIN, "receive", ws, "--port", str(port), *map(str, extra)],
                                  stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        line = self.p.stderr.readline()
        m = re.search(r"listening on [0-9.]+:(\d+)", line)
        if not m:
            self.p.kill()
            raise AssertionError("receiver did not start: " + line + self.p.stderr.read())
        self.port = int(m.group(1))

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        err = self.p.stderr.read()
        self.p.wait(timeout=30)
        self.p.stderr.close()
        return self.p.returncode, err

    def kill9(self):
        self.p.kill()  # SIGKILL
        self.p.wait(timeout=30)
        self.p.stderr.close()


def hourly_packet(mn, pw, time, values):
    """An hourly (CN 2061) data packet: values as (code, kind, value, flag); one Flag per code (flag None: none)."""
    cp = ";".join(f"{c}-{k}={v}" + (f",{c}-Flag={f}" if f else "") for c, k, v, f in values)
    return frame(f"QN={time}000;ST=31;CN=2061;PW={pw};MN={mn};Flag=5;CP=&&DataTime={time};{cp}&&")


def stored_packets(ws):
    """(mn, cn, DataTime as HJ 212 writes it in Beijing time, values stored) for every packet in the workspace."""
    return [(mn, cn, time.strftime("%Y%m%d%H%M%S", time.gmtime(t + 8 * 3600)), n) for mn, cn, t, n in query(
        ws, "SELECT o.mn, v.cn, v.data_time, count(*) FROM source_value v JOIN outlet o ON o.fid = v.outlet "
            "GROUP BY 1, 2, 3")]


def send_through_receiver(case, ws, packets):
    """Sends framed packets to `ecobarrier receive` on WS one after the other, each answered (so committed) before
    the next, then stops the receiver; `case` asserts the answers and a clean exit."""
    r = Receiver(ws)
    try:
        s = socket.create_connection(("127.0.0.1", r.port), timeout=10)
        for p in packets:
            s.sendall(p)
            case.assertIn(b"CN=9014", s.recv(4096))  # answered: committed
        s.close()
    finally:
        code, err = r.stop()
    case.assertEqual(code, 0, err)


class SourceRegistryTest(WorkspaceCase):
    def test_import_list_and_unit_by_point(self):
        ws = self.fresh_workspace()
        run("source", "import", ws, self.write("reg.csv", REGISTRY), check=0)
        rows = query(ws, "SELECT mn, kind, password_hash, unit_code FROM outlet ORDER BY mn")
        self.assertEqual([r[0] for r in rows], ["MN0001", "MN0002"])
        self.assertTrue(all(r[2].startswith("sha256:") and "123456" not in r[2] for r in rows))
        self.assertTrue(all(r[3] for r in rows), rows)  # inside a unit of the demo hierarchy
        p = run("source", "list", ws, "--format", "csv", check=0)
        self.assertEqual(len(list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))), 2)
        # Importing again updates in place (same outlets, no duplicates).
        run("source", "import", ws, self.path("reg.csv"), check=0)
        self.assertEqual(query(ws, "SELECT count(*) FROM outlet")[0][0], 2)

    def test_bad_rows_refuse_the_whole_file(self):
        ws = self.fresh_workspace()
        bad = REGISTRY + (
            "91150000MA00000003,X,,DA001,gas,MN0003,1,S,111,40\n"      # line 4: wrong check character
            "91150000MA00000002,SYNTHETIC 电厂,,DA002,air,MN0004,1,S,111,40\n"  # line 5: kind
            "91150000MA00000002,SYNTHETIC 电厂,,DA003,gas,MN0001,1,S,111,40\n"  # line 6: MN repeats
            "91150000MA00000002,SYNTHETIC 电厂,,DA004,gas,MN0005,a;b,S,111,95\n"  # line 7: password, lat
            "91150000MA00000002,SYNTHETIC 电厂,,DA005,gas,MN0006,1,GB13223-2011,111,40\n"  # line 8: no category
            "91150000MA00000002,SYNTHETIC 电厂,,DA006,gas,MN0007,1,GB8978-1996:class1_new,111,40\n"  # 9: medium
            "91150000MA00000002,SYNTHETIC 电厂,,DA007,gas,MN0008,1,GB13271-2014:gas_boiler_new:specal,111,40\n")
        p = run("source", "import", ws, self.write("bad.csv", bad), check=3)
        for line, text in ((4, "统一社会信用代码"), (5, "outlet_kind"), (6, "mn MN0001"), (7, "password"), (7, "lat"),
                           (8, "needs a category"), (9, "for water outlets, but outlet_kind is gas"),
                           (10, "STANDARD:CATEGORY:special")):
            self.assertRegex(p.stderr, rf"bad\.csv:{line}:.*{re.escape(text)}")
        # The standard is the 8th column.
        self.assertIn("bad.csv:8:8: standard", p.stderr)
        self.assertEqual(query(ws, "SELECT count(*) FROM outlet")[0][0], 0)
        self.assertEqual(query(ws, "SELECT count(*) FROM enterprise")[0][0], 0)


class ReceiverTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("source", "import", self.ws, self.write("reg.csv", REGISTRY), check=0)

    def test_answers_refusals_and_malformed(self):
        r = Receiver(self.ws, 0, "--packet-timeout", "1")
        try:
            s = socket.create_connection(("127.0.0.1", r.port), timeout=10)
            good = ("QN=20260101000000000;ST=31;CN=2061;PW=123456;MN=MN0001;Flag=5;CP=&&DataTime=20260101000000;"
                    "a21026-Avg=20.5,a21026-Flag=N;a19001-Avg=8.1,a19001-Flag=M&&")
            s.sendall(frame(good))
            answer = s.recv(4096)
            self.assertIn(b"CN=9014", answer)
            self.assertIn(b"QN=20260101000000000", answer)
            # Unknown MN and wrong password: answered 9011 QnRtn 4 / 3 when asked, never stored.
            s.sendall(frame(good.replace("MN=MN0001", "MN=MN9999")))
            self.assertIn(b"QnRtn=4", s.recv(4096))
            s.sendall(frame(good.replace("PW=123456", "PW=000000")))
            self.assertIn(b"QnRtn=3", s.recv(4096))
            # Malformed: bad CRC, garbage, a bad data segment; the connection stays usable.
            bad_crc = bytearray(frame(good.replace("20.5", "21.5")))
            bad_crc[-3] = ord("0") if bad_crc[-3] != ord("0") else ord("1")
            s.sendall(bytes(bad_crc) + b"\x00garbage" + frame("ST=31;CN=2061;PW=123456;MN=MN0001;CP=&&a=1&&"))
            s.sendall(frame(good.replace("20260101000000", "20260101010000")))  # resynchronised: answered
            self.assertIn(b"QN=20260101010000000", s.recv(4096))
            # A resent packet is answered again and stored once.
            s.sendall(frame(good))
            self.assertIn(b"CN=9014", s.recv(4096))
            s.close()
            # A slow sender is cut off after --packet-timeout.
            slow = socket.create_connection(("127.0.0.1", r.port), timeout=10)
            slow.sendall(b"##0101QN=2016")
            self.assertEqual(slow.recv(100), b"")
            slow.close()
        finally:
            code, err = r.stop()
        self.assertEqual(code, 0, err)
        self.assertRegex(err, r"127\.0\.0\.1:\d+: refused: MN MN9999")
        self.assertRegex(err, r"127\.0\.0\.1:\d+: refused: wrong password for MN MN0001")
        self.assertRegex(err, r"refused: bad_crc")
        self.assertRegex(err, r"refused: garbage")
        self.assertRegex(err, r"bad data segment")
        self.assertRegex(err, r"closed: slow sender")
        self.assertRegex(err, r"values 4 new, 2 repeated")
        rows = query(self.ws, "SELECT o.mn, v.cn, v.pollutant, v.kind, v.value, v.flag, v.qn FROM source_value v "
                              "JOIN outlet o ON o.fid = v.outlet ORDER BY v.data_time, v.pollutant")
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[0], ("MN0001", 2061, "a19001", "Avg", 8.1, "M", "20260101000000000"))
        self.assertEqual(rows[1][4], 20.5)  # the bad-CRC packet's 21.5 never landed

    def test_kill_9_loses_nothing_acknowledged(self):
        reg = self.path("sim.csv")
        run("hj212", "registry", reg, "--devices", "20", check=0)
        run("source", "import", self.ws, reg, check=0)
        r = Receiver(self.ws)
        port = r.port
        acked = self.path("acked.csv")
        sim = subprocess.Popen([BIN, "hj212", "send", "--port", str(port), "--registry", reg, "--seconds", "5",
                                "--drain", "20", "--bad-rate", "0.02", "--acked-log", acked, "--format", "csv"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        r.kill9()
        time.sleep(0.7)
        r = Receiver(self.ws, port)
        out, err = sim.communicate(timeout=120)
        code, rerr = r.stop()
        self.assertEqual(sim.returncode, 0, err)
        self.assertEqual(code, 0, rerr)
        result = next(csv.DictReader(out.lstrip("\ufeff").splitlines()))
        self.assertGreater(int(result["resent"]), 0, result)  # the kill left packets unanswered
        with open(acked, encoding="utf-8") as f:
            packets = list(csv.DictReader(f))
        self.assertEqual(int(result["acked"]), len(packets))
        self.assertGreater(len(packets), 100)
        self.assertEqual(len({(p["mn"], p["qn"]) for p in packets}), len(packets))  # each answered once
        stored = {(mn, cn, t): n for mn, cn, t, n in stored_packets(self.ws)}
        missing = [p for p in packets if stored.get((p["mn"], int(p["cn"]), p["data_time"])) != int(p["values"])]
        self.assertEqual(missing, [])

    def test_full_batches_wait_for_the_writer_and_lose_nothing(self):
        # Batches of at most 3 packets against 30 devices with 4 packets in flight each: the network thread fills
        # a batch while the writer commits the one before and must wait for it (backpressure) again and again.
        reg = self.path("sim.csv")
        run("hj212", "registry", reg, "--devices", "30", check=0)
        run("source", "import", self.ws, reg, check=0)
        r = Receiver(self.ws, 0, "--max-batch", 3)
        acked = self.path("acked.csv")
        p = run("hj212", "send", "--port", str(r.port), "--registry", reg, "--seconds", "2", "--acked-log", acked,
                "--format", "csv", check=0)
        code, err = r.stop()
        self.assertEqual(code, 0, err)
        result = next(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))
        self.assertEqual(int(result["unacked"]), 0, result)
        m = re.search(r"packets (\d+) .* commits (\d+) \([0-9.]+ s, largest (\d+)\)", err)
        self.assertTrue(m, err)
        packets, commits, largest = map(int, m.groups())
        self.assertEqual(packets, int(result["acked"]))
        self.assertGreater(packets, 100)
        self.assertLessEqual(largest, 3)
        self.assertGreaterEqual(commits * 3, packets)
        with open(acked, encoding="utf-8") as f:
            sent = list(csv.DictReader(f))
        stored = {(mn, cn, t): n for mn, cn, t, n in stored_packets(self.ws)}
        self.assertEqual([x for x in sent if stored.get((x["mn"], int(x["cn"]), x["data_time"])) != int(x["values"])],
                         [])


class HourlyRunTest(WorkspaceCase):
    def test_hours_sends_exactly_n_hourly_packets_with_reproducible_values(self):
        reg = self.path("sim.csv")
        run("hj212", "registry", reg, "--devices", "3", check=0)
        values = []
        for name in ("a.gpkg", "b.gpkg"):
            ws = self.fresh_workspace(name)
            run("source", "import", ws, reg, check=0)
            r = Receiver(ws)
            try:
                p = run("hj212", "send", "--port", str(r.port), "--registry", reg, "--hours", "5", "--start",
                        "2026-02-01T00:00", "--seed", "9", "--format", "csv", check=0)
            finally:
                code, err = r.stop()
            self.assertEqual(code, 0, err)
            result = next(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))
            self.assertEqual((result["sent"], result["acked"], result["unacked"]), ("15", "15", "0"))
            self.assertEqual(query(ws, "SELECT DISTINCT cn FROM source_value"), [(2061,)])
            hours = query(ws, "SELECT count(DISTINCT data_time), min(data_time), max(data_time) FROM source_value")
            self.assertEqual(hours, [(5, 1769875200, 1769875200 + 4 * 3600)])  # 2026-02-01 00:00..04:00 Beijing
            values.append(query(ws, "SELECT o.mn, v.data_time, v.pollutant, v.kind, v.value, v.flag FROM source_value v "
                                    "JOIN outlet o ON o.fid = v.outlet ORDER BY 1, 2, 3, 4"))
        # The same seed gives the same values, whatever the order the devices were answered in.
        self.assertEqual(values[0], values[1])


if __name__ == "__main__":
    unittest.main()
