"""Write: Parquet datasets under a staging folder, then publish them at once.

Each batch writes its own files (`<dataset>/month=YYYY-MM/part-<batch>.parquet`,
zstd), so memory stays bounded by the batch. Nothing is visible under the
output root until `publish` swaps each finished dataset in by renaming folders,
under a journal that lets the next run finish a swap a killed run began.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from schemas import DATASETS, empty_frame

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


def ensure_all(staging: Path) -> None:
    """Give every dataset at least one file, so that readers see its columns even when it has no rows."""
    for name, model in DATASETS.items():
        if not any((staging / name).glob("*/*.parquet")):
            folder = staging / name / f"{PARTITION}=unknown"
            folder.mkdir(parents=True, exist_ok=True)
            empty_frame(model).drop(PARTITION).write_parquet(folder / "part-empty.parquet", compression=COMPRESSION)


REPORTS = ("run_report.md", "run_report.json")
STATE = ".state.json"  # what the next run needs to know to be incremental (stages/incremental.py)
JOURNAL = ".publishing"
LOCK = ".lock"


class OutputBusy(RuntimeError):
    """Another run holds the output root."""


@contextmanager
def exclusive(output: Path) -> Iterator[None]:
    """Hold the output root for one run; a second run stops at once with who holds it.

    An OS lock (flock) is released by the kernel when its process dies, so a
    killed run never leaves the output locked."""
    output.mkdir(parents=True, exist_ok=True)
    with open(output / LOCK, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise OutputBusy(f"{output} is being written by {holder}; wait for that run to finish or pass another --output") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"run pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


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
    for name in [*DATASETS, *REPORTS, STATE]:
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
