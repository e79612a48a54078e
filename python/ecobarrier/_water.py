"""GB 3838-2002 classes of samples (the class kernel behind ``ecobarrier water classify``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core


def water_classes(samples, *, waterbody: str = "river", items=None, lang: str = "en") -> pd.DataFrame:
    """GB 3838-2002 class of every item of every sample and the sample's (section's) class by the single-factor
    method: the worst class of the 21 routine items present (TN and fecal coliform are classed but decide nothing).

    samples: a DataFrame (or dict of columns) with one column per item, named by code or alias (NH3N, 氨氮, DO,
    CODMn, TP, ...; mg/L, pH unitless); with `items` only those columns are classed, otherwise every column that names
    a GB 3838 Table 1 item (other columns, such as section and time, are carried over). waterbody: river or lake.
    Returns the carried-over columns, class (1..6 = I..V and worse than V; NA without a routine item), class_name
    (III, worse than V / 劣V with lang="zh") and class_<item> per item (NA where the value is missing).
    """
    frame = samples if isinstance(samples, pd.DataFrame) else pd.DataFrame(samples)
    names = list(items) if items is not None else [c for c in frame.columns if _core.water_item_code(str(c))]
    if not names:
        raise _core.UsageError("water_classes: no column names a GB 3838-2002 item")
    result = _core.water_classes({str(n): np.asarray(frame[n], dtype=np.float64) for n in names}, waterbody)
    out = {c: frame[c].to_numpy() for c in frame.columns if c not in names}
    section = result["class"].astype(np.int64)
    out["class"] = pd.array(np.where(section > 0, section, 0), dtype="Int64")
    out["class"][section == 0] = pd.NA
    labels = np.array([None] + [_core.water_class_name(c, lang == "zh") for c in range(1, 7)], dtype=object)
    out["class_name"] = labels[section]
    for code, classes in zip(result["items"], result["classes"]):
        c = pd.array(classes.astype(np.int64), dtype="Int64")
        c[classes == 0] = pd.NA
        out[f"class_{code}"] = c
    return pd.DataFrame(out, index=frame.index)
