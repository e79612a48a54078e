"""Turning the documents and column dictionaries of ecobarrier._core into pandas DataFrames."""
from __future__ import annotations

import pandas as pd


def _column(values):
    """A document column as a pandas array: whole numbers (with gaps) as nullable Int64, others as they come."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.array(values, dtype="Int64")
    if present and all(isinstance(v, (int, float)) for v in present):
        return pd.array([float("nan") if v is None else float(v) for v in values], dtype="float64")
    return pd.array(values, dtype=object)


def table_frame(part: dict, notes=()) -> pd.DataFrame:
    """One table of a document: a column per key, in the CLI's order. ``attrs`` keeps the title, the CLI's labels,
    the decimals the CLI rounds each column to in CSV, and the notes it prints on stderr."""
    keys = [c["key"] for c in part["columns"]]
    frame = pd.DataFrame({k: _column(part["data"][k]) for k in keys}, columns=keys)
    frame.attrs["title"] = part.get("title", "")
    frame.attrs["labels"] = {c["key"]: c["label"] for c in part["columns"]}
    frame.attrs["decimals"] = {c["key"]: c["decimals"] for c in part["columns"] if c["decimals"] >= 0}
    frame.attrs["notes"] = list(notes)
    return frame


def document_frame(doc: dict) -> pd.DataFrame:
    """The first table of a document (what ``--format csv`` writes for a one-table result); further tables, when
    there are any, under ``attrs["parts"]`` by key."""
    parts = doc["parts"]
    if not parts:
        frame = pd.DataFrame()
        frame.attrs["notes"] = list(doc["notes"])
        return frame
    frame = table_frame(parts[0], doc["notes"])
    if len(parts) > 1:
        frame.attrs["parts"] = {p["key"]: table_frame(p) for p in parts[1:]}
    return frame
