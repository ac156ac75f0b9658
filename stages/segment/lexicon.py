"""Word lists the segmenter reads, loaded once at import from stages/lexicons/."""
from __future__ import annotations

import json
from pathlib import Path

_DIR = Path(__file__).resolve().parent.parent / "lexicons"


def load(name: str) -> dict:
    """A lexicon file's lists as frozensets of lower-case strings (keys starting '_' are notes)."""
    data = json.loads((_DIR / name).read_text(encoding="utf-8"))
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items() if not k.startswith("_")}
