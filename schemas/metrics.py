"""`metrics`: figures stated in the text (the rules of ../shared/eval/README.md)."""
from __future__ import annotations

from datetime import date

import polars as pl
import pandera.polars as pa

from schemas._base import UTC_TIME, Spanned
from schemas.sentences import FIELDS

KINDS = ["percentage", "money", "quantity", "capacity", "count", "duration", "date"]
QUALIFIERS = ["exact", "approx", "over", "under", "at_least", "at_most", "range"]
DIRECTIONS = ["up", "down"]
GRANULARITIES = ["day", "week", "month", "quarter", "half", "year", "decade"]


class Metrics(Spanned):
    """One row per figure mention; `surface == field_text[char_start:char_end]`."""

    metric_id: str = pa.Field(unique=True, description="`{sentence_id}-m{n}`.")
    doc_id: str = pa.Field(description="Document of the figure.")
    article_id: str = pa.Field(description="Story of the figure.")
    sentence_id: str = pa.Field(description="Sentence of the figure.")
    field: str = pa.Field(isin=FIELDS, description="`title` or `body`: which text the offsets index.")
    char_start: int = pa.Field(ge=0, description="Start offset into the field.")
    char_end: int = pa.Field(ge=0, description="End offset into the field, exclusive.")
    surface: str = pa.Field(str_length={"min_value": 1}, description="The figure as written.")
    kind: str = pa.Field(isin=KINDS, description="What sort of figure it is.")
    value: float = pa.Field(nullable=True, description="The number (low end of a range), scale words applied; null for dates.")
    value_high: float = pa.Field(nullable=True, description="High end of a range.")
    unit: str = pa.Field(nullable=True, description="pint unit name; for money an ISO 4217 code (`USD`, `USD/barrel`; replaced currencies keep theirs, `DEM`, `FRF`; a bare `francs`, `pesos`, `crowns` is the article dateline's country's); `percent`; or the counted noun, singular.")
    qualifier: str = pa.Field(isin=QUALIFIERS, description="exact, approx, over, under, at_least, at_most or range.")
    direction: str = pa.Field(nullable=True, isin=DIRECTIONS, description="`up` or `down` where the figure is a change.")
    date_start: date = pa.Field(nullable=True, description="Dates: first day of the period; null when unresolvable.")
    date_end: date = pa.Field(nullable=True, description="Dates: last day of the period.")
    granularity: str = pa.Field(nullable=True, isin=GRANULARITIES, description="Dates: size of the period.")
    measure: str = pa.Field(nullable=True, description="Short phrase from the sentence naming what is measured.")
    reference_time: UTC_TIME = pa.Field(nullable=True, description="Time relative dates were resolved against.")

    @pa.dataframe_check(description="value and value_high are finite numbers")
    def values_are_finite(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("value").is_null() | pl.col("value").is_finite())
            & (pl.col("value_high").is_null() | pl.col("value_high").is_finite())
        )

    @pa.dataframe_check(description="date_end is not before date_start")
    def period_is_forward(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("date_start").is_null() | pl.col("date_end").is_null() | (pl.col("date_end") >= pl.col("date_start"))
        )
