from datetime import date

import polars as pl
import pytest

from schemas import DATASETS, Events, Metrics, polars_schema
from stages.validate import validate


def metric(**overrides):
    row = {"month": "2025-07", "metric_id": "d-a0-b0-m0", "doc_id": "d", "article_id": "d-a0", "sentence_id": "d-a0-b0",
           "field": "body", "char_start": 0, "char_end": 3, "surface": "5 %", "kind": "percentage", "value": 5.0,
           "value_high": None, "unit": "percent", "qualifier": "exact", "direction": None, "date_start": None,
           "date_end": None, "granularity": None, "measure": None, "reference_time": None}
    return {**row, **overrides}


def frame(model, rows):
    return pl.DataFrame(rows, schema=polars_schema(model))


def test_every_dataset_has_a_model_with_described_columns():
    assert set(DATASETS) == {"documents", "articles", "sentences", "metrics", "events", "quarantine"}
    for model in DATASETS.values():
        for name, column in model.to_schema().columns.items():
            assert column.description, f"{model.__name__}.{name} has no description"


@pytest.mark.parametrize("bad", [
    {"kind": "weight"},
    {"qualifier": "roughly"},
    {"char_end": 0},
    {"value": float("inf")},
    {"granularity": "fortnight"},
    {"month": "July"},
    {"date_start": date(2025, 2, 1), "date_end": date(2025, 1, 1)},
])
def test_metrics_model_rejects_bad_rows(bad):
    good = metric(metric_id="ok")
    kept, quarantine = validate("metrics", frame(Metrics, [good, metric(**bad)]), "run")
    assert kept["metric_id"].to_list() == ["ok"]
    assert quarantine.height == 1
    assert quarantine["row_id"].to_list() == ["d-a0-b0-m0"]
    assert quarantine["reason"][0].startswith("schemas.Metrics:")


def test_events_model_rejects_unknown_types_and_bad_country_codes():
    base = {"month": "unknown", "event_id": "e", "doc_id": "d", "article_id": "a", "sentence_id": "s", "field": "body",
            "char_start": 0, "char_end": 3, "surface": "met", "event_type": "MEET", "plover_type": "CONSULT",
            "actors": ["Mali"], "actor_countries": ["MLI"], "location": None, "location_country": None,
            "event_date": None, "date_granularity": None, "modality": "asserted", "evidence": "Mali met.",
            "event_cluster_id": "c", "cluster_mentions": 1, "cluster_sources": 1, "confidence": 0.9}
    rows = [base, {**base, "event_id": "e2", "event_type": "PARTY"}, {**base, "event_id": "e3", "actor_countries": ["Mali"]}]
    kept, quarantine = validate("events", frame(Events, rows), "run")
    assert kept["event_id"].to_list() == ["e"]
    assert sorted(quarantine["row_id"].to_list()) == ["e2", "e3"]


def test_a_frame_missing_a_column_is_a_bug_not_bad_data():
    with pytest.raises(ValueError, match="does not match schemas.Metrics"):
        validate("metrics", frame(Metrics, [metric()]).drop("measure"), "run")
