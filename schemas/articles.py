"""`articles`: the stories found on each page."""
from __future__ import annotations

import pandera.polars as pa

from schemas._base import UTC_TIME, Dataset


class Articles(Dataset):
    """One row per story: a page may hold several, in page order."""

    article_id: str = pa.Field(unique=True, description="`{doc_id}-a{position}`.")
    doc_id: str = pa.Field(description="The document the story was found in.")
    position: int = pa.Field(ge=0, description="0-based order of the story on the page.")
    title: str = pa.Field(nullable=True, description="The story's headline; null when the page states none.")
    outlet: str = pa.Field(nullable=True, description="Credited agency, else the site's name on the page, else the document's source.")
    author: str = pa.Field(nullable=True, description="Byline, when the page states one.")
    dateline: str = pa.Field(nullable=True, description="Dateline (`MOSCOW`, `NEW YORK, Feb 26`), moved out of the body.")
    published_at: UTC_TIME = pa.Field(nullable=True, description="Time the page states for the story, else the document's publication time.")
    reference_time: UTC_TIME = pa.Field(nullable=True, description="Time relative dates in the story resolve against.")
    text: str = pa.Field(description="The cleaned body alone: no menus, bylines or page furniture.")
    n_sentences: int = pa.Field(ge=0, description="Sentences in title and body.")
