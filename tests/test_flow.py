"""The flow end to end under Prefect's test harness, on real files and real Parquet."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from schemas import DATASETS
from stages.write import read_dataset

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "000_827eaa8e26184989"
RUN_BOUND = {"run_id"}


@pytest.fixture(scope="module")
def raw(tmp_path_factory, shared):
    """The sample page, two more shipped documents, a duplicate and two bad inputs."""
    root = tmp_path_factory.mktemp("raw")
    for name in (f"{SAMPLE}.txt", f"{SAMPLE}.meta.json", "reuters_sample.jsonl"):
        shutil.copy(ROOT / "data" / "raw" / name, root / name)
    html = sorted((ROOT / "data" / "raw" / "html").glob("*.html.gz"))[0]
    shutil.copy(html, root / html.name)
    shutil.copy(ROOT / "data" / "raw" / f"{SAMPLE}.txt", root / "copy-of-sample.txt")
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not a page")
    (root / "empty.txt").write_text("")
    return root


@pytest.fixture(scope="module")
def run(raw, tmp_path_factory, prefect_server):
    from flows.pipeline import news_datasets

    outputs = []
    for n in range(2):
        out = tmp_path_factory.mktemp(f"out{n}")
        summary = news_datasets(input_dir=str(raw), output_dir=str(out), batch_size=3)
        outputs.append((out, summary))
    return outputs


def test_every_dataset_is_written_and_readable(run):
    out, summary = run[0]
    for name, model in DATASETS.items():
        frame = pl.scan_parquet(out / name / "**" / "*.parquet", hive_partitioning=True).collect()
        assert set(frame.columns) == set(model.to_schema().columns), name
        assert duckdb.sql(f"select count(*) from read_parquet('{out / name}/**/*.parquet', hive_partitioning = true)").fetchall()[0][0] == frame.height
    assert summary["articles"] > 0 and summary["sentences"] > 0 and summary["figures"] > 0 and summary["events"] > 0
    assert (out / "run_report.md").read_text().startswith("# Run report")
    assert json.loads((out / "run_report.json").read_text())["documents"] == summary["documents"]
    assert not list(out.glob(".staging*"))


def test_every_input_is_accounted_for(run, raw):
    out, _ = run[0]
    docs = read_dataset(out, "documents")
    quarantine = read_dataset(out, "quarantine")
    statuses = dict(zip(docs["source_path"], docs["status"]))
    assert statuses["copy-of-sample.txt"] == "duplicate"
    assert docs.filter(pl.col("source_path") == "copy-of-sample.txt")["duplicate_of"][0] == \
        docs.filter(pl.col("source_path") == f"{SAMPLE}.txt")["doc_id"][0]
    assert statuses["empty.txt"] == "quarantined"
    reasons = dict(zip(quarantine["source_path"], quarantine["reason"]))
    assert "unsupported file type" in reasons["notes.docx"]
    assert "no text" in reasons["empty.txt"]
    records = sum(1 for line in (raw / "reuters_sample.jsonl").read_text().splitlines() if line.strip())
    seen = set(docs["source_path"]) | set(quarantine["source_path"])
    files = {p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file() and not p.name.endswith(".meta.json")}
    assert files - {"reuters_sample.jsonl"} <= seen
    assert {f"reuters_sample.jsonl#{n}" for n in range(1, records + 1)} <= seen
    ok = docs.filter(pl.col("status") == "ok")["doc_id"]
    assert set(read_dataset(out, "articles")["doc_id"]) == set(ok)


def test_the_sample_page_comes_out_as_its_four_stories(run):
    out, _ = run[0]
    docs = read_dataset(out, "documents")
    doc_id = docs.filter(pl.col("source_path") == f"{SAMPLE}.txt")["doc_id"][0]
    articles = read_dataset(out, "articles").filter(pl.col("doc_id") == doc_id).sort("position")
    assert articles["title"].to_list() == [
        "Military hardware, gold refining top agenda in Mali–Tatarstan diplomatic meeting",
        "Russia starts direct commercial flights between Moscow and Pyongyang",
        "Russia's economy is now so militarized, it may keep expanding its army even after the Ukraine war",
        "India ramps up rare earth partnership with 5 African nations to counter China's dominance",
    ]
    assert articles["outlet"].to_list()[2:] == ["Business Insider", "Business Insider"]
    assert [t.isoformat() if t else None for t in articles["published_at"].to_list()[1:]] == [
        "2025-07-27T19:22:00+00:00", "2025-07-27T19:00:00+00:00", "2025-07-27T19:00:00+00:00"]
    for body in articles["text"]:
        for furniture in ("Hashtags", "Try Our AI Features", "No comments yet", "Related Articles"):
            assert furniture not in body


def test_offsets_slice_to_the_surface(run):
    out, _ = run[0]
    articles = read_dataset(out, "articles").select("article_id", pl.col("title").alias("title_field"),
                                                    pl.col("text").alias("body_field"))
    for name in ("sentences", "metrics", "events"):
        rows = read_dataset(out, name).join(articles, on="article_id")
        column = "text" if name == "sentences" else "surface"
        assert rows.height > 0, name
        for row in rows.iter_rows(named=True):
            field = row["title_field"] if row["field"] == "title" else row["body_field"]
            assert field[row["char_start"]: row["char_end"]] == row[column], (name, row[column])


def test_every_figure_kind_is_extracted(run):
    out, _ = run[0]
    kinds = set(read_dataset(out, "metrics")["kind"])
    assert {"percentage", "money", "quantity", "count", "duration", "date"} <= kinds


def test_a_second_run_gives_the_same_rows(run):
    (first, _), (second, _) = run
    for name in DATASETS:
        a, b = (read_dataset(out, name) for out in (first, second))
        keep = [c for c in a.columns if c not in RUN_BOUND]
        assert a.select(keep).sort(keep[:3]).equals(b.select(keep).sort(keep[:3])), name


def test_gold_sample_page_scores_end_to_end(shared, tmp_path, prefect_server):
    """materialize.py → the flow → score.py, as ../shared/eval/README.md shows, for the sample page."""
    from flows.pipeline import news_datasets

    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(shared / "eval" / "gold" / f"{SAMPLE}.json", gold)
    subprocess.run([sys.executable, str(shared / "eval" / "materialize.py"), str(shared), str(gold), str(tmp_path / "raw")], check=True)
    news_datasets(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "out"))
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    report = score.score(gold, tmp_path / "out")
    seg = report["segmentation"]
    assert (seg["docs_found"], seg["article_count_ok"], seg["titles_ok"], seg["boilerplate_leaks"]) == (1, 1, 4, 0)
    assert seg["outlets_ok"] == seg["outlets"] and seg["published_ok"] == seg["published"]
    assert report["figures"]["tp"] > 0 and report["events"]["tp"] > 0


def test_cli_runs_and_explains_bad_arguments(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "flows", "run", "--input", str(tmp_path / "nope")],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    bad_time = subprocess.run([sys.executable, "-m", "flows", "run", "--reference-time", "soon"],
                              capture_output=True, text=True, cwd=ROOT)
    assert bad_time.returncode == 2 and "ISO 8601" in bad_time.stderr


def test_cli_runs_on_its_embedded_prefect_server(tmp_path):
    """The README's way: no PREFECT_API_URL, the CLI starts Prefect's embedded server and stops it afterwards."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(ROOT / "data" / "raw" / f"{SAMPLE}.txt", raw)
    env = {k: v for k, v in __import__("os").environ.items() if k != "PREFECT_API_URL"}
    done = subprocess.run([sys.executable, "-m", "flows", "run", "--input", str(raw), "--output", str(tmp_path / "out"),
                           "--quiet"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "documents" in done.stdout and "articles" in done.stdout
    assert "│ runner              │ threads" in done.stdout  # `auto`: one small page does not pay for a Dask cluster
    assert json.loads((tmp_path / "out" / "run_report.json").read_text())["articles"] == 4


def test_clusters_written_by_type_and_month_match_clustering_the_whole_run(run, tmp_path):
    """The flow clusters one event type at a time in tasks and writes the ids a chunk at a time: the same
    clusters as `assign_clusters` over every mention of the run at once."""
    from stages.extract.clusters import assign_clusters, cluster_staged

    out, _ = run[0]
    events = read_dataset(out, "events")
    assert events["cluster_mentions"].max() > 1
    whole = assign_clusters(events).sort("event_id")
    assert events.sort("event_id").equals(whole)
    staged = tmp_path / "staged"
    shutil.copytree(out / "events", staged / "events")
    for path in (staged / "events").rglob("*.parquet"):  # forget the clusters, then cluster again in 3 parts
        frame = pl.read_parquet(path)
        frame.with_columns(pl.col("event_id").alias("event_cluster_id"), pl.lit(1).alias("cluster_mentions"),
                           pl.lit(1).alias("cluster_sources")).write_parquet(path)
    assert cluster_staged(staged, "test", parts=3) == (events.height, events["event_cluster_id"].n_unique())
    assert read_dataset(staged, "events").sort("event_id").equals(whole)
