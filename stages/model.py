"""The values that pass between stages.

Plain frozen dataclasses and named tuples: stages build and read them, the flow never looks
inside. Offsets are always Python string indices into the field they name
(an article's title or its body), end exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple


@dataclass(frozen=True)
class DocMeta:
    """What a document says about itself outside its text (sidecar, record, HTML head)."""

    url: str | None = None
    title: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    fetched_at: datetime | None = None
    language: str | None = None
    site_name: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class ArticleDraft:
    """One story found on a page, before sentence splitting.

    `body` is the cleaned story text alone: no menus, bylines or datelines;
    `title` is None when the page states no headline (a bare paragraph)."""

    title: str | None
    body: str
    outlet: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    dateline: str | None = None


class Span(NamedTuple):
    """A sentence's offsets into its text. A named tuple: built for every sentence, and a frozen dataclass's __init__
    (a setattr per field) cost more than finding the sentence."""

    start: int
    end: int


class Figure(NamedTuple):
    """A number stated in a text, as `../shared/eval/README.md` defines it.

    Offsets index the text given to the extractor. A named tuple: built a few times per number, and a frozen
    dataclass's __init__ (a setattr per field) cost more than reading the number's unit."""

    char_start: int
    char_end: int
    surface: str
    kind: str  # percentage | money | quantity | capacity | count | duration | date
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    qualifier: str = "exact"
    direction: str | None = None  # up | down
    date_start: date | None = None
    date_end: date | None = None
    granularity: str | None = None
    measure: str | None = None


class EventMention(NamedTuple):
    """One mention of an event in a sentence; offsets index that sentence (the trigger).

    A named tuple, like Figure: a frozen dataclass's __init__ (a setattr per field) cost ~2.7 µs per mention."""

    char_start: int
    char_end: int
    trigger: str
    event_type: str
    plover_type: str | None
    actors: tuple[str, ...] = ()
    actor_countries: tuple[str, ...] = ()
    location: str | None = None
    location_country: str | None = None
    event_date: date | None = None
    date_granularity: str | None = None
    modality: str = "asserted"  # asserted | future | negated | reported | hypothetical
    confidence: float = 0.5
