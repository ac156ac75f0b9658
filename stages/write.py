"""Write: Parquet datasets under a staging folder, then publish them at once.

Each batch writes its own files (`<dataset>/month=YYYY-MM/part-<batch>.parquet`,
zstd), so memory stays bounded by the batch. Nothing is visible under the
output root until `publish` swaps each finished dataset in by renaming folders,
under a journal that lets the next run finish a swap a killed run began.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from schemas import DATASETS, empty_frame
from stages.lock import LOCK, OutputBusy, exclusive  # noqa: F401  (re-exported: the output root's lock)

PARTITION = "month"
COMPRESSION = "zstd"


def write_batch(staging: Path, part: str, frames: dict[str, pl.DataFrame]) -> None:
    """One Parquet file per dataset and month for this batch's rows."""
    for name, frame in frames.items():
        for (month,), rows in frame.partition_by(PARTITION, as_dict=True, include_key=False).items():
            folder = staging / name / f"{PARTITION}={month}"
            folder.mkdir(parents=True, exist_ok=True)
            rows.write_parquet(folder / f"part-{part}.parquet", compression=COMPRESSION, statistics=True)


def scan_dataset(root: Path, name: str) -> pl.LazyFrame:
    """One dataset under `root` as a lazy frame with its schema's columns, for queries that need not load it."""
    folder = root / name
    if not any(folder.glob("*/*.parquet")):
        return empty_frame(DATASETS[name]).lazy()
    frame = pl.scan_parquet(folder / "**" / "*.parquet", hive_partitioning=True)
    return frame.select(empty_frame(DATASETS[name]).columns)


def read_dataset(root: Path, name: str) -> pl.DataFrame:
    """Every row of one dataset under `root`, typed by its schema."""
    return scan_dataset(root, name).collect()


def replace_dataset(staging: Path, name: str, frame: pl.DataFrame, part: str = "all") -> None:
    """Rewrite one staged dataset whole (for steps that need every row, like event clustering)."""
    shutil.rmtree(staging / name, ignore_errors=True)
    write_batch(staging, part, {name: frame})


def rewrite_dataset(staging: Path, name: str, update: Callable[[pl.DataFrame], tuple[pl.DataFrame, pl.DataFrame]],
                    chunk_rows: int = 5_000, months: list[str] | None = None) -> pl.DataFrame:
    """Rewrite a staged dataset a chunk at a time; returns the quarantine rows `update` set aside.

    Month by month, files are read until about `chunk_rows` rows are in hand; `update` maps those rows (with
    their `month`) to (rows to keep, quarantine rows); the kept rows are written as one new file and the files
    they came from are removed (in staging only: a carried-over file is a hard link, so the published one stays).
    Memory is bounded by the chunk, not the dataset. `months` limits it to those partitions."""
    columns = empty_frame(DATASETS[name]).columns
    quarantined = [empty_frame(DATASETS["quarantine"])]
    written = 0
    for folder in sorted((staging / name).glob(f"{PARTITION}=*")):
        month = folder.name.split("=", 1)[1]
        if months is not None and month not in months:
            continue
        files = sorted(folder.glob("*.parquet"))
        chunk: list[pl.DataFrame] = []
        done: list[Path] = []
        for position, path in enumerate(files):
            chunk.append(pl.read_parquet(path))
            done.append(path)
            if sum(f.height for f in chunk) < chunk_rows and position + 1 < len(files):
                continue
            rows = pl.concat(chunk, how="vertical_relaxed").with_columns(pl.lit(month).alias(PARTITION)).select(columns)
            kept, bad = update(rows)
            quarantined.append(bad)
            while (target := folder / f"part-rewritten-{written:05d}.parquet").exists():  # a rewrite run again
                written += 1  # (a retried task) must not overwrite a file it has not read yet
            kept.drop(PARTITION).write_parquet(target.with_suffix(".tmp"), compression=COMPRESSION, statistics=True)
            for source in done:
                source.unlink()
            target.with_suffix(".tmp").rename(target)
            written += 1
            chunk, done = [], []
    return pl.concat(quarantined, how="vertical_relaxed")


def ensure_all(staging: Path) -> None:
    """Give every dataset at least one file, so that readers see its columns even when it has no rows."""
    for name, model in DATASETS.items():
        if not any((staging / name).glob("*/*.parquet")):
            folder = staging / name / f"{PARTITION}=unknown"
            folder.mkdir(parents=True, exist_ok=True)
            empty_frame(model).drop(PARTITION).write_parquet(folder / "part-empty.parquet", compression=COMPRESSION)


REPORTS = ("run_report.md", "run_report.json")
STATE = ".state.json"  # what the next run needs to know to be incremental (stages/incremental.py)
SCAN = ".scan.parquet"  # what the last scan found in each input file, by size, mtime and ctime (stages/incremental.py)
JOURNAL = ".publishing"


def publish(staging: Path, output: Path) -> None:
    """Swap every staged dataset and report in place of the published ones.

    A journal names the staging folder first, so a run killed half-way through
    the swap is finished by `recover` at the start of the next run: readers see
    either the old or the new version of each dataset, never a half-written one."""
    _write_atomic(output / JOURNAL, staging.name)
    _complete(output)


def recover(output: Path) -> None:
    """Finish a publish a killed run began; drop the staging folders of killed runs."""
    if (output / JOURNAL).exists():
        _complete(output)
    for leftover in list(output.glob(".staging-*")):
        shutil.rmtree(leftover, ignore_errors=True)


def _complete(output: Path) -> None:
    journal = output / JOURNAL
    staging = output / journal.read_text(encoding="utf-8").strip()
    trash = staging.with_name(staging.name + ".old")
    trash.mkdir(parents=True, exist_ok=True)
    for name in [*DATASETS, *REPORTS, SCAN, STATE]:
        if not (staging / name).exists():
            continue  # moved before the kill
        target = output / name
        if target.exists():
            target.rename(trash / f"{name}.{time.time_ns()}")
        (staging / name).rename(target)
    journal.unlink()
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
