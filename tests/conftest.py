"""Shared fixtures: paths to ../shared and a Prefect test server for flow tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDATA_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.fail(f"../shared not found at {SHARED}: set NEWSDATA_SHARED to the shared folder")
    return SHARED


@pytest.fixture(scope="session")
def prefect_server():
    """One throwaway Prefect API (SQLite) for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def api_env(prefect_server) -> dict[str, str]:
    """Environment for a CLI subprocess that reports to the test server instead of starting its own."""
    from prefect.settings import PREFECT_API_URL

    return {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_LOGGING_LEVEL": "WARNING"}
