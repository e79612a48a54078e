"""Hostile inputs (issue 15): every importer refuses a directory, an empty, CR-only or blank file, a truncated last
row, a quoted field left open, a line over the limit, invalid UTF-8 and GBK text, with a clear message naming
file:line (and the column for bad bytes), no crash, no invalid byte echoed, and the workspace unchanged. --encoding gbk
converts the GBK files. Streams: a FIFO and stdin are read to their end; a gzip or zip bomb fails fast in bounded
memory. A one-file zip imports like the file; other zip archives (several files, none, encrypted, bzip2, cut) are
refused.
The corpus is tests/data/hostile/ (make_corpus.py); big cases are built here."""
import gzip
import os
import shutil
import subprocess
import threading
import time
import unittest
import zipfile

from support import BIN, SANITIZED, SLOWER, SOURCE, WorkspaceCase, content_digest, run

CORPUS = os.path.join(SOURCE, "tests", "data", "hostile")
LIMIT = 1 << 20  # kMaxRecordBytes (src/core/csv.hpp)

# importer -> (the command before FILE, the command after FILE, the good file)
IMPORTERS = {
    "station": (["station", "import"], [], "stations.csv"),
    "obs_cnemc": (["obs", "import"], [], "cnemc.csv"),
    "obs_long": (["obs", "import"], [], "long.csv"),
    "water_section": (["water", "section", "import"], [], "sections.csv"),
    "chief": (["chief", "import"], [], "chiefs.csv"),
    "patrol": (["chief", "patrols"], [], "patrols.csv"),
    "assess": (["assess", "import"], [], "values.csv"),
    "dust": (["air", "dust", "import"], [], "dust.csv"),
    "project": (["project", "import"], [], "projects.csv"),
    "plan": (["project", "plan"], [], "plans.csv"),
    "unit": (["unit", "import"], [], "units.geojson"),
    "layer": (["layer", "import"], ["--kind", "red_line", "--name-field", "name"], "red.geojson"),
}

# case -> what the message must say (each item, ignoring case; "a|b": either), with {file} and {last} (the line).
CSV_CASES = {
    "empty": ["empty file"],
    "cr_only": ["no records"],
    "blank": ["no records"],
    # Readers with a fixed layout (CNEMC wide) reject the short row as such; the others see a truncated file.
    "truncated_row": ["{file}:{last}:", "looks truncated|expected 5 fields as in the header, found 2"],
    "open_quote": ["{file}:{last}:", "still open at the end of the file"],
    "bad_utf8": ["{file}:{last}:2:", "invalid utf-8 byte \\xff", "field 2"],
    "gbk": ["invalid utf-8", "--encoding gbk"],
}
# A CSV importer's zip inputs (zip_one.zip imports; these are refused).
ZIP_CASES = {
    "zip_two": ["the zip archive holds 2 files", "an input is one file"],
    "zip_no_file": ["the zip archive holds no file"],
    "zip_encrypted": ["is encrypted"],
    "zip_bzip2": ["compressed with bzip2, which is not supported"],
    "zip_truncated": ["not a complete zip archive"],
}
VECTOR_CASES = {
    "empty": ["empty file"],
    "truncated": ["cannot open"],
    "bad_utf8": ["invalid utf-8"],
    "gbk": ["invalid utf-8"],
}


def valid_utf8(path):
    with open(path, "rb") as f:
        try:
            f.read().decode("utf-8")
            return True
        except UnicodeDecodeError:
            return False


def tally(counts, key):
    counts[key] = counts.get(key, 0) + 1


class HostileInputsTest(WorkspaceCase):
    counts = {}

    @classmethod
    def tearDownClass(cls):
        # The figures of the corpus run, for the note.
        print("\nhostile corpus:", ", ".join(f"{k} {v}" for k, v in sorted(cls.counts.items())))

    def workspace_for(self, importer):
        """A private copy of the base workspace with what the importer's good file refers to."""
        ws = self.fresh_workspace()
        if importer == "patrol":
            run("chief", "import", ws, os.path.join(CORPUS, "chief", "chiefs.csv"), check=0)
        return ws

    def command(self, importer, ws, path, *extra):
        before, after, _ = IMPORTERS[importer]
        return [*before, ws, path, *after, *extra]

    def refuse(self, importer, ws, path, expected, name=None):
        """Runs the import of `path`; asserts a clear refusal (exit 3 or 5, the expected words, only UTF-8 on stderr,
        nothing changed in the workspace)."""
        digest = content_digest(ws)
        e = dict(os.environ, ECOBARRIER_LANG="en")
        p = subprocess.run([BIN, *self.command(importer, ws, path)], capture_output=True, env=e, timeout=120)
        tally(self.counts, "cases")
        self.assertGreater(p.returncode, 0, f"{importer} {name}: accepted\n{p.stdout!r}\n{p.stderr!r}")
        self.assertLess(p.returncode, 128, f"{importer} {name}: killed by a signal")
        self.assertIn(p.returncode, (3, 5), f"{importer} {name}: {p.stderr!r}")
        stderr = p.stderr.decode("utf-8")  # raises if an invalid byte was echoed
        self.assertLess(len(p.stderr), 16 << 10, f"{importer} {name}: {len(p.stderr)} bytes of messages")
        for word in expected:
            self.assertTrue(any(w.lower() in stderr.lower() for w in word.split("|")),
                            f"{importer} {name}: {word!r} not in {stderr!r}")
        self.assertEqual(content_digest(ws), digest, f"{importer} {name}: the workspace changed")
        tally(self.counts, "clear errors")
        tally(self.counts, "nothing lost")
        return stderr

    def test_good_files_import(self):
        # Every good file of the corpus imports: the hostile cases differ from an importable file only by the damage.
        for importer, (_, _, good) in IMPORTERS.items():
            with self.subTest(importer=importer):
                ws = self.workspace_for(importer)
                run(*self.command(importer, ws, os.path.join(CORPUS, importer, good)), check=0)

    def test_each_importer_refuses_each_case(self):
        for importer, (_, _, good) in IMPORTERS.items():
            ext = os.path.splitext(good)[1]
            cases = VECTOR_CASES if ext == ".geojson" else CSV_CASES
            ws = self.workspace_for(importer)
            with open(os.path.join(CORPUS, importer, good), encoding="utf-8") as f:
                last = len(f.read().rstrip("\n").split("\n"))
            if ext == ".csv":
                cases = {**cases, **ZIP_CASES}
            for case, expected in cases.items():
                path = os.path.join(CORPUS, importer, case + (".zip" if case.startswith("zip_") else ext))
                if not os.path.exists(path):
                    continue  # no Chinese to encode as GBK
                line = last + 1 if case == "open_quote" else last
                words = [w.format(file=path, last=line) for w in expected]
                if case == "gbk" and valid_utf8(path):
                    words = []  # GBK bytes that happen to be UTF-8 too (亩 = C4 B6 = Ķ): refused by the data rules
                with self.subTest(importer=importer, case=case):
                    self.refuse(importer, ws, path, words, case)

    def test_each_csv_importer_reads_a_one_file_zip(self):
        # The good file zipped (Python's zipfile, deflate) imports as the file itself does.
        for importer, (_, _, good) in IMPORTERS.items():
            if not good.endswith(".csv"):
                continue
            with self.subTest(importer=importer):
                ws = self.workspace_for(importer)
                run(*self.command(importer, ws, os.path.join(CORPUS, importer, "zip_one.zip")), check=0)
                tally(self.counts, "zip imported")

    def test_each_importer_refuses_a_directory(self):
        for importer in IMPORTERS:
            with self.subTest(importer=importer):
                ws = self.workspace_for(importer)
                d = self.path(f"dir-{importer}.csv")
                os.mkdir(d)
                self.refuse(importer, ws, d, ["is a directory"], "directory")

    def test_each_csv_importer_refuses_a_line_over_the_limit(self):
        # The issue: project import with a >10 MB line stored 2 of 20 rows with exit 0.
        for importer, (_, _, good) in IMPORTERS.items():
            if not good.endswith(".csv"):
                continue
            with self.subTest(importer=importer):
                ws = self.workspace_for(importer)
                with open(os.path.join(CORPUS, importer, good), encoding="utf-8") as f:
                    lines = f.read().rstrip("\n").split("\n")
                fields = lines[-1].split(",")
                fields[1] = "x" * (LIMIT + 10)
                path = self.path(f"long-{importer}.csv")
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines[:-1] + [",".join(fields)] + lines[1:]) + "\n")
                stderr = self.refuse(importer, ws, path, [f"{path}:{len(lines)}: line longer than {LIMIT} bytes"],
                                     "long line")
                self.assertNotIn("xxxxxxxxxx" * 20, stderr)

    def test_gbk_files_import_with_encoding_gbk(self):
        for importer, (_, _, good) in IMPORTERS.items():
            gbk = os.path.join(CORPUS, importer, "gbk.csv")
            if not os.path.exists(gbk):
                continue
            with self.subTest(importer=importer):
                ws = self.workspace_for(importer)
                run(*self.command(importer, ws, gbk, "--encoding", "gbk"), check=0)
                tally(self.counts, "gbk converted")

    def test_station_names_are_stored_as_utf8_from_gbk(self):
        ws = self.workspace_for("station")
        run("station", "import", ws, os.path.join(CORPUS, "station", "gbk.csv"), "--encoding", "gb18030", check=0)
        p = run("station", "list", ws, "--format", "json", check=0)
        self.assertIn("测试一站", p.stdout)

    def test_a_fifo_and_stdin_are_read_to_their_end(self):
        good = os.path.join(CORPUS, "chief", "chiefs.csv")
        ws = self.workspace_for("chief")
        fifo = self.path("chiefs.fifo")
        os.mkfifo(fifo)

        def feed():
            with open(fifo, "wb") as f, open(good, "rb") as g:
                data = g.read()
                f.write(data[:20])
                time.sleep(0.2)  # a slow writer: the reader must wait for the end, not take a part
                f.write(data[20:])

        t = threading.Thread(target=feed)
        t.start()
        p = run("chief", "import", ws, fifo, "--format", "csv", check=0)
        t.join()
        self.assertIn("2", p.stdout + p.stderr)
        ws2 = self.workspace_for("chief")
        with open(good, "rb") as g:
            p = subprocess.run([BIN, "chief", "import", ws2, "-"], stdin=g, capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_a_gzip_bomb_fails_fast_in_bounded_memory(self):
        # 3 GB of zeros in about 3 MB: refused by the decompression-ratio limit long before it is inflated.
        bomb = self.path("bomb.csv.gz")
        with gzip.open(bomb, "wb", compresslevel=9) as f:
            f.write(b"date,hour,type,1090A\n")
            block = b"\0" * (1 << 24)
            for _ in range(192):
                f.write(block)
        self.assertLess(os.path.getsize(bomb), 4 << 20)
        ws = self.workspace_for("obs_cnemc")
        digest = content_digest(ws)
        start = time.monotonic()
        with open(self.path("err"), "wb") as err_file:
            p = subprocess.Popen([BIN, "obs", "import", ws, bomb], stdout=subprocess.DEVNULL, stderr=err_file)
            _, status, usage = os.wait4(p.pid, 0)  # this child's own peak RSS
            p.returncode = os.waitstatus_to_exitcode(status)
        with open(self.path("err"), "rb") as f:
            err = f.read()
        self.assertEqual(p.returncode, 3, err)
        self.assertIn(b"decompression bomb", err)
        self.assertLess(time.monotonic() - start, 10 * SLOWER)
        if not SANITIZED:
            self.assertLess(usage.ru_maxrss, 512 << 10, "peak RSS in KiB")  # not the 3 GB it inflates to
        self.assertEqual(content_digest(ws), digest)

    def test_a_zip_bomb_fails_fast_in_bounded_memory(self):
        # 512 MB of zeros deflated into one member of about 0.5 MB: refused by the same ratio limit as gzip.
        bomb = self.path("bomb.zip")
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            with z.open("bomb.csv", "w", force_zip64=False) as f:
                f.write(b"date,hour,type,1090A\n")
                block = b"\0" * (1 << 24)
                for _ in range(32):
                    f.write(block)
        ws = self.workspace_for("obs_cnemc")
        digest = content_digest(ws)
        start = time.monotonic()
        with open(self.path("err"), "wb") as err_file:
            p = subprocess.Popen([BIN, "obs", "import", ws, bomb], stdout=subprocess.DEVNULL, stderr=err_file)
            _, status, usage = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
        with open(self.path("err"), "rb") as f:
            err = f.read()
        self.assertEqual(p.returncode, 3, err)
        self.assertIn(b"zip member bomb.csv inflates more than 1000:1", err)
        self.assertIn(b"decompression bomb", err)
        self.assertLess(time.monotonic() - start, 10 * SLOWER)
        if not SANITIZED:
            self.assertLess(usage.ru_maxrss, 512 << 10, "peak RSS in KiB")
        self.assertEqual(content_digest(ws), digest)

    def test_a_file_truncated_while_it_is_read_is_no_crash(self):
        # The input was mapped: truncating it during an import gave SIGBUS. Now it is read, so the import either
        # reads it whole or sees the shorter file; it never dies of a signal.
        src = os.path.join(SOURCE, "data", "demo", "air", "cnemc_hourly_2019H1_innermongolia.csv")
        path = self.path("cnemc.csv")
        shutil.copyfile(src, path)
        ws = self.workspace_for("obs_cnemc")
        p = subprocess.Popen([BIN, "obs", "import", ws, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.05)
        with open(path, "r+b") as f:
            f.truncate(1000)
        p.communicate(timeout=300)
        self.assertGreaterEqual(p.returncode, 0, "killed by a signal")
        self.assertLess(p.returncode, 128)


if __name__ == "__main__":
    unittest.main()
