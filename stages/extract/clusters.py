"""Group event mentions into events: same type, shared participants, compatible place and date.

Greedy and order-free: mentions are taken most specific first (dated and placed
ones found the clusters), ties by event_id, and each joins the compatible
cluster it shares most participants with. A mention joins a cluster only when
it agrees with every place and date already in it, so a vague mention ("the
talks") cannot chain a meeting in Moscow to one in Kazan. Sharing only a
country counts within one article; across articles a name must be shared, and
across documents a date too.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from stages.extract.events_actors import actor_keys
from stages.extract.gazetteer import GAZETTEER, fold, tokens

_GRAIN_ORDER = ["day", "week", "month", "quarter", "half", "year", "decade"]


@dataclass
class _Mention:
    row: int
    event_id: str
    doc_id: str
    article_id: str
    event_type: str
    names: frozenset[str]  # actor keys
    countries: frozenset[str]
    location: str | None
    location_country: str | None  # the country the place is in
    location_is_country: bool
    day: date | None
    grain: str

    @property
    def specificity(self) -> int:
        return (self.day is not None) + (self.location is not None)


@dataclass
class _Cluster:
    members: list[_Mention] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)

    def add(self, m: _Mention) -> None:
        self.members.append(m)
        self.names |= m.names
        self.countries |= m.countries
        self.docs.add(m.doc_id)
        self.articles.add(m.article_id)

    def affinity(self, m: _Mention) -> int:
        """Shared names weigh most, then a shared date or place, then shared countries."""
        dated = m.day is not None and any(x.day == m.day for x in self.members)
        placed = m.location is not None and any(x.location == m.location for x in self.members)
        return 4 * len(self.names & m.names) + 2 * (dated + placed) + len(self.countries & m.countries)


def assign_clusters(events: pl.DataFrame) -> pl.DataFrame:
    """Adds/overwrites `event_cluster_id` (str) and `cluster_mentions`, `cluster_sources` (int counts).
    Input columns: event_id, doc_id, article_id, event_type, actors (list[str]), actor_countries (list[str]), location,
    event_date (date), date_granularity. Mentions share a cluster when same type, same participants (overlapping
    normalised actors/countries), compatible place and date; across articles and documents of one run.
    Deterministic: cluster id derived from member event_ids (e.g. hash of the smallest), not from row order or a counter."""
    mentions = sorted(_mentions(events), key=lambda m: (-m.specificity, m.event_id))
    clusters: list[_Cluster] = []
    by_type: dict[str, list[_Cluster]] = {}
    for m in mentions:
        candidates = [c for c in by_type.get(m.event_type, []) if _joins(m, c)]
        if candidates:
            min(candidates, key=lambda c: (-c.affinity(m), c.members[0].event_id)).add(m)
        else:
            cluster = _Cluster()
            cluster.add(m)
            clusters.append(cluster)
            by_type.setdefault(m.event_type, []).append(cluster)
    n = events.height
    ids, counts, sources = [""] * n, [0] * n, [0] * n
    for c in clusters:
        cid = "ev-" + hashlib.sha1(min(m.event_id for m in c.members).encode()).hexdigest()[:16]
        for m in c.members:
            ids[m.row], counts[m.row], sources[m.row] = cid, len(c.members), len(c.docs)
    return events.with_columns(
        pl.Series("event_cluster_id", ids, dtype=pl.Utf8),
        pl.Series("cluster_mentions", counts, dtype=pl.Int64),
        pl.Series("cluster_sources", sources, dtype=pl.Int64),
    )


def _mentions(events: pl.DataFrame) -> list[_Mention]:
    out = []
    for row, r in enumerate(events.select(
            "event_id", "doc_id", "article_id", "event_type", "actors", "actor_countries", "location", "event_date", "date_granularity"
    ).iter_rows(named=True)):
        names = frozenset(k for a in r["actors"] or [] for k in actor_keys(a))
        place = GAZETTEER.lookup([t.group() for t in tokens(r["location"])]) if r["location"] else None
        out.append(_Mention(
            row=row, event_id=str(r["event_id"]), doc_id=str(r["doc_id"]), article_id=str(r["article_id"]),
            event_type=r["event_type"],
            names=names, countries=frozenset(r["actor_countries"] or []),
            location=fold(r["location"]) if r["location"] else None,
            location_country=place.country if place is not None else None,
            location_is_country=place is not None and place.kind == "country",
            day=r["event_date"], grain=r["date_granularity"] or "day",
        ))
    return out


def _joins(m: _Mention, c: _Cluster) -> bool:
    shared_name = bool(m.names & c.names)
    if not (shared_name or m.countries & c.countries and m.article_id in c.articles):
        return False  # only within one story does a shared country alone make the same participants
    if m.doc_id not in c.docs and not (shared_name and m.day is not None):
        return False  # another document's event must share a named actor and be dated
    for x in c.members:
        if not _same_place(m, x) or not _same_time(m, x, strict=m.doc_id not in c.docs):
            return False
    return True


def _same_place(a: _Mention, b: _Mention) -> bool:
    """Unknown places agree with anything; "Kazan" agrees with "Kazan Kremlin", a country with its own places."""
    if a.location is None or b.location is None:
        return True
    if a.location in b.location or b.location in a.location:
        return True
    return (a.location_is_country or b.location_is_country) and a.location_country == b.location_country is not None


def _same_time(a: _Mention, b: _Mention, strict: bool) -> bool:
    """Dates agree at the coarser of the two granularities; an undated mention agrees unless `strict`."""
    if a.day is None or b.day is None:
        return not strict
    grain = max(a.grain, b.grain, key=lambda g: _GRAIN_ORDER.index(g) if g in _GRAIN_ORDER else 0)
    if grain in ("year", "decade", "half"):
        return a.day.year == b.day.year
    if grain == "quarter":
        return (a.day.year, (a.day.month - 1) // 3) == (b.day.year, (b.day.month - 1) // 3)
    if grain == "month":
        return (a.day.year, a.day.month) == (b.day.year, b.day.month)
    if grain == "week":
        return a.day.isocalendar()[:2] == b.day.isocalendar()[:2]
    return a.day == b.day
