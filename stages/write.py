"""Write: Parquet datasets under a staging folder, then publish them at once.

Each batch writes its own files (`<dataset>/month=YYYY-MM/part-<batch>.parquet`,
zstd), so memory stays bounded by the batch. Nothing is visible under the
output root until `publish` swaps each finished dataset in by renaming folders.
"""
from __future__ import annotations

import shutil
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


def read_dataset(root: Path, name: str) -> pl.DataFrame:
    """Every row of one dataset under `root`, typed by its schema."""
    folder = root / name
    if not any(folder.glob("*/*.parquet")):
        return empty_frame(DATASETS[name])
    frame = pl.read_parquet(folder / "**" / "*.parquet", hive_partitioning=True)
    return frame.select(empty_frame(DATASETS[name]).columns)


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


def publish(staging: Path, output: Path) -> None:
    """Swap each staged dataset in place of the published one; the old copy is removed afterwards."""
    output.mkdir(parents=True, exist_ok=True)
    trash = staging.with_name(staging.name + ".old")
    trash.mkdir(parents=True, exist_ok=True)
    for name in DATASETS:
        target = output / name
        if target.exists():
            target.rename(trash / name)
        (staging / name).rename(target)
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
