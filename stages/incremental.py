"""Incremental runs: which documents an output root already holds, so that only
new or changed inputs are processed again.

The state belongs to the output root: the published `documents` dataset says
which documents were processed, `.state.json` says by which code version. A
document is kept when the same source and content (its doc_id) was processed by
the same code and is still a duplicate of the same document, or still not one.
Documents whose input disappeared are dropped from every dataset: the outputs
always mirror the input folder. Any change to the stage code, the lexicons, the
schemas, the limits or the reference time makes the next run process
everything again.

Finding what changed is cheap: `.scan.parquet` keeps what the last scan found
in each file with the file's size, mtime and ctime, and a file whose
stamp matches is not read or hashed again (the content hash stays
the identity of a document; `--full-refresh` hashes everything). When nothing
changed at all (same documents, same rejected inputs, same version) there is
nothing to process, cluster or publish: `unchanged` says so and the caller
only writes a new run report.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from schemas import DATASETS
from stages import ingest
from stages.ingest import DocRef, Limits, Rejected, ScanCache
from stages.native import tree_digest
from stages.write import COMPRESSION, JOURNAL, PARTITION, SCAN, STATE, scan_dataset

_CODE_ROOTS = ("stages", "schemas")


@dataclass(frozen=True)
class Plan:
    """What this run processes and what it carries over from the published datasets."""

    todo: list[DocRef]
    kept: frozenset[str]      # doc_ids whose rows are carried over
    dropped: frozenset[str]   # previously published doc_ids whose rows go away

    @property
    def carries_everything(self) -> bool:
        return not self.dropped


def code_version() -> str:
    """Hash of the code and data that decide the rows: stage modules, lexicons, schemas."""
    return tree_digest(Path(__file__).resolve().parents[1], _CODE_ROOTS, (".py", ".json"))[:16]


def run_version(limits: Limits, reference_time: datetime | None = None, code: str | None = None) -> str:
    """The code version plus the run parameters that decide the rows: a change to any makes a full run."""
    when = reference_time.astimezone(timezone.utc).isoformat() if isinstance(reference_time, datetime) else ""
    digest = hashlib.sha256(f"{code or code_version()}\0{limits!r}\0{when}".encode())
    return digest.hexdigest()[:16]


@dataclass
class Scan:
    """One scan of the input root: its documents, rejected inputs and duplicates, and the scan cache to keep."""

    refs: list[DocRef]
    rejected: list[Rejected]
    duplicates: dict[str, str]
    cache: ScanCache


def scan(input_root: Path, output: Path, limits: Limits, version: str, full: bool = False) -> Scan:
    """`ingest.scan`, reusing the last published scan for files whose stamp (size, mtime, ctime) did not change."""
    cache = ScanCache(known={} if full else _load_scan_cache(output, version))
    refs, rejected = ingest.scan(input_root, limits, cache)
    return Scan(refs, rejected, ingest.duplicates(refs), cache)


def unchanged(output: Path, found: Scan, todo: Plan, version: str) -> bool:
    """True when the published output already is what this run would publish: same version, the same documents
    (none to process, none dropped) and the same rejected inputs, and no publish left half-done."""
    state = _state(output)
    return (state is not None and state.get("code_version") == version and not todo.todo and not todo.dropped
            and state.get("rejected") == _rejected_digest(found.rejected) and not (output / JOURNAL).exists())


def unchanged_files(input_root: Path, output: Path, limits: Limits, version: str) -> bool:
    """`unchanged` without scanning: every file the last scan took documents from is there with the same stamp
    (size, mtime, ctime), there is no other file with documents, and the rejected inputs are the same (those files are read
    again). Costs a directory walk and one small Parquet read, whatever the number of documents; False whenever
    in doubt (a full scan may still find nothing changed, e.g. for a touched file)."""
    state = _state(output)
    if (state is None or state.get("code_version") != version or (output / JOURNAL).exists()
            or not (output / "run_report.json").is_file()):
        return False
    stamps = _scan_stamps(output)
    if stamps is None:
        return False
    rejected: list[Rejected] = []
    seen = 0
    for path in ingest.walk(input_root, rejected):
        rel = path.relative_to(input_root).as_posix()
        if rel in stamps:
            if ingest.file_stamp(path.stat()) != stamps[rel]:
                return False
            seen += 1
            continue
        refs, bad = ingest.scan_file(input_root, path, limits)
        if refs:
            return False
        rejected.extend(bad)
    return seen == len(stamps) and state.get("rejected") == _rejected_digest(rejected)


def pending_bytes(input_root: Path, output: Path, version: str | None) -> int:
    """Bytes of the input files a run into `output` would read: those the last scan by the same `version` does not
    hold with the same stamp (every file when `version` is None, a full refresh). Sizes the work before doing any,
    for a stat per file: the CLI picks its task runner by it."""
    state = _state(output) if version is not None else None
    stamps = _scan_stamps(output) if state is not None and state.get("code_version") == version else None
    total = 0
    for path in ingest.walk(input_root, []):
        if path.name.lower().endswith(ingest.SIDECAR_SUFFIX):
            continue  # read with its document
        try:
            status = path.stat()
        except OSError:  # gone since the walk listed it: nothing to read
            continue
        if stamps is None or stamps.get(path.relative_to(input_root).as_posix()) != ingest.file_stamp(status):
            total += status.st_size
    return total


def _scan_stamps(output: Path) -> dict[str, ingest.Stamp] | None:
    """Each input file's stamp (size, mtime, ctime) as the last published scan saw it; None without a readable scan."""
    try:
        table = pl.read_parquet(output / SCAN, columns=["file", "size", "mtime_ns", "ctime_ns"]).unique()
    except (OSError, pl.exceptions.PolarsError):
        return None
    return {file: (size, mtime, ctime) for file, size, mtime, ctime in table.iter_rows()}


def plan(output: Path, refs: Sequence[DocRef], duplicates: Mapping[str, str], version: str, full: bool = False) -> Plan:
    """Split `refs` into documents to process and documents whose published rows stay."""
    previous = _previous_documents(output, version) if not full else None
    if previous is None:
        return Plan(list(refs), frozenset(), frozenset())
    before = dict(zip(previous["doc_id"], previous["duplicate_of"]))
    kept = frozenset(ref.doc_id for ref in refs if ref.doc_id in before and before[ref.doc_id] == duplicates.get(ref.doc_id))
    return Plan([ref for ref in refs if ref.doc_id not in kept], kept, frozenset(before) - kept)


def carry_over(output: Path, staging: Path, kept_plan: Plan) -> None:
    """Put the kept documents' published rows into the staging area.

    When nothing is dropped the published files are hard-linked as they are (no
    reading, no writing); otherwise each dataset is filtered to the kept doc_ids.
    Quarantine rows of whole inputs that have no doc_id are not carried: the
    scan of this run states them afresh."""
    if not kept_plan.kept:
        return
    kept = pl.Series("doc_id", sorted(kept_plan.kept), dtype=pl.String).implode()
    for name in DATASETS:
        if kept_plan.carries_everything and name != "quarantine":
            _link_tree(output / name, staging / name)
            continue
        for path, destination in _carried(output / name, staging / name):  # a file at a time: bounded memory
            rows = pl.read_parquet(path).filter(pl.col("doc_id").is_in(kept))
            if not rows.is_empty():
                destination.parent.mkdir(parents=True, exist_ok=True)
                rows.write_parquet(destination, compression=COMPRESSION, statistics=True)


TODO = "_todo.parquet"  # in the staging folder while a run processes: the documents to process, in order


@dataclass(frozen=True)
class Staged:
    """What a scan and plan left in the staging folder, as counts: the documents themselves are in `_todo.parquet`
    (batches read their slice of it), so the flow process holds nothing per document."""

    documents: int
    duplicates: int
    rejected: int
    reused_files: int
    todo: int
    kept: int
    dropped: int
    rejected_digest: str


def stage(staging: Path, found: Scan, todo: Plan) -> Staged:
    """Write the documents to process (with the document each duplicate stands for) to `_todo.parquet` and this
    scan's cache to `.scan.parquet` in the staging folder; returns the counts."""
    rows = [tuple(getattr(ref, f) for f in _REF_FIELDS) + (found.duplicates.get(ref.doc_id),) for ref in todo.todo]
    pl.DataFrame(rows, schema={**{k: _SCAN_SCHEMA[k] for k in _REF_FIELDS}, "duplicate_of": pl.String},
                 orient="row").write_parquet(staging / TODO, row_group_size=1000)
    _save_scan_cache(staging / SCAN, found.cache)
    return summary(found, todo)


def summary(found: Scan, todo: Plan) -> Staged:
    return Staged(len(found.refs), len(found.duplicates), len(found.rejected), found.cache.reused, len(todo.todo),
                  len(todo.kept), len(todo.dropped), _rejected_digest(found.rejected))


def todo_slice(staging: Path, start: int, stop: int) -> tuple[list[DocRef], dict[str, str]]:
    """Documents `start` to `stop` of `_todo.parquet`, and which of them are copies of which document."""
    rows = pl.scan_parquet(staging / TODO).slice(start, stop - start).collect()
    refs, duplicates = [], {}
    for row in rows.iter_rows():
        ref = DocRef(*row[:-1])
        refs.append(ref)
        if row[-1] is not None:
            duplicates[ref.doc_id] = row[-1]
    return refs, duplicates


def save_state(staging: Path, version: str, run_id: str, rejected_digest: str | None = None) -> None:
    """`.state.json`: version, run, digest of the rejected inputs (`.scan.parquet` is written by `stage`)."""
    state = {"code_version": version, "run_id": run_id}
    if rejected_digest is not None:
        state["rejected"] = rejected_digest
    (staging / STATE).write_text(json.dumps(state), encoding="utf-8")


def _state(output: Path) -> dict | None:
    try:
        state = json.loads((output / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _rejected_digest(rejected: Sequence[Rejected]) -> str:
    digest = hashlib.sha256()
    for item in sorted(rejected, key=lambda r: (r.source_path, r.reason)):
        digest.update(f"{item.source_path}\0{item.reason}\0{item.stage}\0{item.doc_id}\n".encode())
    return digest.hexdigest()[:16]


_REF_FIELDS = ("source_path", "file", "record", "offset", "length", "format", "content_hash", "bytes")
_SCAN_SCHEMA = {"size": pl.Int64, "mtime_ns": pl.Int64, "ctime_ns": pl.Int64, "source_path": pl.String, "file": pl.String, "record": pl.Int64,
                "offset": pl.Int64, "length": pl.Int64, "format": pl.String, "content_hash": pl.String, "bytes": pl.Int64}


def _save_scan_cache(path: Path, cache: ScanCache) -> None:
    rows = [stamp + tuple(getattr(ref, f) for f in _REF_FIELDS) for stamp, refs in cache.found.values() for ref in refs]
    pl.DataFrame(rows, schema=_SCAN_SCHEMA, orient="row").write_parquet(path, compression="zstd")


def _load_scan_cache(output: Path, version: str) -> dict[str, tuple[ingest.Stamp, list[DocRef]]]:
    state = _state(output)
    if state is None or state.get("code_version") != version or not (output / SCAN).exists():
        return {}
    try:
        frame = pl.read_parquet(output / SCAN, columns=list(_SCAN_SCHEMA))  # an older cache lacks a column: rescan
    except (OSError, pl.exceptions.PolarsError):
        return {}
    known: dict[str, tuple[ingest.Stamp, list[DocRef]]] = {}
    for row in frame.iter_rows():
        ref = DocRef(*row[3:])
        known.setdefault(ref.file, (row[:3], []))[1].append(ref)
    return known


def _previous_documents(output: Path, version: str) -> pl.DataFrame | None:
    state = _state(output)
    if state is None or state.get("code_version") != version or not (output / "documents").is_dir():
        return None
    return scan_dataset(output, "documents").select("doc_id", "duplicate_of").collect()


def _link_tree(source: Path, target: Path) -> None:
    for path, destination in _carried(source, target):
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError as exc:
            if exc.errno != errno.EXDEV:  # never write through a link into a published file
                raise
            shutil.copy2(path, destination)  # another file system: copy instead


def _carried(source: Path, target: Path) -> Iterator[tuple[Path, Path]]:
    """(published file, its place in staging) for a dataset's files: numbered per month folder, so that files
    carried by one run never collide with each other nor with this run's batches. A name derived from the published
    one did collide on a third run (`kept-part-00000` and `part-00000` both became `kept-part-00000`) and lost
    the rows of the first."""
    for folder in sorted(source.glob(f"{PARTITION}=*")):
        files = sorted(path for path in folder.glob("*.parquet") if path.name != "part-empty.parquet")
        for n, path in enumerate(files):
            yield path, target / folder.name / f"kept-{n:05d}.parquet"
