#!/usr/bin/python3
"""Writes gb15618_thresholds.csv: GB 15618-2018 golden vectors, one sample of one item per row, at, just below
(-0.001) and just above (+0.001) every risk screening and control value, in every pH band (at the band's upper
bound, which belongs to it, and just above it, which belongs to the next) and every land use. The limits below are
typed from the standard's Tables 1-3 (not read from data/standards/gb15618.csv), so the test checks the data and the
code against them. Expected category: at or below a limit meets it (GB 15618 3.1/3.2: 等于或者低于)."""
import csv
import sys
from decimal import Decimal as D

# Table 1 (mg/kg), bands pH<=5.5, 5.5<pH<=6.5, 6.5<pH<=7.5, pH>7.5
PADDY = {"Cd": "0.3 0.4 0.6 0.8", "Hg": "0.5 0.5 0.6 1.0", "As": "30 30 25 20", "Pb": "80 100 140 240",
         "Cr": "250 250 300 350"}
OTHER = {"Cd": "0.3 0.3 0.3 0.6", "Hg": "1.3 1.8 2.4 3.4", "As": "40 40 30 25", "Pb": "70 90 120 170",
         "Cr": "150 150 200 250", "Cu": "50 50 100 100", "Ni": "60 70 100 190", "Zn": "200 200 250 300"}
ORCHARD_CU = "150 150 200 200"
# Table 2: no pH bands
TABLE2 = {"HCH": "0.10", "DDT": "0.10", "BaP": "0.55"}
# Table 3
CONTROL = {"Cd": "1.5 2.0 3.0 4.0", "Hg": "2.0 2.5 4.0 6.0", "As": "200 150 120 100", "Pb": "400 500 700 1000",
           "Cr": "800 850 1000 1300"}
# a pH inside each band: its upper bound (belongs to it) and for the last band 8.5
BAND_PH = ["5.5", "6.5", "7.5", "8.5"]
EPS = D("0.001")


def bands(text):
    return [D(x) for x in text.split()]


def screening(item, use, band):
    if item in TABLE2:
        return D(TABLE2[item])
    other = bands(OTHER[item])[band]
    if item == "Cu":
        return bands(ORCHARD_CU)[band] if use == "orchard" else other
    if item in ("Ni", "Zn"):
        return other
    paddy = bands(PADDY[item])[band]
    return {"paddy": paddy, "other": other, "orchard": other, "rotation": min(paddy, other)}[use]


def main():
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["case", "ph", "land_use", "item", "value", "expected_category", "limit", "where"])
    items = ["Cd", "Hg", "As", "Pb", "Cr", "Cu", "Ni", "Zn", "HCH", "DDT", "BaP"]
    for use in ("paddy", "other", "orchard", "rotation"):
        for band, ph in enumerate(BAND_PH):
            for item in items:
                s = screening(item, use, band)
                c = bands(CONTROL[item])[band] if item in CONTROL else None
                rows = [(s - EPS, "priority_protection", "below_screening"), (s, "priority_protection", "at_screening"),
                        (s + EPS, "safe_use", "above_screening")]
                if c is not None:
                    rows += [(c - EPS, "safe_use", "below_control"), (c, "safe_use", "at_control"),
                             (c + EPS, "strict_control", "above_control")]
                for value, expected, where in rows:
                    w.writerow([f"{use}-{band}-{item}-{where}", ph, use, item, value, expected,
                                s if "screening" in where else c, where])
    # pH just above each band bound takes the next band's limit: Cd paddy at 0.4 is safe use at pH 5.5 (limit 0.3)
    # and priority protection at pH 5.51 (limit 0.4).
    for ph, value, expected in (("5.5", "0.4", "safe_use"), ("5.51", "0.4", "priority_protection"),
                                ("6.5", "0.6", "safe_use"), ("6.51", "0.6", "priority_protection"),
                                ("7.5", "0.8", "safe_use"), ("7.51", "0.8", "priority_protection")):
        w.writerow([f"band-edge-{ph}", ph, "paddy", "Cd", value, expected, "", "band_edge"])


if __name__ == "__main__":
    main()
