"""notebooks/explore.ipynb runs headless, top to bottom, on a fresh flow output and saves its three plots."""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
PLOTS = {"figures_by_kind_and_unit.png", "events_per_type_over_time.png", "measure_over_time.png"}


def test_the_notebook_runs_on_a_sample_output(tmp_path, monkeypatch, prefect_server):
    from flows.pipeline import news_datasets

    raw, out, plots = tmp_path / "raw", tmp_path / "out", tmp_path / "plots"
    raw.mkdir()
    for name in ("000_827eaa8e26184989.txt", "000_827eaa8e26184989.meta.json", "reuters_sample.jsonl"):
        shutil.copy(ROOT / "data" / "raw" / name, raw / name)
    news_datasets(input_dir=str(raw), output_dir=str(out))
    monkeypatch.setenv("NEWSDATA_OUTPUT", str(out))
    monkeypatch.setenv("NEWSDATA_PLOTS", str(plots))  # the committed docs/plots stay as they are

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()  # raises on any cell error

    assert {p.name for p in plots.glob("*.png") if p.stat().st_size > 10_000} == PLOTS
    shown = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if "image/png" in o.get("data", {})]
    assert len(shown) == len(PLOTS)
