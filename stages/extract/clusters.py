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

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import polars as pl

from schemas import DATASETS, empty_frame


_GRAIN_ORDER = ["day", "week", "month", "quarter", "half", "year", "decade"]


@dataclass(slots=True)
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
    years: frozenset[int]  # calendar and ISO year: two dates that agree at any granularity share one of them


@dataclass(slots=True)
class _Cluster:
    """A growing event; places and dates are kept once per distinct value, so checking a mention against the
    cluster costs its distinct places and dates, not its members."""
    first: str  # event_id of the founding mention
    members: list[_Mention] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    places: dict[str, _Mention] = field(default_factory=dict)  # location -> a member placed there
    times: dict[tuple[date, str], _Mention] = field(default_factory=dict)  # (day, grain) -> a member dated so
    undated: bool = False

    def add(self, m: _Mention) -> None:
        self.members.append(m)
        self.names |= m.names
        self.countries |= m.countries
        self.docs.add(m.doc_id)
        self.articles.add(m.article_id)
        self.years |= m.years
        if m.location is not None:
            self.places.setdefault(m.location, m)
        if m.day is None:
            self.undated = True
        else:
            self.times.setdefault((m.day, m.grain), m)

    def affinity(self, m: _Mention) -> int:
        """Shared names weigh most, then a shared date or place, then shared countries."""
        dated = m.day is not None and any(day == m.day for day, _ in self.times)
        placed = m.location in self.places
        return 4 * len(self.names & m.names) + 2 * (dated + placed) + len(self.countries & m.countries)


class _Index:
    """Where a mention's possible clusters are: those of its type in its document, and the fully dated ones of its
    type sharing a name and a year (the only ones another document's mention may join). Keeps the run linear."""

    def __init__(self) -> None:
        self.by_doc: dict[tuple[str, str], list[_Cluster]] = {}
        self.by_name: dict[tuple[str, str, int], list[_Cluster]] = {}

    def candidates(self, m: _Mention) -> list[_Cluster]:
        found = {id(c): c for c in self.by_doc.get((m.event_type, m.doc_id), ())}
        for name in m.names:
            for year in m.years:
                found.update((id(c), c) for c in self.by_name.get((m.event_type, name, year), ()) if not c.undated)
        return list(found.values())

    def add(self, c: _Cluster, m: _Mention) -> None:
        """Index what `m` adds to `c`; call before `c.add(m)`."""
        if m.doc_id not in c.docs:
            self.by_doc.setdefault((m.event_type, m.doc_id), []).append(c)
        if c.undated or m.day is None:
            return  # no other document's mention can join it any more
        pairs = [(n, y) for n in m.names - c.names for y in c.years | m.years]
        if not m.years <= c.years:
            pairs += [(n, y) for n in c.names for y in m.years - c.years]
        for name, year in pairs:
            self.by_name.setdefault((m.event_type, name, year), []).append(c)


def assign_clusters(events: pl.DataFrame) -> pl.DataFrame:
    """Adds/overwrites `event_cluster_id` (str) and `cluster_mentions`, `cluster_sources` (int counts).
    Input columns: event_id, doc_id, article_id, event_type, actors (list[str]), actor_countries (list[str]), location,
    event_date (date), date_granularity. Mentions share a cluster when same type, same participants (overlapping
    normalised actors/countries), compatible place and date; across articles and documents of one run.
    Deterministic: cluster id derived from member event_ids (e.g. hash of the smallest), not from row order or a counter.

    The run is first split into groups no mention can leave (see `_groups`); a mention alone in its group is its own
    cluster, and the greedy pass runs on one group at a time, so only a group's mentions are live at once."""
    n = events.height
    ids, counts, sources = [""] * n, [0] * n, [0] * n
    keys = _key_table(events["actors"])
    frame = events.select(_COLUMNS).with_columns(
        pl.int_range(n, dtype=pl.Int64).alias("row"), _groups(events, keys).alias("group"),
        ((pl.col("event_date").is_not_null()).cast(pl.Int8) + pl.col("location").is_not_null().cast(pl.Int8)).alias("specificity"))
    frame = frame.with_columns(pl.len().over("group").alias("size"))
    for row, event_id in frame.filter(pl.col("size") == 1).select("row", "event_id").iter_rows():
        ids[row], counts[row], sources[row] = _cluster_id(str(event_id)), 1, 1
    shared = frame.filter(pl.col("size") > 1).sort("group", "specificity", "event_id", descending=[False, True, False])
    with _collector_paused():
        for group in _runs(shared, keys):
            for c in _cluster(group):
                cid = _cluster_id(min(m.event_id for m in c.members))
                for m in c.members:
                    ids[m.row], counts[m.row], sources[m.row] = cid, len(c.members), len(c.docs)
    return events.with_columns(
        pl.Series("event_cluster_id", ids, dtype=pl.Utf8),
        pl.Series("cluster_mentions", counts, dtype=pl.Int64),
        pl.Series("cluster_sources", sources, dtype=pl.Int64),
    )


_COLUMNS = ["event_id", "doc_id", "article_id", "event_type", "actors", "actor_countries", "location", "event_date",
            "date_granularity"]
CLUSTER_COLUMNS = ["event_cluster_id", "cluster_mentions", "cluster_sources"]


SPILL = "_cluster-ids"  # beside the staged datasets while a run clusters: event_id -> cluster columns


def cluster_staged(root: Path, run_id: str, parts: int = 1) -> tuple[int, int]:
    """Cluster the events staged under `root` over the whole run and write the cluster columns into them;
    returns (mentions, clusters). The flow runs the same steps as tasks, `parts` of them side by side."""
    mentions = clusters = 0
    for part, types in enumerate(split_types(root, parts)):
        found = cluster_part(root, part, types)
        mentions, clusters = mentions + found[0], clusters + found[1]
    bad = [label_months(root, months, run_id) for months in split_months(root, parts)]
    finish(root, bad)
    return mentions, clusters


def split_types(root: Path, parts: int) -> list[list[str]]:
    """The staged events' types in at most `parts` sets of about equal mentions (largest type first to the
    lightest set), so that sets cluster side by side."""
    from stages.write import scan_dataset

    sets: list[tuple[int, list[str]]] = [(0, []) for _ in range(parts)]
    for event_type, size in type_sizes(scan_dataset(root, "events")).items():
        lightest = min(range(parts), key=lambda i: (sets[i][0], i))
        sets[lightest] = (sets[lightest][0] + size, sets[lightest][1] + [event_type])
    return [types for _, types in sets if types]


def cluster_part(root: Path, part: int, types: list[str]) -> tuple[int, int]:
    """Cluster the staged mentions of `types` and spill their cluster ids to `root/_cluster-ids/`, a file per type;
    returns (mentions, clusters). Bounded memory: the clustering columns of one type at a time, never the text, and
    each type's ids written before the next type is read (gathering a part's ids into one frame to sort and write
    it cost ~28 MB more on x20, the workers' peak of the run)."""
    from stages.write import scan_dataset

    events = scan_dataset(root, "events")
    (root / SPILL).mkdir(exist_ok=True)
    mentions = clusters = 0
    for i, event_type in enumerate(types):
        ids = cluster_type(events, event_type)
        ids.write_parquet(root / SPILL / f"part-{part:03d}-{i:03d}.parquet", statistics=True)
        mentions, clusters = mentions + ids.height, clusters + ids["event_cluster_id"].n_unique()
    return mentions, clusters


def split_months(root: Path, parts: int) -> list[list[str]]:
    """The staged events' month partitions in at most `parts` sets of about equal bytes on disk."""
    from stages.write import PARTITION

    sizes = {folder.name.split("=", 1)[1]: sum(f.stat().st_size for f in folder.glob("*.parquet"))
             for folder in (root / "events").glob(f"{PARTITION}=*")}
    sets: list[tuple[int, list[str]]] = [(0, []) for _ in range(parts)]
    for month, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        lightest = min(range(parts), key=lambda i: (sets[i][0], i))
        sets[lightest] = (sets[lightest][0] + size, sets[lightest][1] + [month])
    return [sorted(months) for _, months in sets if months]


def label_months(root: Path, months: list[str], run_id: str) -> pl.DataFrame:
    """Write the spilled cluster columns into the staged events of `months`, a chunk at a time; returns the
    quarantine rows of mentions that fail the events model."""
    from stages import write
    from stages.validate import validate

    if not any((root / SPILL).glob("*.parquet")):  # no mentions to cluster: only empty files in these months
        return empty_frame(DATASETS["quarantine"])
    spill = pl.scan_parquet(root / SPILL / "*.parquet")

    def label(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        ids = spill.filter(pl.col("event_id").is_in(rows["event_id"].implode())).collect()
        labelled = rows.drop(CLUSTER_COLUMNS).join(ids, on="event_id", how="left", maintain_order="left")
        return validate("events", labelled.select(rows.columns), run_id)

    return write.rewrite_dataset(root, "events", label, months=months)


def finish(root: Path, quarantined: list[pl.DataFrame]) -> None:
    """Drop the spilled ids; stage the quarantine rows the labelling set aside."""
    import shutil

    from stages import write

    shutil.rmtree(root / SPILL, ignore_errors=True)
    bad = [frame for frame in quarantined if not frame.is_empty()]
    if bad:
        write.write_batch(root, "clusters", {"quarantine": pl.concat(bad, how="vertical_relaxed")})


def type_sizes(events: pl.LazyFrame) -> dict[str, int]:
    """Mentions per event type, largest first (ties by name)."""
    counted = events.group_by("event_type").len().sort(["len", "event_type"], descending=[True, False]).collect()
    return dict(counted.iter_rows())


def cluster_type(events: pl.LazyFrame, event_type: str) -> pl.DataFrame:
    """`event_id` and the cluster columns for the mentions of one type.

    Clusters never span types (every way two mentions meet, `_groups`, includes the type), so clustering each type
    apart gives the clusters of the whole run, reading only that type's clustering columns, never the mentions' text."""
    mentions = events.filter(pl.col("event_type") == event_type).select(_COLUMNS).collect()
    return assign_clusters(mentions).select("event_id", *CLUSTER_COLUMNS)


def _cluster_id(event_id: str) -> str:
    return "ev-" + hashlib.sha1(event_id.encode()).hexdigest()[:16]


def _key_table(actors: pl.Series) -> dict[str, frozenset[str]]:
    """Actor name -> the keys it is known by, computed once per distinct name of the run."""
    from stages.extract.events_actors import actor_keys  # here, not at the top: the flow process imports this module

    names = actors.explode().drop_nulls().unique()
    return {name: frozenset(actor_keys(name)) for name in names.to_list()}


def _groups(events: pl.DataFrame, keys: dict[str, frozenset[str]]) -> pl.Series:
    """Connected components of the mentions that may share a cluster: a mention only ever joins clusters of its type
    in its document, or dated ones of its type sharing a name key and a year with one of their dated members (dates
    that agree at any granularity share a calendar or ISO year). Each component is labelled by its first row; greedy
    clustering inside each component gives the same clusters as over the run. A union-find over plain ints: a few
    bytes a mention, where the polars label propagation it replaces held ~400 bytes an edge at its peak."""
    parent = list(range(events.height))

    def root(row: int) -> int:
        while parent[row] != row:
            parent[row] = row = parent[parent[row]]  # path halving
        return row

    first: dict[tuple, int] = {}  # a key -> the first mention that has it
    columns = events.select("event_type", "doc_id", "actors", "event_date").iter_rows()
    for row, (event_type, doc_id, actors, day) in enumerate(columns):
        linked = [(event_type, doc_id)]
        if day is not None:
            linked += [(event_type, name, year) for year in {day.year, day.isocalendar()[0]}
                       for actor in actors or () for name in keys[actor]]
        for key in linked:
            other = first.setdefault(key, row)
            if other != row:
                a, b = root(row), root(other)
                parent[max(a, b)] = min(a, b)  # the smallest row is the root: labels do not depend on key order
    return pl.Series("group", [root(row) for row in range(len(parent))], dtype=pl.Int64)


def _runs(shared: pl.DataFrame, keys: dict[str, frozenset[str]]) -> Iterator[list[_Mention]]:
    """The mentions of each group in turn, in the greedy order (most specific first, then event_id). Actor lists
    repeat across mentions, so their key sets are built once per distinct list."""
    names: dict[tuple[str, ...], frozenset[str]] = {}
    group: list[_Mention] = []
    current = None
    for r in shared.select("group", "row", *_COLUMNS).iter_rows():
        if r[0] != current and group:
            yield group
            group = []
        current = r[0]
        actors = tuple(r[6] or ())
        if actors not in names:
            names[actors] = frozenset(k for a in actors for k in keys[a])
        group.append(_mention(r[1], r[2:], names[actors]))
    if group:
        yield group


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Clustering allocates a few objects per mention and frees none; at 300k mentions the cyclic collector's
    repeated passes over them cost more than the clustering itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cluster(mentions: list[_Mention]) -> list[_Cluster]:
    """Greedy pass in the given order: each mention joins its best compatible cluster or founds one."""
    clusters: list[_Cluster] = []
    index = _Index()
    for m in mentions:
        candidates = [c for c in index.candidates(m) if _joins(m, c)]
        if candidates:
            cluster = min(candidates, key=lambda c: (-c.affinity(m), c.first))
        else:
            cluster = _Cluster(first=m.event_id)
            clusters.append(cluster)
        index.add(cluster, m)
        cluster.add(m)
    return clusters


@lru_cache(maxsize=1 << 16)
def _place(location: str) -> tuple[str, str | None, bool]:
    """Folded location, the country it is in, whether it is a country itself."""
    from stages.extract.gazetteer import GAZETTEER, fold, tokens  # loaded on first use (see _key_table)

    place = GAZETTEER.lookup([t.group() for t in tokens(location)])
    return fold(location), place.country if place is not None else None, place is not None and place.kind == "country"


def _mention(row: int, r: tuple, names: frozenset[str]) -> _Mention:
    event_id, doc_id, article_id, event_type, _, countries, location, day, grain = r
    place, place_country, is_country = _place(location) if location else (None, None, False)
    return _Mention(
        row=row, event_id=event_id, doc_id=doc_id, article_id=article_id, event_type=event_type,
        names=names, countries=_frozen(tuple(countries or ())),
        location=place, location_country=place_country, location_is_country=is_country,
        day=day, grain=grain or "day", years=_years(day),
    )


@lru_cache(maxsize=1 << 12)
def _frozen(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(values)


@lru_cache(maxsize=1 << 14)
def _years(day: date | None) -> frozenset[int]:
    """Calendar and ISO year: two dates that agree at any granularity share one of them."""
    return frozenset({day.year, day.isocalendar()[0]}) if day else frozenset()


def _joins(m: _Mention, c: _Cluster) -> bool:
    shared_name = not m.names.isdisjoint(c.names)
    if not (shared_name or m.article_id in c.articles and not m.countries.isdisjoint(c.countries)):
        return False  # only within one story does a shared country alone make the same participants
    strict = m.doc_id not in c.docs
    if strict and (m.day is None or c.undated or not shared_name):
        return False  # another document's event must share a named actor and be dated, as must all of the cluster
    return all(_same_place(m, x) for x in c.places.values()) and all(_same_time(m, x, strict) for x in c.times.values())


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
