"""validate() reads every data check in one query and asks Pandera only when one fails: both must agree."""
import pandera.polars as pa
import pytest

from schemas import Metrics
from stages.validate import validate
from tests.test_schemas import frame, metric


@pytest.mark.parametrize("bad", [
    {"doc_id": None},            # not nullable
    {"value": float("nan")},     # a dataframe check (values_are_finite)
    {"surface": ""},             # str_length
    {"metric_id": "ok"},         # unique: both copies go
])
def test_a_row_failing_any_kind_of_check_is_quarantined(bad):
    rows = [metric(metric_id="ok"), metric(**bad)]
    with pytest.raises(pa.errors.SchemaErrors):
        Metrics.validate(frame(Metrics, rows), lazy=True)
    kept, quarantine = validate("metrics", frame(Metrics, rows), "run")
    assert kept.height + quarantine.height == 2 and quarantine.height >= 1


def test_a_passing_frame_is_returned_whole():
    rows = [metric(metric_id=f"m{n}") for n in range(3)]
    kept, quarantine = validate("metrics", frame(Metrics, rows), "run")
    assert kept.equals(frame(Metrics, rows)) and quarantine.is_empty()
