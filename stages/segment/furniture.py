"""Line-level furniture detection for plain-text pages (one DOM block per line).

Text has no link density, so the signals are its stand-ins: prose lines are long,
full of function words and end in punctuation; menus, buttons and headline lists are
short, repeated or made of navigation words; notices speak of cookies, subscriptions
and copyright. Short lines are then judged by their neighbours (as jusText does):
a subhead or a caption between two paragraphs stays, a label among menus goes."""
from __future__ import annotations

import re
from enum import Enum
from typing import Final

from stages.extract.lexicon import alternation
from stages.segment.lexicon import load

_LEX: Final = load("segment")
_STOP, _MENU = _LEX["stopwords"], _LEX["menu_words"]
_NOTICE: Final = re.compile(r"(?<!\w)(?:" + alternation(_LEX["notice_phrases"]) + r")(?!\w)")
#: Every byte but an ASCII word character's, as a space: the runs of word characters of an ASCII line are then its
#: split; those of a UTF-8 line are its runs of ASCII word characters.
ASCII_RUNS: Final = bytes(c if c < 128 and (chr(c).isalnum() or c == ord("_")) else ord(" ") for c in range(256))
#: An ASCII phrase in the text spans consecutive runs of ASCII word characters equal to its own (what `\W` or a
#: non-ASCII character separates, a space separates there too), so a test of each run and the one after it against
#: the phrases' first two runs spares most lines the `_NOTICE` scan: "our", "your", "all", "read" open phrases and
#: also prose. Non-ASCII phrases (`©`) are looked for by their first word (a space in a phrase matches any whitespace).
_NOTICE_SIGNS: Final = [p.split()[0] for p in _LEX["notice_phrases"] if not p.isascii()]
_NOTICE_RUNS: Final = [p.encode().translate(ASCII_RUNS).split()[:2] for p in _LEX["notice_phrases"] if p.isascii()]
if any(not p[:1].isalnum() for p in _LEX["notice_phrases"] if p.isascii()):
    raise ValueError("segment.json: an ASCII notice phrase must open with a letter or digit")
_NOTICE_OPENERS: Final = frozenset(runs[0] for runs in _NOTICE_RUNS)
_NOTICE_WORDS: Final = frozenset(runs[0] for runs in _NOTICE_RUNS if len(runs) == 1)
_NOTICE_NEXT: Final = {first: frozenset(r[1] for r in _NOTICE_RUNS if len(r) == 2 and r[0] == first) for first in _NOTICE_OPENERS}
_TEASER: Final = re.compile(r"^(?:" + "|".join(map(re.escape, _LEX["teaser_markers"])) + r")\b\W*$")
_COMMENTS: Final = re.compile(r"^\W*(?:\d+\s+)?(?:(?:" + "|".join(map(re.escape, _LEX["comment_qualifiers"])) + r")\s+){0,2}(?:\d+\s+)?(?:"
                       + "|".join(map(re.escape, _LEX["comment_markers"])) + r")\b(?:\s+(?:to|on)\b.*)?\W*$")
_SECTION: Final = re.compile(r"^(?:" + "|".join(map(re.escape, _LEX["section_markers"])) + r")\W*$")
_WORD: Final = re.compile(r"[^\W\d_][\w'’\-]*")
#: `_WORD` for ASCII text, where it finds the same words: testing each character against ASCII
#: ranges is cheaper than against Unicode categories.
_ASCII_WORD: Final = re.compile(r"[A-Za-z][A-Za-z0-9_'\-]*")
_PROSE_END: Final = re.compile(r"[.!?:;,\"'”’)…]$")
_SENTENCE_END: Final = re.compile(r"[.!?…][\"'”’)]*$")

MIN_PROSE_WORDS: Final = 10
LOOSE_PROSE_WORDS: Final = 8
LONG_PROSE_WORDS: Final = 25  # a line this long is prose even with a notice word in it
UNPUNCTUATED_PROSE_WORDS: Final = 40
MAX_TITLE_CASE: Final = 0.6
MIN_STOP_DENSITY: Final = 0.2
MAX_MENU_WORDS: Final = 6
MAX_REPEAT_WORDS: Final = 15
MAX_HEADLINE_WORDS: Final = 30
MAX_CLEAN_RUN: Final = 2       # furniture lines in a row that a clean text may have (a stamp, a byline)
MAX_CLEAN_SHARE: Final = 0.3
BOUND_TOKENS: Final = 20       # tokens `_min_words` looks at: enough to find MAX_REPEAT_WORDS + 1 words in most prose


class Kind(Enum):
    GOOD = "good"    # prose: a body paragraph
    SHORT = "short"  # too short to judge alone
    BAD = "bad"      # furniture


def classify(lines: list[str], prose: bool = True) -> list[Kind]:
    """One Kind per line (lines are stripped and non-blank). With `prose` False, lines that are not furniture are
    all SHORT: the prose test, a per-word pass, is left out where only furniture matters (most pages are clean text);
    `with_prose` adds it later."""
    lowered = [line.lower() for line in lines]
    least = [_min_words(line) for line in lines]
    # Whether a line repeats only matters up to MAX_REPEAT_WORDS words, and an ASCII line's key (so its word count) is
    # shared only by lines with as many words: ASCII lines with more, most of a page's text, need no key.
    keys = ["" if n > MAX_REPEAT_WORDS and line.isascii() else " ".join(low.split())
            for line, low, n in zip(lines, lowered, least)]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    kinds = [_kind(line, low, n, bool(key) and counts[key] > 1) for line, low, n, key in zip(lines, lowered, least, keys)]
    return with_prose(lines, kinds) if prose else kinds


def with_prose(lines: list[str], kinds: list[Kind]) -> list[Kind]:
    """classify(lines) from `kinds` = classify(lines, prose=False): its SHORT lines that read as prose are GOOD.
    The prose test comes after every furniture test, so a page judged without it is not judged again."""
    return [Kind.GOOD if kind is Kind.SHORT and _is_prose(line) else kind for line, kind in zip(lines, kinds)]


def _kind(line: str, lowered: str, least: int, repeated: bool) -> Kind:
    """The line's Kind, BAD or SHORT; `lowered` is the line lower-cased, `least` a lower bound of its word count
    (`_min_words`)."""
    notices = len(set(_NOTICE.findall(lowered))) if _may_hold_notice(lowered) else 0
    if not (notices or repeated) and least > MAX_MENU_WORDS:
        return Kind.SHORT  # what n decides below is only n <= MAX_MENU_WORDS: spare finding the words
    words = _words(line)
    n = len(words)
    if n == 0:
        return Kind.BAD
    if notices >= 2 or (notices and n < LONG_PROSE_WORDS):
        return Kind.BAD
    if repeated and n <= MAX_REPEAT_WORDS:
        return Kind.BAD
    if n <= MAX_MENU_WORDS and any(w.lower() in _MENU for w in words):
        return Kind.BAD
    return Kind.SHORT


def _is_prose(line: str) -> bool:
    """A line that is not furniture reads as prose: many words, many of them function words, few capitalised, ending
    like a sentence unless very long."""
    words = _words(line)
    n = len(words)
    if n < MIN_PROSE_WORDS:
        return False
    content = capitalised = 0  # one pass, no list: every line of a furnished page comes through here
    for w in words:
        if w.lower() not in _STOP:
            content += 1
            capitalised += w[0].isupper()
    stop_density = 1 - content / n
    title_case = capitalised / max(content, 1)
    # `_PROSE_END` can only match at the last character or the one before a final newline: searched from there
    return (stop_density >= MIN_STOP_DENSITY and title_case <= MAX_TITLE_CASE
            and (n >= UNPUNCTUATED_PROSE_WORDS or _PROSE_END.search(line, max(0, len(line) - 2)) is not None))


def _may_hold_notice(lowered: str) -> bool:
    """False when the lower-cased line surely holds no notice phrase: no non-ASCII phrase is in it and no run of its
    ASCII word characters opens a phrase together with the run after it (see `_NOTICE_RUNS`)."""
    if not lowered.isascii() and any(sign in lowered for sign in _NOTICE_SIGNS):
        return True
    runs = lowered.encode("utf-8", "surrogatepass").translate(ASCII_RUNS).split()  # text may hold lone surrogates
    if _NOTICE_OPENERS.isdisjoint(runs):
        return False  # most lines: one set test in C
    for i, run in enumerate(runs):  # bytes cache their hash: the lookups here are cheap
        if run in _NOTICE_WORDS or (run in _NOTICE_NEXT and i + 1 < len(runs) and runs[i + 1] in _NOTICE_NEXT[run]):
            return True
    return False


def _words(line: str) -> list[str]:
    """The words of a line, as `_WORD` finds them."""
    return (_ASCII_WORD if line.isascii() else _WORD).findall(line)


def _min_words(line: str) -> int:
    """A lower bound of len(_words(line)) found without finding the words: of its first BOUND_TOKENS tokens, those
    that open with an ASCII letter (each holds a word of its own: a word never spans whitespace)."""
    found = 0
    for token in line.split(None, BOUND_TOKENS)[:BOUND_TOKENS]:  # compiled, ord(token[0]) reads the character in C
        found += ord("a") <= ord(token[0]) | 0x20 <= ord("z")  # an ASCII letter in either case (or'd 0x20: lower case)
    return found


def smooth(kinds: list[Kind]) -> list[bool]:
    """Which lines are body text: prose, and short lines whose nearest judged
    neighbours on both sides are prose."""
    n = len(kinds)
    prev_good, next_good = [False] * n, [False] * n
    last = False
    for i, k in enumerate(kinds):
        prev_good[i] = last
        if k is not Kind.SHORT:
            last = k is Kind.GOOD
    last = False
    for i in range(n - 1, -1, -1):
        next_good[i] = last
        if kinds[i] is not Kind.SHORT:
            last = kinds[i] is Kind.GOOD
    return [k is Kind.GOOD or (k is Kind.SHORT and prev_good[i] and next_good[i]) for i, k in enumerate(kinds)]


def reads_as_prose(line: str) -> bool:
    """Loosely prose, for a page where nothing else is: a few words ending like a sentence, or many words."""
    n = len(_words(line))
    return n >= LOOSE_PROSE_WORDS or (n >= 3 and _SENTENCE_END.search(line) is not None)


def is_widget(line: str) -> bool:
    """A button or menu entry ("Menu", "Sign in", "Share this"): a few words, all navigation or function words."""
    words = [w.lower() for w in _words(line)]
    return len(words) <= MAX_MENU_WORDS and all(w in _MENU or w in _STOP for w in words)


def has_menus(kinds: list[Kind]) -> bool:
    """Whether the text still carries page furniture: a run of furniture lines (a menu, a
    share bar, a footer) or many scattered ones. Text without it (an extractor's main text,
    an article record, a lone sentence) is trusted line by line: its short lines are list items, table rows
    and subheads, kept without prose around them."""
    run = 0
    for kind in kinds:
        run = run + 1 if kind is Kind.BAD else 0
        if run > MAX_CLEAN_RUN:
            return True
    bad = sum(k is Kind.BAD for k in kinds)
    return bad > MAX_CLEAN_RUN and bad > MAX_CLEAN_SHARE * len(kinds)


def is_headline(line: str) -> bool:
    """Could this line title a story: a handful of words, capitalised, not a sentence fragment."""
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘") or line.endswith((".", ",", ":", ";")):
        return False  # tested before finding the words: most prose lines fail here
    if not 3 <= len(_words(line)) <= MAX_HEADLINE_WORDS:
        return False
    lowered = line.lower()
    return not (_may_hold_notice(lowered) and _NOTICE.search(lowered))


def is_teaser_marker(line: str) -> bool:
    """A "Read more" style line: the headline after it links elsewhere from inside a story."""
    return bool(_TEASER.match(line.lower()))


def opens_comments(line: str) -> bool:
    """A "Comments" / "[ 34 comments ]" / "Top Rated Comments" / "34 responses to ..." heading: reader comments follow."""
    return bool(_COMMENTS.match(line.lower()))


def opens_section(line: str) -> bool:
    """A "Related Articles" style heading: a list of other stories follows."""
    return bool(_SECTION.match(line.lower()))
