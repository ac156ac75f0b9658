"""Validate: check every frame against its Pandera model; failing rows go to quarantine.

A row that fails a check is removed from its dataset and becomes a quarantine
row naming the dataset, the row's id, the check and the failure case, so one
bad value never sinks a run nor slips into the published data.
"""
from __future__ import annotations

import threading
from dataclasses import asdict

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData
from pandera.constants import CHECK_OUTPUT_KEY

from schemas import DATASETS, empty_frame, polars_schema
from stages.ingest import Rejected

ID_COLUMNS = {"documents": "doc_id", "articles": "article_id", "sentences": "sentence_id", "metrics": "metric_id",
              "events": "event_id", "quarantine": "source_path"}


def validate(name: str, frame: pl.DataFrame, run_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows that pass, quarantine rows for those that don't)."""
    model = DATASETS[name]
    _register_backends()
    if _passes(model, frame):
        return frame, _no_rows()
    try:
        return model.validate(frame, lazy=True), _no_rows()
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    row_cases = cases.filter(pl.col("index").is_not_null())
    if row_cases.height < cases.height:  # a whole-frame failure (a missing column, a wrong type) is a bug, not bad data
        raise ValueError(f"{name}: frame does not match schemas.{model.__name__}: {cases.filter(pl.col('index').is_null()).to_dicts()}")
    bad = row_cases.group_by("index", maintain_order=True).agg(
        pl.format("{} failed {}", pl.col("column").fill_null("row"), pl.col("check")).str.join("; ").alias("reason"),
        pl.col("failure_case").cast(pl.String).str.join("; ").alias("failure_case"),
    )
    indexed = frame.with_row_index("index").with_columns(pl.col("index").cast(pl.Int32))
    rejected = indexed.join(bad, on="index", how="inner")
    id_column = ID_COLUMNS[name]
    quarantine = rejected.select(
        pl.col("month"),
        (pl.col("source_path") if "source_path" in frame.columns else pl.lit(None, pl.String)).alias("source_path"),
        (pl.col("doc_id") if "doc_id" in frame.columns else pl.lit(None, pl.String)).alias("doc_id"),
        pl.lit("row").alias("level"), pl.lit("validate").alias("stage"), pl.lit(name).alias("dataset"),
        pl.col(id_column).cast(pl.String).alias("row_id"),
        pl.format("schemas.{}: {}", pl.lit(model.__name__), pl.col("reason")).alias("reason"),
        pl.col("failure_case"), pl.lit(run_id).alias("run_id"),
    ).with_columns(pl.col("source_path").fill_null(pl.col("doc_id")).fill_null(pl.lit("?")))
    kept = indexed.join(bad.select("index"), on="index", how="anti").drop("index")
    return model.validate(kept, lazy=True), quarantine.select(polars_schema(DATASETS["quarantine"]).names())


_REGISTERING = threading.Lock()
_registered: list[bool] = []


def _register_backends() -> None:
    """Pandera registers its polars backends and built-in checks on first use, not thread-safely
    (unionai-oss/pandera#1541; a `KeyError: PolarsData` was seen once here with batches validating in threads):
    the first validation in a process runs every model once on an empty frame, one thread at a time."""
    with _REGISTERING:
        if not _registered:
            for model in DATASETS.values():
                model.validate(empty_frame(model))
            _registered.append(True)


def _passes(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> bool:
    """Whether `frame` passes `model`, its data checks all read in one polars query. Pandera runs one query per
    check of each column, some fifty a frame, which cost far more than the checks; it runs only when something
    fails, for the failure cases."""
    if frame.schema != polars_schema(model):  # the model's own columns and types, in order, or Pandera says what is wrong
        return False
    schema = model.to_schema()
    data = frame.lazy()
    verdicts = []
    for name, column in schema.columns.items():
        if not column.nullable:  # as Pandera's check_nullable: NaN counts as null in float columns
            present = pl.col(name).is_not_null()
            verdicts.append(data.select(present & pl.col(name).is_not_nan() if frame.schema[name].is_float() else present))
        if column.unique:
            verdicts.append(data.select(pl.col(name).is_duplicated().not_()))
        verdicts.extend(_check_output(check, data, name) for check in column.checks)
    verdicts.extend(_check_output(check, data, "*") for check in schema.checks)
    passed = pl.concat([v.select(pl.all_horizontal(pl.all()).all().alias(str(n))) for n, v in enumerate(verdicts)],
                       how="horizontal").collect()
    return all(passed.row(0))


def _check_output(check: pa.Check, data: pl.LazyFrame, key: str) -> pl.LazyFrame:
    """A Pandera check's boolean output, lazy, from its polars backend: nulls pass when ignore_na, as Pandera reads it."""
    name = getattr(check._check_fn, "__name__", "")
    if check.is_builtin_check(name):  # a built-in's dispatcher gains its polars function late: Check.__call__ reloads it too
        check._check_fn = check.get_builtin_check_fn(name)
    out = check.get_backend(data)(check).apply(PolarsData(data, key))
    if isinstance(out, bool):
        return pl.LazyFrame({CHECK_OUTPUT_KEY: [out]})
    passed = pl.col(CHECK_OUTPUT_KEY)
    return out.select(passed | passed.is_null() if check.ignore_na else passed.fill_null(False))


def quarantine_frame(rejected: list[Rejected], run_id: str) -> pl.DataFrame:
    """Quarantine rows for documents (or their articles) that could not be read or processed."""
    rows = [{"month": "unknown", **asdict(r), "failure_case": None, "run_id": run_id} for r in rejected]
    return pl.DataFrame(rows, schema=polars_schema(DATASETS["quarantine"])) if rows else _no_rows()


def _no_rows() -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(DATASETS["quarantine"]))
