"""Issue 7: a run killed at any point leaves the published datasets intact; one run per output at a time."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from schemas import DATASETS
from stages.write import LOCK, read_dataset
from tests.frames import assert_same_rows

ROOT = Path(__file__).resolve().parents[1]
COPIES = 6


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    """data/raw several times over, each copy distinct, so that a run lasts long enough to be killed mid-way."""
    root = tmp_path_factory.mktemp("raw")
    for n in range(COPIES):
        for path in (ROOT / "data" / "raw").rglob("*"):
            if path.is_file() and not path.name.endswith(".gz"):
                target = root / f"copy{n}" / path.relative_to(ROOT / "data" / "raw")
                target.parent.mkdir(parents=True, exist_ok=True)
                data = path.read_bytes()
                if not path.name.endswith((".meta.json", ".jsonl")):
                    data += f"\n\nCopy {n}.\n".encode()
                target.write_bytes(data)
    return root


def start(raw: Path, out: Path, env: dict, batch_size: int = 20, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows", "run", "--input", str(raw), "--output", str(out), "--quiet",
                             "--batch-size", str(batch_size), *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def snapshot(out: Path) -> dict[str, pl.DataFrame]:
    frames = {}
    for name in DATASETS:
        frame = read_dataset(out, name).drop("run_id", strict=False)
        frames[name] = frame.sort(frame.columns[:3])
        count = duckdb.sql(f"select count(*) from read_parquet('{out / name}/**/*.parquet', hive_partitioning = true)").fetchall()[0][0]
        assert count == frame.height, name
    return frames


def test_a_killed_run_leaves_the_published_datasets_intact_and_the_next_run_completes(raw, tmp_path, api_env):
    out = tmp_path / "out"
    first = start(raw, out, api_env)
    assert first.wait(timeout=600) == 0, first.stderr.read()
    published = snapshot(out)
    assert published["articles"].height > 0
    for delay in (1.0, 3.0, 5.0, 7.0):
        victim = start(raw, out, api_env, 20, "--full-refresh")  # unchanged inputs: only a forced run works and publishes
        time.sleep(delay)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        now = snapshot(out)  # readable by polars and DuckDB, and the same rows as before
        for name in DATASETS:
            assert_same_rows(now[name], published[name], f"{name} after a kill at {delay} s")
    last = start(raw, out, api_env, 20, "--full-refresh")
    assert last.wait(timeout=600) == 0, last.stderr.read()
    for name, frame in snapshot(out).items():
        assert_same_rows(frame, published[name], name)
    assert not list(out.glob(".staging-*"))


def test_a_second_run_on_the_same_output_stops_at_once(raw, tmp_path, api_env):
    out = tmp_path / "out"
    first = start(raw, out, api_env, batch_size=1)  # many small tasks: a run that lasts
    try:
        deadline = time.monotonic() + 60
        while not ((out / LOCK).exists() and (out / LOCK).read_text()):
            assert time.monotonic() < deadline and first.poll() is None, "the first run never took the output"
            time.sleep(0.1)
        started = time.monotonic()
        second = start(raw, out, api_env)
        assert second.wait(timeout=60) != 0
        assert time.monotonic() - started < 30
        assert f"is being written by run pid {first.pid}" in second.stderr.read()
    finally:
        first.kill()
        first.wait()
    shutil.rmtree(out)
