"""ecobarrier.water_classes against `ecobarrier water classify` on the same samples."""
import pandas as pd
import pytest

import ecobarrier as eb
from conftest import cli_rows

# SYNTHETIC samples: values on and around the GB 3838-2002 class limits (NH3N 0.15/0.5/1.0/1.5/2.0, DO 7.5/6/5/3/2,
# TP 0.02/0.1/0.2/0.3/0.4 for rivers), a missing value, TN (reported apart) and pH outside 6-9.
SAMPLES = """section,time,pH,DO,CODMn,NH3N,TP,TN
S1,2024-01-01 10:00,7.2,7.5,2,0.15,0.02,0.2
S1,2024-02-01 10:00,7.9,6.0,4.01,0.5,0.1,1.2
S2,2024-01-01 10:00,8.1,5.0,6,1.0,0.2,2.5
S2,2024-02-01 10:00,9.4,2.9,15.5,2.01,,0.5
S3,2024-01-01 10:00,,1.9,10,1.5,0.41,
"""


@pytest.mark.parametrize("waterbody", ["river", "lake"])
def test_classes_equal_the_cli(tmp_path, waterbody):
    path = tmp_path / "samples.csv"
    path.write_text(SAMPLES, encoding="utf-8")
    expected = cli_rows("water", "classify", path, "--waterbody", waterbody)
    samples = pd.read_csv(path)
    classes = eb.water_classes(samples, waterbody=waterbody)
    assert len(classes) == len(expected) == 5
    for ours, theirs in zip(classes.itertuples(index=False), expected):
        ours = ours._asdict()
        assert (ours["class_name"] or "") == theirs["class"]
        for item in ("pH", "DO", "CODMn", "NH3N", "TP"):
            cls = ours[f"class_{item}"]
            name = "" if pd.isna(cls) else eb._core.water_class_name(int(cls), False)
            assert name == theirs[f"class_{item}"], (item, ours, theirs)
    assert classes["section"].tolist() == ["S1", "S1", "S2", "S2", "S3"]


def test_aliases_and_errors():
    classes = eb.water_classes({"氨氮": [0.5, 2.5]})
    assert classes["class_NH3N"].tolist() == [2, 6] and classes["class"].tolist() == [2, 6]
    tn_only = eb.water_classes({"TN": [0.5]})
    assert tn_only["class"].isna().all()  # TN decides no section class
    with pytest.raises(eb.UsageError, match="waterbody"):
        eb.water_classes({"NH3N": [1.0]}, waterbody="sea")
    with pytest.raises(eb.UsageError, match="toluene"):
        eb.water_classes({"toluene": [1.0]}, items=["toluene"])
