"""The extraction and segmentation rules as versioned JSON files beside this module."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent
#: What an ignore-case pattern takes for `i` and `s` but lower() keeps apart: dotless i, long s, and the dot that
#: lower() leaves after `İ`'s i.
_LOOKUP_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None})


@cache
def load(name: str) -> dict:
    """The parsed lexicon `stages/lexicons/<name>.json`, read once per process (treat it as read-only)."""
    return json.loads((_DIR / f"{name}.json").read_text(encoding="utf-8"))


def lookup_key(word: str) -> str:
    """The lexicon key of a word an ignore-case pattern matched (`Bıllion`, `increaſed`, `İune` match the cues
    `billion`, `increased`, `june`): its lower case with those letters read as the pattern read them."""
    key = word.lower()
    return key if key.isascii() else key.translate(_LOOKUP_FOLD)  # none of the three is ASCII


def phrase_key(phrase: str) -> str:
    """The lexicon key of a phrase a pattern matched with any run of whitespace between its words (`last  month`,
    `no more\nthan`): `lookup_key`, with the single spaces the lexicons spell phrases with."""
    return " ".join(lookup_key(phrase).split())
