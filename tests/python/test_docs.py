"""docs/python.md runs as a notebook: its ```python cells are executed in order in one namespace (from the source
tree, as a reader would), and the ```text block right after a cell is what that cell prints, exactly."""
import contextlib
import io
import os
import re

from conftest import SOURCE

DOC = os.path.join(SOURCE, "docs", "python.md")
CELL = re.compile(r"```python\n(.*?)```\n(?:\s*```text\n(.*?)```\n)?", re.S)


def cells():
    with open(DOC, encoding="utf-8") as f:
        return [(m.group(1), m.group(2)) for m in CELL.finditer(f.read())]


def test_the_walkthrough_has_cells_with_outputs():
    found = cells()
    assert len(found) >= 8
    assert sum(1 for _, out in found if out) >= 6


def test_the_walkthrough_runs_and_prints_what_it_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(SOURCE)
    monkeypatch.setenv("WALKTHROUGH_DIR", str(tmp_path))
    namespace = {"__name__": "__walkthrough__"}
    for number, (code, expected) in enumerate(cells(), 1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"docs/python.md cell {number}", "exec"), namespace)
        if expected is not None:
            assert printed.getvalue() == expected, f"cell {number} printed:\n{printed.getvalue()}"
