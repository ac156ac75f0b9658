"""Report: what a run did, counted from the datasets it wrote."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from stages.write import read_dataset


def summarize(root: Path, seconds: Mapping[str, float], wall_seconds: float) -> dict:
    """Counts a person checks after a run: inputs in and out, figures by kind, events by type, quarantine reasons."""
    docs = read_dataset(root, "documents")
    quarantine = read_dataset(root, "quarantine")
    metrics = read_dataset(root, "metrics")
    events = read_dataset(root, "events")
    articles = read_dataset(root, "articles")
    return {
        "documents": docs.height,
        "documents_by_status": _counts(docs, "status"),
        "articles": articles.height,
        "sentences": read_dataset(root, "sentences").height,
        "figures": metrics.height,
        "figures_by_kind": _counts(metrics, "kind"),
        "events": events.height,
        "event_clusters": events["event_cluster_id"].n_unique(),
        "events_by_type": _counts(events, "event_type"),
        "quarantined": quarantine.height,
        "quarantine_by_reason": _counts(quarantine.with_columns(pl.col("reason").str.slice(0, 90)), "reason"),
        "articles_by_outlet": _counts(articles.with_columns(pl.col("outlet").fill_null("(none)")), "outlet", top=15),
        "top_measures": _counts(metrics.drop_nulls("measure"), "measure", top=15),
        "seconds_by_stage": {k: round(v, 3) for k, v in sorted(seconds.items())},
        "seconds": round(wall_seconds, 3),
    }


def _counts(frame: pl.DataFrame, column: str, top: int | None = None) -> dict[str, int]:
    if frame.is_empty():
        return {}
    counted = frame.group_by(column).len().sort(["len", column], descending=[True, False])
    if top:
        counted = counted.head(top)
    return {str(k): int(n) for k, n in counted.iter_rows()}


def to_markdown(summary: Mapping) -> str:
    """The run report as Markdown: one table per breakdown."""
    lines = ["# Run report", "", "| | count |", "|---|---|"]
    for key in ("documents", "articles", "sentences", "figures", "events", "event_clusters", "quarantined"):
        lines.append(f"| {key} | {summary[key]:,} |")
    lines.append(f"| seconds | {summary['seconds']} |")
    for key in ("documents_by_status", "figures_by_kind", "events_by_type", "quarantine_by_reason",
                "articles_by_outlet", "top_measures", "seconds_by_stage"):
        if summary.get(key):
            lines += ["", f"## {key.replace('_', ' ')}", "", "| | |", "|---|---|"]
            lines += [f"| {k.replace('|', '/')} | {v} |" for k, v in summary[key].items()]
    return "\n".join(lines) + "\n"
