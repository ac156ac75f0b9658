"""Events benchmark: the gold scores and what the flow finds over the whole corpus.

    python -m bench events [--corpus-output DIR] [--rebuild] [--sample 30] [--seed 4] [--cluster-copies 20]

Reads the flow's output for the corpus of `bench.corpus` (built and run when the
folder holds no events, or with --rebuild), runs the flow on the materialized
gold and scores it with ../shared/eval/score.py, then prints and writes
docs/benchmarks/events.md (events per article and per type, per source,
modality, cluster sizes, clustering time over the run and over the run's events
repeated as --cluster-copies distinct documents, as `bench scale --copies` makes
them) and docs/benchmarks/events-sample-seed<SEED>.md, a seeded random sample of
events for a hand review by someone who did not write the rules (one file per
seed, so a judged sample is never overwritten).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from bench.common import DOCS, SHARED, gold_report, machine, run_flow
from bench.corpus import build

DEFAULT_OUTPUT = Path(tempfile.gettempdir()) / "newsdata-bench-events" / "out"
SOURCES = {"bbc.jsonl": "BBC", "reuters.jsonl": "Reuters", "page_dumps.jsonl": "page dumps", "html": "HTML pages"}
QUANTILES = (0.5, 0.75, 0.9, 0.99)


def _read(out: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(out / name / "**" / "*.parquet", hive_partitioning=True)


def corpus_output(out: Path, rebuild: bool) -> float | None:
    """Make sure `out` holds a flow run over the whole corpus; the flow's seconds when it ran now."""
    if not rebuild and any((out / "events").glob("**/*.parquet")):
        return None
    raw = out.parent / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    build(raw)
    shutil.rmtree(out, ignore_errors=True)
    return run_flow(raw, out)


def gold_scores(shared: Path) -> dict:
    """events and events_all_actors of score.py on a fresh flow run over the materialized gold."""
    with tempfile.TemporaryDirectory(prefix="newsdata-gold-") as tmp:
        scores = gold_report(Path(tmp), shared)
    return {k: scores[k] for k in ("events", "events_all_actors")}


def source_of(path: str) -> str:
    """BBC / Reuters / page dumps / HTML pages, from the document's path in the corpus folder."""
    return next((label for part, label in SOURCES.items() if part in path.split("#")[0].split("/")), "other")


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def _cell(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 1 else f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v).replace("|", "\\|").replace("\n", " ")


def per_article(articles: pl.DataFrame, events: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """Every article with its source and number of event mentions (0 included)."""
    counts = events.group_by("article_id").len("events")
    sources = documents.select("doc_id", pl.col("source_path").map_elements(source_of, return_dtype=pl.Utf8).alias("source"))
    return (articles.select("article_id", "doc_id").join(sources, on="doc_id", how="left")
            .join(counts, on="article_id", how="left").with_columns(pl.col("events").fill_null(0)))


def distribution_rows(frame: pl.DataFrame, value: str, by: str | None = None) -> list[list]:
    groups = [("all", frame)] if by is None else [(k[0], g) for k, g in sorted(frame.group_by(by), key=lambda kg: str(kg[0][0]))]
    rows = []
    for label, g in groups:
        s = g[value]
        rows.append([label, g.height, int(s.sum()), float(s.mean()), *[int(s.quantile(q, "nearest")) for q in QUANTILES],
                     int(s.max()), float((s == 0).mean())])
    return rows


def report(events: pl.DataFrame, articles: pl.DataFrame, documents: pl.DataFrame, gold: dict | None,
           flow_seconds: float | None, cluster_seconds: float, copies: int, copies_seconds: float) -> str:
    arts = per_article(articles, events, documents)
    q = [f"p{int(x * 100)}" for x in QUANTILES]
    dist_head = ["", "articles", "events", "mean", *q, "max", "share with none"]
    parts = []
    if gold is not None:
        parts.append("## Gold (../shared/eval/gold, score.py)\n\n" + _table(
            ["score", "tp", "fp", "fn", "P", "R", "F1"],
            [[name, s["tp"], s["fp"], s["fn"], s["p"], s["r"], s["f1"]] for name, s in gold.items()]))
    parts.append("## Events per article\n\n" + _table(dist_head, distribution_rows(arts, "events")))
    parts.append("### per source\n\n" + _table(["source", *dist_head[1:]], distribution_rows(arts, "events", "source")))
    n_articles = arts.height
    by_type = events.group_by("event_type").agg(
        pl.len().alias("mentions"), pl.col("event_cluster_id").n_unique().alias("clusters"),
        pl.col("article_id").n_unique().alias("articles"), pl.col("confidence").mean().alias("mean confidence"),
        (pl.col("modality") == "asserted").mean().alias("asserted"),
        (pl.col("event_date").is_not_null()).mean().alias("dated"),
        (pl.col("actors").list.len() >= 2).mean().alias("2+ actors"),
    ).sort("mentions", descending=True)
    parts.append("## Per type\n\nmentions; distinct clusters; articles with one; per 100 articles; shares of mentions.\n\n" + _table(
        ["type", "mentions", "clusters", "articles", "per 100 articles", "mean confidence", "asserted", "dated", "2+ actors"],
        [[r["event_type"], r["mentions"], r["clusters"], r["articles"], round(100 * r["mentions"] / n_articles, 1),
          r["mean confidence"], r["asserted"], r["dated"], r["2+ actors"]] for r in by_type.iter_rows(named=True)]))
    with_source = events.join(arts.select("article_id", "source"), on="article_id", how="left")
    modality = with_source.group_by("source", "modality").len().pivot("modality", index="source", values="len").fill_null(0)
    modes = [m for m in ("asserted", "reported", "future", "hypothetical", "negated") if m in modality.columns]
    total = events.group_by("modality").len()
    mod_rows = [[r["source"], *[r[m] for m in modes]] for r in modality.sort("source").iter_rows(named=True)]
    mod_rows.append(["all", *[int(total.filter(pl.col("modality") == m)["len"].sum()) for m in modes]])
    parts.append("## Modality (mentions)\n\n" + _table(["source", *modes], mod_rows))
    clusters = events.group_by("event_cluster_id").agg(pl.len().alias("mentions"), pl.col("cluster_sources").first().alias("sources"),
                                                      pl.col("article_id").n_unique().alias("articles"))
    size_rows = []
    for col in ("mentions", "articles", "sources"):
        s = clusters[col]
        size_rows.append([col, float(s.mean()), *[int(s.quantile(x, "nearest")) for x in QUANTILES], int(s.max()),
                          float((s > 1).mean())])
    parts.append(f"## Clusters\n\n{clusters.height:,} clusters for {events.height:,} mentions "
                 f"(assign_clusters over the run's events: {cluster_seconds:.2f} s; over {copies} copies of them as distinct "
                 f"documents, {copies * events.height:,} mentions: {copies_seconds:.2f} s).\n\n"
                 + _table(["per cluster", "mean", *q, "max", "share > 1"], size_rows))
    timing = f" Flow over the corpus: {flow_seconds:.0f} s." if flow_seconds is not None else ""
    header = (f"# Events benchmark\n\nMachine: {machine()}.{timing}\n"
              f"Corpus: all of ../shared/corpus via `bench.corpus` ({documents.height:,} documents, {n_articles:,} articles, "
              f"{events.height:,} event mentions). Rerun: `.venv/bin/python -m bench events`.\n"
              "Hand judgements of sampled events: [events-sample.md](events-sample.md) (independent reviewer) and "
              "[events-precision.md](events-precision.md) (precision rounds).\n")
    return header + "\n" + "\n\n".join(parts) + "\n"


def copies_of(events: pl.DataFrame, copies: int) -> pl.DataFrame:
    """The run's events as if `copies` distinct copies of every document had been processed."""
    ids = ("event_id", "doc_id", "article_id")
    return pl.concat([events] + [events.with_columns(pl.col(c) + f"-copy{k}" for c in ids) for k in range(1, copies)])


def sample(events: pl.DataFrame, documents: pl.DataFrame, n: int, seed: int) -> str:
    """A seeded random sample, ordered by event_id so that the file is stable for one output."""
    paths = dict(documents.select("doc_id", "source_path").iter_rows())
    picked = events.sort("event_id").sample(n=min(n, events.height), seed=seed).sort("event_id")
    rows = []
    for i, r in enumerate(picked.iter_rows(named=True), 1):
        date = f"{r['event_date']} ({r['date_granularity']})" if r["event_date"] else ""
        location = f"{r['location']} ({r['location_country'] or '?'})" if r["location"] else ""
        evidence = r["evidence"].replace(r["surface"], f"**{r['surface']}**", 1)
        rows.append([i, r["event_type"], r["surface"], "; ".join(r["actors"]), " ".join(r["actor_countries"]), location,
                     date, r["modality"], evidence, source_of(paths.get(r["doc_id"], "")), ""])
    return (f"# Events: random sample for a hand review\n\n{len(rows)} event mentions drawn with seed {seed} from the "
            f"corpus run of `python -m bench events` ({events.height:,} mentions), {datetime.now(timezone.utc):%Y-%m-%d}. "
            "The trigger is bold in the evidence sentence.\n\n"
            "Judge each row as a reviewer who did not write the rules: **correct** when the sentence states an event "
            "of that type and the actors take part in it (country codes, location, date and modality are judged "
            "in the same cell as notes: `correct; date wrong`), else **wrong** with the reason. "
            "Precision = correct / judged.\n\n"
            + _table(["#", "type", "trigger", "actors", "countries", "location", "date", "modality", "evidence", "source",
                      "judgement"], rows) + "\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench events", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-output", type=Path, default=DEFAULT_OUTPUT, help="flow output over the corpus")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the corpus and rerun the flow")
    parser.add_argument("--no-gold", action="store_true", help="skip the gold run")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--cluster-copies", type=int, default=20, help="time assign_clusters over this many copies")
    parser.add_argument("--docs", type=Path, default=DOCS)
    args = parser.parse_args(argv)
    from stages.extract.clusters import assign_clusters  # the gazetteer loads on import: only when running

    flow_seconds = corpus_output(args.corpus_output, args.rebuild)
    events, articles, documents = (_read(args.corpus_output, n) for n in ("events", "articles", "documents"))
    documents = documents.filter(pl.col("status") == "ok")
    started = time.perf_counter()
    assign_clusters(events)
    cluster_seconds = time.perf_counter() - started
    many = copies_of(events, args.cluster_copies)
    started = time.perf_counter()
    assign_clusters(many)
    copies_seconds = time.perf_counter() - started
    del many
    gold = None if args.no_gold else gold_scores(args.shared)
    text = report(events, articles, documents, gold, flow_seconds, cluster_seconds, args.cluster_copies, copies_seconds)
    print(text)
    args.docs.mkdir(parents=True, exist_ok=True)
    sample_path = args.docs / f"events-sample-seed{args.seed}.md"
    (args.docs / "events.md").write_text(text, encoding="utf-8")
    sample_path.write_text(sample(events, documents, args.sample, args.seed), encoding="utf-8")
    print(f"wrote {args.docs / 'events.md'} and {sample_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
