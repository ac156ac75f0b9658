"""Where the mapped batch tasks run: threads in this process (default) or a Dask cluster."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from flows.embedded_server import EmbeddedServer

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner

RUNNERS = ("auto", "threads", "dask")
#: With `--runner auto`, input to read from which a local Dask cluster pays for its start-up (about 5 s): the thread
#: runner holds one core (about 0.8 MB/s here), two Dask workers about twice that (docs/quality.md).
AUTO_DASK_BYTES = 8 * 2**20
#: Documents per batch task on Dask. Whatever its size, a task run costs its worker about 0.14 CPU-s of Prefect's task
#: engine (a settings object and two API clients, each loading the CA bundle) and the flow process the task's
#: submission, and each batch writes a Parquet file per dataset and month and validates five frames. On the x20 corpus
#: 2000 makes 60 tasks instead of 216 (500): the workers' CPU outside the stages 106 -> 79 s, their peak RSS 361 MB.
DASK_BATCH_SIZE = 2000
#: What a local cluster's workers import as they start (Dask's `preload`): the flow's tasks and the stages, which the
#: first task on each worker would otherwise import; with the cluster's start, that is start-up, not work.
WORKER_PRELOAD = ("flows.pipeline", "stages.process")
#: A local cluster's housekeeping, for a dashboard this runner does not start; the nannies hand it to the workers.
#: Dask's statistical profiler samples every worker thread's stack each 10 ms (a few per cent of the workers' CPU).
#: The event-loop health tick (20 ms), the system monitor (500 ms) and the memory monitor (100 ms) cost an idle
#: worker 2.0 CPU-s per 100 s of wall time and the flow process (scheduler, nannies) 1.8; with these intervals 0.3
#: each. A loop blocked for 3 s is still reported, and memory is still checked twice a second.
LOCAL_DASK_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                     "distributed.admin.system-monitor.interval": "5s",
                     "distributed.worker.memory.monitor-interval": "500ms"}


def choose_runner(runner: str, address: str | None, cores: int, pending_bytes: int | None) -> str:
    """The runner `auto` stands for: Dask for an existing cluster (`address`), or on a machine of two cores or more
    for at least AUTO_DASK_BYTES of input to read (`pending_bytes`); threads otherwise, and when the input is not
    known in advance (a deployment: its local workers would need a Prefect server of their own to report to, see
    README). Other names stand for themselves."""
    if runner != "auto":
        return runner
    if address:
        return "dask"
    return "dask" if cores >= 2 and pending_bytes is not None and pending_bytes >= AUTO_DASK_BYTES else "threads"


def task_runner(name: str = "threads", address: str | None = None, workers: int | None = None) -> "TaskRunner":
    """`threads`: a thread pool here. `dask`: the cluster at `address`, else a local cluster of
    `workers` single-threaded worker processes (default: one per core).

    Prefect is imported here, not at module level, so that the CLI can set its
    logging level before Prefect reads it."""
    from prefect.task_runners import ThreadPoolTaskRunner

    if name == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if name != "dask":
        raise ValueError(f"unknown runner {name!r}: choose one of threads, dask (`auto` is resolved by choose_runner)")
    from prefect_dask import DaskTaskRunner  # imported only when asked for: Dask is heavy

    if address:
        return DaskTaskRunner(address=address)
    import dask

    dask.config.set(LOCAL_DASK_CONFIG)
    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs={"n_workers": workers or os.cpu_count() or 1, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None, "preload": list(WORKER_PRELOAD)})


class PrefectAPI:
    """The Prefect API this run reports to, flow and Dask workers alike.

    With PREFECT_API_URL set, that server. Otherwise Prefect's embedded server,
    started at once as a subprocess so that it boots while the stages
    import; its address goes into this process's settings and into the
    environment that local Dask worker processes inherit, so no worker starts a
    server of its own. A cluster started elsewhere cannot reach it: that needs
    a long-lived server both sides are pointed at."""

    def __init__(self, address: str | None):
        if address and not os.environ.get("PREFECT_API_URL"):
            raise ValueError("a Dask cluster at --address needs a Prefect server that the flow and the workers both "
                             "reach: run `prefect server start` and set PREFECT_API_URL for both (README, 'On a Dask cluster')")
        self._server = None if os.environ.get("PREFECT_API_URL") else EmbeddedServer()

    def close(self) -> None:
        """Stop the embedded server without having used it."""
        if self._server is not None:
            self._server.stop()

    @contextmanager
    def serving(self) -> Iterator[None]:
        if self._server is None:
            yield
            return
        self._server.wait(float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")))
        from prefect.settings import PREFECT_API_URL, temporary_settings

        os.environ["PREFECT_API_URL"] = self._server.api_url
        try:
            with temporary_settings(updates={PREFECT_API_URL: self._server.api_url}):
                yield
        finally:
            from prefect.logging.handlers import APILogWorker

            APILogWorker.drain_all(timeout=5)  # the run's last log lines reach the server before it stops
            del os.environ["PREFECT_API_URL"]
            self._server.stop()
