"""`quarantine`: what could not be processed or failed validation, with why."""
from __future__ import annotations

import pandera.polars as pa

from schemas._base import Dataset

STAGES = ["ingest", "clean", "segment", "extract", "validate"]
LEVELS = ["document", "row"]


class Quarantine(Dataset):
    """One row per rejected document or row, with the reason and what to do."""

    source_path: str = pa.Field(description="The input it came from (relative to the input root; `file#N` for records).")
    doc_id: str = pa.Field(nullable=True, description="The document's id, where it got one.")
    level: str = pa.Field(isin=LEVELS, description="`document` (the whole input) or `row` (one row of a dataset).")
    stage: str = pa.Field(isin=STAGES, description="The stage that rejected it.")
    dataset: str = pa.Field(nullable=True, description="For rows: the dataset the row was meant for.")
    row_id: str = pa.Field(nullable=True, description="For rows: the row's id.")
    reason: str = pa.Field(description="Why, in words: the error, or the Pandera check that failed.")
    failure_case: str = pa.Field(nullable=True, description="For rows: the offending value, as Pandera reports it.")
    run_id: str = pa.Field(description="The run that wrote this row.")
