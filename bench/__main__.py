"""Every benchmark, one after the other: `python -m bench [NAME ...]` (default: all).

Each NAME is a module of this package with a `main(argv)` that prints its table
and writes it under docs/benchmarks/ with the machine and the date.
"""
from __future__ import annotations

import importlib
import sys

SUITES = ["extraction", "figures", "events", "scale"]


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or SUITES
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        print(f"unknown benchmark {unknown}; choose from {SUITES}", file=sys.stderr)
        return 2
    options = [a for a in argv if a.startswith("-")]
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "main"):
            print(f"== {name}: not written yet", flush=True)
            continue
        print(f"== {name}", flush=True)
        code = module.main(options)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
