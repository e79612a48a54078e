"""Chinese everywhere: help and errors in the language of --lang / ECOBARRIER_LANG (data/messages.csv), "did you
mean" for mistyped commands and options, and - for standard input and output."""
import csv
import re
import subprocess
import unittest

from support import BIN, LEAGUES, WorkspaceCase, query, run

HAN = re.compile(r"[\u4e00-\u9fff]")
WATER = (
    "section,time,waterbody,pH,溶解氧,CODMn,COD,BOD5,NH3N,TP,TN,FecalColiform\n"
    "river_A,2024-05-01 10:00,river,7.8,6.5,3.8,18,2.5,0.6,0.15,1.8,30000\n"
)


def option_descriptions(help_text):
    """The description column of a --help's option and command lists (the text after the name column)."""
    lines = []
    in_list = False
    for line in help_text.splitlines():
        if re.match(r"^\S.*[:：]$", line):
            in_list = True
            continue
        if not line.strip():
            in_list = False
            continue
        if in_list and line.startswith("  "):
            described = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            if len(described) == 2:
                lines.append(described[1])
            elif line.startswith(" " * 20):  # a description on its own line below a long option name
                lines.append(line.strip())
    return lines


class HelpLanguageTest(WorkspaceCase):
    def test_help_in_chinese_has_no_english_descriptions(self):
        for command in ([], ["air", "assess"], ["water", "section", "import"], ["raster", "fvc"], ["serve"]):
            with self.subTest(command=command):
                p = run(*command, "--help", check=0, env={"ECOBARRIER_LANG": "zh"})
                self.assertIn("用法", p.stdout)
                described = option_descriptions(p.stdout)
                self.assertGreater(len(described), 1, p.stdout)
                untranslated = [d for d in described if not HAN.search(d) and re.search(r"[a-z]{4,} [a-z]{3,}", d)]
                self.assertEqual(untranslated, [], p.stdout)

    def test_lang_option_wins_over_the_environment_even_after_help(self):
        p = run("summary", "--help", "--lang", "en", check=0, env={"ECOBARRIER_LANG": "zh"})
        self.assertIn("Usage:", p.stdout)
        self.assertIn("Which part to print", p.stdout)
        self.assertIsNone(HAN.search(p.stdout.split("Options:")[1]), p.stdout)
        p = run("summary", "--help", "--lang", "zh", check=0)
        self.assertIn("输出哪一部分", p.stdout)

    def test_chinese_is_the_default_for_help(self):
        p = run("--help", check=0, env={"ECOBARRIER_LANG": ""})
        self.assertIn("子命令", p.stdout)
        self.assertIn("退出码", p.stdout)


class ErrorLanguageTest(WorkspaceCase):
    def test_an_error_in_both_languages(self):
        missing = self.path("missing.gpkg")
        p = run("summary", missing, check=4, env={"ECOBARRIER_LANG": "en"})
        self.assertIn("ecobarrier: error:", p.stderr)
        self.assertIn("no such workspace (create it with: ecobarrier init", p.stderr)
        p = run("summary", missing, "--lang", "zh", check=4)
        self.assertIn("ecobarrier：错误：", p.stderr)
        self.assertIn(f"{missing}：工作空间不存在（用 ecobarrier init {missing} 创建）", p.stderr)

    def test_a_usage_error_of_the_command_line_in_chinese(self):
        p = run("air", "hourly", "ws.gpkg", "--period", "2019-13", "--lang", "zh", check=2)
        self.assertIn("--period：应为 2019、2019-03、2019Q1 或 2019-01-01..2019-06-30，实际为 2019-13", p.stderr)
        p = run("air", "hourly", "ws.gpkg", "--lang", "zh", check=2)
        self.assertIn("需要 --period", p.stderr)

    def test_a_value_not_allowed_in_chinese(self):
        p = run("--format", "xml", "summary", "ws.gpkg", "--lang", "zh", check=2)
        self.assertIn("--format：xml 不是可选值 {table,csv,json,xlsx} 之一", p.stderr)


class DidYouMeanTest(WorkspaceCase):
    def test_a_mistyped_command(self):
        p = run("sumary", "ws.gpkg", check=2)
        self.assertIn("sumary: did you mean summary?", p.stderr)
        self.assertIn("For more information, run: ecobarrier --help", p.stderr)
        p = run("water", "clasify", "x.csv", check=2, env={"ECOBARRIER_LANG": "zh"})
        self.assertIn("clasify：您是否要输入 classify？", p.stderr)
        self.assertIn("更多信息请运行：ecobarrier water --help", p.stderr)

    def test_a_mistyped_option(self):
        p = run("air", "hourly", "ws.gpkg", "--perod", "2019", check=2)
        self.assertIn("--perod: did you mean --period?", p.stderr)
        p = run("summary", "ws.gpkg", "--formt=json", check=2, env={"ECOBARRIER_LANG": "zh"})
        self.assertIn("--formt：您是否要输入 --format？", p.stderr)

    def test_nothing_close_suggests_nothing(self):
        p = run("frobnicate", check=2)
        self.assertNotIn("did you mean", p.stderr)


class StandardStreamsTest(WorkspaceCase):
    def classify(self, *args, stdin):
        p = subprocess.run([BIN, "water", "classify", *args, "--format", "csv", "--lang", "en"], input=stdin,
                           capture_output=True, text=True, timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p

    def test_dash_reads_standard_input_and_writes_standard_output(self):
        from_file = self.classify(self.write("s.csv", WATER), stdin="").stdout
        from_stdin = self.classify("-", stdin=WATER).stdout
        self.assertEqual(from_stdin, from_file)
        rows = list(csv.DictReader(from_stdin.splitlines()))
        self.assertEqual((rows[0]["section"], rows[0]["class"]), ("river_A", "III"))
        to_stdout = self.classify("-", "-o", "-", stdin=WATER).stdout
        self.assertEqual(to_stdout, from_file)

    def test_an_error_on_standard_input_names_it(self):
        p = subprocess.run([BIN, "soil", "classify", "-", "--lang", "en"], input=WATER, capture_output=True,
                           text=True, timeout=600)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("-:1:1: not a farmland soil sample file", p.stderr)

    def test_boundaries_from_standard_input(self):
        ws = self.workspace()
        run("init", ws, check=0)
        with open(LEAGUES, "rb") as boundaries:
            p = subprocess.run([BIN, "unit", "import", ws, "-", "--lang", "en"], stdin=boundaries,
                               capture_output=True, timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(query(ws, "SELECT count(*) FROM admin_unit")[0][0], 13)


if __name__ == "__main__":
    unittest.main()
