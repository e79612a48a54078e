"""docs/python.md runs as a notebook: its ```python cells are executed in order in one namespace (from the source
tree, as a reader would), and the ```text block right after a cell is what that cell prints, exactly.

After changing the page, `PYTHONPATH=build/python ECOBARRIER_BIN=build/src/ecobarrier /usr/bin/python3
tests/python/test_docs.py --update` (from the source tree) writes each cell's output under it."""
import contextlib
import io
import os
import re
import sys

SOURCE = os.environ.get("ECOBARRIER_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
DOC = os.path.join(SOURCE, "docs", "python.md")
# A cell, and the output block that follows it (when there is one).
CELL = re.compile(r"```python\n(.*?)```\n(\n```text\n(.*?)```\n)?", re.S)


def cells(text):
    return [(m.group(1), m.group(3)) for m in CELL.finditer(text)]


def run_cells(text):
    """Runs the cells in order; yields (match, what the cell printed)."""
    namespace = {"__name__": "__walkthrough__"}
    for number, m in enumerate(CELL.finditer(text), 1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(m.group(1), f"docs/python.md cell {number}", "exec"), namespace)
        yield m, printed.getvalue()


def test_the_walkthrough_has_cells_with_outputs():
    with open(DOC, encoding="utf-8") as f:
        found = cells(f.read())
    assert len(found) >= 8
    assert sum(1 for _, out in found if out) >= 8


def test_the_walkthrough_runs_and_prints_what_it_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(SOURCE)
    monkeypatch.setenv("WALKTHROUGH_DIR", str(tmp_path))
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    for number, (m, printed) in enumerate(run_cells(text), 1):
        if m.group(3) is not None or printed:
            assert printed == (m.group(3) or ""), f"cell {number} printed:\n{printed}"


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    os.chdir(SOURCE)
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    out, pos = [], 0
    for m, printed in run_cells(text):
        out.append(text[pos:m.start()])
        out.append(f"```python\n{m.group(1)}```\n" + (f"\n```text\n{printed}```\n" if printed else ""))
        pos = m.end()
    out.append(text[pos:])
    with open(DOC, "w", encoding="utf-8") as f:
        f.write("".join(out))
