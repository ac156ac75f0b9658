"""The extraction and segmentation rules as versioned JSON files beside this module."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict:
    """The parsed lexicon `stages/lexicons/<name>.json`, read once per process (treat it as read-only)."""
    return json.loads((_DIR / f"{name}.json").read_text(encoding="utf-8"))
