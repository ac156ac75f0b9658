"""Issue 5: the same flow on a 2-worker local Dask cluster writes the same datasets as the default runner."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from schemas import DATASETS
from stages.write import read_dataset
from tests.frames import assert_same_rows

ROOT = Path(__file__).resolve().parents[1]


def run(out: Path, env: dict, *runner: str) -> None:
    done = subprocess.run([sys.executable, "-m", "flows", "run", "--input", str(ROOT / "data" / "raw"), "--output", str(out),
                           "--quiet", "--batch-size", "6", *runner], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]


def test_dask_runner_gives_the_same_datasets_as_threads(tmp_path, api_env):
    run(tmp_path / "threads", api_env, "--runner", "threads")
    run(tmp_path / "dask", api_env, "--runner", "dask", "--workers", "2")
    for name in DATASETS:
        a, b = (read_dataset(tmp_path / kind, name).drop("run_id", strict=False) for kind in ("threads", "dask"))
        assert a.height > 0 or name == "quarantine", name
        assert_same_rows(a.sort(a.columns[:3]), b.sort(b.columns[:3]), name)


def test_a_remote_cluster_without_a_shared_prefect_server_is_refused(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if k != "PREFECT_API_URL"}
    done = subprocess.run([sys.executable, "-m", "flows", "run", "--output", str(tmp_path), "--quiet", "--runner", "dask",
                           "--address", "tcp://127.0.0.1:1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "PREFECT_API_URL" in done.stderr


def test_auto_takes_dask_for_big_inputs_on_several_cores_and_threads_otherwise():
    from flows.runners import AUTO_DASK_BYTES, choose_runner

    assert choose_runner("auto", None, 2, AUTO_DASK_BYTES) == "dask"
    assert choose_runner("auto", None, 2, AUTO_DASK_BYTES - 1) == "threads"  # a cluster's start-up would not pay
    assert choose_runner("auto", None, 1, 100 * AUTO_DASK_BYTES) == "threads"  # one core: nothing to spread over
    assert choose_runner("auto", None, 8, None) == "threads"  # a deployment: input unknown in advance
    assert choose_runner("auto", "tcp://scheduler:8786", 1, 0) == "dask"  # an existing cluster was named
    assert choose_runner("threads", None, 8, 100 * AUTO_DASK_BYTES) == "threads"
    assert choose_runner("dask", None, 1, 0) == "dask"


def test_a_local_cluster_runs_its_housekeeping_rarely():
    """Dask's 10 ms profiler, 20 ms event-loop tick and its monitors cost CPU on every worker for a dashboard this
    runner does not start."""
    import dask
    import distributed  # noqa: F401  (its config defaults)
    from dask.utils import parse_timedelta
    from flows.runners import task_runner

    keys = ("distributed.worker.profile.enabled", "distributed.admin.tick.interval",
            "distributed.admin.system-monitor.interval", "distributed.worker.memory.monitor-interval")
    with dask.config.set({key: dask.config.get(key) for key in keys}):  # as they were, on leaving
        task_runner("dask", workers=1)
        profile, tick, system, memory = (dask.config.get(key) for key in keys)
    assert profile is False
    assert parse_timedelta(tick) >= 1 and parse_timedelta(system) >= 5 and parse_timedelta(memory) >= 0.5
