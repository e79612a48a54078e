#!/usr/bin/env python3
"""Golden vectors for GB/T 14848-2017: every limit of every item, at, just below and just above.

Reads the limits of data/standards/gb14848.csv (Tables 1 and 2 as transcribed) and derives the expected class with
exact decimal arithmetic and the standard's rules, independently of the C++ code: a value at or below a class's
limit meets it; a limit shared by two classes gives the better class (从优不从劣, section 6); above the class IV
limit is class V; pH by its ranges; 无/有 items 0 -> I, 1 -> V; an open IV limit ("> III") takes every value above
III. "Just below/above" is one unit of the next decimal place after the limit's last digit (0.3 -> 0.29/0.31).
Writes tests/golden/gb14848_class.csv."""
import csv
from decimal import Decimal
from pathlib import Path

root = Path(__file__).resolve().parent.parent
rows = list(csv.DictReader(open(root / "data/standards/gb14848.csv", encoding="utf-8")))
out = []


def step(d: Decimal) -> Decimal:
    if d == 0:  # "not detected" (anionic surfactants, class I): the smallest trace above it
        return Decimal("0.001")
    exp = d.normalize().as_tuple().exponent
    return Decimal(1).scaleb(min(exp, 0) - 1)


def expected(limits, v: Decimal) -> int:
    for k, lim in enumerate(limits):
        if lim is None or v <= lim:  # None: open class IV
            return k + 1
    return 5


for r in rows:
    item, rule = r["item"], r["rule"]
    if rule == "qualitative":
        out += [(item, "0", 1, "无 meets I"), (item, "1", 5, "有 is V")]
        continue
    if rule == "ph":
        lo3, hi3 = (Decimal(x) for x in r["III"].split("-"))
        lo4, hi4 = (Decimal(x) for x in r["IV"].split("-"))
        for v in sorted({lo4 - step(lo4), lo4, lo4 + step(lo4), lo3 - step(lo3), lo3, lo3 + step(lo3),
                         hi3 - step(hi3), hi3, hi3 + step(hi3), hi4 - step(hi4), hi4, hi4 + step(hi4)}):
            cls = 1 if lo3 <= v <= hi3 else 4 if lo4 <= v <= hi4 else 5
            out.append((item, str(v), cls, "pH range"))
        continue
    limits = [None if r[c].startswith(">") else Decimal(r[c]) for c in ("I", "II", "III", "IV")]
    values = {}
    for k, lim in enumerate(limits):
        if lim is None:
            values[Decimal(1000000)] = "far above III (IV open: > III)"
            continue
        name = ("I", "II", "III", "IV")[k]
        values.setdefault(lim, f"at the {name} limit")
        if lim > 0:
            values.setdefault(lim - step(lim), f"just below the {name} limit")
        values.setdefault(lim + step(lim), f"just above the {name} limit")
    for v in sorted(values):
        out.append((item, format(v, "f"), expected(limits, v), values[v]))

with open(root / "tests/golden/gb14848_class.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["item", "value", "expected_class", "case"])
    for item, v, cls, why in out:
        w.writerow([item, v, ("I", "II", "III", "IV", "V")[cls - 1], why])
print(len(out), "vectors")
