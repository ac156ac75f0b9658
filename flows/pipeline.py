"""The Prefect flow: scan the inputs, process them in mapped batches, cluster
events over the run, then publish every dataset and the run report at once.

Only wiring lives here; every step is a function of `stages/`.
"""
from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from stages import incremental, ingest, report, write
from stages.extract.clusters import assign_clusters
from stages.ingest import DocRef, Limits
from stages.process import process_batch
from stages.validate import quarantine_frame, validate

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUTPUT = Path("data/processed")


@dataclass
class BatchSummary:
    rows: dict[str, int]
    seconds: dict[str, float]


@task(name="scan-inputs", cache_policy=NO_CACHE)
def scan_inputs(input_root: Path, limits: Limits) -> tuple[list[DocRef], list[ingest.Rejected], dict[str, str]]:
    """Every document with its content hash; later copies of one content point at the first."""
    refs, rejected = ingest.scan(input_root, limits)
    return refs, rejected, ingest.duplicates(refs)


@task(name="carry-over", cache_policy=NO_CACHE)
def carry_over(output_root: Path, staging: Path, refs: list[DocRef], duplicates: dict[str, str], version: str,
               full_refresh: bool) -> list[DocRef]:
    """Keep the published rows of documents processed before by the same code; return the rest to process."""
    plan = incremental.plan(output_root, refs, duplicates, version, full_refresh)
    incremental.carry_over(output_root, staging, plan)
    get_run_logger().info("incremental: %d documents to process, %d kept, %d dropped", len(plan.todo), len(plan.kept), len(plan.dropped))
    return plan.todo


@task(name="process-batch", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=1)
def run_batch(part: str, refs: list[DocRef], input_root: Path, staging: Path, run_id: str,
              reference_time: datetime | None, limits: Limits, duplicates: dict[str, str]) -> BatchSummary:
    """ingest → clean → segment → extract → validate → write for one batch of documents."""
    result = process_batch(input_root, refs, run_id, reference_time, limits, duplicates)
    clock = result.clock
    with clock("validate"):
        frames = result.frames()
        quarantined = [quarantine_frame(result.rejected, run_id)]
        for name in list(frames):
            frames[name], bad = validate(name, frames[name], run_id)
            quarantined.append(bad)
        frames["quarantine"] = pl.concat(quarantined, how="vertical")
    with clock("write"):
        write.write_batch(staging, part, frames)
    summary = BatchSummary({name: frame.height for name, frame in frames.items()}, dict(clock.seconds))
    get_run_logger().info("batch %s: %s", part, json.dumps({"rows": summary.rows, "cpu_seconds": {k: round(v, 2) for k, v in summary.seconds.items()}}))
    return summary


@task(name="cluster-events", cache_policy=NO_CACHE)
def cluster_events(staging: Path, run_id: str) -> None:
    """Mentions of one event across the whole run share a cluster id."""
    events = write.read_dataset(staging, "events")
    if not events.is_empty():
        clustered, bad = validate("events", assign_clusters(events), run_id)
        write.replace_dataset(staging, "events", clustered)
        if not bad.is_empty():
            write.write_batch(staging, "clusters", {"quarantine": bad})
        get_run_logger().info("%d event mentions in %d clusters", clustered.height, clustered["event_cluster_id"].n_unique())


@task(name="publish", cache_policy=NO_CACHE)
def publish(staging: Path, output_root: Path, seconds: dict[str, float], wall: float, processed: int) -> dict:
    write.ensure_all(staging)
    summary = report.summarize(staging, seconds, wall, processed)
    markdown = report.to_markdown(summary)
    (staging / "run_report.md").write_text(markdown, encoding="utf-8")
    (staging / "run_report.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    write.publish(staging, output_root)
    get_run_logger().info("published to %s: %s; CPU seconds by stage %s", output_root,
                          json.dumps({k: summary[k] for k in ("documents", "articles", "figures", "events", "quarantined")}),
                          json.dumps(summary["cpu_seconds_by_stage"]))
    create_markdown_artifact(markdown, key="run-report", description="What this run read, wrote and quarantined.")
    return summary


@flow(name="news-datasets", log_prints=False)
def news_datasets(input_dir: str = str(DEFAULT_INPUT), output_dir: str = str(DEFAULT_OUTPUT),
                  reference_time: datetime | None = None, batch_size: int = 200, show_progress: bool = False,
                  max_file_bytes: int = Limits.max_file_bytes, max_records: int = Limits.max_records_per_file,
                  max_document_chars: int = Limits.max_document_chars,
                  max_article_chars: int = Limits.max_article_chars, full_refresh: bool = False) -> dict:
    """Raw news pages under `input_dir` in, validated Parquet datasets under `output_dir` out."""
    logger = get_run_logger()
    started = time.perf_counter()
    input_root, output_root = Path(input_dir).resolve(), Path(output_dir).resolve()
    if not input_root.is_dir():
        raise FileNotFoundError(f"input folder {input_root} does not exist: pass --input DIR")
    if reference_time is not None and reference_time.tzinfo is None:
        reference_time = reference_time.replace(tzinfo=timezone.utc)
    limits = Limits(max_file_bytes, max_records, max_document_chars, max_article_chars)
    run_id = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    with write.exclusive(output_root):
        write.recover(output_root)
        result = _run(input_root, output_root, output_root / f".staging-{run_id}", run_id, reference_time, limits,
                      batch_size, show_progress, full_refresh, started)
    logger.info("run %s done in %.1f s", run_id, result["seconds"])
    return {"run_id": run_id, **result}


def _run(input_root: Path, output_root: Path, staging: Path, run_id: str, reference_time: datetime | None,
         limits: Limits, batch_size: int, show_progress: bool, full_refresh: bool, started: float) -> dict:
    logger = get_run_logger()
    refs, rejected, duplicates = scan_inputs(input_root, limits)
    logger.info("scanned %s: %d documents (%d duplicates), %d inputs rejected", input_root, len(refs), len(duplicates), len(rejected))
    staging.mkdir(parents=True)
    write.write_batch(staging, "scan", {"quarantine": quarantine_frame(rejected, run_id)})
    version = incremental.code_version()
    refs = carry_over(output_root, staging, refs, duplicates, version, full_refresh)

    batches = [refs[i: i + batch_size] for i in range(0, len(refs), batch_size)]
    futures = run_batch.map([f"{n:05d}" for n in range(len(batches))], batches, unmapped(input_root), unmapped(staging),
                            unmapped(run_id), unmapped(reference_time), unmapped(limits), unmapped(duplicates))
    seconds: dict[str, float] = defaultdict(float)
    with _progress(show_progress, len(refs)) as advance:
        for future in as_completed(futures):
            summary = future.result()
            for stage, spent in summary.seconds.items():
                seconds[stage] += spent
            advance(summary.rows.get("documents", 0))
    cluster_events.submit(staging, run_id).result()  # on the runner: a Dask worker holds the run's events, not the flow
    incremental.save_state(staging, version, run_id)
    return publish(staging, output_root, dict(seconds), time.perf_counter() - started, len(refs))


class _progress:
    """A rich progress bar over documents when asked for; a no-op otherwise."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled, total

    def __enter__(self):
        if not self.enabled:
            return lambda n: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), transient=True)
        self.bar.start()
        job = self.bar.add_task("documents", total=self.total)
        return lambda n: self.bar.advance(job, n)

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()
