"""Load the versioned JSON lexicons once and turn word lists into regex alternations.

The extraction rules live in `stages/lexicons/*.json`; the code only applies them."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


@cache
def load(name: str) -> dict:
    """The parsed lexicon `stages/lexicons/<name>.json` (read once per process)."""
    return json.loads((LEXICON_DIR / f"{name}.json").read_text(encoding="utf-8"))


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first so the longest cue wins;
    spaces inside a phrase match any run of whitespace (text wraps lines)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def reversed_alternation(phrases: Iterable[str]) -> str:
    """`alternation` of the phrases spelt backwards: a cue that must end where a text ends is
    one anchored match on the reversed text instead of a search trying every position."""
    return alternation(p[::-1] for p in phrases)


def trie(phrases: Iterable[str]) -> str:
    """`alternation` as a trie: the same phrases, the longest that fits still tried first, but
    branching one character at a time. An alternation of a hundred words costs a test per word
    wherever it is tried, a trie a test per character."""
    tree: dict = {}
    for phrase in set(phrases):
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: dict) -> str:
    """The trie below `node`, optional when a phrase ends there (greedy, so longer phrases win)."""
    branches = [(r"\s+" if char == " " else re.escape(char)) + _branches(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    return f"(?:{'|'.join(branches)})" + ("?" if "" in node else "")
