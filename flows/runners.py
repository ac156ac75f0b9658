"""Where the mapped batch tasks run: threads in this process (default) or a Dask cluster."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner

RUNNERS = ("threads", "dask")


def task_runner(name: str = "threads", address: str | None = None, workers: int | None = None) -> "TaskRunner":
    """`threads`: a thread pool here. `dask`: the cluster at `address`, else a local cluster of
    `workers` single-threaded worker processes (default: one per core).

    Prefect is imported here, not at module level, so that the CLI can set its
    logging level before Prefect reads it."""
    from prefect.task_runners import ThreadPoolTaskRunner

    if name == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if name != "dask":
        raise ValueError(f"unknown runner {name!r}: choose one of {', '.join(RUNNERS)}")
    from prefect_dask import DaskTaskRunner  # imported only when asked for: Dask is heavy

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs={"n_workers": workers or os.cpu_count() or 1, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


@contextmanager
def shared_api(runner: str, address: str | None) -> Iterator[None]:
    """Make the flow and its Dask workers report to one Prefect API.

    With PREFECT_API_URL set, everyone uses that server. Otherwise a local Dask
    cluster gets the embedded server started here, its address passed to the
    worker processes through their environment, so that no worker starts a
    server of its own. A cluster started elsewhere cannot reach that server."""
    if runner != "dask" or os.environ.get("PREFECT_API_URL"):
        yield
        return
    if address:
        raise ValueError("a Dask cluster at --address needs a Prefect server that the flow and the workers both reach: "
                         "run `prefect server start` and set PREFECT_API_URL for both (see README, 'On a cluster')")
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield
    finally:
        del os.environ["PREFECT_API_URL"]
        server.stop()
