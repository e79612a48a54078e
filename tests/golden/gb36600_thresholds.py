#!/usr/bin/env python3
"""Writes gb36600_thresholds.csv: values at, just below and just above every screening and control value of
GB 36600-2018 for both land classes, with the expected risk and ratios computed in exact decimal arithmetic.

The limits below are typed from the standard's Tables 1 and 2 as transcribed in a public code base that parsed the
official PDF (screen = (class 1, class 2) screening values, control = (class 1, class 2) control values, mg/kg);
Table 1 items 1-34 also agree with a page reproducing the table (docs/soil-construction.md). They are kept here
apart from data/standards/gb36600.csv on purpose: the test checks that table against this one.
Run: python3 tests/golden/gb36600_thresholds.py > tests/golden/gb36600_thresholds.csv
"""
import csv
import sys
from decimal import Decimal, getcontext

getcontext().prec = 40

LIMITS = [  # (item, screen, control)
    ("As", ("20", "60"), ("120", "140")), ("Cd", ("20", "65"), ("47", "172")),
    ("Cr6", ("3.0", "5.7"), ("30", "78")), ("Cu", ("2000", "18000"), ("8000", "36000")),
    ("Pb", ("400", "800"), ("800", "2500")), ("Hg", ("8", "38"), ("33", "82")),
    ("Ni", ("150", "900"), ("600", "2000")), ("CCl4", ("0.9", "2.8"), ("9", "36")),
    ("CHCl3", ("0.3", "0.9"), ("5", "10")), ("CH3Cl", ("12", "37"), ("21", "120")),
    ("11DCA", ("3", "9"), ("20", "100")), ("12DCA", ("0.52", "5"), ("6", "21")),
    ("11DCE", ("12", "66"), ("40", "200")), ("c12DCE", ("66", "596"), ("200", "2000")),
    ("t12DCE", ("10", "54"), ("31", "163")), ("DCM", ("94", "616"), ("300", "2000")),
    ("12DCP", ("1", "5"), ("5", "47")), ("1112TeCA", ("2.6", "10"), ("26", "100")),
    ("1122TeCA", ("1.6", "6.8"), ("14", "50")), ("PCE", ("11", "53"), ("34", "183")),
    ("111TCA", ("701", "840"), ("840", "840")), ("112TCA", ("0.6", "2.8"), ("5", "15")),
    ("TCE", ("0.7", "2.8"), ("7", "20")), ("123TCP", ("0.05", "0.5"), ("0.5", "5")),
    ("VC", ("0.12", "0.43"), ("1.2", "4.3")), ("benzene", ("1", "4"), ("10", "40")),
    ("chlorobenzene", ("68", "270"), ("200", "1000")), ("12DCB", ("560", "560"), ("560", "560")),
    ("14DCB", ("5.6", "20"), ("56", "200")), ("ethylbenzene", ("7.2", "28"), ("72", "280")),
    ("styrene", ("1290", "1290"), ("1290", "1290")), ("toluene", ("1200", "1200"), ("1200", "1200")),
    ("mp_xylene", ("163", "570"), ("500", "570")), ("o_xylene", ("222", "640"), ("640", "640")),
    ("nitrobenzene", ("34", "76"), ("190", "760")), ("aniline", ("92", "260"), ("211", "663")),
    ("2CP", ("250", "2256"), ("500", "4500")), ("BaA", ("5.5", "15"), ("55", "151")),
    ("BaP", ("0.55", "1.5"), ("5.5", "15")), ("BbF", ("5.5", "15"), ("55", "151")),
    ("BkF", ("55", "151"), ("550", "1500")), ("chrysene", ("490", "1293"), ("4900", "12900")),
    ("DBahA", ("0.55", "1.5"), ("5.5", "15")), ("IcdP", ("5.5", "15"), ("55", "151")),
    ("naphthalene", ("25", "70"), ("255", "700")),
    # Table 2
    ("Sb", ("20", "180"), ("40", "360")), ("Be", ("15", "29"), ("98", "290")),
    ("Co", ("20", "70"), ("190", "350")), ("MeHg", ("5.0", "45"), ("10", "120")),
    ("V", ("165", "752"), ("330", "1500")), ("CN", ("22", "135"), ("44", "270")),
    ("BDCM", ("0.29", "1.2"), ("2.9", "12")), ("bromoform", ("32", "103"), ("320", "1030")),
    ("DBCM", ("9.3", "33"), ("93", "330")), ("12DBE", ("0.07", "0.24"), ("0.7", "2.4")),
    ("HCCPD", ("1.1", "5.2"), ("2.3", "10")), ("24DNT", ("1.8", "5.2"), ("18", "52")),
    ("24DCP", ("117", "843"), ("234", "1690")), ("246TCP", ("39", "137"), ("78", "560")),
    ("24DNP", ("78", "562"), ("156", "1130")), ("PCP", ("1.1", "2.7"), ("12", "27")),
    ("DEHP", ("42", "121"), ("420", "1210")), ("BBP", ("312", "900"), ("3120", "9000")),
    ("DnOP", ("390", "2812"), ("800", "5700")), ("DCBZ", ("1.3", "3.6"), ("13", "36")),
    ("atrazine", ("2.6", "7.4"), ("26", "74")), ("chlordane", ("2.0", "6.2"), ("20", "62")),
    ("ppDDD", ("2.5", "7.1"), ("25", "71")), ("ppDDE", ("2.0", "7.0"), ("20", "70")),
    ("DDT", ("2.0", "6.7"), ("21", "67")), ("dichlorvos", ("1.8", "5.0"), ("18", "50")),
    ("dimethoate", ("86", "619"), ("170", "1240")), ("endosulfan", ("234", "1687"), ("470", "3400")),
    ("heptachlor", ("0.13", "0.37"), ("1.3", "3.7")), ("aHCH", ("0.09", "0.3"), ("0.9", "3")),
    ("bHCH", ("0.32", "0.92"), ("3.2", "9.2")), ("gHCH", ("0.62", "1.9"), ("6.2", "19")),
    ("HCB", ("0.33", "1"), ("3.3", "10")), ("mirex", ("0.03", "0.09"), ("0.3", "0.9")),
    ("PCBs", ("0.14", "0.38"), ("1.4", "3.8")), ("PCB126", ("4e-5", "1e-4"), ("4e-4", "1e-3")),
    ("PCB169", ("1e-4", "4e-4"), ("1e-3", "4e-3")), ("dioxins", ("1e-5", "4e-5"), ("1e-4", "4e-4")),
    ("PBBs", ("0.02", "0.06"), ("0.2", "0.6")), ("TPH", ("826", "4500"), ("5000", "9000")),
]


def text(d):
    s = format(d.normalize(), "f")
    return s


def main():
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["item", "land_class", "case", "value", "expected_risk", "screening", "control", "screening_ratio",
                "control_ratio"])
    for item, screen, control in LIMITS:
        for k in (0, 1):
            s, c = Decimal(screen[k]), Decimal(control[k])
            for name, limit in (("screening", s), ("control", c)):
                step = limit / 1000  # a thousandth of the value: "just" below and above, exact in decimal
                for case, v in (("below", limit - step), ("at", limit), ("above", limit + step)):
                    risk = ("above_control" if v > c else "above_screening" if v > s else "at_or_below_screening")
                    w.writerow([item, k + 1, f"{case}_{name}", text(v), risk, text(s), text(c),
                                f"{v / s:.12f}", f"{v / c:.12f}"])


if __name__ == "__main__":
    main()
