"""Report: what a run did, counted from the datasets it wrote."""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from stages.write import scan_dataset


def summarize(root: Path, seconds: Mapping[str, float], wall_seconds: float, processed: int,
              phases: Mapping[str, float] | None = None) -> dict:
    """Counts a person checks after a run: inputs in and out, figures by kind, events by type, quarantine reasons.

    Computed with lazy scans on the streaming engine, so a large output is counted without being loaded."""
    def rows(name: str) -> int:
        return scan_dataset(root, name).select(pl.len()).collect().item()

    return {
        "documents": rows("documents"),
        "documents_processed": processed,
        "documents_by_status": _counts(root, "documents", pl.col("status")),
        "articles": rows("articles"),
        "sentences": rows("sentences"),
        "figures": rows("metrics"),
        "figures_by_kind": _counts(root, "metrics", pl.col("kind")),
        "events": rows("events"),
        "event_clusters": scan_dataset(root, "events").select(pl.col("event_cluster_id").n_unique()).collect(engine="streaming").item(),
        "events_by_type": _counts(root, "events", pl.col("event_type")),
        "quarantined": rows("quarantine"),
        "quarantine_by_reason": _counts(root, "quarantine", pl.col("reason").str.slice(0, 90)),
        "articles_by_outlet": _counts(root, "articles", pl.col("outlet").fill_null("(none)"), top=15),
        "top_measures": _counts(root, "metrics", pl.col("measure"), top=15),
        "cpu_seconds_by_stage": {k: round(v, 3) for k, v in sorted(seconds.items())},
        "phase_seconds": {k: round(v, 3) for k, v in (phases or {}).items()},
        "seconds": round(wall_seconds, 3),
    }


def carried(output: Path, wall_seconds: float, phases: Mapping[str, float] | None = None) -> dict | None:
    """The published report with nothing processed, for a run that found its inputs unchanged (counts as before);
    None when there is no readable report to carry."""
    try:
        previous = json.loads((output / "run_report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {**previous, "documents_processed": 0, "cpu_seconds_by_stage": {},
            "phase_seconds": {k: round(v, 3) for k, v in (phases or {}).items()}, "seconds": round(wall_seconds, 3)}


def write(root: Path, summary: Mapping) -> str:
    """`run_report.md` and `run_report.json` under `root`, each replaced at once; returns the Markdown."""
    markdown = to_markdown(summary)
    for name, text in (("run_report.md", markdown), ("run_report.json", json.dumps(summary, indent=2))):
        temporary = root / f".{name}.tmp"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, root / name)
    return markdown


def _counts(root: Path, name: str, key: pl.Expr, top: int | None = None) -> dict[str, int]:
    counted = (scan_dataset(root, name).select(key.alias("key")).drop_nulls().group_by("key").len()
               .sort(["len", "key"], descending=[True, False]))
    if top:
        counted = counted.head(top)
    return {str(k): int(n) for k, n in counted.collect(engine="streaming").iter_rows()}


def to_markdown(summary: Mapping) -> str:
    """The run report as Markdown: one table per breakdown."""
    lines = ["# Run report", "", "| | count |", "|---|---|"]
    for key in ("documents", "documents_processed", "articles", "sentences", "figures", "events", "event_clusters", "quarantined"):
        lines.append(f"| {key} | {summary[key]:,} |")
    lines.append(f"| seconds | {summary['seconds']} |")
    for key in ("documents_by_status", "figures_by_kind", "events_by_type", "quarantine_by_reason",
                "articles_by_outlet", "top_measures", "cpu_seconds_by_stage", "phase_seconds"):
        if summary.get(key):
            lines += ["", f"## {key.replace('_', ' ')}", "", "| | |", "|---|---|"]
            lines += [f"| {k.replace('|', '/')} | {v} |" for k, v in summary[key].items()]
    return "\n".join(lines) + "\n"
