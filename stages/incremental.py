"""Incremental runs: which documents an output root already holds, so that only
new or changed inputs are processed again.

The state belongs to the output root: the published `documents` dataset says
which documents were processed, `.state.json` says by which code version. A
document is kept when the same source and content (its doc_id) was processed by
the same code and is still a duplicate of the same document, or still not one.
Documents whose input disappeared are dropped from every dataset: the outputs
always mirror the input folder. Any change to the stage code, the lexicons or
the schemas makes the next run process everything again.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from schemas import DATASETS
from stages.ingest import DocRef
from stages.write import PARTITION, STATE, scan_dataset, write_batch

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
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for top in _CODE_ROOTS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
    for name in DATASETS:
        if kept_plan.carries_everything and name != "quarantine":
            _link_tree(output / name, staging / name)
            continue
        rows = scan_dataset(output, name).filter(pl.col("doc_id").is_in(list(kept_plan.kept))).collect()
        if not rows.is_empty():
            write_batch(staging, "kept", {name: rows})


def save_state(staging: Path, version: str, run_id: str) -> None:
    (staging / STATE).write_text(json.dumps({"code_version": version, "run_id": run_id}), encoding="utf-8")


def _previous_documents(output: Path, version: str) -> pl.DataFrame | None:
    state = output / STATE
    if not state.exists() or not (output / "documents").is_dir():
        return None
    try:
        if json.loads(state.read_text(encoding="utf-8")).get("code_version") != version:
            return None
    except ValueError:
        return None
    return scan_dataset(output, "documents").select("doc_id", "duplicate_of").collect()


def _link_tree(source: Path, target: Path) -> None:
    for path in source.glob(f"{PARTITION}=*/*.parquet"):
        if path.name == "part-empty.parquet":
            continue
        name = path.name if path.name.startswith("kept-") else f"kept-{path.name}"
        destination = target / path.parent.name / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError:  # another file system: copy instead
            shutil.copy2(path, destination)
