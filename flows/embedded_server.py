"""Prefect's embedded API server, started as a plain subprocess.

This is what Prefect does for a run without PREFECT_API_URL (the same uvicorn
command and environment as `prefect.server.api.server.SubprocessASGIServer`),
but without importing Prefect's server code into this process: the server
boots on the other core while this process imports the stages, instead of
both imports taking turns on one interpreter lock.
"""
from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


class EmbeddedServer:
    """A throwaway Prefect API on a free loopback port; `stop()` ends it."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        prefect_dir = Path(importlib.util.find_spec("prefect").origin).parent
        self._process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    @property
    def pid(self) -> int:
        return self._process.pid

    def wait(self, timeout: float) -> None:
        """Block until the API answers its health check; raise with the server's own error if it dies or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"Prefect's embedded server exited with code {self._process.returncode}: "
                                   f"{self._process.stderr.read()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Prefect's embedded server did not answer within {timeout:.0f} s "
                           "(raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or point PREFECT_API_URL at a server)")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
