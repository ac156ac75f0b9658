"""Render the data dictionary from the Pandera models: `python -m schemas.dictionary [--write]`.

docs/data-dictionary.md is this module's output; a test fails when it is stale.
"""
from __future__ import annotations

import sys
from pathlib import Path

from schemas import DATASETS

TARGET = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"


def _checks(column) -> str:
    return "; ".join(str(check.error or check.name) for check in column.checks) or ""


def render() -> str:
    lines = ["# Data dictionary", "",
             "Generated from `schemas/` by `python -m schemas.dictionary --write`; do not edit by hand.", "",
             "Every dataset is a hive-partitioned Parquet folder `<output>/<dataset>/month=YYYY-MM/*.parquet`.", ""]
    for name, model in DATASETS.items():
        schema = model.to_schema()
        lines += [f"## `{name}`", "", (model.__doc__ or "").strip(), ""]
        frame_checks = [c.description or c.name for c in schema.checks]
        if frame_checks:
            lines += ["Row checks: " + "; ".join(frame_checks) + ".", ""]
        lines += ["| column | type | nullable | checks | meaning |", "|---|---|---|---|---|"]
        for column_name, column in schema.columns.items():
            lines.append(f"| `{column_name}` | {column.dtype} | {'yes' if column.nullable else 'no'} | "
                         f"{_checks(column).replace('|', chr(92) + '|')} | {column.description or ''} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    if "--write" in sys.argv:
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(render(), encoding="utf-8")
    else:
        sys.stdout.write(render())
