"""Figures in one sentence: percentages, money, quantities, capacities, counts, durations, dates.

Numbers are found by `numbers`, dates by `dates`; this module reads the words
around each number (currency, unit, counted noun, qualifier, change verb) and
names what it measures. Cue words live in `lexicons/figures_cues.json`.
Pure and fast: every regex is compiled at import, nothing is read at call time."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Final, NamedTuple

from stages.extract import units
from stages.extract.dates import find_dates
from stages.extract.lexicon import alternation, reversed_alternation
from stages.extract.measure import measure_for
from stages.extract.numbers import FRACTION_RE, FRACTIONS, NEW_TUPLE, VAGUE, VAGUE_RE, Number, find_numbers, fraction_value, is_finite, vague_range
from stages.lexicons import load, phrase_key
from stages.model import Figure

_CUES: Final = load("figures_cues")
_QUALIFIERS_BEFORE: Final = {cue: q for q, cues in _CUES["qualifier_before"].items() for cue in cues}
_QUALIFIERS_AFTER: Final = {cue: q for q, cues in _CUES["qualifier_after"].items() for cue in cues}
_DIRECTION_VERBS: Final = {verb: d for d, verbs in _CUES["direction_verbs"].items() for verb in verbs}
_FUNCTION_WORDS: Final = set(_CUES["function_words"]) - set(_CUES["count_adjectives"])
_TIME_WORDS: Final = set(_CUES["time_words"])
_NAME_WORDS: Final = set(_CUES["name_words"])

#: Cues that end where the text before a number ends, matched on that text reversed (an
#: anchored match where a search for `cue$` would try every position of the window).
_QUALIFIER_BEFORE_RE: Final = re.compile(rf"\s*(?P<q>{reversed_alternation(_QUALIFIERS_BEFORE, ignore_case=True)})(?![\w-])", re.IGNORECASE)
_DIRECTION_BEFORE_RE: Final = re.compile(
    rf"\s+(?:(?:{reversed_alternation(_CUES['direction_bridge'], ignore_case=True)})\s+){{0,2}}"
    rf"(?P<v>{reversed_alternation(_DIRECTION_VERBS, ignore_case=True)})(?![\w-])",
    re.IGNORECASE,
)
#: A verb, its object, then `by`: `grow sales by 35%`, `cut its stake by 5%` (not the adverbs `up`, `down`).
_DIRECTION_OBJECT_RE: Final = re.compile(
    rf"\s+yb\s+(?:[\w'’-]+\s+){{1,3}}?"
    rf"(?P<v>{reversed_alternation((v for v in _DIRECTION_VERBS if v not in ('up', 'down')), ignore_case=True)})(?![\w-])",
    re.IGNORECASE,
)
#: The words the cues of a move end with, lower-cased (`by` ends those of _DIRECTION_OBJECT_RE).
_DIRECTION_LAST_WORDS: Final = frozenset(p.split()[-1].lower() for p in [*_CUES["direction_bridge"], *_DIRECTION_VERBS])
_PHRASAL_VERBS: Final = set(_CUES["phrasal_verbs"])
_UP_TO_PARTICLES: Final = set(_CUES["up_to_particles"])
_COLLECT_VERBS: Final = set(_CUES["collect_verbs"])
_BY_RE: Final = re.compile(r"\bby\b", re.IGNORECASE)
#: `by an average of 1500`, `a total of 300`: words that say a bare number is an amount.
_AMOUNT_CUE_RE: Final = re.compile(rf"\s+(?:{reversed_alternation(_CUES['amount_cues'], ignore_case=True)})(?![\w-])", re.IGNORECASE)
#: Never the `and up` of `5% and up to 7%`, where `up to` bounds the next figure.
_QUALIFIER_AFTER_RE: Final = re.compile(rf"\s*(?P<q>{alternation(_QUALIFIERS_AFTER, ignore_case=True)})(?![\w])(?!\s+to\b)", re.IGNORECASE)
_CAPACITY_RE: Final = re.compile(rf"\b(?:{alternation(_CUES['capacity_cues'], ignore_case=True)})\b", re.IGNORECASE)
_FACILITY_AFTER_RE: Final = re.compile(rf"\s+(?:[A-Za-z-]+\s+)?(?:{alternation(_CUES['capacity_nouns'], ignore_case=True)})s?\b", re.IGNORECASE)
_SCORE_AFTER_RE: Final = re.compile(rf"\s+(?:{alternation(_CUES['score_nouns'], ignore_case=True)})\b", re.IGNORECASE)
#: The words between the two ends of a range; `up to` (group `up_to`) only after `between` or `from`
#: (one pattern: its second branch is tried only where the first fails, in the same call).
_RANGE_LINK_RE: Final = re.compile(r"\s*(?:-|–|—|to|and|or)\s*$|(?P<up_to>\s+up\s+to\s+)", re.IGNORECASE)
#: Links after which a bare number takes the unit of the next: `7- or 8-inch`, `280 million of the 1.5 billion shekels`.
_SHARED_UNIT_LINK_RE: Final = re.compile(r"-\s+(?:or|and)\s+|\s+of\s+(?:the|its|their)\s+", re.IGNORECASE)
_BETWEEN_BEFORE_RE: Final = re.compile(rf"\s+(?:{reversed_alternation(('between', 'from'), ignore_case=True)})\b", re.IGNORECASE)
_BY_BEFORE_RE: Final = re.compile(rf"\s+{reversed_alternation(('by',), ignore_case=True)}\b", re.IGNORECASE)
_FROM_BEFORE_RE: Final = re.compile(
    rf"\s+(?:(?:{reversed_alternation(('about', 'around', 'some', 'nearly', 'over', 'under', 'just'), ignore_case=True)})\s+)?"
    rf"{reversed_alternation(('from',), ignore_case=True)}\b",
    re.IGNORECASE,
)
_WORD_RE: Final = re.compile(r"[\s-]+(?P<w>[A-Za-z][\w'’]*(?:-[A-Za-z][\w'’]*)*)")
_SPACED_CODE_RE: Final = re.compile(r"\b[A-Z]{2,}\s-$")
_MODEL_NUMBER_RE: Final = re.compile(r"\s+(?P<w>\d[\w-]*)(?=\s+[A-Za-z])")
#: The word a text ends with, before spaces and brackets, matched on the text reversed (`w`
#: reads backwards; its last letter is the word's first): one anchored match where a search for
#: `word[\s(]*$` tried every letter of the text and read on to its end from each.
_LAST_WORD_RE: Final = re.compile(r"[\s(]*(?P<w>[\w'’.]*[A-Za-z])")
_PHONE_RE: Final = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b")
_ZONES: Final = alternation(_CUES["clock_zones"], ignore_case=True)
#: `9:30`, `5 pm`, and four digits of the 24-hour clock before a time zone (`1830 GMT`, `1200 hrs EDT`).
_TIME_OF_DAY_RE: Final = re.compile(
    r"\b\d{1,2}:\d{2}\b(?:\s*[ap]\.?m\b\.?)?|\b\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\b\.?"
    rf"|\b(?:[01]\d|2[0-3])[0-5]\d(?:\s?(?:hrs|hours))?\s?(?:{_ZONES})\b", re.IGNORECASE)
#: What every phone number and time of day above holds (`555-1234`, `9:30`, `5 pm`, `1830 GMT`): a scan
#: that starts only at digits, so the two patterns, which try every position, run on the few
#: sentences that pass instead of on every sentence with a digit. The scan looks for an ASCII
#: digit or a character past ASCII (two range tests), then makes sure it is a digit: cheaper
#: than testing the Unicode digit class at every character.
_CLOCK_OR_PHONE_HINT_RE: Final = re.compile(
    rf"(?-i:[0-9\x80-\U0010ffff])(?<=\d)(?:\d\d[\s.-]\d{{4}}|:\d|\s*[ap]\.?m\b|\d{{3}}\s?(?:(?:hrs|hours)\s?)?(?:{_ZONES})\b)", re.IGNORECASE)
#: The same hint in ASCII text folded by `_CLOCK_FOLD` (digits as `0`, whitespace as a space, letters
#: lower-cased): it opens with a literal, which sre seeks by a byte compare where it tests a class.
_ASCII_CLOCK_OR_PHONE_HINT_RE: Final = re.compile(
    rb"0(?:00[ .-]0000|:0| *[ap]\.?m\b|000 ?(?:(?:hrs|hours) ?)?(?:" + alternation(z.lower() for z in _CUES["clock_zones"]).encode() + rb")\b)")
_CLOCK_FOLD: Final = bytes(48 if chr(c).isdigit() else 32 if chr(c).isspace() else ord(chr(c).lower()) for c in range(128)) + bytes(range(128, 256))
_ARTICLE_UNITS: Final = ("year", "month", "week", "day", "hour", "minute", "fortnight")
#: After a preposition (`for a week`), or before `later` (`a year later`: the time after an event of the story).
_A_DURATION_RE: Final = re.compile(
    rf"(?:\b(?P<prep>for|within|after|in|over|lasting|than)\s+)?\b(?P<n>an?)\s+(?P<u>{alternation(_ARTICLE_UNITS, ignore_case=True)})\b"
    r"(?(prep)(?!\s+(?:ago|earlier|later|before)\b|-)|(?=\s+later\b))",
    re.IGNORECASE,
)
_ONE_OF_RE: Final = re.compile(
    r"\s+of\s+(?:the|its|their|his|her|our|my|your|these|those|(?P<owner>[A-Z][\w.&-]*['’]s))\s+(?P<words>[A-Za-z'’-]+(?:\s+[A-Za-z'’-]+){0,4})")
_TOKEN_RE: Final = re.compile(r"[A-Za-z'’-]+")
_LETTERS_RE: Final = re.compile(r"[a-z]+")  # the words of a lower-cased phrase, hyphenated ones apart (`best-known`)
_SUPERLATIVE_WORDS: Final = frozenset(_CUES["superlative_words"])
_NOT_SUPERLATIVE: Final = frozenset(_CUES["est_words_not_superlative"])
_RESTATED_RE: Final = re.compile(r"[\s,(]*(?:or|and)?[\s(]*")
_BRACKETED_RE: Final = re.compile(r"\s*\([^()]{1,40}\)|\)")  # a bracketed aside, or the end of the one a figure is in
_CONVERTED_RE: Final = re.compile(r"\s*[(/]\s*")
#: The next item of a list of moves with its verb left out: `Ross were down 2.3%, Burlington by 2.6%`.
_ELLIPTIC_BY_RE: Final = re.compile(r"\s*[,;]\s*(?:and\s+)?(?:[A-Z][\w&.'’-]*\s+){1,3}by\s+")
#: A length in other units in brackets: the `m` glued before it is metres, not millions (`37m (121ft)`).
_LENGTH_CONVERSION_RE: Final = re.compile(r"\s*\(\s*[\d.,]+\s*(?:ft|feet|foot|in|inch|inches|yd|yards?|miles?|mi)\b")
_METRE_AFTER_RE: Final = re.compile(rf"\s+(?:{alternation(_CUES['metre_after'], ignore_case=True)})(?![\w-])", re.IGNORECASE)
_METRE_BEFORE_RE: Final = re.compile(rf"(?<![\w'’])(?:{alternation(_CUES['metre_before'], ignore_case=True)})\s+$", re.IGNORECASE)
_RACE_DISTANCES: Final = frozenset(float(d) * 1e6 for d in _CUES["race_distances"])  # as read with the `m` as millions
_RACE_BEFORE_RE: Final = re.compile(
    rf"(?:(?<![\w'’])(?:{alternation(_CUES['race_distance_before'], ignore_case=True)})|['’]s|(?<![\w$£€¥.,])\d[\d,]*m\s+(?:and|or|to))\s+$",
    re.IGNORECASE)
_RACE_AFTER_RE: Final = re.compile(rf"\s*(?:$|[.,;:)!?\"”]|(?:{alternation(_CUES['race_distance_after'], ignore_case=True)})\b)", re.IGNORECASE)
#: Before a number word that states no amount: `no one`, `no-one`, `a multi-million pound deal`.
_NO_AMOUNT_BEFORE_RE: Final = re.compile(r"(?<![\w-])(?:no[ -]|multi-)$", re.IGNORECASE)
_BOUNDS: Final = ("over", "under", "at_least", "at_most")
_FRACTION_OF_RE: Final = re.compile(r"\s+of\b", re.IGNORECASE)
_CHANGE_WORD_RE: Final = re.compile(
    rf"(?<![\w-])(?:{alternation([*_DIRECTION_VERBS, *_CUES['change_nouns'], *_CUES['change_verbs']], ignore_case=True)})(?![\w-])", re.IGNORECASE
)
#: `to`/`at` ending a text, matched on it reversed (a search for `to\s+$` tries every position).
_LEVEL_BEFORE_RE: Final = re.compile(rf"\s+(?:{reversed_alternation(_CUES['level_prepositions'], ignore_case=True)})\b", re.IGNORECASE)
_CLAUSE_SPLIT_RE: Final = re.compile(r"[,;:()]|\b(?:while|but|whereas|and)\b")
_SIGNS: Final = {"+": "up", "-": "down", "−": "down"}
_COPULA_BEFORE_RE: Final = re.compile(r"\b(?:is|was|were|are|be|been|being|remains|remained|stood|stands)\s+$", re.IGNORECASE)
_NAME_COMMA_RE: Final = re.compile(r"\b[A-Z][a-z'’-]+,\s$")
_MINUS_BEFORE_RE: Final = re.compile(rf"[\s-]{reversed_alternation(('minus',), ignore_case=True)}\b", re.IGNORECASE)
_MAX_COUNT_WORDS: Final = 5
_LEFT_WINDOW: Final = 48  # longest cue phrase before a number, with room to spare


class _Reading(NamedTuple):
    """What the words after a number make of it (a named tuple, cheap to build per number)."""

    kind: str
    unit: str | None
    factor: float
    end: int
    noun_start: int | None = None


def _reading(kind: str, unit: str | None, factor: float, end: int, noun_start: int | None = None) -> _Reading:
    """`_Reading(...)`, built by `NEW_TUPLE` (one or more per number read)."""
    return NEW_TUPLE(_Reading, (kind, unit, factor, end, noun_start))


def extract_figures(text: str, reference_time: datetime | None, country: str | None = None) -> list[Figure]:
    """Figures in one sentence (or a title) of an article from `country` (ISO 3166 alpha-3 of its dateline, which
    settles bare `francs`, `pesos`, `crowns`). Offsets index `text`: text[f.char_start:f.char_end] == f.surface."""
    if not _ALNUM_RE.search(text):
        return []
    reference = _as_date(reference_time)
    taken: list[tuple[int, int]] = []
    if _may_hold_clock_or_phone(text):
        taken += [m.span() for m in _PHONE_RE.finditer(text)]
        taken += [m.span() for m in _TIME_OF_DAY_RE.finditer(text)]
    figures: list[Figure] = []
    for d in find_dates(text, reference):
        if _not_a_date(text, d.start, d.end):
            continue
        if not _overlaps(taken, d.start, d.end):
            figures.append(Figure(d.start, d.end, text[d.start:d.end], "date", date_start=d.date_start,
                                  granularity=d.granularity))
            taken.append((d.start, d.end))
    lower = text.lower()
    if _holds_any(lower, _FRACTION_HINTS):
        figures += _fraction_shares(text, taken)
    figures += _amounts(text, taken, country)
    if _ARTICLE_HINTS.search(lower):
        figures += _article_durations(text, taken)
    if _holds_any(lower, _VAGUE_HINTS):
        figures += _vague_amounts(text, taken, country)
    figures.sort(key=lambda f: f.char_start)
    return _with_measures(text, figures)


def _not_a_date(text: str, start: int, end: int) -> bool:
    """Date mentions that are amounts: `nine days later`, `a year later` are the time after an event
    of the story (durations, as TimeML has them; the publication time cannot place them), and a year-like number that is one end
    of a range whose other end no year can be is an amount (`from 1000 to 2000 hires`, `about
    2000 - 2500 Calories`; not `from 1998 to 2005`, nor `in 2019 to 25%`)."""
    if _COUNTED_LATER_RE.fullmatch(text, start, end):
        return True
    if not _BARE_YEAR_RE.fullmatch(text, start, end):
        return False
    if _YEAR_PREPOSITION_RE.search(text, max(0, start - 12), start):
        return False  # "in 2019 - 2500 people died"
    year = int(text[start:end])
    high = _RANGE_AFTER_YEAR_RE.match(text, end)
    if high and (high.group("link") in ("-", "–") or _SPAN_OPENER_RE.search(text, max(0, start - 12), start)):
        other = float(high.group("n").replace(",", ""))
        return other > year and not _YEAR_DIGITS_RE.fullmatch(high.group("n"))
    low = _RANGE_BEFORE_YEAR_RE.search(text, max(0, start - 30), start)
    return low is not None and float(low.group("n").replace(",", "")) < year and not _YEAR_DIGITS_RE.fullmatch(low.group("n"))


_COUNTED_LATER_RE: Final = re.compile(r"(?:an?\s+few|[\w-]+)\s+[a-z]+\s+later", re.IGNORECASE)
_BARE_YEAR_RE: Final = re.compile(r"\d{4}")
_RANGE_AFTER_YEAR_RE: Final = re.compile(r"\s+(?P<link>-|–|to|and)\s+(?P<n>\d[\d,]*(?:\.\d+)?)(?![\d,.]*\d)")
_YEAR_PREPOSITION_RE: Final = re.compile(r"\b(?:in|since|by|of|until|during|before|after)\s+$", re.IGNORECASE)
_SPAN_OPENER_RE: Final = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
_RANGE_BEFORE_YEAR_RE: Final = re.compile(r"\b(?:from|between)\s+(?P<n>\d[\d,]*(?:\.\d+)?)\s+(?:-|–|to|and)\s+$", re.IGNORECASE)
_YEAR_DIGITS_RE: Final = re.compile(r"1[6-9]\d\d|20\d\d|2100")


_ALNUM_RE: Final = re.compile(r"[^\W_]")  # a letter or a digit: the `isdigit or isalpha` of every character, in C


def _may_hold_clock_or_phone(text: str) -> bool:
    """Whether a phone number or a time of day may be in `text`: the hint's scan, on ASCII text
    folded to bytes by one `translate`, where it costs a third of the scan of the text."""
    if text.isascii():
        return _ASCII_CLOCK_OR_PHONE_HINT_RE.search(text.encode().translate(_CLOCK_FOLD)) is not None
    return _CLOCK_OR_PHONE_HINT_RE.search(text) is not None


def _hints(phrases: Iterable[str]) -> tuple[str, ...]:
    """The phrases' longest words lower-cased, kept to those none of the others is part of (a text
    holding none of them holds none of the phrases): looking for them in lower-cased text is many
    times cheaper than the ignore-case regex they gate, which then runs only on the few texts
    that pass."""
    lowered = {max(p.lower().split(), key=len) for p in phrases}
    return tuple(sorted(w for w in lowered if not any(o != w and o in w for o in lowered)))


def _holds_any(lower: str, hints: tuple[str, ...]) -> bool:
    for hint in hints:  # one substring search each, in C: cheaper than a regex scan trying every letter
        if hint in lower:
            return True
    return False


_FRACTION_HINTS: Final = _hints(FRACTIONS)
_VAGUE_HINTS: Final = _hints(VAGUE)
_CAPACITY_HINTS: Final = _hints(_CUES["capacity_cues"])
#: What every `for a week` holds, in lower-cased text: an article before a unit of time (a loose
#: test: the `a` opens a literal scan, where the unit words alone also pass `today`, `Monday`).
_ARTICLE_HINTS: Final = re.compile(rf"an?\s+(?:{alternation(_ARTICLE_UNITS)})")


def _as_date(reference_time: datetime | date | None) -> date | None:
    if reference_time is None:
        return None
    return reference_time.date() if isinstance(reference_time, datetime) else reference_time


def _ending(reversed_cue: re.Pattern, backwards: str, start: int, end: int) -> re.Match | None:
    """The cue ending where text[start:end] ends (and starting inside it), matched on
    `backwards`, the sentence reversed once for all its numbers: its groups read backwards,
    and offset i there is len(text) - i in the text."""
    return reversed_cue.match(backwards, len(backwards) - end, len(backwards) - start)


def _last_word(backwards: str, start: int, end: int) -> str | None:
    """The word text[start:end] ends with, before spaces and brackets (`Boeing` in `Boeing (`)."""
    m = _ending(_LAST_WORD_RE, backwards, start, end)
    return m.group("w")[::-1] if m else None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    for s, e in spans:  # a plain loop: `any` over a generator costs more for these short lists
        if s < end and start < e:
            return True
    return False


def _amounts(text: str, taken: list[tuple[int, int]], country: str | None) -> list[Figure]:
    """Figures built around digits and number words, ranges folded into one figure."""
    numbers = [n for n in find_numbers(text) if not _overlaps(taken, n.start, n.end)]
    backwards = text[::-1]
    out: list[Figure] = []
    earlier: list[tuple[float, _Reading]] = []
    skip_next = False
    for i, number in enumerate(numbers):
        if skip_next:
            skip_next = False
            continue
        high = numbers[i + 1] if i + 1 < len(numbers) else None
        figure, used_high, reading = _figure_at(text, backwards, number, high, earlier, country)
        skip_next = used_high
        if figure is not None and not _overlaps(taken, figure.char_start, figure.char_end):
            out.append(figure)
            taken.append((figure.char_start, figure.char_end))
            if figure.unit and reading is not None:  # a figure always has its reading
                earlier.append((number.value, reading))
    return out


def _figure_at(text: str, backwards: str, number: Number, following: Number | None,
               earlier: list[tuple[float, "_Reading"]], country: str | None) -> tuple[Figure | None, bool, "_Reading | None"]:
    """The figure a number starts (with `following` as its high end when they form a range),
    whether `following` was used, and how the number was read (`backwards`: the text reversed)."""
    start = number.start
    currency = units.currency_before(text[max(0, start - 8):start]) if not number.is_words else None
    if currency:
        start -= currency[1]
    if _glued_code(text, number, currency) or number.is_words and (_NO_AMOUNT_BEFORE_RE.search(text, max(0, start - 6), start)
                                                                     or text[start].isupper() and text[start + 1:start + 2].islower() and _in_name(text, start)):  # not `EIGHT`
        return None, False, None  # a code; `no one knows`, `no-one else`, `multi-million pound`, `the Six Nations`: no amount
    left_start, left_end = max(0, start - _LEFT_WINDOW), start
    left = text[left_start:left_end]
    if not currency and number.scale == 1e6 and text[number.end - 1:number.end] == "m" and _in_metres(text, number, left):
        number = number._replace(value=number.value / 1e6, suffix="m", scale=1.0)
    reading = _read_after(text, number, currency[0] if currency else None, country)
    value, high, used_high = number.value, None, False
    if text[start - 1:start] in ("-", "−") and not text[start - 2:start - 1].isalnum():
        value = -value  # "-1.3%" in a market table
    # "minus 5": looked for only where its `m` is, 6 characters back (`m` has no other case)
    minus = _ending(_MINUS_BEFORE_RE, backwards, left_start, left_end) if text[left_end - 6:left_end - 5] in ("m", "M") else None
    if minus:
        value, start = -value, len(text) - minus.end()
    if following is not None:
        link = text[number.end:following.start]
        if reading is not None and reading.end <= following.start:
            link = text[reading.end:following.start]
        link_cur = units.currency_before(link) if currency else None
        link_body = link[: len(link) - link_cur[1]] if link_cur else link
        link_match = _RANGE_LINK_RE.fullmatch(link_body)
        ranged = link_match is not None and (link_match.lastgroup != "up_to"  # "from 450 sq ft up to 900 sq ft"
                                             or bool(_ending(_BETWEEN_BEFORE_RE, backwards, left_start, left_end)))
        # the cues before the number matter only where a range link joins it to the next one
        between = ranged and _ending(_BETWEEN_BEFORE_RE, backwards, left_start, left_end)
        changed = ranged and reading is not None and _ending(_DIRECTION_BEFORE_RE, backwards, left_start, left_end)
        moved = ranged and (_moved_from(text, backwards, left_start, left_end)
                            or _moved_by(backwards, left_start, left_end, number, following))
        if reading is None and _SHARED_UNIT_LINK_RE.fullmatch(link):
            reading = _borrowed(text, number, following, currency, country)
        elif reading is None and ranged and moved:
            reading = _borrowed(text, number, following, currency, country)
        elif ranged and not moved and not changed \
                and ("and" not in link_body.lower() or between) and _balanced(link_body):
            high_reading = _read_after(text, following, currency[0] if currency else None, country)
            if high_reading is None and reading is None:
                if not between and not link_body.strip().isalpha():
                    return None, False, None  # "at 2-2": a score; "25k or 40k" reads each alone
                if between:
                    high_reading = _reading("count", None, 1.0, following.end)  # "between 750000 and 800000"
            descending = following.value < number.value or _SCORE_AFTER_RE.match(text, high_reading.end) if high_reading else False
            if descending and (reading is None or reading.unit is None):
                return None, True, None  # "a 2-1 decision", "won 6-4": a score, not a range
            # "off 12 cts to 18.09 dlrs": ends in one unit at different scales are a move, not a range
            if not descending and high_reading is not None \
                    and (reading is None or (high_reading.unit or "").startswith(reading.unit or "") and high_reading.factor == reading.factor):
                reading, high, used_high = high_reading, following.value, True
                if number.scale == 1 and following.scale > 1 and value * following.scale <= high:
                    value *= following.scale  # "$10 to $15 billion", "four to five thousand"
                if between:
                    start = len(text) - between.end()
    if reading is None:
        reading = _age(text, number, left) or _like_earlier(text, number, left, _bare(text, backwards, number, left_start, left_end), earlier)
    if reading is None or reading.kind == "count" and _is_name(left, number):
        return None, used_high, None
    end = reading.end
    qualifier = "range" if high is not None else "exact"
    q_before = _ending(_QUALIFIER_BEFORE_RE, backwards, left_start, left_end) if high is None else None
    if q_before and not _particle_up(text, q_before, backwards):
        qualifier = _QUALIFIERS_BEFORE[phrase_key(q_before.group("q")[::-1])]
        start = len(text) - q_before.end("q")
    # no count takes a qualifier after it: the cue is looked for past other readings only
    q_after = _QUALIFIER_AFTER_RE.match(text, end) if high is None and reading.kind != "count" else None
    if q_after:
        qualifier, end = _QUALIFIERS_AFTER[phrase_key(q_after.group("q"))], q_after.end()
    if not (is_finite(value * reading.factor) and (high is None or is_finite(high * reading.factor))):
        return None, used_high, None
    kind = _capacity_kind(text, start, end, reading.kind)
    # every field by position (the layout is checked at the end of the module), the date fields and the measure None:
    # a Figure(...) call runs the named tuple's Python-level __new__
    figure = NEW_TUPLE(Figure, (
        start, end, text[start:end], kind, value * reading.factor,
        high * reading.factor if high is not None else None, reading.unit, qualifier,
        _direction(text, backwards, start, kind), None, None, None, None,
    ))
    return figure, used_high, reading


def _in_name(text: str, start: int) -> bool:
    """Whether a number word written capitalised inside a sentence is part of a name (`the Six Nations`,
    `Million Dollar Baby`, `the Group of Seven`, `BBC One`): not where it opens the sentence or a
    quote, nor in a headline that capitalises all but short words (`After Four Years of War`)."""
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_OPENERS and _LONG_LOWER_WORD_RE.search(text) is not None


_SENTENCE_OPENERS: Final = frozenset(".:;!?\"“”‘’'([-–—•*")
_LONG_LOWER_WORD_RE: Final = re.compile(r"(?<![\w'’-])[a-z]{4,}\b")


def _in_metres(text: str, number: Number, left: str) -> bool:
    """Whether the `m` glued to a number with no currency is metres, not millions: before a length
    in other units (`37m (121ft)`), or on a whole number a race or size word follows or a race word
    precedes (`the 60m hurdles`, `the women's 1500m`, `the 508m tall tower`; not `11.9m`), or on a
    distance races are run over that ends a clause after an article or another distance (`in the
    800m.`, `the 800m and 1500m`; not `the first 300m vaccines`)."""
    if _LENGTH_CONVERSION_RE.match(text, number.end):
        return True
    return "." not in text[number.start:number.end] \
        and bool(_METRE_AFTER_RE.match(text, number.end) or _METRE_BEFORE_RE.search(left)
                 or number.value in _RACE_DISTANCES and _RACE_BEFORE_RE.search(left) and _RACE_AFTER_RE.match(text, number.end))


def _particle_up(text: str, cue: re.Match, backwards: str) -> bool:
    """Whether the `up` of an `up to` before a number belongs to the word before it (`the lead
    up to 3G`, `edged up to 5%`): then `to` opens a level, not the at_most bound."""
    if phrase_key(cue.group("q")[::-1]) != "up to":
        return False
    cue_start = len(backwards) - cue.end("q")
    before = _last_word(backwards, max(0, cue_start - 20), cue_start)
    return before is not None and before.lower() in _UP_TO_PARTICLES


def _like_earlier(text: str, number: Number, left: str, reading: _Reading | None,
                  earlier: list[tuple[float, _Reading]]) -> _Reading | None:
    """A bare amount reads like the nearest earlier figure of the sentence written at the same
    order of magnitude: `84.75 cents, while the lowest is 74.07` is in cents, `3.9 million
    headsets, up from 2.4 million` counts headsets, `68400 people ... and 95800 who` counts
    people; an index level after a move in points is in points at any magnitude (`rose 64.06
    points to 4,577.10`). A length of time lends its unit to plain digits only (`81 days from 53`):
    `three-month deposits ... at 6-3/4` and `12 months ahead, was put at 108.7` are rates and levels."""
    if reading is not None and reading.unit is not None or number.is_words:
        return reading
    if reading is None and (number.suffix or not number.is_plain_digits or _year_like(text, number)
                            or _is_name(left, number) or bool({text[number.end:number.end + 1], left[-1:]} & {"-", "⁄"})):
        return None  # plain digits in a compound (`16-nation`), a score (`35-17`) or `1⁄32` are no amount
    level = bool(earlier) and _after_change(left)  # only a figure before it can lend the number a unit
    for value, before in reversed(earlier):
        if reading is None and before.kind != "count" or level and before.kind == "percentage" \
                or before.kind == "duration" and not number.is_plain_digits:
            continue
        if value and (0.1 <= abs(number.value / value) <= 10 or before.unit == "point" and reading is not None):
            return before._replace(end=number.end, noun_start=None)
    return reading


def _after_change(left: str) -> bool:
    """Whether a number is the level a change reached (`rose 8.15% to 3.65`, `was down 0.1 per
    cent at 5884`): `to`/`at` closing a clause with a change word. The level is in the units
    of what moved, never in those of a percentage change."""
    return bool(_LEVEL_BEFORE_RE.match(left[::-1])) and bool(_CHANGE_WORD_RE.search(_CLAUSE_SPLIT_RE.split(left)[-1]))


def _moved_from(text: str, backwards: str, left_start: int, left_end: int) -> bool:
    """Whether `from X to Y` reports a move (`rose from £6 to £10`: two figures) rather than
    a span (`prices range from $200 to $4 million`, `going from 1000 to 2000`: one range):
    a change word in the clause before `from`."""
    m = _ending(_FROM_BEFORE_RE, backwards, left_start, left_end)
    if not m:
        return False
    clause = _CLAUSE_SPLIT_RE.split(text[max(0, left_start - _LEFT_WINDOW):len(text) - m.end()])[-1]
    return bool(_CHANGE_WORD_RE.search(clause))


def _moved_by(backwards: str, left_start: int, left_end: int, number: Number, following: Number) -> bool:
    """Whether `by X to Y` reports a move and the level it reached (`cut the price by 0.50 cent to
    65.50 cents`, `by 20 dlrs to 2,160 dlrs`) rather than a range of moves (`fall by 15 billion to
    20 billion dlrs`, `by five to 10 pct`): the end is many times the start."""
    low = number.value * following.scale if number.scale == 1 else number.value
    return following.value > 5 * low and bool(_ending(_BY_BEFORE_RE, backwards, left_start, left_end))


def _balanced(link: str) -> bool:
    """A hyphen joins a range only when spaced alike on both sides: `50 -1.3%` is two figures."""
    if "-" not in link or "-" != link.strip():
        return True
    before, after = link.split("-", 1)
    return bool(before) == bool(after)


def _glued_code(text: str, number: Number, currency: tuple[str, int] | None) -> bool:
    """Whether letters glued to the number make it a code (`ABC123`, `PS5`, `COVID -19` spaced
    apart) rather than an amount in a glued currency (`RM23.50`, `EUR50m`)."""
    if not text[number.start - 1:number.start].isalpha():
        # "COVID -19"; the search tries every position, so it runs only where the `-` it ends with is
        return number.is_plain_digits and "-" in text[number.start - 2:number.start] \
            and bool(_SPACED_CODE_RE.search(text, 0, number.start))
    return currency is None or number.is_plain_digits and number.end - number.start == 1


def _read_after(text: str, number: Number, currency: str | None, country: str | None) -> _Reading | None:
    """Kind and unit of a number from the words right after it (and a currency before it)."""
    pos, suffix = number.end, number.suffix
    if currency:
        return _money(text, pos, currency, 1.0)
    kinds = units.ANY_UNIT if suffix else units.kinds_at(text, pos)
    # a glued "p" is read where it starts: "50p" is 0.50 GBP
    after = units.currency_after(text, pos - len(suffix), number.start, country) if kinds & units.CURRENCY and (not suffix or suffix.lower() == "p") else None
    if after:
        code, factor, end = after
        if code == "":
            code = units.first_currency(text) or "USD"
        return _money(text, end, code, factor)
    percent = units.percent_unit(text, pos, suffix) if kinds & units.PERCENT else None
    if percent:
        return _reading("percentage", percent.name, 1.0, percent.end)
    duration = units.duration_unit(text, pos, suffix) if kinds & units.DURATION else None
    if duration:
        return _reading("duration", duration.name, duration.factor, duration.end)
    unit = units.physical_unit(text, pos, suffix) if kinds & units.PHYSICAL else None
    if unit:
        return _reading("quantity", unit.name, unit.factor, unit.end)
    counted = units.counted_abbrev(text, pos, suffix) if kinds & units.COUNTED else None
    if counted:
        return _reading("count", counted.name, 1.0, counted.end)
    if suffix:
        return None  # "4th", "5G", "1990s": letters glued to digits that are no unit
    return _count(text, number)


def _money(text: str, end: int, code: str, factor: float) -> _Reading:
    """Money, priced per unit where one follows (`$80 a barrel`), also past a bracketed
    conversion (`C$6 (US$4.46) per share`: both amounts are per share)."""
    priced = units.per_unit(text, end)
    if priced:
        return _reading("money", f"{code}/{priced[0]}", factor, priced[1])
    bracket = _BRACKETED_RE.match(text, end)
    priced = units.per_unit(text, bracket.end()) if bracket else None
    return _reading("money", f"{code}/{priced[0]}" if priced else code, factor, end)


def _count(text: str, number: Number) -> _Reading | None:
    """A count: the number with the noun it counts (`400 passengers`, `5 African nations`)."""
    pos = number.end
    words: list[re.Match] = []
    if not text[pos:pos + 1].isspace():
        return None  # "one-way", "five-star": a compound adjective, not a count
    while len(words) < _MAX_COUNT_WORDS:  # each word read and lower-cased once: the group calls cost more than the tests
        m = _WORD_RE.match(text, pos) or _model_number(text, pos, words)
        if m is None:
            break
        word = m.group("w")
        if len(words) == 1 and word.lower() == "and" and not units.is_plural(words[-1].group("w")):
            # "Kia and Hyundai vehicles", "digital and physical sales": one word each side of `and`
            # (not "2 drug regimen and shingles vaccine", where `and` joins two noun phrases)
            m = _WORD_RE.match(text, m.end())
            if m is None:
                break
            word = m.group("w")
        lowered = word.lower()
        if words and lowered in _TIME_WORDS:
            words.append(m)  # "50 previous years", "six trading days": read as a duration below
            break
        if lowered in _FUNCTION_WORDS:
            break
        words.append(m)
        pos = m.end()
        if units.is_plural(word):
            break
    if not words:
        return _one_of(text, number)
    head = words[-1].group("w")
    lowered = head.lower()
    if lowered in _TIME_WORDS and len(words) > 1 and not _year_like(text, number):
        duration = units.duration_unit(text, words[-1].start("w") - 1, "")
        return _reading("duration", duration.name, duration.factor, duration.end) if duration else None
    if lowered in _TIME_WORDS or lowered in _FUNCTION_WORDS:
        return None
    if number.value == 1 and units.is_plural(head) and len(words) > 1:
        words = words[:-1]  # "One proposal asks": the plural is a verb, one counts the noun before it
        head = words[-1].group("w")
    plural_ok = units.is_plural(head) or number.value == 1 and not head[0].isupper()
    if not plural_ok or (number.value != 1 and not units.is_plural(head)):
        return _attributive(text, number, words)
    if _year_like(text, number):
        return None
    counted = units.with_rate(text, units.new_unit(units.singular(head), 1.0, words[-1].end()))
    return _reading("count", counted.name, 1.0, counted.end, words[0].start("w"))


def _attributive(text: str, number: Number, words: list[re.Match]) -> _Reading | None:
    """`the 12 page document`, `a 3 cylinder engine`, `a three course meal`: a number with a
    singular noun that modifies the noun after it, inside a noun phrase that an article or a
    possessive opens, counts that first noun (the spaced form of `12-page`)."""
    if len(words) < 2 or number.value < 2 or not (number.is_plain_digits or number.is_words):
        return None
    first, second = words[0].group("w"), words[1].group("w")
    if not (first.isalpha() and first.islower() and second.islower()) or text[number.end:words[0].start("w")] != " ":
        return None
    opener = _ATTRIBUTIVE_OPENER_RE.search(text, max(0, number.start - 40), number.start)
    if not opener or number.is_words and opener.group("d").lower() not in ("a", "an"):
        return None  # "the two share power": a number word after `the` stands for the things
    return _reading("count", units.singular(first), 1.0, words[0].end("w"), words[0].start("w"))


#: An article or possessive, then at most two lower-case words, right before a number.
_ATTRIBUTIVE_OPENER_RE: Final = re.compile(
    r"(?<![\w-])(?P<d>(?i:the|a|an|its|their|his|her|our|this|that|each|every))\s+(?:[a-z\d][\w.-]*\s+){0,2}$")


def _model_number(text: str, pos: int, words: list[re.Match]) -> re.Match | None:
    """Digits inside a counted noun phrase that name a model next to a capitalised word:
    `two new 737 Max jets`, `63000 Model 3 sedans`."""
    m = _MODEL_NUMBER_RE.match(text, pos)
    if m and (text[m.end():].lstrip()[:1].isupper() or words and words[-1].group("w")[:1].isupper()):
        return m
    return None


def _borrowed(text: str, number: Number, following: Number, currency: tuple[str, int] | None,
              country: str | None) -> _Reading | None:
    """`from 4.8 to 4.7 percent`: the first number takes the unit written after the second."""
    later = _read_after(text, following, currency[0] if currency else None, country)
    return later._replace(end=number.end) if later is not None and later.kind != "count" else None


def _bare(text: str, backwards: str, number: Number, left_start: int, left_end: int) -> _Reading | None:
    """A number with no unit is still a figure when its form or a cue says it is an amount
    (`2.4 million`, `27,349.19`, `around 73`); plain small integers alone are not (`Row 21`)."""
    if _year_like(text, number):
        return None  # a year the date patterns did not take
    cued = (_ending(_QUALIFIER_BEFORE_RE, backwards, left_start, left_end)
            or _ending(_DIRECTION_BEFORE_RE, backwards, left_start, left_end) or _after_change(text[left_start:left_end])
            or _ending(_AMOUNT_CUE_RE, backwards, left_start, left_end) or _moved_from(text, backwards, left_start, left_end))
    if number.is_words or not (cued or not number.is_plain_digits):
        return None
    return _reading("count", None, 1.0, number.end)


def _year_like(text: str, number: Number) -> bool:
    """Four plain digits that could be a year (`in 1998`); `About 1000` cannot."""
    return number.is_plain_digits and number.end - number.start == 4 and 1600 <= number.value <= 2100


def _one_of(text: str, number: Number) -> _Reading | None:
    """`one of the largest producers`, `two of the deputies`, `one of the people`, `35m of its
    Echo devices`: a number of a plural noun (not plain digits: `5 of the 10` is a rank or a score)."""
    if number.is_plain_digits:
        return None
    m = _ONE_OF_RE.match(text, number.end)
    if not m:
        return None
    if m.group("owner") and any(map(_superlative, _LETTERS_RE.findall(m.group("words").lower()))):
        return None  # "one of Africa's largest gold producers": a rank in a field, not a count
    noun = next((w for w in _TOKEN_RE.finditer(text, m.start("words"), m.end()) if units.is_plural(w.group())), None)
    return _reading("count", units.singular(noun.group()), 1.0, noun.end(), noun.start()) if noun else None


def _superlative(word: str) -> bool:
    """`largest`, `earliest`, `most` (lower-cased): a listed superlative, or a longer -est word that is not `interest`."""
    return word in _SUPERLATIVE_WORDS or len(word) > 4 and word.endswith("est") and word not in _NOT_SUPERLATIVE


def _is_name(left: str, number: Number) -> bool:
    """Whether a bare number is part of a name or code: `Boeing 737`, `Section 301`, `Ep. 10`."""
    if not number.is_plain_digits:
        return False
    word = _last_word(left[::-1], 0, len(left))
    if word is None:
        return False
    if word.lower().rstrip(".") in _NAME_WORDS or word.lower() in _NAME_WORDS:
        return True
    if word.lower() in _FUNCTION_WORDS or word.lower() in _QUALIFIERS_BEFORE:
        return False
    return len(word) == 1 and word.isupper() or any(c.isupper() for c in word) and not word.isupper()


def _capacity_kind(text: str, start: int, end: int, kind: str) -> str:
    """`capacity` where the sentence says the amount is what something can hold or produce."""
    if kind not in ("quantity", "count"):
        return kind
    window = text[max(0, start - 60):start]
    # the search tries every position; ASCII text holds a cue only where its lower case holds a hint
    cue = _CAPACITY_RE.search(window) if not window.isascii() or _holds_any(window.lower(), _CAPACITY_HINTS) else None
    if cue and "." not in window[cue.end():] and ";" not in window[cue.end():]:
        return "capacity"
    if kind == "quantity" and _FACILITY_AFTER_RE.match(text, end):
        return "capacity"
    return kind


def _direction(text: str, backwards: str, start: int, kind: str | None = None) -> str | None:
    """`up`/`down` where a verb states the figure as a change: `rose 5%`, `fell by $2bn`, `+0.3%`.
    A noun (`a 40% drop`) describes a figure rather than reporting a move, as NewsQuant reads it;
    money a collecting verb takes as its object is money collected (`raised $20m`), not a move
    (`raised prices by $2` is one)."""
    if text[start - 1:start] in _SIGNS and not text[start - 2:start - 1].isalnum():
        if _COPULA_BEFORE_RE.search(text, max(0, start - 16), start - 1):
            return None  # "offense was -5 yards", "inflation is -0.3%": a level below zero, not a move
        return _SIGNS[text[start - 1]]
    window_start = max(0, start - 40)
    if not _may_follow_move(text, window_start, start):
        return None
    m = (_ending(_DIRECTION_BEFORE_RE, backwards, window_start, start)
         or _ending(_DIRECTION_OBJECT_RE, backwards, window_start, start))
    if not m:
        return None
    verb = phrase_key(m.group("v")[::-1])
    if kind == "money" and verb in _COLLECT_VERBS and not _BY_RE.search(text, len(text) - m.end("v"), start):
        return None
    if verb in ("up", "down"):
        before = _last_word(backwards, window_start, len(text) - m.end("v"))
        if before is not None and before.lower() in _PHRASAL_VERBS:
            return None  # "gave up 517 yards", "made up 40% of sales": a phrasal verb, no move
    return _DIRECTION_VERBS[verb]


def _may_follow_move(text: str, window_start: int, start: int) -> bool:
    """Whether a move's cue may end before text[start], spaces apart (`rose by 5%`): not after no
    space, nor after a space and a word of plain ASCII letters no cue ends with. Most numbers
    are ruled out by these string tests, cheaper than the two cue matches they spare."""
    if text[start - 1:start] != " ":
        return text[start - 1:start].isspace()
    word = text[(text.rfind(" ", window_start, start - 1) + 1) or window_start:start - 1]
    return not (word.isalpha() and word.isascii()) or word.lower() in _DIRECTION_LAST_WORDS


def _fraction_shares(text: str, taken: list[tuple[int, int]]) -> list[Figure]:
    """`two-thirds`, `half of`, `a third of`: shares of a whole, as percentages."""
    out = []
    for m in FRACTION_RE.finditer(text):
        hyphenated = m.group("num") and "-" in m.group(0)
        if not (hyphenated or _FRACTION_OF_RE.match(text, m.end())) or _overlaps(taken, m.start(), m.end()):
            continue
        if m.group("num") is None and m.group("den").lower() not in ("half",):
            continue  # a bare "third" or "quarter" is an ordinal or a period
        value = fraction_value(m.group("num"), m.group("den"))
        out.append(Figure(m.start(), m.end(), m.group(0), "percentage", value, unit="percent"))
        taken.append(m.span())
    return out


def _vague_amounts(text: str, taken: list[tuple[int, int]], country: str | None) -> list[Figure]:
    """`thousands of students`, `tens of millions of dollars`, `hundreds of miles`: the order of
    magnitude as a range."""
    out = []
    for m in VAGUE_RE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        low, high = vague_range(m.group("times"), m.group("base"))
        reading = _read_after(text, Number(m.start(), m.end(), low, "", True, False), None, country)
        if reading is None or reading.kind not in ("count", "money", "quantity"):
            continue
        out.append(Figure(m.start(), reading.end, text[m.start():reading.end], reading.kind, low * reading.factor,
                          high * reading.factor, reading.unit, "range"))
        taken.append((m.start(), reading.end))
    return out


def _age(text: str, number: Number, left: str) -> _Reading | None:
    """`Jamie Armstrong, 25, said`: a whole number set off by commas after a name is an age."""
    if number.is_plain_digits and 0 < number.value <= 120 and _NAME_COMMA_RE.search(left) and text[number.end:number.end + 1] == ",":
        return _reading("duration", "year", 1.0, number.end)
    return None


def _article_durations(text: str, taken: list[tuple[int, int]]) -> list[Figure]:
    """`for a week`, `within a year`, `a year later`: one unit of time written with an article."""
    out = []
    for m in _A_DURATION_RE.finditer(text):
        if _overlaps(taken, m.start("n"), m.end()):
            continue
        unit = units.duration_unit(text, m.start("u") - 1, "")
        if unit is None:
            continue
        qualifier = _QUALIFIERS_BEFORE.get((m.group("prep") or "").lower(), "exact")
        start = m.start("prep") if qualifier != "exact" else m.start("n")
        out.append(Figure(start, m.end(), text[start:m.end()], "duration", unit.factor, unit=unit.name, qualifier=qualifier))
        taken.append((start, m.end()))
    return out


def _with_measures(text: str, figures: list[Figure]) -> list[Figure]:
    """Each non-date figure with the phrase naming what it measures (inherited from the
    figure before it when the words between are only a link: `£75m ($141m)`)."""
    spans = [(f.char_start, f.char_end) for f in figures]
    out: list[Figure] = []
    previous: Figure | None = None
    for f in figures:
        if f.kind == "date":
            out.append(f)
            continue
        direction, qualifier = f.direction, f.qualifier
        if previous is not None and direction is None and (_RESTATED_RE.fullmatch(text, previous.char_end, f.char_start)
                                                           or _ELLIPTIC_BY_RE.fullmatch(text, previous.char_end, f.char_start)):
            direction = previous.direction  # "lost 190 points, or 0.6%"; "were down 2.3%, Burlington by 2.6%"
        if previous is not None and qualifier == "exact" and previous.qualifier in _BOUNDS \
                and _CONVERTED_RE.fullmatch(text, previous.char_end, f.char_start):
            qualifier = previous.qualifier  # "more than 100 km (60 miles)": the same bound in other units
        # built from its fields (the layout is checked below `_with_measures`) by NEW_TUPLE: `_replace` goes through
        # `_make` and a dict of the changed ones, and the named tuple's own __new__ is a Python function
        f = NEW_TUPLE(Figure, (*f[:7], qualifier, direction, *f[9:12],
                               measure_for(text, f, spans, previous.measure if previous else None)))
        out.append(f)
        previous = f
    return out


if Figure._fields != ("char_start", "char_end", "surface", "kind", "value", "value_high", "unit", "qualifier", "direction",
                      "date_start", "date_end", "granularity", "measure"):
    raise TypeError("stages.model.Figure's fields moved: update the positions _figure_at and _with_measures build a figure by")
