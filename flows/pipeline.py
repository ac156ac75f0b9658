"""The Prefect flow: scan the inputs, process them in mapped batches, cluster
events over the run, then publish every dataset and the run report at once.

Only wiring lives here; every step is a function of `stages/`.
"""
from __future__ import annotations

import json
import resource
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

from stages import incremental, report, write
from stages.extract import clusters
from stages.ingest import Limits
from stages.validate import quarantine_frame, validate

# The extraction stages (lexicons, gazetteer: about 2 s of imports and tens of MB) are imported by the tasks that
# use them, so that with a Dask runner only the workers load them, not the flow process.

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUTPUT = Path("data/processed")


@dataclass
class BatchSummary:
    rows: dict[str, int]
    seconds: dict[str, float]


@task(name="scan-inputs", cache_policy=NO_CACHE)
def scan_inputs(input_root: Path, output_root: Path, staging: Path, run_id: str, limits: Limits, version: str,
                full_refresh: bool) -> tuple[incremental.Staged, bool]:
    """Every document with its content hash (files unchanged since the last run are not read again), later copies
    of one content pointing at the first; what to process; True when the output already holds exactly what this
    run would publish. Otherwise the staging folder is started: the rejected inputs, the kept rows, and the
    documents to process in `_todo.parquet`, which the batches read (only counts come back here)."""
    found = incremental.scan(input_root, output_root, limits, version, full_refresh)
    todo = incremental.plan(output_root, found.refs, found.duplicates, version, full_refresh)
    logger = get_run_logger()
    logger.info("scanned %s: %d documents (%d duplicates), %d inputs rejected, %d files unchanged since the last scan",
                input_root, len(found.refs), len(found.duplicates), len(found.rejected), found.cache.reused)
    logger.info("incremental: %d documents to process, %d kept, %d dropped", len(todo.todo), len(todo.kept), len(todo.dropped))
    if not full_refresh and incremental.unchanged(output_root, found, todo, version):
        return incremental.summary(found, todo), True
    staging.mkdir(parents=True)
    write.write_batch(staging, "scan", {"quarantine": quarantine_frame(found.rejected, run_id)})
    incremental.carry_over(output_root, staging, todo)
    return incremental.stage(staging, found, todo), False


@task(name="process-batch", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=1)
def run_batch(part: str, start: int, stop: int, input_root: Path, staging: Path, run_id: str,
              reference_time: datetime | None, limits: Limits) -> BatchSummary:
    """ingest → clean → segment → extract → validate → write for documents `start` to `stop` of the run, on the
    runner: the worker reads its slice of `_todo.parquet` and the inputs itself and writes staged Parquet; only
    the counts come back."""
    from stages.process import process_batch

    refs, duplicates = incremental.todo_slice(staging, start, stop)
    result = process_batch(input_root, refs, run_id, reference_time, limits, duplicates)
    clock = result.clock
    with clock("validate"):
        frames = result.take_frames()
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
def cluster_events(staging: Path, part: int, parts: int) -> tuple[int, int]:
    """Mentions of one event across the whole run share a cluster id: part `part` of `parts` sets of event types
    (clusters never span types), clustered on the runner in bounded memory; the ids are spilled beside the datasets."""
    types = clusters.split_types(staging, parts)
    return clusters.cluster_part(staging, part, types[part]) if part < len(types) else (0, 0)


@task(name="label-events", cache_policy=NO_CACHE)
def label_events(staging: Path, months: list[str], run_id: str) -> pl.DataFrame:
    """The spilled cluster ids written into the staged events of `months`; returns the rows set aside."""
    return clusters.label_months(staging, months, run_id)


@task(name="summarize", cache_policy=NO_CACHE)
def summarize(staging: Path, seconds: dict[str, float], wall: float, processed: int, phases: dict[str, float]) -> dict:
    """The run report's counts, on the runner: the flow process never reads the datasets."""
    write.ensure_all(staging)
    summary = report.summarize(staging, seconds, wall, processed, phases)
    report.write(staging, summary)
    return summary


@task(name="publish", cache_policy=NO_CACHE)
def publish(staging: Path, output_root: Path, summary: dict) -> dict:
    write.publish(staging, output_root)
    get_run_logger().info("published to %s: %s; CPU seconds by stage %s", output_root,
                          json.dumps({k: summary[k] for k in ("documents", "articles", "figures", "events", "quarantined")}),
                          json.dumps(summary["cpu_seconds_by_stage"]))
    create_markdown_artifact(report.to_markdown(summary), key="run-report", description="What this run read, wrote and quarantined.")
    return summary


@task(name="report-unchanged", cache_policy=NO_CACHE)
def report_unchanged(output_root: Path, wall: float, phases: dict[str, float]) -> dict:
    """Nothing changed: the published datasets stay as they are; a new run report says so."""
    summary = report.carried(output_root, wall, phases) or report.summarize(output_root, {}, wall, 0, phases)
    markdown = report.write(output_root, summary)
    get_run_logger().info("inputs unchanged since the last run: nothing processed, nothing published")
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
    phases: dict[str, float] = {}
    mark = [started]

    def phase(name: str) -> None:
        now = time.perf_counter()
        phases[name] = phases.get(name, 0.0) + now - mark[0]
        mark[0] = now
        logger.info("after %s: %.1f s, flow process peak RSS %.0f MB", name, phases[name],
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    version = incremental.run_version(limits, reference_time)
    if not full_refresh and incremental.unchanged_files(input_root, output_root, limits, version):
        phase("check")  # every input file as the last run left it: no task runner work (a Dask cluster is only
        return report_unchanged(output_root, time.perf_counter() - started, phases)  # started by the first submit)
    _workers()  # a local Dask cluster starts at the first use of its client: now, so that its start-up is a phase apart
    phase("workers")
    # On the runner: the scan's list of documents would be the only thing in the flow process growing with the corpus.
    staged, unchanged = scan_inputs.submit(input_root, output_root, staging, run_id, limits, version, full_refresh).result()
    phase("scan")
    if unchanged:  # e.g. files touched without changing: nothing staged, nothing to publish
        return report_unchanged(output_root, time.perf_counter() - started, phases)

    ranges = _batches(staged.todo, batch_size)
    futures = run_batch.map([f"{n:05d}" for n in range(len(ranges))], [a for a, _ in ranges], [b for _, b in ranges],
                            unmapped(input_root), unmapped(staging), unmapped(run_id), unmapped(reference_time),
                            unmapped(limits))
    seconds: dict[str, float] = defaultdict(float)
    with _progress(show_progress, staged.todo) as advance:
        for future in as_completed(futures):
            summary = future.result()
            for stage, spent in summary.seconds.items():
                seconds[stage] += spent
            advance(summary.rows.get("documents", 0))
    phase("process")
    _cluster(staging, run_id)
    phase("cluster")
    incremental.save_state(staging, version, run_id, staged.rejected_digest)
    summary = summarize.submit(staging, dict(seconds), time.perf_counter() - started, staged.todo, phases).result()
    result = publish(staging, output_root, summary)
    phase("publish")
    logger.info("phases (wall seconds): %s", json.dumps({k: round(v, 2) for k, v in phases.items()}))
    return result


def _cluster(staging: Path, run_id: str) -> None:
    """Event clustering over the run on the runner, one task per worker side by side: types, then months."""
    parts = _workers()
    found = [f.result() for f in cluster_events.map(unmapped(staging), list(range(parts)), unmapped(parts))]
    # Split once, before any task rewrites a month: the split reads file sizes, which the labelling changes.
    months = clusters.split_months(staging, parts)
    bad = [f.result() for f in label_events.map(unmapped(staging), months, unmapped(run_id))]
    clusters.finish(staging, bad)
    get_run_logger().info("%d event mentions in %d clusters", sum(m for m, _ in found), sum(c for _, c in found))


def _workers() -> int:
    """How many tasks the task runner runs at once: the Dask cluster's workers (a local cluster starts here if it has
    not yet), else 2."""
    from prefect.context import FlowRunContext

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    client = getattr(runner, "client", None)  # the Dask runner's client property starts or connects to its cluster
    try:
        return max(1, len(client.scheduler_info()["workers"])) if client is not None else 2
    except Exception:  # no scheduler to ask: a reasonable default
        return 2


def _batches(total: int, size: int) -> list[tuple[int, int]]:
    """(start, stop) of batches of `size` documents, shrinking towards the end (a quarter of what is left, down to
    an eighth of `size`) so that the workers finish together instead of one working through a full last batch alone."""
    batches, start = [], 0
    smallest = max(1, size // 8)
    while start < total:
        take = min(size, max(smallest, (total - start) // 4))
        batches.append((start, start + take))
        start += take
    return batches


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
