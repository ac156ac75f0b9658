"""Find numbers as news writes them and read their values.

Digits with thousands separators and decimals (`1,200.5`), fractions (`6-1/8`),
attached or spaced scale words (`1.2bn`, `2.5 mln`, `four million`), numbers in
words (`twenty-five`, `a dozen`) and fractions of a whole (`two-thirds`, `half`).
Word lists come from `lexicons/numbers.json`."""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Final, NamedTuple

from stages.extract.lexicon import alternation, branches
from stages.lexicons import load, lookup_key

_LEX: Final = load("numbers")
_ONES: Final[dict[str, int]] = _LEX["ones"]
_TENS: Final[dict[str, int]] = _LEX["tens"]
_SCALES: Final[dict[str, float]] = _LEX["scales"]
_DIGIT_SCALES: Final[dict[str, float]] = {**_LEX["scales_spaced_after_digits"], **_SCALES}
_ATTACHED: Final[dict[str, float]] = _LEX["scales_attached"]
_MULTIPLES: Final[dict[str, int]] = {**_LEX["hundred"], **_LEX["multiples"]}
_WORD_VALUES: Final[dict[str, float]] = {**_ONES, **_TENS, **_MULTIPLES, **_SCALES}
FRACTIONS: Final[dict[str, int]] = _LEX["fractions"]

_DIGITS: Final = r"(?:\d{1,3},\d{3}(?:,\d{3})*(?:\.\d+|)|\d+(?:\.\d+|)|\.\d+)"
_FRACTION: Final = r"(?:[-\s]\d{1,2}/\d{1,2}(?![\d/]))"
#: A power of ten after the digits: `×10−30`, `x 10^6`, `× 10⁸` (a bare `x 10` is a size, `3 x 10 m`); at most two
#: exponent digits, so that no written power overflows a float.
_EXPONENT: Final = r"(?:\s?[×xX*·]\s?10(?:(?:\^|\*\*)[-−]?\d{1,2}|[-−]\d{1,2}|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}(?![⁰¹²³⁴⁵⁶⁷⁸⁹]))(?!\d))"
_SUPERSCRIPTS: Final = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−", "0123456789--")
_SCALE_WORD: Final = rf"(?:{alternation(_SCALES, ignore_case=True)})"
_DIGIT_SCALE_WORD: Final = rf"(?:{alternation(_DIGIT_SCALES, ignore_case=True)})"
_CARDINAL: Final = (
    rf"(?:(?:{alternation(_TENS, ignore_case=True)})(?:-(?:{alternation(_ONES, ignore_case=True)}))?"
    rf"|{alternation(_ONES, ignore_case=True)}|{alternation(_MULTIPLES, ignore_case=True)})"
)
_WORD_NUMBER: Final = (
    rf"(?:(?:an?\s+)(?=(?:{alternation(_MULTIPLES, ignore_case=True)}|{_SCALE_WORD})\b))?"
    rf"(?:{_CARDINAL}|{_SCALE_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_CARDINAL}|{_SCALE_WORD}))*"
)
_GLUED: Final = [s for s in load("currencies")["symbols"] if s[-1].isalpha()]
#: Letters a number may be glued to: a currency (`RM23.50`, `$US113`, `EUR50m`; the caller
#: checks the code) and the prefixes `minus-` and `sub-` (`minus-5 yards`, `sub-7 nanometer`).
_GLUED_BEFORE: Final = "|".join([rf"(?<=(?<![A-Za-z]){re.escape(s)})" for s in _GLUED] + [r"(?<=\b[A-Z]{3})", r"(?<=\bminus-)", r"(?<=\bsub-)"])
_SPACED_SCALE: Final = rf"\s+{_DIGIT_SCALE_WORD}\b"
#: One number: digits (optionally an attached suffix such as `km` or `m2`, checked by the
#: caller) or words, then spaced scale words. Never inside a name or code such as `Mi-8`,
#: `A321`, `9/11`. The digits' optional parts are written `(?:X|)`, not `X?`, and `X*` as
#: `(?:X X*|)`: sre runs a group it may repeat through its repeat machinery, which allocates,
#: where a branch costs a test; the matches are the same.
_DIGITS_NUMBER: Final = (
    rf"(?=[\d.])(?:(?<![\w.,/])(?<![A-Za-z]-)|{_GLUED_BEFORE})(?P<digits>{_DIGITS})(?:(?P<frac>{_FRACTION})|)(?:(?P<exp>{_EXPONENT})|)"
    rf"(?:(?P<suffix>[A-Za-z]+[23²³]?)|)(?!\w|(?<=\d)/|\.\d)"
    rf"(?P<scale>{_SPACED_SCALE}(?:{_SPACED_SCALE})*|)"
)
NUMBER_RE: Final = re.compile(rf"{_DIGITS_NUMBER}|\b(?=[a-z])(?P<words>{_WORD_NUMBER})\b", re.IGNORECASE)
_NUMBER_WORDS: Final = [*_ONES, *_TENS, *_MULTIPLES, *_SCALES]
#: Where NUMBER_RE can start, in lower-cased text: a digit, or a point before one (`.5`), that no
#: digit or point comes before; a number word standing as a whole run of letters; `a`/`an`
#: before a word that may follow it (`a hundred`). The character before is matched, not looked
#: behind at, so that the scan skips letters in C (a digit is its own character before).
_NUMBER_START_RE: Final = re.compile(
    rf"[^a-z](?:(?<=[\d.])(?<![\d.][\d.])(?:(?<=\d)|(?=\d))(?P<digit>)"
    rf"|an?\s+(?P<after_a>{alternation([*_MULTIPLES, *_SCALES])})(?![a-z])"
    rf"|{branches([(_NUMBER_WORDS, '(?![a-z])')])})"
)
#: ASCII text as bytes for `_ascii_starts`, each by one `bytes.translate`: letters lower-cased and
#: every other character a space; digits as `0`, points kept and every other character a space
#: (`str.find` then seeks a literal, where a scan would test a class at every character).
_LETTERS: Final = bytes(ord(chr(c).lower()) if chr(c).isalpha() else 32 for c in range(128)) + bytes(range(128, 256))
_DIGIT_MARKS: Final = bytes(48 if chr(c).isdigit() else c if c == 46 else 32 for c in range(128)) + bytes(range(128, 256))
#: `_NUMBER_START_RE`'s words in `_LETTERS`' text, where a space stands for any character but a
#: letter: the caller checks that whitespace alone follows `a`.
_ASCII_WORD_START_RE: Final = re.compile(
    rf" (?:an? +(?P<after_a>{alternation([*_MULTIPLES, *_SCALES])})(?![a-z])|{branches([(_NUMBER_WORDS, '(?![a-z])')])})".encode()
)
#: Letters whose lower case does not line up with what an ignore-case pattern matches.
_UNALIGNED_CASE: Final = ("İ", "ı", "ſ")
_SEPARATORS_RE: Final = re.compile(r"[\s-]+")
#: A fraction of a whole in words: `two-thirds`, `a third`, `half`.
FRACTION_RE: Final = re.compile(
    rf"\b(?:(?P<num>{alternation(_ONES, ignore_case=True)}|an?)[\s-]+)?(?P<den>{alternation(FRACTIONS, ignore_case=True)})\b",
    re.IGNORECASE,
)


VAGUE: Final[dict[str, float]] = _LEX["vague_plurals"]
_VAGUE_TIMES: Final[dict[str, float]] = _LEX["vague_multipliers"]
#: An order of magnitude in plural words: `thousands of`, `tens of millions of`, `dozens of`.
VAGUE_RE: Final = re.compile(
    rf"\b(?:(?P<times>{alternation(_VAGUE_TIMES, ignore_case=True)})\s+of\s+)?(?P<base>{alternation(VAGUE, ignore_case=True)})\s+of(?=\s)",
    re.IGNORECASE,
)


def vague_range(times: str | None, base: str) -> tuple[float, float]:
    """`thousands` -> (1000, 10000): the order of magnitude the words name, low and high end."""
    low = VAGUE[lookup_key(base)] * (_VAGUE_TIMES[lookup_key(times)] if times else 1)
    return low, low * 10


class Number(NamedTuple):
    """A number found in text; `suffix` holds letters glued to the digits (`bn`, `km`, `th`).
    A named tuple: built for every number of every sentence, it costs a fraction of a frozen
    dataclass."""

    start: int
    end: int
    value: float
    suffix: str
    is_words: bool
    is_plain_digits: bool
    scale: float = 1.0  # the scale word's factor already in `value` (`15 billion`: 1e9)


#: Builds a named tuple from a tuple of its fields without the Python-level `__new__` a named tuple
#: has, a frame per call even from compiled code: for the records built per number (a `Number`,
#: a `figures._Reading`), that frame cost more than reading plain digits.
NEW_TUPLE: Final = tuple.__new__


def is_finite(value: float) -> bool:
    """`math.isfinite`, written with the two tests compiled code runs natively (it calls `isfinite` through the module)."""
    return not (math.isinf(value) or math.isnan(value))


def scale_of(suffix: str) -> float | None:
    """The multiplier of a scale abbreviation glued to digits (`bn` -> 1e9), else None."""
    return _ATTACHED.get(suffix.lower())


def words_value(words: str) -> float | None:
    """Value of a number written in words: `two hundred and five thousand` -> 205000."""
    total, current, seen = 0.0, 0.0, False
    for token in _SEPARATORS_RE.split(words.lower()):
        if token in ("a", "an", "and"):
            continue
        value = _WORD_VALUES.get(token)
        if value is None:
            return None
        seen = True
        if token in _MULTIPLES:
            current = (current or 1) * value
        elif value >= 1000:
            total += (current or 1) * value
            current = 0.0
        else:
            current += value
    return total + current if seen else None


def digits_value(digits: str, fraction: str | None) -> float:
    """Value of `1,234.5` and of `6-1/8` (6.125)."""
    value = float(digits.replace(",", ""))
    if fraction:
        num, den = fraction[1:].split("/")
        if float(den):
            value += float(num) / float(den)
    return value


def _power(exponent: str | None) -> float:
    """10 to the power written after `×10` (`−30`, `^6`, `⁸`); 1 where none is written."""
    if not exponent:
        return 1.0
    m = re.search(r"10(?:\^|\*\*)?(.+)$", exponent.translate(_SUPERSCRIPTS))
    return 10.0 ** int(m.group(1)) if m else 1.0


def spaced_scale(scale: str) -> float:
    """Product of scale words after a number (`mln`, `billion`)."""
    factor = 1.0
    for word in scale.split():
        factor *= _DIGIT_SCALES[lookup_key(word)]
    return factor


def find_numbers(text: str) -> list[Number]:
    """Every number in `text`, left to right, with its value (scale words applied)."""
    found: list[Number] = []
    for m in _number_matches(text):
        start, end = m.span()
        digits, frac, exp, suffix, scale_words, words = m.groups()  # NUMBER_RE's groups in order: no lookups by name
        if digits is None:
            value = words_value(words)
            if value is not None:
                last = _SEPARATORS_RE.split(words.lower())[-1]
                found.append(NEW_TUPLE(Number, (start, end, value, "", True, False, _SCALES.get(last, 1.0))))
            continue
        if frac or exp or suffix or scale_words:
            value, suffix, scale, plain = _digits_reading(digits, frac, exp, suffix, scale_words)
        else:  # plain digits, the commonest case: read without the calls the others need
            value, suffix, scale, plain = float(digits.replace(",", "")), "", 1.0, "," not in digits and "." not in digits
        if is_finite(value):
            found.append(NEW_TUPLE(Number, (start, end, value, suffix, False, plain, scale)))
    return found


def _digits_reading(digits: str, frac: str | None, exp: str | None, suffix: str | None,
                    scale_words: str | None) -> tuple[float, str, float, bool]:
    """Value, suffix (none once read as a scale), scale and plainness of digits that a fraction,
    power, suffix or scale words follow."""
    scale = spaced_scale(scale_words) if scale_words else 1.0
    value = digits_value(digits, frac) * scale * _power(exp)
    suffix = suffix or ""
    factor = scale_of(suffix) if suffix else None
    if factor:
        value, suffix, scale = value * factor, "", scale * factor
    plain = not (frac or scale_words or exp or factor) and "," not in digits and "." not in digits
    return value, suffix, scale, plain


def _number_matches(text: str) -> Iterator[re.Match]:
    """NUMBER_RE's matches, as `finditer` finds them, tried only where a number can start: the
    pattern opens with look-arounds, so a search tries every position of the text in turn.
    Number words count only where the lower-cased text holds one; where it does and holds a
    letter it does not line up with, the whole scan runs."""
    if text.isascii():
        starts = _ascii_starts(text)
    else:
        starts, words = _starts(" " + text.lower())
        if any(c in text for c in _UNALIGNED_CASE):
            if words:
                yield from NUMBER_RE.finditer(text)
                return
            starts, _ = _starts(" " + text)  # `İ` lower-cases to two characters: the digits' offsets in the text
    end = 0
    for start in starts:
        m = NUMBER_RE.match(text, start) if start >= end else None
        if m:
            yield m
            end = m.end()


def _ascii_starts(text: str) -> list[int]:
    """`_starts` of ASCII text, in order, by two cheaper scans: the runs of digits, and the runs of
    letters that are number words. It may add a start where NUMBER_RE cannot match: a word glued
    to a digit (`5million`). The word scan runs on every text: it costs no more than the split
    of the text into words to look them up that gated it."""
    raw = text.encode()
    # the runs of digits and points, sought with `str.find`, which compiled code calls in C: a
    # regex scan would build a match object for each run
    digits = " " + raw.translate(_DIGIT_MARKS).decode("ascii")
    starts = []
    run = digits.find("0")
    while run >= 0:
        start = run - 1  # the digit's offset in `text`, and that of the character before it in `digits`
        if digits[start] != ".":
            starts.append(start)
        elif digits[start - 1] != ".":  # a point before the run starts it (`.5`), unless one comes before it
            starts.append(start - 1)
        run = digits.find(" ", run)  # the run's end: it holds only digits and points
        run = digits.find("0", run) if run >= 0 else -1
    digit_starts = len(starts)
    for m in _ASCII_WORD_START_RE.finditer(b" " + raw.translate(_LETTERS)):
        if not m.lastgroup:
            starts.append(m.start())
            continue
        if text[m.start() + 1:m.start("after_a") - 1].lstrip("nN").isspace():
            starts.append(m.start())
        starts.append(m.start("after_a") - 1)
    return sorted(starts) if len(starts) > digit_starts else starts


def _starts(spaced: str) -> tuple[list[int], bool]:
    """Where a number can start in the text `spaced` puts a space before, in order, and whether
    a number word is among them."""
    starts, words = [], False
    for m in _NUMBER_START_RE.finditer(spaced):
        if m.lastgroup == "digit":
            starts.append(m.start() - 1)
        else:
            words = True
            starts += (m.start(), m.start("after_a") - 1) if m.lastgroup else (m.start(),)
    return starts, words


def fraction_value(numerator: str | None, denominator: str) -> float:
    """A fraction in words as a percentage: (`two`, `thirds`) -> 66.67."""
    num = 1 if numerator is None or numerator.lower() in ("a", "an") else _ONES.get(numerator.lower(), 1)
    return round(100.0 * num / FRACTIONS[lookup_key(denominator)], 2)
