"""Write: Parquet datasets under a staging folder, then publish them at once.

Each batch writes its own files (`<dataset>/month=YYYY-MM/part-<batch>.parquet`,
zstd), so memory stays bounded by the batch. Nothing is visible under the
output root until `publish` swaps each finished dataset in, under a journal that
lets the next run finish a swap a killed run began.

On Linux each dataset folder is swapped with the published one in a single
renameat2(RENAME_EXCHANGE), so a reader of `<output>/<dataset>` always finds it.
Where that is unavailable (another OS, a kernel before 3.15 or glibc before 2.28,
a filesystem that refuses it) the old folder is renamed aside and the new one in:
between the two renames, and after a kill there until the next run's `recover`,
the dataset folder is missing. Files (reports, state, scan) are replaced with
os.replace, which is atomic everywhere.
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
from collections.abc import Callable
from functools import cache, partial
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
PUBLISHED = (*DATASETS, *REPORTS, SCAN, STATE)  # in the order they are swapped in: the state last
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def publish(staging: Path, output: Path) -> None:
    """Swap every staged dataset and report in place of the published ones.

    The journal is written first, naming the staging folder and the inode of each staged entry, so that
    `recover` can finish the swap a killed run began: an entry is in place once its published name holds that
    inode. Readers see either the old or the new version of each dataset, never a half-written one, and (with
    the exchange, see above) never a missing one."""
    _journal(staging, output)
    _complete(output)


def recover(output: Path) -> None:
    """Finish a publish a killed run began; drop the staging folders of killed runs."""
    if (output / JOURNAL).exists():
        _upgrade_journal(output)
        _complete(output)
    for leftover in list(output.glob(".staging-*")):
        shutil.rmtree(leftover, ignore_errors=True)


def _journal(staging: Path, output: Path) -> None:
    """Record what is to be swapped in, before anything is: the inodes let a rerun tell a swapped entry from
    one that was not (after an exchange the staged name holds the old version)."""
    inodes = {name: (staging / name).stat().st_ino for name in PUBLISHED if (staging / name).exists()}
    _write_atomic(output / JOURNAL, json.dumps({"staging": staging.name, "inodes": inodes}))


def _upgrade_journal(output: Path) -> None:
    """Rewrite a journal of the code before the exchange, which named only the staging folder: that code left
    in staging only the entries it had not moved in yet, so their inodes now are what is to be swapped in."""
    text = (output / JOURNAL).read_text(encoding="utf-8")
    if not text.startswith("{"):
        _journal(output / text.strip(), output)


def _complete(output: Path) -> None:
    for step in _steps(output):
        step()


def _steps(output: Path) -> list[Callable[[], None]]:
    """The rest of the publish the journal describes, at most one rename a step; each step does nothing when
    already done, so the plan can be run again from the start after a kill at any point (recovery's own included)."""
    journal = json.loads((output / JOURNAL).read_text(encoding="utf-8"))
    staging = output / journal["staging"]
    steps: list[Callable[[], None]] = []
    for name, inode in journal["inodes"].items():
        steps += [partial(_make_way, staging / name, output / name, inode),
                  partial(_move_in, staging / name, output / name, inode, output / JOURNAL)]
    return [*steps, partial((output / JOURNAL).unlink, missing_ok=True), partial(shutil.rmtree, staging, ignore_errors=True)]


def _make_way(new: Path, target: Path, inode: int) -> None:
    """Exchange a staged folder with the published one in one rename, so the published name never goes missing
    (the old folder lands in staging and goes with it); where the system cannot, move the old folder aside
    into staging, leaving the name missing until `_move_in`."""
    if new.is_dir() and _inode(target) not in (inode, None) and not _exchange(new, target):
        target.rename(new.with_name(new.name + ".old"))


def _move_in(new: Path, target: Path, inode: int, journal: Path) -> None:
    """Rename the staged entry to its published name unless it is there already (a file replaces the old one)."""
    if _inode(target) == inode:
        return
    if _inode(new) != inode:
        raise RuntimeError(f"{journal} says {target.name} is to be replaced by inode {inode}, but neither {new} nor "
                           f"{target} is that entry: check {target}, then delete {journal} and run again")
    os.replace(new, target)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically (Linux renameat2 RENAME_EXCHANGE, since 3.15 and glibc 2.28); False
    where the system or the filesystem cannot (other OS, older kernel or libc, EINVAL/ENOSYS/EOPNOTSUPP)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        function.restype = ctypes.c_int
    return function


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
