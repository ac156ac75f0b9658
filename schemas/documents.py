"""`documents`: one row per input document, whatever became of it."""
from __future__ import annotations

import pandera.polars as pa

from schemas._base import UTC_TIME, Dataset

FORMATS = ["text", "html", "json-record"]
STATUSES = ["ok", "duplicate", "quarantined"]


class Documents(Dataset):
    """One row per input document (a file, or one record of a JSON/JSONL file)."""

    doc_id: str = pa.Field(unique=True, str_length={"min_value": 16, "max_value": 16},
                           description="Stable id: hash of the source reference and the content.")
    source_path: str = pa.Field(description="Path relative to the input root; `file#N` for record N of a JSON file.")
    content_hash: str = pa.Field(str_length={"min_value": 64, "max_value": 64},
                                 description="SHA-256 of the document's content (text or HTML), metadata excluded.")
    format: str = pa.Field(isin=FORMATS, description="How the content was read.")
    bytes: int = pa.Field(ge=0, description="Size of the content in bytes.")
    url: str = pa.Field(nullable=True, description="The page's address, from metadata.")
    title: str = pa.Field(nullable=True, description="Title from metadata, else the first article's title.")
    source: str = pa.Field(nullable=True, description="Source named by the metadata (sidecar or record).")
    published_at: UTC_TIME = pa.Field(nullable=True, description="Publication time from metadata (UTC; naive times read as UTC).")
    fetched_at: UTC_TIME = pa.Field(nullable=True, description="Fetch time from metadata (UTC).")
    language: str = pa.Field(nullable=True, description="Language from metadata.")
    status: str = pa.Field(isin=STATUSES, description="`ok`, `duplicate` (same content as `duplicate_of`) or `quarantined`.")
    duplicate_of: str = pa.Field(nullable=True, description="For duplicates: the doc_id whose rows stand for this document.")
    n_articles: int = pa.Field(ge=0, description="Articles found in the document.")
    run_id: str = pa.Field(description="The run that wrote this row.")
