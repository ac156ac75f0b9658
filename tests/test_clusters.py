"""Mentions of one event share a cluster id; the id does not depend on row order."""
import random
from datetime import date

import polars as pl

from stages.extract import clusters as clustering
from stages.extract.clusters import assign_clusters


def frame(rows):
    keys = ["event_id", "doc_id", "article_id", "event_type", "actors", "actor_countries", "location", "event_date",
            "date_granularity"]
    return pl.DataFrame([dict(zip(keys, r)) for r in rows],
                        schema_overrides={"event_date": pl.Date, "location": pl.Utf8, "date_granularity": pl.Utf8})


ROWS = [
    ("d1-1", "d1", "a0", "MEET", ["Assimi Goïta"], ["MLI"], "Moscow", None, None),
    ("d1-2", "d1", "a0", "MEET", ["Goïta", "Vladimir Putin"], ["RUS"], None, date(2025, 6, 23), "day"),
    ("d1-3", "d1", "a0", "MEET", ["Goïta", "Rustam Minnikhanov"], [], "Kazan", None, None),
    ("d1-4", "d1", "a0", "AGREE", ["Goïta"], ["MLI"], "Moscow", None, None),
    ("d2-1", "d2", "a0", "MEET", ["Putin"], ["RUS"], None, None, None),
]


def clusters(df):
    return {r["event_id"]: r["event_cluster_id"] for r in assign_clusters(df).iter_rows(named=True)}


def test_same_meeting_merges_and_a_meeting_elsewhere_stays_apart():
    ids = clusters(frame(ROWS))
    assert ids["d1-1"] == ids["d1-2"]  # Goïta in Moscow, Goïta with Putin: one meeting
    assert ids["d1-3"] != ids["d1-1"]  # Goïta in Kazan: another one
    assert ids["d1-4"] != ids["d1-1"]  # another type
    assert ids["d2-1"] != ids["d1-2"]  # another document, undated: not merged on a name alone


def test_counts():
    out = assign_clusters(frame(ROWS)).filter(pl.col("event_id") == "d1-1").row(0, named=True)
    assert (out["cluster_mentions"], out["cluster_sources"]) == (2, 1)


def test_ids_do_not_depend_on_row_order():
    df = frame(ROWS)
    assert clusters(df) == clusters(df.sample(fraction=1.0, shuffle=True, seed=7))
    assert clusters(df) == clusters(df.reverse())


def test_one_meeting_reported_by_many_documents_is_one_cluster():
    rows = []
    for d in range(2000):  # a dated and an undated mention in each of 2,000 documents
        rows.append((f"d{d}-1", f"d{d}", f"d{d}a", "MEET", ["Goïta", "Putin"], ["MLI", "RUS"], "Moscow", date(2025, 6, 23), "day"))
        rows.append((f"d{d}-2", f"d{d}", f"d{d}a", "MEET", ["Putin"], ["RUS"], None, None, None))
    out = assign_clusters(frame(rows))
    dated = out.filter(pl.col("event_id").str.ends_with("-1"))
    assert dated["event_cluster_id"].n_unique() == 1 and dated["cluster_sources"][0] == 2000
    assert out["event_cluster_id"].n_unique() == 1  # each undated mention is its own document's meeting


def test_clustering_group_by_group_gives_the_clusters_of_one_pass_over_the_run():
    rng = random.Random(5)
    names, places = ["Putin", "Goïta", "Xi Jinping", "Lukoil", "Modi"], ["Moscow", "Kazan", "Paris", None]
    days = [date(2025, 6, 23), date(2025, 6, 24), date(2024, 12, 31), None]
    rows = [(f"e{i}", f"d{rng.randrange(40)}", f"a{rng.randrange(2)}", rng.choice(["MEET", "AGREE"]),
             rng.sample(names, rng.randrange(3)), rng.sample(["RUS", "MLI", "CHN"], rng.randrange(2)),
             rng.choice(places), rng.choice(days), "day") for i in range(400)]
    df = frame(rows)
    groups = clustering._groups(df, clustering._key_table(df["actors"]))
    assert 1 < groups.n_unique() < df.height  # the random run has both groups and lone mentions
    ordered = df.with_columns(pl.int_range(df.height).alias("row"), pl.lit(0).alias("group"),
                              (pl.col("event_date").is_not_null().cast(pl.Int8) + pl.col("location").is_not_null().cast(pl.Int8))
                              .alias("specificity")).sort("specificity", "event_id", descending=[True, False])
    keys = clustering._key_table(df["actors"])
    whole_run = {m.event_id: min(x.event_id for x in c.members)
                 for run in clustering._runs(ordered, keys) for c in clustering._cluster(run) for m in c.members}
    assert clusters(df) == {e: clustering._cluster_id(first) for e, first in whole_run.items()}


def test_a_mention_alone_in_its_group_is_its_own_cluster_and_an_empty_run_is_fine():
    out = assign_clusters(frame(ROWS[:1] + [("d3-1", "d3", "a0", "LEGAL", ["Lukoil"], [], None, None, None)]))
    row = out.filter(pl.col("event_id") == "d3-1").row(0, named=True)
    assert (row["cluster_mentions"], row["cluster_sources"]) == (1, 1) and row["event_cluster_id"].startswith("ev-")
    assert assign_clusters(frame(ROWS).clear()).height == 0


def test_staged_months_holding_only_empty_files_cluster_to_nothing(tmp_path):
    """A month whose files have no rows (every mention of a chunk quarantined, then carried over) leaves nothing to
    cluster; that must not fail the run."""
    from schemas import DATASETS, empty_frame
    from stages.extract.clusters import cluster_staged

    month = tmp_path / "events" / "month=2025-07"
    month.mkdir(parents=True)
    empty_frame(DATASETS["events"]).drop("month").write_parquet(month / "kept-00000.parquet")
    assert cluster_staged(tmp_path, "run", parts=2) == (0, 0)
