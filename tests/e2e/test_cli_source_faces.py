"""The faces of the pollution sources: the bulletin's section 6 (ecobarrier report) shows, per outlet, the hours
beyond a limit and the largest ratio that `source exceedances` prints for the same workspace, and the loads that
`source loads --by unit` prints; a year without source data says so. The data go through the real receiver."""
import json
import os
import re

from support import WorkspaceCase, run
from test_cli_source import REGISTRY, hourly_packet, send_through_receiver


# The stack (GB 13223-2011 existing coal boiler: SO2 200 mg/m³ at 6 % O2) and the wastewater outlet (GB 8978-1996
# grade 1, new: COD 100 mg/L, pH 6-9): two SO2 hours beyond the limit (270 and 300 after the conversion), one flagged
# hour, one wastewater hour beyond the COD limit and the pH range (a range: no ratio).
PACKETS = [
    ("MN0001", "123456", "20260301000000", [("a21026", "Avg", 150, "N"), ("a19001", "Avg", 9, "N"),
                                            ("a00000", "Cou", 100000, "N")]),
    ("MN0001", "123456", "20260301010000", [("a21026", "Avg", 180, "N"), ("a19001", "Avg", 11, "N"),
                                            ("a00000", "Cou", 120000, "N")]),
    ("MN0001", "123456", "20261231230000", [("02", "Avg", 160, "N"), ("S01", "Avg", 13, "N"),
                                            ("B02", "Cou", 80000, "N")]),
    ("MN0001", "123456", "20260301030000", [("a21026", "Avg", 500, "F"), ("a19001", "Avg", 9, "N"),
                                            ("a00000", "Cou", 100000, "N")]),
    ("MN0002", "654321", "20260302000000", [("w01018", "Avg", 120, "N"), ("w01001", "Avg", 5.5, "N"),
                                            ("w00000", "Cou", 10, "N")]),
]


def section6(markdown):
    """The text of section 6, note links and emphasis removed."""
    start = markdown.index("## 6. Pollution sources")
    end = markdown.find("\n## ", start + 1)
    text = markdown[start:end if end >= 0 else None]
    return re.sub(r"\[\^\d+\]", "", text).replace("**", "")


def table_rows(section, caption):
    """The cells of the rows of the table whose caption starts with `caption`."""
    lines = section[section.index(caption):].split("\n")
    rows = []
    for line in lines[2:]:  # caption, blank line, then the header
        if not line.startswith("|"):
            if rows:
                break
            continue
        rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows[2:]  # without the header and the alignment row


class SourceFacesTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("source", "import", self.ws, self.write("reg.csv", REGISTRY), check=0)
        send_through_receiver(self, self.ws, [hourly_packet(*p) for p in PACKETS])

    def bulletin(self, year):
        out = self.path(f"bulletin-{year}")
        run("report", self.ws, "--period", year, "--lang", "en", "-o", out, check=0)
        with open(os.path.join(out, f"bulletin-{year}-en.md"), encoding="utf-8") as f:
            return f.read()

    def test_section_shows_the_clis_exceedances_and_loads(self):
        section = section6(self.bulletin("2026"))
        doc = json.loads(run("source", "exceedances", self.ws, "--period", "2026", "--format", "json",
                             check=0).stdout)
        self.assertTrue(doc["exceedances"])
        printed = {}
        for row in doc["exceedances"]:
            hours, ratio = printed.get(row["outlet"], (set(), None))
            hours.add(row["hour"])
            if row["ratio"] is not None:
                ratio = row["ratio"] if ratio is None else max(ratio, row["ratio"])
            printed[row["outlet"]] = (hours, ratio)
        judged = {o["outlet"]: (o["exceeding"], o["judged"]) for o in doc["outlets"]}
        shown = {r[1]: r for r in table_rows(section, "Table 6-2")}
        self.assertEqual(set(shown), set(printed))
        for outlet, (hours, ratio) in printed.items():
            row = shown[outlet]
            self.assertEqual(row[0], "SYNTHETIC 电厂")
            self.assertEqual(row[4], str(len(hours)))
            self.assertEqual(row[5], "%d/%d" % judged[outlet])
            self.assertEqual(row[7], "%.3f" % ratio)
        # The loads of the league as `source loads --by unit` prints them (t, 4 decimals).
        loads = json.loads(run("source", "loads", self.ws, "--period", "2026", "--by", "unit", "--format", "json",
                               check=0).stdout)  # one part: its rows
        self.assertTrue(loads)
        rows = table_rows(section, "Table 6-3")
        self.assertEqual(len(rows), len(loads))
        for shown_row, printed_row in zip(rows, loads):
            self.assertEqual(shown_row[2], "%.4f" % printed_row["load_t"])
            self.assertEqual(shown_row[4], str(printed_row["hours_used"]))
            self.assertEqual(shown_row[7], str(printed_row["hours_invalidated"]))
            self.assertEqual(shown_row[9], str(printed_row["hours_not_received"]))
        # SYNTHETIC enterprises: the section says so.
        self.assertIn("6. Pollution sources: online monitoring, exceedances, loads `SYNTHETIC`", section)

    def test_year_without_source_data_says_so(self):
        section = section6(self.bulletin("2025"))
        self.assertIn("The workspace has no hourly outlet data (CN 2061) for 2025; no exceedances or loads are given.",
                      section)
        self.assertNotIn("Table 6-2", section)
        self.assertNotIn("Table 6-3", section)
