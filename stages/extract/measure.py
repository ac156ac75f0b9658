"""Name what a figure measures with a short phrase from its sentence.

Without a parser, word classes come from `lexicons/figures_cues.json`: the noun
phrase before the figure once link words (`rose by`, `was`, `of`) are skipped,
the whole the share is `of` (`6.3% of GDP`), what a change is `in`
(`a 40% drop in profits`), or the noun a count counts (`13,000 jobs`)."""
from __future__ import annotations

import re
from functools import lru_cache

from stages.extract import units
from stages.extract.lexicon import alternation
from stages.lexicons import load
from stages.model import Figure

_CUES = load("figures_cues")
_FUNCTION = set(_CUES["function_words"]) | set(_CUES["direction_verbs"]["up"]) | set(_CUES["direction_verbs"]["down"])
_PREPOSITIONS = set(_CUES["measure_prepositions"])
_DETERMINERS = {"the", "its", "their", "his", "her", "a", "an", "our", "this", "that"}
_NUMBER_WORDS = set(load("numbers")["ones"]) | set(load("numbers")["tens"]) | set(load("numbers")["scales"]) | {"dozen", "hundred"}
_LINKS = {"-", "--", "—", "–", "(", ",", ":"}
_TOKEN_RE = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|[^\w\s]+")
_OF_RE = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|a|an|our|this|total)\s+)*[\"“]?", re.IGNORECASE)
_CHANGE_IN_RE = re.compile(
    rf"\s+(?:{alternation(_CUES['change_nouns'])})\s+in\s+(?:(?:the|its|their)\s+)?",
    re.IGNORECASE,
)
_TRAILING_RATE_RE = re.compile(units.RATE_RE.pattern + "$", re.IGNORECASE)
_MAX_WORDS = 4
_MAX_LINKS = 6
INHERIT = object()


def measure_for(text: str, figure: Figure, spans: list[tuple[int, int]], previous: str | None) -> str | None:
    """The measure of `figure` (`previous` is the measure of the figure before it in the sentence)."""
    change = _CHANGE_IN_RE.match(text, figure.char_end)
    if change:
        return _phrase_after(text, change.end())
    of = _OF_RE.match(text, figure.char_end)
    if figure.kind == "percentage" and of:
        return _phrase_after(text, of.end())
    if figure.kind == "count":
        return _counted(figure.surface)
    if figure.kind in ("quantity", "capacity"):
        right = _phrase_after(text, figure.char_end)
        if right:
            return right
    left = _phrase_before(text, figure.char_start, spans)
    if left is INHERIT:
        return previous
    if left:
        return left
    return _phrase_after(text, of.end()) if of else None


@lru_cache(maxsize=8192)  # the same words come back figure after figure
def _is_content(token: str) -> bool:
    return token[0].isalpha() and token.lower() not in _FUNCTION and not token.lower().endswith("ly")


def _phrase_after(text: str, pos: int) -> str | None:
    """The content words starting at `pos` (up to a function word or punctuation)."""
    words = []
    for m in _TOKEN_RE.finditer(text, pos, min(len(text), pos + 80)):
        if m.start() > pos and text[pos:m.start()].strip(" \"“”") or not _is_content(m.group()) \
                or len(words) == _MAX_WORDS:
            break
        words.append(m)
        pos = m.end()
    return text[words[0].start():words[-1].end()] if words else None


def _phrase_before(text: str, pos: int, spans: list[tuple[int, int]]):
    """The noun phrase before `pos` once link words are skipped (`GDP growth` in `GDP growth
    slowed to 1.4%`), widened over `for/of/in the` (`Turnover for the quarter`); INHERIT when
    only link words separate the figure from the figure before it."""
    tokens = list(_TOKEN_RE.finditer(text, max(0, pos - 160), pos))
    i, links = len(tokens) - 1, 0
    while i >= 0 and links <= _MAX_LINKS:
        token = tokens[i]
        if any(s <= token.start() < e for s, e in spans):
            return INHERIT
        if _is_content(token.group()):
            break
        if not token.group()[0].isalnum() and token.group() not in _LINKS:
            return None
        i, links = i - 1, links + 1
    if i < 0 or links > _MAX_LINKS:
        return None
    end = tokens[i].end()
    start, i = _noun_run(tokens, i)
    j = i
    if j >= 0 and tokens[j].group().lower() in _DETERMINERS:
        j -= 1
    if j >= 1 and tokens[j].group().lower() in _PREPOSITIONS and _is_content(tokens[j - 1].group()):
        start, _ = _noun_run(tokens, j - 1)
    return text[start:end]


def _noun_run(tokens: list[re.Match], i: int) -> tuple[int, int]:
    """Start offset of the run of content words ending at token i, and the index before it."""
    start, count = tokens[i].start(), 0
    while i >= 0 and _is_content(tokens[i].group()) and count < _MAX_WORDS:
        start, i, count = tokens[i].start(), i - 1, count + 1
    return start, i


def _counted(surface: str) -> str | None:
    """The words a count counts: `Airbus A321 aircraft` in `six Airbus A321 aircraft`,
    `flight` in `one flight a month`."""
    words = _TRAILING_RATE_RE.sub("", surface).split()
    kept: list[str] = []
    for word in reversed(words):
        if word[0].isdigit() or word.lower() in _NUMBER_WORDS or word.lower() in ("a", "an"):
            break
        kept.append(word)
    return " ".join(reversed(kept)) or None
