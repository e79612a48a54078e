#!/usr/bin/env python3
"""Fails on any include that points up the layers of docs/architecture.md.

Layers, lowest first; a file may include headers of its own layer or of a lower one, never of a higher one:

    core < standards < engine < io < store < app/table < app/runs < app/layers < app/demo < app/report < app/serve
    < app/receive < app/cli

So the faces (report, serve, cli) sit on the runs, the runs never print or know a face, and neither app/report nor
app/serve includes app/cli. The layers below io do no I/O: core, standards and engine may not include file, stream,
GDAL/OGR, SQLite or PostgreSQL headers.

Usage: check_layers.py [SOURCE_DIR]   (default: the repository this script lives in)
"""
import pathlib
import re
import sys

LAYERS = ["core", "standards", "engine", "io", "store", "app/table", "app/runs", "app/layers", "app/demo",
          "app/report",
          "app/serve", "app/receive", "app/cli"]
NO_IO_LAYERS = {"core", "standards", "engine"}
IO_HEADERS = re.compile(r"^(fstream|iostream|filesystem|gdal.*|ogr.*|cpl_.*|sqlite3\.h|libpq-fe\.h)$")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(relative: str):
    """The layer of a path relative to src/ (longest prefix wins), or None outside every layer."""
    best = None
    for name in LAYERS:
        if relative == name or relative.startswith(name + "/"):
            if best is None or len(name) > len(best):
                best = name
    return best


def check(src: pathlib.Path):
    problems = []
    files = sorted(p for p in src.rglob("*") if p.suffix in {".hpp", ".cpp", ".h", ".cc"})
    if not files:
        return [f"{src}: no sources found"]
    for path in files:
        relative = path.relative_to(src).as_posix()
        own = layer_of(relative)
        if own is None:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            bracket, target = m.groups()
            where = f"src/{relative}:{number}"
            if bracket == "<":
                if own in NO_IO_LAYERS and IO_HEADERS.match(target):
                    problems.append(f"{where}: {own} does no I/O but includes <{target}>")
                continue
            # Quoted includes name a path under src/, or a file beside the includer.
            beside = path.parent / target
            if beside.exists() and not (src / target).exists():
                target = beside.resolve().relative_to(src.resolve()).as_posix()
            included = layer_of(target)
            if included is None:
                continue
            if LAYERS.index(included) > LAYERS.index(own):
                problems.append(f'{where}: {own} includes "{m.group(2)}" from the higher layer {included}')
    return problems


def main():
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2]
    problems = check(root / "src")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) against the layering (tests/layers/check_layers.py)")
        return 1
    print("layers: every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
