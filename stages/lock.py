"""One run per output root: an OS lock on `<output>/.lock`.

Kept apart from `stages.write` so that the command line can check the lock
before it imports polars and the schemas."""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".lock"


class OutputBusy(RuntimeError):
    """Another run holds the output root."""


@contextmanager
def exclusive(output: Path) -> Iterator[None]:
    """Hold the output root for one run; a second run stops at once with who holds it.

    An OS lock (flock) is released by the kernel when its process dies, so a
    killed run never leaves the output locked."""
    output.mkdir(parents=True, exist_ok=True)
    with open(output / LOCK, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise OutputBusy(f"{output} is being written by {holder}; wait for that run to finish or pass another --output") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"run pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
