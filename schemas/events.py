"""`events`: who did what with whom, where and when, one row per mention."""
from __future__ import annotations

from datetime import date

import polars as pl
import pandera.polars as pa

from schemas._base import NAMES, Spanned
from schemas.metrics import GRANULARITIES
from schemas.sentences import FIELDS

EVENT_TYPES = ["MEET", "AGREE", "COOPERATE", "INVEST", "AID", "MILESTONE", "RESTRICT", "EASE", "POLICY",
               "LEADERSHIP", "REPORT", "REQUEST", "DISPUTE", "PROTEST", "MILITARY", "LEGAL"]
MODALITIES = ["asserted", "future", "negated", "reported", "hypothetical"]


class Events(Spanned):
    """One row per event mention; mentions of one event share `event_cluster_id`."""

    event_id: str = pa.Field(unique=True, description="`{sentence_id}-e{n}`.")
    doc_id: str = pa.Field(description="Document of the mention.")
    article_id: str = pa.Field(description="Story of the mention.")
    sentence_id: str = pa.Field(description="Sentence of the mention.")
    field: str = pa.Field(isin=FIELDS, description="`title` or `body`: which text the offsets index.")
    char_start: int = pa.Field(ge=0, description="Start of the trigger in the field.")
    char_end: int = pa.Field(ge=0, description="End of the trigger in the field, exclusive.")
    surface: str = pa.Field(str_length={"min_value": 1}, description="The trigger as written.")
    event_type: str = pa.Field(isin=EVENT_TYPES, description="One of the 16 types of ../shared/eval/README.md.")
    plover_type: str = pa.Field(nullable=True, description="The PLOVER type the event type maps to, where one fits.")
    actors: NAMES = pa.Field(description="Names of who took part.")
    actor_countries: NAMES = pa.Field(description="ISO 3166 alpha-3 codes of the actors' countries.")
    location: str = pa.Field(nullable=True, description="Where it happened.")
    location_country: str = pa.Field(nullable=True, str_length={"min_value": 3, "max_value": 3},
                                      description="ISO 3166 alpha-3 code of the location.")
    event_date: date = pa.Field(nullable=True, description="First day of the period the event happened in; null when the text gives none.")
    date_granularity: str = pa.Field(nullable=True, isin=GRANULARITIES, description="Size of that period.")
    modality: str = pa.Field(isin=MODALITIES, description="asserted, future, negated, reported or hypothetical.")
    evidence: str = pa.Field(description="The sentence the mention was read from.")
    event_cluster_id: str = pa.Field(description="Mentions of one event (same type, participants, compatible place and date) share it.")
    cluster_mentions: int = pa.Field(ge=1, description="Mentions in the cluster, over the run.")
    cluster_sources: int = pa.Field(ge=1, description="Distinct documents in the cluster, over the run.")
    confidence: float = pa.Field(ge=0, le=1, description="How strongly the sentence supports the mention.")

    @pa.check("actor_countries", description="every code is three capital letters")
    def codes_are_alpha3(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col(data.key).list.eval(pl.element().str.contains(r"^[A-Z]{3}$")).list.all()
        )
