"""Calendar dates and periods in a sentence, resolved against a reference time.

Absolute dates (`Feb. 24, 2022`, `31 December 2004`, `27.02.2026`, `2025`,
`the 1990s`, `Q1 2025`, `the second half of 2025`) and relative ones
(`yesterday`, `on Sunday`, `last month`, `earlier this year`, `three years ago`).
A date the text leaves partial (`June 16`, `the first quarter`) or relative takes
what it lacks from the reference; without one it keeps `start` None.
Names come from `lexicons/dates.json`."""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Final, NamedTuple

from stages.extract.lexicon import alternation, branches
from stages.lexicons import load, lookup_key, phrase_key

_LEX: Final = load("dates")
_MONTHS: Final[dict[str, int]] = _LEX["months"]
_WEEKDAYS: Final[dict[str, int]] = _LEX["weekdays"]
_ORDINALS: Final[dict[str, int]] = _LEX["ordinals"]
_MODIFIERS: Final[dict[str, int]] = _LEX["relative_modifiers"]
_REL_UNITS: Final[dict[str, str]] = _LEX["relative_units"]
_AGO_UNITS: Final[dict[str, str]] = _LEX["ago_units"]
_REL_DAYS: Final[dict[str, int]] = _LEX["relative_days"]
_AMBIGUOUS: Final = set(_LEX["ambiguous_months"])
_FUTURE_RE: Final = re.compile(rf"(?:{alternation(_LEX['future_cues'], ignore_case=True)})\b", re.IGNORECASE)

_FUTURE_WINDOW: Final = 60
_CLAUSE_BREAK_RE: Final = re.compile(r"[\"“”;.]")
_MONTHS_AHEAD: Final = 2
_QUARTERLY_RE: Final = re.compile(r"\bquarter(?:ly)?\b", re.IGNORECASE)
_MONTH: Final = rf"(?P<month>{alternation(_MONTHS, ignore_case=True)})\.?"
_YEAR: Final = r"(?P<year>1[6-9]\d\d|20\d\d)"
_DAY: Final = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|)"
_ORD: Final = rf"(?P<ord>{alternation(_ORDINALS, ignore_case=True)})"
_EDGE_WORDS: Final = rf"(?:{alternation(_LEX['edges'], ignore_case=True)})"
_EDGE: Final = rf"(?:{_EDGE_WORDS}[\s-]*|)"
_UNIT_WORDS: Final = alternation(_REL_UNITS, ignore_case=True)
_NUM_WORD: Final = alternation(load("numbers")["ones"], ignore_case=True)

#: (name, what it can open with, body). An opening is a word, the first word of each phrase of a
#: lexicon list (`@months`), a run of digits (`#` of any length, `#4` of four, `#1-2` of one or
#: two) or the apostrophe of `'90s`. Digits may be followed by a space and the pattern of the
#: character the body puts after them (`#1-2 [./]`; `1st` opens with `#1 s`): most numbers are no
#: date, and a pattern is then tried only where its character follows. Every way a pattern can
#: open must be listed: it is tried only where the text opens with one of them. An optional group
#: is written `(?:x|)`, not `(?:x)?`: sre allocates a repeat context for each group `?` it enters (most starts fail).
_PATTERNS: Final[list[tuple[str, tuple[str, ...], str]]] = [
    ("iso", ("#4 -",), r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("numeric", ("#1-2 [./]",), r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})\b"),
    # `31 December 2004` and `31 December` in one pattern (resolved apart by the year): the day and month are parsed once
    ("dm", (r"#1-2 [\sstnr]",), rf"\b{_DAY}\s+(?:of\s+|){_MONTH}(?:,?\s+{_YEAR}\b|(?![\w]))"),
    ("mdy", ("@months",), rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    ("week_of_month", ("the", "@ordinals"), rf"\b(?:the\s+|){_ORD}\s+week\s+(?:of\s+|){_MONTH}(?:,?\s+{_YEAR}|)\b"),
    ("md", ("@months",), rf"\b{_MONTH}\s+{_DAY}(?![\d:,.]?\d|\s*(?:%|per\b|percent))"),
    ("my", ("@edges", "@months"), rf"\b{_EDGE}{_MONTH},?\s+(?:of\s+|){_YEAR}\b"),
    ("my_rel", ("@edges", "@months"), rf"\b{_EDGE}{_MONTH}\s+(?:of\s+|)(?P<rel>last|this|next)\s+year\b"),
    ("quarter", ("the", "a", "@edges", "@ordinals"), rf"\b(?:the\s+|a\s+|){_EDGE}{_ORD}[\s-]+quarter(?:\s+(?:of\s+|)(?:{_YEAR}|(?P<rel>this|last|next)\s+year)|)\b"),
    ("quarter_code", ("q",), rf"\b(?P<q>Q[1-4])(?:\s*|\s+of\s+|/)(?:{_YEAR}|)\b"),
    ("half", ("the", "@ordinals"), rf"\b(?:the\s+|){_ORD}[\s-]+half(?:\s+(?:of\s+|)(?:{_YEAR}|(?P<rel>this|last|next)\s+year)|)\b"),
    ("half_code", ("h",), rf"\b(?P<q>H[12])\s*(?:{_YEAR}|)\b"),
    ("decade", ("the", "early", "late", "mid", "#4 s", "'"), r"(?<!\w)(?:the\s+|)(?:(?:early|late|mid)[\s-]+|)(?:\b(?P<cent>1[6-9]|20)(?P<dec>\d0)|'(?P<short>\d0))s\b"),
    ("ago", (r"# \s", "@ones", "a", "several"), rf"\b(?P<n>\d+|{_NUM_WORD}|an?|a\s+few|several)\s+(?P<unit>{alternation(_AGO_UNITS, ignore_case=True)})\s+(?P<dir>ago|earlier|before|later)\b"),
    ("relative", ("@edges", "@relative_modifiers"), rf"\b{_EDGE}(?P<mod>{alternation(_MODIFIERS, ignore_case=True)})\s+(?P<unit>{_UNIT_WORDS})\b"),
    ("weekday", ("last", "this", "next", "on", "coming", "past", "@weekdays"), rf"\b(?:(?P<mod>last|this|next|on|coming|past)\s+|)(?P<wd>{alternation(_WEEKDAYS, ignore_case=True)})(?:(?P<dot>\.)|\b)"),
    ("relday", ("@relative_days",), rf"\b(?P<rd>{alternation(_REL_DAYS, ignore_case=True)})\b"),
    ("year", ("fiscal", "fy", "financial", "@edges", "#4"), rf"\b(?:(?:fiscal|FY|financial\s+year)\s*|)(?:{_EDGE_WORDS}[\s-]*|(?<![\d$£€¥.,])(?<![A-Za-z]-)){_YEAR}(?![\d%]|,\d|\.\d|-\d|\s*(?:%|per\b|percent))"),
    ("month", ("@edges", "@months"), rf"\b{_EDGE}{_MONTH}(?![\w])"),
]


if not all(p[:1].isalpha() for words in (_MONTHS, _WEEKDAYS, _MODIFIERS, _REL_DAYS, _LEX["edges"]) for p in words):
    raise ValueError("dates.json: month, weekday, modifier, relative-day and edge phrases must start with a letter")

_LISTS: Final[dict[str, list[str]]] = {"months": [*_MONTHS], "ordinals": [*_ORDINALS], "edges": _LEX["edges"],
                                "relative_modifiers": [*_MODIFIERS], "weekdays": [*_WEEKDAYS],
                                "relative_days": [*_REL_DAYS], "ones": [*load("numbers")["ones"]]}
#: An opening as `_starts` reads it (lower-cased): an apostrophe before digits, digits (and the
#: character after them), or a whole run of letters.
_OPENING_RE: Final = re.compile(r"'|\d+|[^\W\d_]+")


def _opening_key(opening: str) -> str:
    """What `_PATTERNS` lists an opening as: the word itself, `'`, or `#` and its digit count,
    then a space and the character after the digits where one follows them."""
    if opening[0].isalpha() or opening[0] == "'":
        return opening[0] if opening[0] == "'" else opening
    if opening[-1].isdecimal():  # digits that end the text
        return f"#{len(opening)}"
    return f"#{len(opening) - 1} {opening[-1]}"


def _openings(pattern: tuple[str, tuple[str, ...], str]) -> list[str]:
    """A pattern's openings with its lexicon lists spelled out: the first word or digits of each phrase."""
    out = []
    for opening in pattern[1]:
        phrases = _LISTS[opening[1:]] if opening.startswith("@") else [opening]
        out += [o if o.startswith("#") else _phrase_opening(o) for o in phrases]
    return out


def _phrase_opening(phrase: str) -> str:
    """A lexicon phrase's opening: its first word, `'`, or its digits and the character after them."""
    m = _OPENING_RE.match(phrase.lower())
    key = _opening_key(m.group() if m else phrase)
    return f"{key} {re.escape(phrase[m.end()])}" if m and key.startswith("#") and m.end() < len(phrase) else key


def _admits(opening: str, key: str) -> bool:
    """Whether a text opening with `key` (from `_opening_key`) can open with `opening` (from
    `_openings`). A word admits the words it begins, not only itself: a separator after it may
    be empty (`mid-` then `March`), gluing the next word on. Digits admit the patterns whose
    character after them (if they name one) is the text's."""
    if opening.startswith("#"):
        if not key.startswith("#"):
            return False
        count, _, after = key[1:].partition(" ")
        lengths, _, follow = opening[1:].partition(" ")
        low, _, high = lengths.partition("-")
        return (not low or int(low) <= int(count) <= int(high or low)) \
            and (not follow or re.fullmatch(follow, after, re.IGNORECASE) is not None)
    return key.startswith(opening) and not key.startswith("#")


_PATTERN_OPENINGS: Final = [(pattern, _openings(pattern)) for pattern in _PATTERNS]
#: Every pattern's word openings: a word key some pattern admits begins with one (`_admits`).
_WORD_OPENINGS: Final = tuple(sorted({o for _, openings in _PATTERN_OPENINGS for o in openings if not o.startswith("#")}))
#: Each pattern compiled alone, by name, on first use.
_COMPILED: dict[str, re.Pattern] = {}
#: Per opening key, the patterns that can open there, by name and compiled, in `_PATTERNS`' order.
_AT: dict[str, tuple[tuple[str, re.Pattern], ...]] = {}


def _compiled(name: str, body: str) -> re.Pattern:
    """A pattern compiled on first use (another thread may compile it too: either serves)."""
    if name not in _COMPILED:
        _COMPILED[name] = re.compile(body, re.IGNORECASE)
    return _COMPILED[name]


def _patterns_at(key: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The patterns to try, one after another, where the text opens with `key`. Digits' keys hold
    the character after them: most numbers are followed by one no pattern puts there, and are
    tried by none. Tried alone, not as one alternation per set of patterns: the first that matches
    wins either way, and compiling each pattern once costs a seventh of compiling the some 26
    alternations that text calls for (0.24 s a process), for a match call more per pattern tried."""
    if key not in _AT:
        _AT[key] = tuple((name, _compiled(name, body)) for (name, _, body), openings in _PATTERN_OPENINGS
                         if any(_admits(o, key) for o in openings))
    return _AT[key]


@lru_cache(maxsize=4096)  # the same words and digits open sentence after sentence: one lookup, not two calls
def _patterns_for(opening: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The patterns to try where the text opens with `opening` (a lower-cased word, or digits
    and the character after them)."""
    return _patterns_at(_opening_key(opening))


#: The patterns whose reading depends on whether the clause speaks of the future, and only
#: given a reference (`_nearest_month`, `_nearest_day`, `_weekday`).
_READS_FUTURE: Final = frozenset({"dm", "md", "month", "week_of_month", "weekday"})
#: Month and weekday names written in full (the longest name of each): a dot after one ends the sentence.
_FULL_NAMES: Final = frozenset(max((k for k in names if names[k] == v), key=len)
                               for names in (_MONTHS, _WEEKDAYS) for v in set(names.values()))


class DateMention(NamedTuple):
    start: int
    end: int
    date_start: date | None
    granularity: str


def find_dates(text: str, reference: date | None) -> list[DateMention]:
    """Date mentions in `text`, left to right, longest first at each position."""
    found = []
    for kind, m in _matches(text):
        future = reference is not None and kind in _READS_FUTURE and _speaks_of_future(text, m.start())
        groups = {name: value for name, value in m.groupdict().items() if value is not None}
        resolved = _resolve(kind, groups, m.group(0), reference, future)
        if kind == "ago" and resolved and resolved[1] == "year" and _QUARTERLY_RE.search(text):
            resolved = _year_ago_quarter(reference)
        if resolved is not None and kind in _TITLE_KINDS and _in_title(text, m, groups):
            continue
        if resolved is not None:
            end = m.end()
            if text[end - 1] == "." and lookup_key(groups.get("month") or groups.get("wd") or "") in _FULL_NAMES:
                end -= 1  # `in June.`: the sentence's full stop, not an abbreviation's (`Jan.`)
            found.append(DateMention(m.start(), end, *resolved))
    return found


#: Weekday and day words that can stand in a newspaper's or programme's name: the title words after a bare
#: one (`the Sunday Times`, `Radio 4's Today programme`), before `on` one (`the Mail on Sunday`).
_TITLE_KINDS: Final = frozenset({"weekday", "relday"})
_TITLE_AFTER_RE: Final = re.compile(rf"\s+(?:{alternation(_LEX['title_after'], case_sensitive=True)})\b")
_TITLE_BEFORE_RE: Final = re.compile(rf"\b(?:{alternation(_LEX['title_before'], case_sensitive=True)})\s+$")


def _in_title(text: str, m: re.Match, groups: dict[str, str]) -> bool:
    """Whether a capitalised weekday or day word is part of a title rather than a date."""
    if not (groups.get("wd") or groups.get("rd") or "")[:1].isupper():
        return False  # "figures released today show": a verb after a day word in lower case
    if "mod" not in groups:
        return _TITLE_AFTER_RE.match(text, m.end()) is not None
    return groups["mod"] == "on" and _TITLE_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()) is not None


_LEADS: Final = {"the", "a", "an", "on", "of"}


def _first_words() -> frozenset[str]:
    """The words a date can open with (after an article or preposition in `_LEADS`): each
    lexicon phrase's first such word, the words the patterns themselves open with or put after
    a number (`a year ago`, `a few days ago`), and the letters of codes (`Q1`, `H2`, `FY2025`)."""
    phrases = [*_MONTHS, *_WEEKDAYS, *_ORDINALS, *_MODIFIERS, *_REL_DAYS, *_LEX["edges"], *load("numbers")["ones"],
               *_AGO_UNITS, *_REL_UNITS]
    words = [re.split(r"[\s.'-]+", p.lower()) for p in phrases]
    firsts = {next((w for w in ws if w not in _LEADS), ws[0]) for ws in words}
    return frozenset(firsts | {"few", "several", "coming", "past", "this", "last", "next", "early", "late", "mid",
                               "fiscal", "fy", "financial", "q", "h"})
_FIRSTS: Final = _first_words()
#: A word's start: a digit, an apostrophe before one (`'90s`), or a letter not glued to a word.
_HEAD: Final = r"(?<![\w'])(?='?\d|[^\W\d_])"


def _start_pattern(kinds: dict[str, int]) -> str:
    """Where a date can start (group `at`) in lower-cased text, after a character that is no
    word character or apostrophe: an opening head (digits, or a whole run of letters among the
    `kinds` that a pattern opens with), or a lead word whose next head (the first one after it,
    held by the atomic group) opens with digits or a word of `_FOLLOWS`. The character before
    the head is matched, not looked behind at, so that the scan skips the letters inside words
    in C; every branch opens with a character (the digits are two branches), which sre tests
    in one step before it enters the branch."""
    word_end = r"(?![^\W\d_])"
    opening = rf"'\d+|\d\d*|{branches([([w for w, kind in kinds.items() if kind & _FOLLOWS], word_end)])}"
    words = branches([([w for w, kind in kinds.items() if kind & _OPENS], word_end),
                      ([w for w, kind in kinds.items() if kind & _LEAD], rf"{word_end}(?=(?>[\s\S]*?{_HEAD})(?:{opening}))")])
    return rf"[^\w'](?P<at>'\d+|\d\d*|{words})"


def _opens(word: str) -> bool:
    """Whether a pattern can open with `word`: the others (`year` of `a year ago`, `of`) only
    follow a lead word, and a start there would try nothing. Asked of the openings, not of
    `_patterns_at`, which would compile every pattern at import rather than on first use."""
    key = _opening_key(word)
    return not key.startswith("#") and key.startswith(_WORD_OPENINGS)


#: What a head (`_HEAD`) of lower-cased text can be, by its word: a start (a word some pattern
#: opens with), a word a lead's start goes on to (the starts and `day`, `year`, `same`...), a
#: lead word (`the`, `a`, `on`). A head of none of them is 0.
_OPENS: Final = 1
_FOLLOWS: Final = 2
_LEAD: Final = 4


def _head_kinds(firsts: list[str]) -> dict[str, int]:
    """The kinds of `firsts` (words a date can open with) and of the lead words a pattern
    opens with; a lead word among `firsts` is none."""
    kinds = {w: _FOLLOWS | (_OPENS if _opens(w) else 0) for w in firsts}
    return kinds | {w: _LEAD for w in sorted(_LEADS) if _opens(w) and w not in kinds}


_START_RE: Final = re.compile(_start_pattern(_head_kinds([w for w in _FIRSTS if w.isalpha()])))
_HEAD_KINDS: Final = _head_kinds([w for w in _FIRSTS if w.isalpha() and w.isascii()])
#: Its words, asked of every word of ASCII text: a set probes fewer slots than a dictionary.
_HEAD_WORDS: Final = frozenset(_HEAD_KINDS)
#: ASCII text in one byte table for `_ascii_starts`: letters lower-cased, digits `#`, apostrophes
#: and `_` kept, every other character a space. A run of letters is then `isalnum`.
_WORDS_TABLE: Final = bytes(ord("#") if chr(c).isdigit() else ord(chr(c).lower()) if chr(c).isalpha() or chr(c) in "_'"
                            else ord(" ") for c in range(128)) + bytes(range(128, 256))
#: The head of a word of `_WORDS_TABLE`'s text that is no run of letters: digits, an apostrophe
#: before digits (`'90s`), or letters before a digit or apostrophe (`q3`, `march's`).
_HEAD_RE: Final = re.compile(r"'?#+|[a-z]+")


def _starts(text: str) -> list[tuple[int, str]]:
    """Where a date can start, and the lower-cased word there or the digits (with an apostrophe
    before or not) and the character after them, as written: a digit or a word some
    pattern opens with, or an article or preposition (`the`, `a`, `on`) followed by such a word.
    ASCII text is read word by word; other text is one scan of its lower case, where `İ`, which
    lower-cases to two characters, becomes `ı` first (a letter no opening word holds) to keep
    offsets."""
    if text.isascii():
        return _ascii_starts(text)
    return [(m.start(), m.group(1) if m.group(1)[0].isalpha() else text[m.start():m.end()])
            for m in _START_RE.finditer(" " + text.replace("İ", "ı").lower())]


def _ascii_starts(text: str) -> list[tuple[int, str]]:
    """`_START_RE`'s starts in ASCII text, word by word: a set lookup per word of the text split
    at spaces, where the scan costs sre a match attempt through some 25 branches at every space.
    A head is where a word starts after a space (not after `_` or an apostrophe); a lead word is
    a start when the next head is digits or a word of `_FOLLOWS`."""
    out: list[tuple[int, str]] = []
    pos = 0
    lead, lead_word = -1, ""
    for word in text.encode().translate(_WORDS_TABLE).decode().split(" "):
        if word.isalnum() and word not in _HEAD_WORDS:
            lead = -1  # a word of no kind: most are
        elif word:
            opening, kind = _head(word, text, pos)
            if kind >= 0:
                if lead >= 0 and kind & _FOLLOWS:
                    out.append((lead, lead_word))
                lead = -1
                if kind & _OPENS:
                    out.append((pos, opening))
                elif kind & _LEAD:
                    lead, lead_word = pos, opening
        pos += len(word) + 1
    return out


def _head(word: str, text: str, pos: int) -> tuple[str, int]:
    """The opening at the start of a word of `_WORDS_TABLE`'s text found at `pos` and its kind
    (`_HEAD_KINDS`), or kind -1 where no head is (`_x`, `'s`): a lead's look-ahead passes over it."""
    if word in _HEAD_KINDS:
        return word, _HEAD_KINDS[word]
    if word.count("#") == len(word):
        return text[pos:pos + len(word) + 1], _OPENS | _FOLLOWS
    m = _HEAD_RE.match(word)
    if m is None:
        return "", -1
    head = m.group()
    if head[-1] != "#":
        return head, _HEAD_KINDS.get(head, 0)
    return text[pos:pos + len(head) + 1], _OPENS | _FOLLOWS


def _matches(text: str) -> list[tuple[str, re.Match]]:
    """Matches of the date patterns (with their names), tried only where one can start and only
    those that can open there, the first that matches winning: many times faster than trying
    the whole alternation at every word."""
    out: list[tuple[str, re.Match]] = []
    end = 0
    for start, opening in _starts(text):
        if start < end:
            continue
        for name, pattern in _patterns_for(opening):
            m = pattern.match(text, start)
            if m is not None:
                if m.end() > start:
                    out.append((name, m))
                    end = m.end()
                break
    return out


def _speaks_of_future(text: str, pos: int) -> bool:
    """Whether the clause before a date is about the future (`will meet on Friday`); quotes and
    sentence breaks end the clause."""
    window = _CLAUSE_BREAK_RE.split(text[max(0, pos - _FUTURE_WINDOW):pos])[-1]
    return bool(_FUTURE_RE.search(window))


def _resolve(kind: str, g: dict[str, str], surface: str, ref: date | None, future: bool) -> tuple[date | None, str] | None:
    """(first day, granularity) of one match, or None when the match is not a date after all."""
    if "month" in g and not _month_is_date(g["month"], surface, kind):
        return None
    month = _MONTHS.get(lookup_key(g.get("month", "")), 0)  # 0: none named (the kinds that need one have it)
    year = int(g["year"]) if "year" in g else 0
    if kind == "iso":
        return _safe_date(year, int(g["m"]), int(g["d"])), "day"
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        day, mon = (a, b) if g["sep"] == "." or a > 12 else (b, a)
        return (_safe_date(year, mon, day), "day") if _safe_date(year, mon, day) else None
    if kind == "mdy" or kind == "dm" and "year" in g:
        when = _safe_date(year, month, int(g["day"]))
        return (when, "day") if when else None
    if kind in ("dm", "md"):
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        if ref is None:
            return None, "day"
        return _nearest_day(ref, month, day, future), "day"
    if kind == "my":
        return date(year, month, 1), "month"
    if kind == "my_rel":
        return (date(ref.year + _MODIFIERS[lookup_key(g["rel"])], month, 1) if ref else None), "month"
    if kind == "month":
        if ref is None:
            return None, "month"
        return _nearest_month(ref, month, future), "month"
    if kind == "week_of_month":
        n = _ORDINALS[lookup_key(g["ord"])]
        if n < 1:
            return None
        year = year or (_nearest_month(ref, month, future).year if ref else 0)
        return (date(year, month, 7 * (n - 1) + 1) if year else None), "week"
    if kind in ("quarter", "half", "quarter_code", "half_code"):
        return _period(kind, g, ref)
    if kind == "decade":
        century = g.get("cent")
        if century is None:
            century = "19" if g.get("short") else None
        if century is None:
            return None
        return date(int(century + (g.get("dec") or g["short"])), 1, 1), "decade"
    if kind == "ago":
        return _ago(g, ref)
    if kind == "relative":
        return _relative(g, ref)
    if kind == "weekday":
        return _weekday(g, surface, ref, future)
    if kind == "relday":
        return (ref + timedelta(days=_REL_DAYS[phrase_key(g["rd"])]) if ref else None), "day"
    if kind == "year":
        return date(year, 1, 1), "year"
    return None


def _month_is_date(word: str, surface: str, kind: str) -> bool:
    """Month names double as words (`may`, `march`): take them capitalised, and a bare
    ambiguous one only with a preposition or edge word before it."""
    start = surface.lower().index(word.lower())
    if not word[0].isupper():
        return False
    if kind == "month" and word.lower() in _AMBIGUOUS:
        return start > 0 or word.isupper() and len(word) > 3 or (word.lower() == "march" and word[0].isupper())
    return True


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if year and month else None
    except ValueError:
        return None


def _nearest_month(ref: date, month: int, future: bool) -> date:
    """The month named: the coming one when the clause speaks of the future or the month is
    at most two ahead (a deadline), else the latest one (news reports the past)."""
    ahead = (month - ref.month) % 12
    if future or ahead <= _MONTHS_AHEAD:
        return date(ref.year + (ref.month + ahead > 12), month, 1)
    return date(ref.year - (month > ref.month), month, 1)


def _nearest_day(ref: date, month: int, day: int, future: bool) -> date | None:
    """The day named, in the year the month rule picks."""
    year = _nearest_month(ref, month, future).year
    return _safe_date(year, month, day)


def _period(kind: str, g: dict[str, str], ref: date | None) -> tuple[date | None, str] | None:
    """Quarters and halves: `the first quarter`, `Q3 2024`, `the second half of 2025`."""
    grain = "quarter" if kind.startswith("quarter") else "half"
    size = 3 if grain == "quarter" else 6
    n = int(g["q"][1]) if "q" in g else _ORDINALS[lookup_key(g["ord"])]
    if n == -1:
        n = 12 // size
    if not 1 <= n <= 12 // size:
        return None
    if "year" in g:
        year = int(g["year"])
    elif ref is None:
        return None, grain
    elif "rel" in g:
        year = ref.year + _MODIFIERS[lookup_key(g["rel"])]
    else:  # the latest such period that has begun by the reference
        year = ref.year if (n - 1) * size + 1 <= ref.month else ref.year - 1
    return date(year, (n - 1) * size + 1, 1), grain


def _shift(ref: date, unit: str, steps: int) -> date:
    """First day of the `unit` period `steps` periods from the one holding `ref`."""
    if unit == "day":
        return ref + timedelta(days=steps)
    if unit == "week":
        return ref - timedelta(days=ref.weekday()) + timedelta(weeks=steps)
    if unit == "decade":
        return date(ref.year // 10 * 10 + 10 * steps, 1, 1)
    if unit == "year":
        return date(ref.year + steps, 1, 1)
    size = {"month": 1, "quarter": 3, "half": 6}[unit]
    index = ref.year * 12 + (ref.month - 1) // size * size + steps * size
    return date(index // 12, index % 12 + 1, 1)


def _relative(g: dict[str, str], ref: date | None) -> tuple[date | None, str] | None:
    """`last month`, `earlier this year`, `the previous quarter`, `next week`."""
    unit = _REL_UNITS[phrase_key(g["unit"])]
    steps = _MODIFIERS[phrase_key(g["mod"])]
    if unit == "decade" and steps != 0:
        return None  # "the next decade" is a stretch of time, not a calendar decade
    return (_shift(ref, unit, steps) if ref else None), unit


def _ago(g: dict[str, str], ref: date | None) -> tuple[date | None, str] | None:
    """`three years ago`, `a month earlier`: the period that many units before the reference."""
    unit = _AGO_UNITS[lookup_key(g["unit"])]
    word = g["n"].lower()
    if word in ("a", "an"):
        n = 1
    elif word.isdigit():
        n = int(word)
    elif word in load("numbers")["ones"]:
        n = load("numbers")["ones"][word]
    else:
        return None  # "a few years ago" names no period
    if n > 1000:
        return None
    sign = 1 if g["dir"].lower() == "later" else -1
    if unit == "day":
        days = n if g["unit"].lower().startswith("day") else 0  # "38 minutes ago" is the reference day
        return (ref + timedelta(days=sign * days) if ref else None), "day"
    return (_shift(ref, unit, sign * n) if ref else None), unit


def _year_ago_quarter(ref: date | None) -> tuple[date | None, str]:
    """`a year ago` in a sentence about quarterly results: the last finished quarter, a year back."""
    if ref is None:
        return None, "quarter"
    last = _shift(ref, "quarter", -1)
    return date(last.year - 1, last.month, 1), "quarter"


def _weekday(g: dict[str, str], surface: str, ref: date | None, future: bool) -> tuple[date | None, str] | None:
    """`on Sunday`: that day when the reference is a Sunday, else the latest Sunday before
    (the coming one for `next Sunday` or a sentence about the future)."""
    word = g["wd"]
    if not word[0].isupper() or (len(word) < 6 and ("dot" not in g or "mod" not in g)):
        return None  # "Sun", "Sat" are names and words ("told The Sun.", "offered by Sun."): an abbreviation needs its dot and `on`, `last`, ...
    if ref is None:
        return None, "day"
    target = _WEEKDAYS[lookup_key(word)]
    mod = (g.get("mod") or "").lower()
    back = (ref.weekday() - target) % 7
    if mod in ("next", "coming") or (future and mod not in ("last", "past")):
        ahead = (target - ref.weekday()) % 7
        return ref + timedelta(days=ahead or (7 if mod == "next" else 0)), "day"
    if mod in ("last", "past") and back == 0:
        back = 7
    return ref - timedelta(days=back), "day"

