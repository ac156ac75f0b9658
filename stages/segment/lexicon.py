"""Word lists the segmenter reads, as frozensets for membership tests."""
from __future__ import annotations

from stages import lexicons


def load(name: str) -> dict:
    """A lexicon's lists as frozensets of lower-case strings (keys starting '_' are notes)."""
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in lexicons.load(name).items() if not k.startswith("_")}
