"""Name what a figure measures with a short phrase from its sentence.

Without a parser, word classes come from `lexicons/figures_cues.json`: the noun
phrase before the figure once link words (`rose by`, `was`, `of`) are skipped,
the whole the share is `of` (`6.3% of GDP`), what a change is `in`
(`a 40% drop in profits`), or the noun a count counts (`13,000 jobs`)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from stages.extract import units
from stages.extract.lexicon import alternation
from stages.lexicons import load
from stages.model import Figure

_CUES: Final = load("figures_cues")
_FUNCTION: Final = set(_CUES["function_words"]) | set(_CUES["direction_verbs"]["up"]) | set(_CUES["direction_verbs"]["down"])
_PREPOSITIONS: Final = set(_CUES["measure_prepositions"])
_DETERMINERS: Final = {"the", "its", "their", "his", "her", "a", "an", "our", "this", "that"}
#: The words that end what a count counts, read back from its end: numbers and articles.
_COUNT_START: Final = set(load("numbers")["ones"]) | set(load("numbers")["tens"]) | set(load("numbers")["scales"]) | {"dozen", "hundred", "a", "an"}
_LINKS: Final = {"-", "--", "—", "–", "(", ",", ":"}
#: A word, a number or a run of punctuation; the group keeps the tokens in `split`'s answer.
_TOKEN: Final = r"([A-Za-z][{word}{quote}-]*+|[{digit}][{digit},.]*+|[^{space}{word}]++)"
#: The ASCII characters lead the classes, so sre finds them in a bitmap before `\w`'s or `\d`'s Unicode look-up.
_TOKEN_RE: Final = re.compile(_TOKEN.format(word=r"0-9A-Za-z_\w", quote="'’", digit=r"0-9\d", space=r"\s"))
#: The same on ASCII text (where `\s` is \t-\r, \x1c-\x1f and the space): bitmaps alone, a fifth faster.
_ASCII_TOKEN_RE: Final = re.compile(_TOKEN.format(word="0-9A-Za-z_", quote="'", digit="0-9", space=r"\t-\r\x1c-\x20"))
#: What follows a figure: a change `in` (named group `change`: `a 40% drop in profits`), else `of`.
_AFTER_RE: Final = re.compile(
    rf"\s+(?:(?P<change>{alternation(_CUES['change_nouns'], ignore_case=True)})\s+in\s+(?:(?:the|its|their)\s+)?"
    r"|of\s+(?:(?:the|its|their|his|her|a|an|our|this|total)\s+)*[\"“]?)",
    re.IGNORECASE,
)
_TRAILING_RATE_RE: Final = re.compile(units.RATE_RE.pattern + "$", re.IGNORECASE)
#: The last two characters of the rates: `_TRAILING_RATE_RE`'s search tries every position of a
#: surface, so it runs only on one that ends with them (or with letters lower() may not fold).
_RATE_ENDS: Final = frozenset(rate[-2:] for rate in load("units")["rates"])
_MAX_WORDS: Final = 4
_MAX_LINKS: Final = 6
_WINDOW: Final = 160  # characters before a figure its phrase is looked for in
_NEAR: Final = 32  # characters before a figure that hold all the walk back reads for most figures
INHERIT: Final = object()


def measure_for(text: str, figure: Figure, spans: list[tuple[int, int]], previous: str | None) -> str | None:
    """The measure of `figure` (`previous` is the measure of the figure before it in the sentence)."""
    # `_AFTER_RE` opens with `\s+`: a figure before punctuation (a third of them) spares the call
    after = _AFTER_RE.match(text, figure.char_end) if text[figure.char_end:figure.char_end + 1].isspace() else None
    if after and (after.lastgroup == "change" or figure.kind == "percentage"):
        return _phrase_after(text, after.end())
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
    return _phrase_after(text, after.end()) if after else None  # an `of`: a change returned above


@lru_cache(maxsize=8192)  # the same words come back figure after figure
def _is_content(token: str) -> bool:
    return token[0].isalpha() and token.lower() not in _FUNCTION and not token.lower().endswith("ly")


def _phrase_after(text: str, pos: int) -> str | None:
    """The content words starting at `pos` (up to a function word or punctuation)."""
    words: list[re.Match] = []
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
    only link words separate the figure from the figure before it. The walk mostly reads a few
    tokens: it walks those after a space near `pos` first (no token holds a space, so they are
    the window's last tokens) and those before them only when it reads past them."""
    start = max(0, pos - _WINDOW)
    cut = text.rfind(" ", start, max(start, pos - _NEAR)) + 1 or start
    if cut > start:
        near, starts = _tokens_back(text, cut, pos)
        try:
            return _walk_back(text, near, starts, spans)
        except IndexError:  # it read past the near tokens: those before them follow (no token spans `cut`)
            far, far_starts = _tokens_back(text, start, cut)
            return _walk_back(text, near + far + _PAST_FIRST, starts + far_starts, spans)
    back, starts = _tokens_back(text, start, pos)
    return _walk_back(text, back + _PAST_FIRST, starts, spans)


def _tokens_back(text: str, start: int, end: int) -> tuple[list[str | None], list[int]]:
    """The tokens of text[start:end] and their offsets, the last first. `split` gives them as
    strings between the gaps (the pattern's group), which cost less than re.Match objects and
    their method calls; the gaps' lengths give the offsets."""
    window = text[start:end]
    parts = (_ASCII_TOKEN_RE if window.isascii() else _TOKEN_RE).split(window)
    tokens: list[str | None] = []
    starts: list[int] = []
    at = end
    for i in range(len(parts) - 2, 0, -2):
        token = parts[i]
        at -= len(parts[i + 1]) + len(token)
        tokens.append(token)
        starts.append(at)
    return tokens, starts


#: Past the window's first token the walk back reads None: it stops at the first it reads, but for
#: the token before a preposition, which it reads with the preposition.
_PAST_FIRST: Final[list[str | None]] = [None, None]


def _walk_back(text: str, back: list[str | None], starts: list[int], spans: list[tuple[int, int]]):
    """`_phrase_before` over `back`, the tokens before the figure, the last first, at offsets
    `starts` (IndexError when it reads past the end of `back`, None past the window's first token)."""
    k, links = 0, 0
    while links <= _MAX_LINKS and (word := back[k]) is not None:
        offset = starts[k]
        for s, e in spans:  # inside a figure? a plain loop: `any` over a generator costs more
            if s <= offset < e:
                return INHERIT
        if _is_content(word):
            break
        if not word[0].isalnum() and word not in _LINKS:
            return None
        k, links = k + 1, links + 1
    if links > _MAX_LINKS or word is None:
        return None
    end = starts[k] + len(word)
    start, k = _noun_run(back, starts, k)
    if (word := back[k]) is not None and word.lower() in _DETERMINERS:
        k += 1
    if (before := back[k + 1]) is not None and (word := back[k]) is not None and word.lower() in _PREPOSITIONS \
            and _is_content(before):
        start, _ = _noun_run(back, starts, k + 1)
    return text[start:end]


def _noun_run(back: list[str | None], starts: list[int], k: int) -> tuple[int, int]:
    """Start offset of the run of content words ending at token k from the end, and the k of the token before it."""
    start, count = starts[k], 0
    while count < _MAX_WORDS and (word := back[k]) is not None and _is_content(word):
        start, k, count = starts[k], k + 1, count + 1
    return start, k


def _counted(surface: str) -> str | None:
    """The words a count counts: `Airbus A321 aircraft` in `six Airbus A321 aircraft`,
    `flight` in `one flight a month`."""
    tail = surface.rstrip("\n")[-2:]
    if tail.lower() in _RATE_ENDS or not tail.isascii():
        surface = _TRAILING_RATE_RE.sub("", surface)
    words = surface.split()
    kept: list[str] = []
    for word in reversed(words):
        if word[0].isdigit() or word.lower() in _COUNT_START:
            break
        kept.append(word)
    return " ".join(reversed(kept)) or None
