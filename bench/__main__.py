"""Benchmarks: `python -m bench [NAME ...] [options]` (default: all, in order).

Each NAME is a module of this package with a `main(argv)` that prints its table
and writes it under docs/benchmarks/ with the machine and the date; the
options after the names are passed to each.
"""
from __future__ import annotations

import importlib
import sys

SUITES = ["extraction", "figures", "events", "scale", "instructions"]


def main(argv: list[str]) -> int:
    names = []
    while argv and not argv[0].startswith("-"):
        names.append(argv.pop(0))
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        print(f"unknown benchmark {unknown}; choose from {SUITES}", file=sys.stderr)
        return 2
    for name in names or SUITES:
        print(f"== {name}", flush=True)
        code = importlib.import_module(f"bench.{name}").main(argv)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
