"""Issue 5: re-runs into the same output process only new or changed inputs and mirror the input folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from schemas import DATASETS
from stages.write import read_dataset

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
        assert frame.equals(before[name]), name


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
        assert frame.equals(incremental[name]), name


def test_full_refresh_processes_everything(raw, tmp_path, prefect_server):
    from flows.pipeline import news_datasets

    out = tmp_path / "out"
    news_datasets(input_dir=str(raw), output_dir=str(out))
    again = news_datasets(input_dir=str(raw), output_dir=str(out), full_refresh=True)
    assert again["documents_processed"] == again["documents"]
