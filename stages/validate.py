"""Validate: check every frame against its Pandera model; failing rows go to quarantine.

A row that fails a check is removed from its dataset and becomes a quarantine
row naming the dataset, the row's id, the check and the failure case, so one
bad value never sinks a run nor slips into the published data.
"""
from __future__ import annotations

from dataclasses import asdict

import pandera.polars as pa
import polars as pl

from schemas import DATASETS, polars_schema
from stages.ingest import Rejected

ID_COLUMNS = {"documents": "doc_id", "articles": "article_id", "sentences": "sentence_id", "metrics": "metric_id",
              "events": "event_id", "quarantine": "source_path"}


def validate(name: str, frame: pl.DataFrame, run_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows that pass, quarantine rows for those that don't)."""
    model = DATASETS[name]
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


def quarantine_frame(rejected: list[Rejected], run_id: str) -> pl.DataFrame:
    """Quarantine rows for documents (or their articles) that could not be read or processed."""
    rows = [{"month": "unknown", **asdict(r), "failure_case": None, "run_id": run_id} for r in rejected]
    return pl.DataFrame(rows, schema=polars_schema(DATASETS["quarantine"])) if rows else _no_rows()


def _no_rows() -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(DATASETS["quarantine"]))
