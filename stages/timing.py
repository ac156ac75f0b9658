"""CPU seconds per stage, summed over a batch.

Thread CPU time, not wall time: batches run side by side in threads or
processes, and a stage's share of the work is what its own thread spent,
not how long it waited for the others."""
from __future__ import annotations

import time
from collections import defaultdict


class StageClock:
    """`with clock("extract"): ...` adds the CPU time spent inside to `clock.seconds["extract"]`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stage = ""
        self._start = 0.0

    def __call__(self, stage: str) -> "StageClock":
        self._stage = stage
        return self

    def __enter__(self) -> None:
        self._start = time.thread_time()

    def __exit__(self, *exc: object) -> None:
        self.seconds[self._stage] += time.thread_time() - self._start
