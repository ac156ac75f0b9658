"""What follows (or precedes) a number: percent signs, currencies, pint units, rates,
durations and counted nouns. Tables come from `lexicons/units.json` and
`lexicons/currencies.json`, completed with pycountry's currency names; every
unit name is checked against pint's default registry once, at import."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

import pint
import pycountry

from stages.extract.lexicon import alternation
from stages.lexicons import load, lookup_key, phrase_key

_UNITS: Final = load("units")
_CUR: Final = load("currencies")
_REGISTRY: Final[pint.UnitRegistry] = pint.UnitRegistry()


class Unit(NamedTuple):
    """A unit found after a number: its pint (or ISO, or counted-noun) name, the factor its
    surface carries, and where its surface ends (a named tuple, cheap to build per number)."""

    name: str
    factor: float
    end: int


def new_unit(name: str, factor: float, end: int) -> Unit:
    """`Unit(name, factor, end)` without the named tuple's Python-level `__new__`, a frame per call
    even from compiled code (one or two units are built per number read)."""
    return tuple.__new__(Unit, (name, factor, end))


def _entry(value: str | list) -> tuple[str, float]:
    return (value[0], float(value[1])) if isinstance(value, list) else (value, 1.0)


_NOT_PINT: Final = {"percentage_point", "basis_point"}


def _checked(table: dict) -> dict[str, tuple[str, float]]:
    """The table with every unit name validated by pint's default registry (a typo fails at import)."""
    out = {}
    for surface, value in table.items():
        name, factor = _entry(value)
        if name not in _NOT_PINT:
            _REGISTRY.Unit(name)
        out[surface] = (name, factor)
    return out


_WORD_UNITS: Final = {k.lower(): v for k, v in _checked(_UNITS["words"]).items()}
_ABBREV_UNITS: Final = _checked(_UNITS["abbrev"])
_DURATIONS: Final = _checked(_UNITS["durations"])
_RATES: Final[dict[str, str]] = _UNITS["rates"]
_IRREGULAR: Final[dict[str, str]] = _UNITS["count_irregular"]
_INVARIANT: Final = set(_UNITS["count_invariant"])
_COUNT_ABBREV: Final[dict[str, str]] = _UNITS["count_abbrev"]

_PLURAL: Final = r"(?:e?s)?"
WORD_UNIT_RE: Final = re.compile(rf"[\s-]?(?P<u>(?:{alternation(_WORD_UNITS, ignore_case=True)}){_PLURAL})(?![\w])", re.IGNORECASE)
#: A one-letter capital abbreviation standing alone and followed by `:`, `+`, `#` or a backslash is a drive, a language
#: or a label, not a unit: `Windows 10 C:`, `C++` (`35C:` still reads as 35 °C).
ABBREV_UNIT_RE: Final = re.compile(
    rf"[\s-]?(?P<u>{alternation(_ABBREV_UNITS, case_sensitive=True)})(?![\w/])(?!(?<=\b[A-Z])[:+#\\])")
COUNT_ABBREV_RE: Final = re.compile(rf"\s?(?P<u>{alternation(_COUNT_ABBREV)})(?![\w/])")
DURATION_RE: Final = re.compile(rf"[\s-]?(?P<u>(?:{alternation(_DURATIONS, ignore_case=True)}){_PLURAL})(?![\w])", re.IGNORECASE)
#: A rate after a unit: `per year`, `a day`, and hyphenated `barrel-a-day`.
_RATE_WORDS: Final = alternation(_RATES, ignore_case=True).replace(r"\s+", r"[\s-]+")
_SEPARATORS_RE: Final = re.compile(r"[\s-]+")
#: Never the start of a relative date: `210,643 contracts a week earlier` counts contracts, not contracts a week.
RATE_RE: Final = re.compile(rf"[\s-]*(?P<r>{_RATE_WORDS})(?![\w])(?!\s+(?:earlier|later|ago|before|after)\b)", re.IGNORECASE)
#: The words of a percentage after a number, as patterns (`%` aside): PERCENT_RE and the gate's openings.
_PERCENT_WORDS: Final = (r"per\s?cent", "percent", "pct", r"percentage\s+points?", r"basis\s+points?", "bps", "pc")
PERCENT_RE: Final = re.compile(r"\s?(?P<p>%|" + "|".join(w + r"\b" for w in _PERCENT_WORDS) + ")", re.IGNORECASE)



def _currency_words() -> dict[str, str]:
    """Currency words to ISO codes: pycountry's names (`swiss franc`), their last word where only
    one currency uses it (`ringgit`) and it is no plain word (`gold`), then the lexicon, which
    settles ambiguous words (`dollar`)."""
    names: dict[str, str] = {}
    last_words: dict[str, set[str]] = {}
    for currency in pycountry.currencies:
        name = currency.name.lower()
        if currency.alpha_3.startswith("X") or "(" in name:
            continue
        names[name] = currency.alpha_3
        last_words.setdefault(name.split()[-1], set()).add(currency.alpha_3)
    not_words = set(_CUR["not_words"])
    names.update({w: codes.pop() for w, codes in last_words.items() if len(codes) == 1 and len(w) > 3 and w not in not_words})
    names.update(_CUR["words"])
    return names


_CURRENCY_WORDS: Final = _currency_words()
_MILESTONES: Final = frozenset(_CUR["milestones"])
_BY_COUNTRY: Final[dict[str, dict[str, str]]] = _CUR["by_country"]
#: Every word read as a currency after a number: `dinars`, `shillings` only by the article's country.
_CURRENCY_PHRASES: Final = [*_CURRENCY_WORDS, *(w for w in _BY_COUNTRY if w not in _CURRENCY_WORDS)]
_THE_RE: Final = re.compile(r"\bthe\s+$", re.IGNORECASE)
_MILESTONE_END_RE: Final = re.compile(rf"(?!\s*[^\W\d_])|\s+(?:{alternation(_CUR['milestone_next'], ignore_case=True)})\b", re.IGNORECASE)
_ISO_CODES: Final = {c.alpha_3 for c in pycountry.currencies}
_SYMBOLS: Final[dict[str, str]] = _CUR["symbols"]
_MINOR: Final[dict[str, float]] = _CUR["minor"]
_MINOR_CURRENCY: Final[dict[str, str]] = _CUR["minor_currency"]
_PER_UNIT: Final[dict[str, str]] = _CUR["per_unit"]

_CODE: Final = r"[A-Z]{3}"
#: A currency written before the number: `$`, `US$ `, `£`, `USD `, `Rs.`
CURRENCY_BEFORE_RE: Final = re.compile(rf"(?:(?<![A-Za-z])(?P<s>{alternation(_SYMBOLS)})|\b(?P<c>{_CODE}))\s?$")
_SYMBOLS_AFTER: Final[list[str]] = _CUR["symbols_after"]
#: A currency written after the number: `dlrs`, `euros`, `stg`, `USD`, `cents`, `1,200€`;
#: never the first half of a compound unit (`275 pound-feet`).
CURRENCY_AFTER_RE: Final = re.compile(
    rf"\s?(?:(?P<w>(?i:{alternation(_CURRENCY_PHRASES, ignore_case=True)}){_PLURAL})|(?P<c>{_CODE})"
    rf"|(?P<m>(?i:{alternation(_MINOR, ignore_case=True)}))"
    rf"|(?P<s>{alternation(_SYMBOLS_AFTER)}))(?!\w|-\w)"
)
PER_UNIT_RE: Final = re.compile(
    rf"[\s-]*(?:a|an|per|/)[\s-]*(?P<u>{alternation(_PER_UNIT, ignore_case=True)}){_PLURAL}(?![\w])(?!\s+(?:earlier|later|ago|before|after)\b)",
    re.IGNORECASE,
)


#: Which units may open a word after a number, as bits (`kinds_at`); `Final`, so that compiled
#: callers read them as constants, not as the module's attributes.
CURRENCY: Final = 1
PERCENT: Final = 2
DURATION: Final = 4
PHYSICAL: Final = 8
COUNTED: Final = 16
ANY_UNIT: Final = CURRENCY | PERCENT | DURATION | PHYSICAL | COUNTED
_LETTERS_RE: Final = re.compile(r"[A-Za-z]*")
#: A word of ASCII letters after a number, spaced or hyphenated from it, and not glued to other word characters.
_OPENING_RE: Final = re.compile(r"[\s-]?([A-Za-z]+)(?!\w)")


def _openings() -> dict[str, int]:
    """The lower-cased ASCII letters each unit phrase or percent pattern opens with (with `s` and
    `es` added where the phrase is one word a plural may follow), to the bits of the units it opens. A unit's pattern
    matches before a word of ASCII letters only where the word is one of its openings (no phrase
    holds `İ`, `ı`, `K` or `ſ`, which ignore-case matching folds to ASCII letters)."""
    out: dict[str, int] = {}
    for phrases, kind, plural in ((_CURRENCY_PHRASES, CURRENCY, True), (_MINOR, CURRENCY, False), (_SYMBOLS_AFTER, CURRENCY, False),
                                  (_PERCENT_WORDS, PERCENT, False), (_DURATIONS, DURATION, True),
                                  (_ABBREV_UNITS, PHYSICAL, False), (_WORD_UNITS, PHYSICAL, True), (_COUNT_ABBREV, COUNTED, False)):
        for phrase in phrases:
            opening = m.group().lower() if (m := _LETTERS_RE.match(phrase)) else ""
            forms = (opening, opening + "s", opening + "es") if plural and opening == phrase.lower() else (opening,)
            for form in forms:
                out[form] = out.get(form, 0) | kind
    out.pop("", None)
    return out


_OPENINGS: Final = _openings()


def kinds_at(text: str, pos: int) -> int:
    """The units whose pattern may match at `pos` (right after a number): all of them unless a word
    of ASCII letters follows, then those it opens (any three capitals may be a currency code).
    Most numbers are followed by a word no unit opens, which this one match and a lookup tell
    in place of the six unit patterns."""
    m = _OPENING_RE.match(text, pos)
    if m is None:
        return ANY_UNIT
    word = m.group(1)
    return _OPENINGS.get(word.lower(), 0) | (CURRENCY if len(word) == 3 and word.isupper() else 0)


#: What a currency written before a number ends with, but for a space: a symbol's last character
#: or a code's capital. Most numbers follow none, which a set test tells before the search.
_BEFORE_ENDS: Final = frozenset([s[-1] for s in _SYMBOLS] + [chr(c) for c in range(ord("A"), ord("Z") + 1)])


def currency_before(left: str) -> tuple[str, int] | None:
    """(ISO code, length of its surface) of a currency written just before a number."""
    if left[-8:].rstrip()[-1:] not in _BEFORE_ENDS:
        return None
    m = CURRENCY_BEFORE_RE.search(left[-8:])
    if not m:
        return None
    if m.group("s"):
        return _SYMBOLS[" ".join(m.group("s").split())], len(m.group(0))  # `US $` matches `US  $` too
    code = m.group("c")
    return (code, len(m.group(0))) if code in _ISO_CODES else None


_SYMBOL_RE: Final = re.compile(rf"(?<![A-Za-z])(?:{alternation(_SYMBOLS)})(?=\s?\d)")


def first_currency(text: str) -> str | None:
    """The currency of the first amount written with a symbol in `text` (for bare `cents`)."""
    m = _SYMBOL_RE.search(text)
    return _SYMBOLS[m.group(0)] if m else None


def currency_after(text: str, pos: int, start: int, country: str | None) -> tuple[str, float, int] | None:
    """(ISO code or None for cents, factor, end) of a currency word just after the number at `start`, in an
    article from `country` (ISO 3166 alpha-3 of its dateline, which settles bare `francs`, `pesos`, `crowns`)."""
    m = CURRENCY_AFTER_RE.match(text, pos)
    if not m:
        return None
    if m.group("w"):
        word = m.group("w").lower()
        if word in _MILESTONES and _THE_RE.search(text, max(0, start - 8), start) and _MILESTONE_END_RE.match(text, m.end()):
            return None  # `passed the 10,000 mark.`, not `the 6.84 billion mark surplus`
        code = _word_code(word, country)
        return (code, 1.0, m.end()) if code else None
    if m.group("c"):
        return (m.group("c"), 1.0, m.end()) if m.group("c") in _ISO_CODES else None
    if m.group("s"):
        return _SYMBOLS[" ".join(m.group("s").split())], 1.0, m.end()
    minor = lookup_key(m.group("m"))
    if minor == "p" and pos < len(text) and text[pos].isspace():
        return None  # "5 p" is not pence; "5p" is
    return _MINOR_CURRENCY.get(minor, ""), _MINOR[minor], m.end()


def _word_code(word: str, country: str | None) -> str | None:
    """The currency a lower-cased currency word names, singular or plural (`rupees` is `rupee` and an `s`, `pesos`
    not `peso` and `es`), in the article's country where the word is one many countries use."""
    for singular in (word, word[:-1], word[:-2]):
        code = _BY_COUNTRY.get(singular, {}).get(country or "") or _CURRENCY_WORDS.get(singular)
        if code:
            return code
    return None


def per_unit(text: str, pos: int) -> tuple[str, int] | None:
    """(`barrel`, end) for the priced unit of `$80 a barrel`, `USD per tonne`."""
    m = PER_UNIT_RE.match(text, pos)
    return (_PER_UNIT[phrase_key(m.group("u"))], m.end()) if m else None


def _lookup_word(table: dict[str, tuple[str, float]], surface: str) -> tuple[str, float] | None:
    """The unit `WORD_UNIT_RE` matched, plural or not, looked up by `phrase_key`: that ignore-case
    pattern also matches letters `lower()` does not fold (`kılometres`, with a dotless i)."""
    key = phrase_key(surface)
    for candidate in (key, key.removesuffix("es"), key.removesuffix("s")):
        if candidate in table:
            return table[candidate]
    return None


def physical_unit(text: str, pos: int, suffix: str) -> Unit | None:
    """A pint unit right after a number (or glued to it as `suffix`), with a rate (`per year`, `a day`)."""
    if suffix:
        found = _ABBREV_UNITS.get(suffix) or _lookup_word(_WORD_UNITS, suffix)
        end = pos
        if found is None:
            # letters glued to the digits that open a spaced unit: `3923sq m`, `50sq ft`
            m = ABBREV_UNIT_RE.match(text, pos - len(suffix))
            if m and m.end() > pos and m.group("u") in _ABBREV_UNITS:
                found, end = _ABBREV_UNITS[m.group("u")], m.end()
    else:
        m = ABBREV_UNIT_RE.match(text, pos)
        found = _ABBREV_UNITS.get(m.group("u")) if m else None
        if found is None:
            m = WORD_UNIT_RE.match(text, pos)
            found = _lookup_word(_WORD_UNITS, m.group("u")) if m else None
        end = m.end() if m and found else pos
    if found is None:
        return None
    name, factor = found
    return with_rate(text, new_unit(name, factor, end))


def counted_abbrev(text: str, pos: int, suffix: str) -> Unit | None:
    """What an abbreviation after a number counts, where pint has no unit for it: `15.3 ppg`
    (points per game), `0.5 WAR`, `4 ppb` (parts per billion)."""
    if suffix:
        name = _COUNT_ABBREV.get(suffix)
        return new_unit(name, 1.0, pos) if name else None
    m = COUNT_ABBREV_RE.match(text, pos)
    return new_unit(_COUNT_ABBREV[m.group("u")], 1.0, m.end()) if m else None


def with_rate(text: str, unit: Unit) -> Unit:
    """The unit with the rate written after it: `tonnes per year`, `one flight a month`."""
    rate = RATE_RE.match(text, unit.end)
    if not rate or "/" in unit.name:
        return unit
    per = _RATES[" ".join(_SEPARATORS_RE.split(lookup_key(rate.group("r"))))]
    return new_unit(f"{unit.name} / {per}", unit.factor, rate.end())


def duration_unit(text: str, pos: int, suffix: str) -> Unit | None:
    """A unit of time right after a number: `18 months`, `15-year`, `3 decades` (30 year)."""
    if suffix:
        found = _lookup_word(_DURATIONS, suffix)
        return new_unit(found[0], found[1], pos) if found else None
    m = DURATION_RE.match(text, pos)
    if not m:
        return None
    found = _lookup_word(_DURATIONS, m.group("u"))
    return new_unit(found[0], found[1], m.end()) if found else None


def percent_unit(text: str, pos: int, suffix: str) -> Unit | None:
    """`%`, `per cent`, `pct` -> percent; `percentage points` -> percentage_point."""
    if suffix:
        word = suffix.lower()
        return new_unit("percent", 1.0, pos) if word in ("pc", "pct", "percent") else None
    m = PERCENT_RE.match(text, pos)
    if not m:
        return None
    word = m.group("p").lower()
    if word.startswith("percentage"):
        return new_unit("percentage_point", 1.0, m.end())
    if word.startswith(("basis", "bp")):
        return new_unit("basis_point", 1.0, m.end())
    return new_unit("percent", 1.0, m.end())


_ACRONYM_PLURAL_RE: Final = re.compile(r"[A-Z]{2,}s")  # "TDs", "SUVs", "MPs"
_MEN_RE: Final = re.compile(r"..[^iou]men$")  # compounds of "men", not "specimen", "abdomen", "acumen"


@lru_cache(maxsize=4096)  # the same nouns come back sentence after sentence
def singular(noun: str) -> str:
    """The singular of a counted noun: `passengers` -> `passenger`, `people` -> `person`."""
    word = noun.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if _MEN_RE.search(word):
        return word[:-3] + "man"  # "fishermen", "gunmen"
    if word in _INVARIANT or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")) or re.search(r"[^aeiou]uses$", word):
        return word[:-2]  # "taxes", "viruses" (but "houses"; "prizes", "sizes" lose the `s` alone)
    return word[:-1]


@lru_cache(maxsize=4096)
def is_plural(noun: str) -> bool:
    """Whether a word reads as a plural noun (what a count of more than one needs)."""
    word = noun.lower()
    if word in _IRREGULAR or word in _INVARIANT or _MEN_RE.search(word) or _ACRONYM_PLURAL_RE.fullmatch(noun):
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))
