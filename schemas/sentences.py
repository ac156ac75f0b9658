"""`sentences`: every sentence of every title and body, with offsets."""
from __future__ import annotations

import pandera.polars as pa

from schemas._base import Spanned

FIELDS = ["title", "body"]


class Sentences(Spanned):
    """One row per sentence; `text == (title if field == 'title' else body)[char_start:char_end]`."""

    sentence_id: str = pa.Field(unique=True, description="`{article_id}-{t|b}{position}`.")
    article_id: str = pa.Field(description="The story the sentence belongs to.")
    doc_id: str = pa.Field(description="The document the story was found in.")
    field: str = pa.Field(isin=FIELDS, description="`title` or `body`: which text the offsets index.")
    position: int = pa.Field(ge=0, description="0-based order within the field.")
    char_start: int = pa.Field(ge=0, description="Start offset into the field (Python string index).")
    char_end: int = pa.Field(ge=0, description="End offset into the field, exclusive.")
    text: str = pa.Field(str_length={"min_value": 1}, description="The sentence.")
