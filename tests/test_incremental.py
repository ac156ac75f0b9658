"""Issue 5: re-runs into the same output process only new or changed inputs and mirror the input folder."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import polars as pl
import pytest

from schemas import DATASETS
from stages.ingest import RACY_NS
from stages.write import read_dataset
from tests.frames import assert_same_rows

ROOT = Path(__file__).resolve().parents[1]


def rows(out: Path) -> dict[str, pl.DataFrame]:
    frames = {}
    for name in DATASETS:
        frame = read_dataset(out, name).drop("run_id", strict=False)
        frames[name] = frame.sort(frame.columns[:3])
    return frames


@pytest.fixture()
def raw(tmp_path):
    root = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", root)
    return root


def test_a_rerun_over_unchanged_inputs_processes_nothing_and_changes_nothing(raw, tmp_path, prefect_server):
    from flows.pipeline import news_datasets

    out = tmp_path / "out"
    first = news_datasets(input_dir=str(raw), output_dir=str(out))
    before = rows(out)
    second = news_datasets(input_dir=str(raw), output_dir=str(out))
    assert first["documents_processed"] == first["documents"] > 0
    assert second["documents_processed"] == 0
    assert second["documents"] == first["documents"]
    for name, frame in rows(out).items():
        assert_same_rows(frame, before[name], name)


def test_new_changed_and_removed_inputs(raw, tmp_path, prefect_server):
    from flows.pipeline import news_datasets

    out = tmp_path / "out"
    news_datasets(input_dir=str(raw), output_dir=str(out))
    sample = raw / "000_827eaa8e26184989.txt"
    sample.write_text(sample.read_text() + "\nThe ministry said 12 new routes would open in 2026.\n")
    removed = sorted((raw / "page-dumps").glob("*.txt"))[0]
    removed.unlink()
    (raw / "new.txt").write_text("Copper hits record\n\nCopper rose 4% to $11,000 a tonne on Friday, traders said.\n")
    result = news_datasets(input_dir=str(raw), output_dir=str(out))
    assert result["documents_processed"] == 2
    incremental = rows(out)
    docs = incremental["documents"]
    assert "new.txt" in docs["source_path"].to_list()
    assert f"page-dumps/{removed.name}" not in docs["source_path"].to_list()
    full = tmp_path / "full"
    news_datasets(input_dir=str(raw), output_dir=str(full))
    for name, frame in rows(full).items():
        assert_same_rows(frame, incremental[name], name)


def test_runs_that_each_add_a_document_keep_every_earlier_one(raw, tmp_path, prefect_server):
    """Files carried over by one run are carried again by the next: three runs in a row, each with one new input,
    publish what one run over the final folder publishes (a third run used to overwrite the first run's rows)."""
    from flows.pipeline import news_datasets

    out = tmp_path / "out"
    news_datasets(input_dir=str(raw), output_dir=str(out))
    for n, text in enumerate(["Copper rose 4% to $11,000 a tonne on Friday.", "Wheat fell 3% to $210 a tonne on Monday."]):
        (raw / f"new-{n}.txt").write_text(f"Markets {n}\n\n{text}\n")
        (raw / f"new-{n}.meta.json").write_text('{"published_at": "2025-07-01T10:00:00Z"}')
        assert news_datasets(input_dir=str(raw), output_dir=str(out))["documents_processed"] == 1
    full = tmp_path / "full"
    news_datasets(input_dir=str(raw), output_dir=str(full))
    for name, frame in rows(full).items():
        assert_same_rows(frame, rows(out)[name], name)


def test_full_refresh_processes_everything(raw, tmp_path, prefect_server):
    from flows.pipeline import news_datasets

    out = tmp_path / "out"
    news_datasets(input_dir=str(raw), output_dir=str(out))
    again = news_datasets(input_dir=str(raw), output_dir=str(out), full_refresh=True)
    assert again["documents_processed"] == again["documents"]


def test_unchanged_files_are_not_read_again_and_an_unchanged_run_does_nothing(raw, tmp_path, prefect_server):
    import os

    from flows.pipeline import news_datasets
    from stages import incremental
    from stages.ingest import Limits

    out = tmp_path / "out"
    time.sleep(RACY_NS / 1e9)  # copied just now, the files' stamps are not trusted yet (stages.ingest.RACY_NS)
    total = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file() and not p.name.endswith(".meta.json"))  # sidecars go with their page
    assert incremental.pending_bytes(raw, out, incremental.run_version(Limits())) == total  # nothing done yet
    first = news_datasets(input_dir=str(raw), output_dir=str(out))
    version = incremental.run_version(Limits())
    assert incremental.pending_bytes(raw, out, version) == 0
    assert incremental.pending_bytes(raw, out, None) == total  # a full refresh reads everything
    assert incremental.pending_bytes(raw, out, incremental.run_version(Limits(max_records_per_file=5))) == total
    found = incremental.scan(raw, out, Limits(), version)
    assert found.cache.reused == len(found.cache.found) > 0  # every file taken from the last scan, none read
    assert incremental.unchanged_files(raw, out, Limits(), version)
    assert not incremental.unchanged_files(raw, out, Limits(max_records_per_file=5), incremental.run_version(Limits(max_records_per_file=5)))
    sample = raw / "000_827eaa8e26184989.txt"
    os.utime(sample, ns=(sample.stat().st_atime_ns, sample.stat().st_mtime_ns + 10**9))  # touched, same content
    again = incremental.scan(raw, out, Limits(), version)
    assert again.cache.reused == found.cache.reused - 1
    assert incremental.pending_bytes(raw, out, version) == sample.stat().st_size
    assert not incremental.unchanged_files(raw, out, Limits(), version)  # the quick check says "maybe": a full scan
    assert [r.doc_id for r in again.refs] == [r.doc_id for r in found.refs]  # read again: the same identity
    todo = incremental.plan(out, again.refs, again.duplicates, version)
    assert incremental.unchanged(out, again, todo, version)
    published = {p: p.stat().st_ino for p in out.rglob("*.parquet")}
    second = news_datasets(input_dir=str(raw), output_dir=str(out))
    assert second["documents_processed"] == 0 and second["documents"] == first["documents"]
    assert {p: p.stat().st_ino for p in out.rglob("*.parquet")} == published  # nothing staged or swapped
    assert not list(out.glob(".staging-*"))
    (raw / "new.txt").write_text("Copper hits record\n\nCopper rose 4% to $11,000 a tonne on Friday, traders said.\n")
    third = news_datasets(input_dir=str(raw), output_dir=str(out))
    assert third["documents_processed"] == 1


def test_a_same_size_edit_under_the_old_mtime_is_seen(raw, tmp_path, prefect_server):
    """`cp -p`, `rsync -t` and `touch -r` restore an mtime; the ctime they cannot, so the edit is processed."""
    import os

    from flows.pipeline import news_datasets

    out = tmp_path / "out"
    news_datasets(input_dir=str(raw), output_dir=str(out))
    sample = raw / "000_827eaa8e26184989.txt"
    before, text = sample.stat(), sample.read_text()
    sample.write_text(text.replace("2025", "2024", 1))
    os.utime(sample, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (sample.stat().st_size, sample.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert news_datasets(input_dir=str(raw), output_dir=str(out))["documents_processed"] == 1


def test_another_reference_time_processes_everything(raw, tmp_path, prefect_server):
    from datetime import datetime, timezone

    from flows.pipeline import news_datasets

    out = tmp_path / "out"
    news_datasets(input_dir=str(raw), output_dir=str(out))
    again = news_datasets(input_dir=str(raw), output_dir=str(out), reference_time=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert again["documents_processed"] == again["documents"]


def test_the_command_line_skips_prefect_when_nothing_changed(raw, tmp_path, api_env):
    import json
    import subprocess
    import sys

    out = tmp_path / "out"
    time.sleep(RACY_NS / 1e9)  # copied just now, the files' stamps are not trusted yet (stages.ingest.RACY_NS)
    command = [sys.executable, "-m", "flows", "run", "--input", str(raw), "--output", str(out), "--quiet"]
    assert subprocess.run(command, cwd=ROOT, env=api_env, capture_output=True, timeout=600).returncode == 0
    done = subprocess.run(command, cwd=ROOT, env=api_env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "inputs unchanged" in done.stdout
    assert "│ runner              │ none" in done.stdout
    report = json.loads((out / "run_report.json").read_text())
    assert report["documents_processed"] == 0 and report["documents"] > 0
