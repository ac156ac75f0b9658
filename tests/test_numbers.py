"""Numbers as news writes them: separators, scale words, words, fractions."""
import re
import string

import pytest

from stages.extract.lexicon import MORE_CASES, alternation
from stages.extract.numbers import find_numbers, fraction_value, words_value


@pytest.mark.parametrize("text, value", [
    ("1,234.5", 1234.5),
    ("1.2bn", 1.2e9),
    ("2.5 mln", 2.5e6),
    ("13M", 13e6),
    ("12 trillion", 12e12),
    ("6-1/8", 6.125),
    ("four million", 4e6),
    ("twenty-five", 25),
    ("a dozen", 12),
    ("one hundred and five", 105),
    ("4 hundred million", 4e8),
])
def test_value(text, value):
    (number,) = find_numbers(text)
    assert number.value == pytest.approx(value)
    assert (number.start, number.end) == (0, len(text))


@pytest.mark.parametrize("text", ["Mi-8", "A321", "G20", "COVID-19", "9/11"])
def test_numbers_inside_names_are_not_numbers(text):
    assert find_numbers(text) == []


def test_glued_letters_are_kept_for_the_caller():
    (number,) = find_numbers("300km")
    assert (number.value, number.suffix) == (300, "km")


def test_words_value_rejects_non_numbers():
    assert words_value("two banana") is None


def test_fraction_value():
    assert fraction_value("two", "thirds") == pytest.approx(66.67)
    assert fraction_value(None, "half") == 50


@pytest.mark.parametrize("phrases, text, flags, found", [
    (["mid", "mid-", "middle of"], "middle  of", re.IGNORECASE, "middle  of"),  # longest first, any whitespace run
    (["per cent", "percent", "pc"], "Percentage", re.IGNORECASE, "Percent"),
    (["t", "TWh"], "twh", re.IGNORECASE, "twh"),  # a case variant starting a longer phrase: still longest first
    (["t", "TWh"], "twh", 0, "t"),
    (["a.b", "a"], "a.b", 0, "a.b"),  # literal, not regex
])
def test_alternation_tries_the_longest_phrase_first(phrases, text, flags, found):
    assert re.match(alternation(phrases), text, flags).group() == found


def test_more_cases_are_all_an_ignore_case_letter_matches():
    every_character = "".join(map(chr, range(0x110000)))
    for letter in string.ascii_lowercase:
        assert set(re.findall(letter, every_character, re.IGNORECASE)) == {letter, letter.upper(), *MORE_CASES.get(letter, "")}


@pytest.mark.parametrize("text", ["ſix", "KILO", "kelvin", "İs", "ıs", "SIX", "sin", "six-", "XIS", "mil"])
def test_ignore_case_alternation_matches_as_the_flag_does(text):
    phrases = ["six", "sin", "is", "kilo", "kelvin", "mil", "million", "xis"]
    plain, folded = (re.compile(f"(?:{alternation(phrases, ignore_case=fold)})$", re.IGNORECASE) for fold in (False, True))
    assert "(?-i:" in folded.pattern
    assert bool(plain.match(text)) == bool(folded.match(text))


def test_number_words_are_found_as_whole_words():
    assert [n.value for n in find_numbers("Someone often said two.")] == [2]
    assert find_numbers("Someone often phoned; tone, bone.") == []


@pytest.mark.parametrize("text, value", [
    ("1.99×10−30", 1.99e-30),
    ("3 x 10^6", 3e6),
    ("6.02 × 10²³", 6.02e23),
    ("2×10⁻⁵", 2e-5),
])
def test_scientific_notation(text, value):
    (number,) = find_numbers(text)
    assert number.value == pytest.approx(value, rel=1e-9)
    assert (number.start, number.end, number.is_plain_digits) == (0, len(text), False)


@pytest.mark.parametrize("text", ["6 x 10^400 stars", "6 × 10⁴⁰⁰ stars", "1e-400 and 10^-400", "2×10−999"])
def test_powers_too_large_for_a_float_are_not_read_as_powers(text):
    """A written power beyond two digits is no exponent (it used to raise OverflowError and quarantine the whole
    document); no number read from it is infinite or a silent zero."""
    from stages.extract.figures import extract_figures

    numbers = find_numbers(text)
    assert all(0 < abs(n.value) < float("inf") for n in numbers)
    extract_figures(text, None)


def test_times_ten_without_a_power_is_two_numbers():
    assert [n.value for n in find_numbers("a 3 x 100 m room")] == [3, 100]


def test_ascii_scan_finds_the_starts_of_the_unicode_scan():
    """`_ascii_starts` scans ASCII text as bytes: every start of `_starts` where a number matches."""
    import random

    from stages.extract import numbers

    words = ["a", "an", "A", "two", "Hundred", "million", "tn", "n", "5", "12", "x", "RM", "."]
    signs = [" ", "  ", "-", ".", "..", ",", "/", "\n", "\t", "", "\x1c", "$"]
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(words) + rng.choice(signs) for _ in range(rng.randint(1, 8)))
        matching = [s for s in numbers._ascii_starts(text) if numbers.NUMBER_RE.match(text, s)]
        expected = numbers._starts(" " + text.lower())[0]
        assert matching == [s for s in expected if numbers.NUMBER_RE.match(text, s)], text
        assert set(expected) <= set(numbers._ascii_starts(text)), text
