"""Turn the lexicons' word lists into regex alternations.

The extraction rules live in `stages/lexicons/*.json`; the code only applies them."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

#: What an ignore-case pattern matches for an ASCII letter besides its two cases: the dotted and
#: dotless i, the Kelvin sign, the long s (tests/test_numbers.py checks the list against `re`).
MORE_CASES: Final = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def alternation(phrases: Iterable[str], *, case_sensitive: bool = False, ignore_case: bool = False,
                space: str = r"\s+") -> str:
    """A regex matching any of the literal phrases, the longest that fits tried first so the
    longest cue wins; spaces inside a phrase match any run of whitespace (text wraps lines).
    Written as a trie, branching one character at a time: a flat alternation of a hundred
    words costs a test per word wherever it is tried, a trie a test per character. A trie
    tries case variants (`t`, `TWh`) in branch order, not longest first, which an ignore-case
    pattern would notice: lists holding such a pair stay flat, sorted longest first, unless
    the caller says the pattern is `case_sensitive` (then `t` cannot match `TWh`'s text).
    `ignore_case` says the pattern is compiled with re.IGNORECASE: a letter opening one of
    several branches is then written as the class of the letters it matches, outside the
    flag, which sre tests in one step (it jumps into every branch that opens with an
    ignore-case letter before it can reject it). `space` is what a space in a phrase matches."""
    unique = set(phrases)
    if not case_sensitive and _case_variant_prefix(unique):
        return "|".join(re.escape(p).replace(r"\ ", space) for p in sorted(unique, key=len, reverse=True))
    tree: dict = {}
    for phrase in unique:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree, space, ignore_case)


def _case_variant_prefix(phrases: set[str]) -> bool:
    """Whether a phrase starts a longer one once both are lower-cased but not as written."""
    lowered = sorted((p.lower(), p) for p in phrases)
    for i, (low, phrase) in enumerate(lowered):
        for longer_low, longer in lowered[i + 1:]:
            if not longer_low.startswith(low):
                break
            if len(longer) > len(phrase) and not longer.startswith(phrase):
                return True
    return False


def _branches(node: dict, space: str, ignore_case: bool) -> str:
    """The trie below `node`, with an empty last branch when a phrase ends there (so longer phrases win)."""
    chars = sorted(char for char in node if char)
    branches = [_opening(char, space, ignore_case and len(chars) > 1) + _branches(node[char], space, ignore_case)
                for char in chars]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    # `(?:a|b|)` rather than `(?:a|b)?`: the same matches in the same order, but sre enters a group it may repeat
    # through its repeat machinery (an allocation and a copy of the marks), where an empty branch costs a jump
    return f"(?:{'|'.join(branches + [''] if '' in node else branches)})"


def _opening(char: str, space: str, folded: bool) -> str:
    """The pattern of a branch's first character; `folded`: an ASCII letter as the case-sensitive
    class of all it matches in an ignore-case pattern."""
    if char == " ":
        return space
    if not (folded and char.isascii() and char.isalpha()):
        return re.escape(char)
    lower = char.lower()
    return f"(?-i:[{lower}{lower.upper()}{MORE_CASES.get(lower, '')}])"


def branches(groups: list[tuple[Iterable[str], str]]) -> str:
    """An alternation of each group's words, each followed by the group's `end` pattern: the same
    as `(?:{alternation(words)}){end}` alternated group after group, but written with one branch
    per group and first letter, each opening with its letter. sre rejects such a branch in one
    test, where it jumps into a branch that opens with a nested trie first."""
    groups = [(list(words), end) for words, end in groups]
    out = []
    for letter in sorted({w[0] for words, _ in groups for w in words}):
        for words, end in groups:
            rests = [w[1:] for w in words if w[0] == letter]
            if rests:
                out.append(re.escape(letter) + (f"(?:{alternation(rests)})" if any(rests) else "") + end)
    return "|".join(out)


def reversed_alternation(phrases: Iterable[str], *, ignore_case: bool = False) -> str:
    """`alternation` of the phrases spelt backwards: a cue that must end where a text ends is
    one anchored match on the reversed text instead of a search trying every position."""
    return alternation((p[::-1] for p in phrases), ignore_case=ignore_case)
