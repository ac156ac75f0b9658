"""Dates resolved against the publication time, as eval/README.md defines them."""
from datetime import date

import pytest

from stages.extract.dates import find_dates

REF = date(2025, 7, 27)  # a Sunday


def one(text, ref=REF):
    (found,) = find_dates(text, ref)
    return text[found.start:found.end], found.date_start, found.granularity


@pytest.mark.parametrize("text, surface, start, grain", [
    ("took place on June 16.", "June 16", date(2025, 6, 16), "day"),
    ("Russia on Sunday opened", "on Sunday", date(2025, 7, 27), "day"),
    ("in a report published on Thursday", "on Thursday", date(2025, 7, 24), "day"),
    ("visited earlier this month", "earlier this month", date(2025, 7, 1), "month"),
    ("contracted last month", "last month", date(2025, 6, 1), "month"),
    ("slowed in the first quarter", "the first quarter", date(2025, 1, 1), "quarter"),
    ("the second half of 2025", "the second half of 2025", date(2025, 7, 1), "half"),
    ("the second week of March", "the second week of March", date(2025, 3, 8), "week"),
    ("reopened in 2023", "2023", date(2023, 1, 1), "year"),
    ("at the end of 2025", "the end of 2025", date(2025, 1, 1), "year"),
    ("since the 1990s", "the 1990s", date(1990, 1, 1), "decade"),
    ("the 11 September 2001 attacks", "11 September 2001", date(2001, 9, 11), "day"),
    ("on Feb. 24, 2022", "Feb. 24, 2022", date(2022, 2, 24), "day"),
    ("dated 27.02.2026", "27.02.2026", date(2026, 2, 27), "day"),
    ("told Reuters yesterday", "yesterday", date(2025, 7, 26), "day"),
    ("this week", "this week", date(2025, 7, 21), "week"),
    ("three years ago", "three years ago", date(2022, 1, 1), "year"),
])
def test_resolved(text, surface, start, grain):
    assert one(text) == (surface, start, grain)


def test_sunday_before_a_monday_reference():
    assert one("on Sunday", date(2025, 7, 28))[1] == date(2025, 7, 27)


def test_month_without_year_takes_the_nearest_one():
    assert one("in October", date(2026, 2, 28))[1] == date(2025, 10, 1)
    assert one("for March", date(2026, 2, 28))[1] == date(2026, 3, 1)


def test_relative_dates_without_reference_stay_unresolved():
    assert one("last month", None)[1:] == (None, "month")
    assert one("on Sunday", None)[1:] == (None, "day")


@pytest.mark.parametrize("text, surface", [
    ("He left on Monday.", "on Monday"),
    ("It happened in June.", "June"),
    ("They met on 5 June.", "5 June"),
    ("They met on Sun. and left.", "on Sun."),  # an abbreviation keeps its dot
    ("on Feb. 24", "Feb. 24"),
])
def test_a_full_stop_after_a_full_name_is_not_part_of_the_date(text, surface):
    assert one(text)[0] == surface


def test_month_words_that_are_not_months():
    assert find_dates("You may march on", REF) == []


@pytest.mark.parametrize("text", ["he told The Sun.", "a system owned by Sun. Initially", "Tears of the Sun."])
def test_abbreviated_weekdays_need_a_word_before_them(text):
    assert find_dates(text, REF) == []


@pytest.mark.parametrize("text, surface", [
    ("A Labour source told the Sunday Times Mr Campbell would front the campaign on Monday.", "on Monday"),
    ("Mr Blair told BBC Radio 4's Today programme: \"I know David very well.\" today", "today"),
    ("The Mail on Sunday survey found that 63% supported a ban, the Sunday Telegraph reported on Friday.", "on Friday"),
    ("Talks on Sunday broke up.", "on Sunday"),  # no title before it
])
def test_weekdays_and_today_in_newspaper_and_programme_names_are_no_dates(text, surface):
    (found,) = find_dates(text, REF)
    assert text[found.start:found.end] == surface


@pytest.mark.parametrize("text, surface", [
    ("İSTANBUL, the Monday after", "Monday"),  # `İ` lower-cases to two characters: offsets must hold
    ("He left the '90s behind", "the '90s"),
    ("the 5th week of March 2024", "the 5th week of March 2024"),
    ("Sales rose in the first quarter", "the first quarter"),
])
def test_dates_start_where_a_word_does(text, surface):
    (found,) = find_dates(text, REF)
    assert text[found.start:found.end] == surface


def test_patterns_are_tried_where_they_can_open():
    """Trying only the patterns that can open at a start, one after another, finds what the whole
    alternation finds there: texts of calendar words, digits and punctuation in random order."""
    import random
    import re

    from stages.extract import dates

    whole = re.compile("|".join(f"(?P<{name}>{body.replace('(?P<', f'(?P<{name}_').replace('(?P=sep)', f'(?P={name}_sep)')})"
                                for name, _, body in dates._PATTERNS), re.IGNORECASE)
    words = [w for phrases in dates._LISTS.values() for w in phrases] + [
        "the", "a", "an", "of", "on", "few", "several", "ago", "earlier", "later", "week", "weeks", "year", "years",
        "quarter", "half", "fiscal", "FY", "financial", "Q3", "H1", "1990s", "'90s", "2025", "2025-03-01",
        "12.3.2024", "4/5/2023", "5", "17", "123", "12345", "1st", "3rd", "mid-", "midMarch", "FY2024", "day",
    ]
    glue = [" ", " ", " ", ", ", ". ", "-", "", "%", " per ", "\n"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 12)))
        text = "".join(c.upper() if rng.random() < 0.15 else c for c in text)
        expected, end = [], 0
        for start, _ in dates._starts(text):
            m = whole.match(text, start) if start >= end else None
            if m and m.end() > m.start():
                expected.append((m.span(), m.lastgroup))
                end = m.end()
        assert [(m.span(), name) for name, m in dates._matches(text)] == expected, text


def test_digits_are_tried_wherever_a_pattern_matches_after_them():
    """The joint pattern for digits and the character after them (the patterns whose openings say
    that character may follow) matches wherever a pattern matches: each pattern alone, tried at
    every start of digits in texts of numbers, every kind of character after them and the words
    dates go on with."""
    import random
    import re

    from stages.extract import dates

    alone = [re.compile(body, re.IGNORECASE) for _, _, body in dates._PATTERNS]
    numbers = ["1", "2", "3", "4", "5", "9", "12", "17", "31", "123", "1990", "2024", "12345"]
    after = [*" \t\n\u00a0\u2009./-,%:;'’()", *"sStTnNrRdDhHmMxſ", "st ", "nd ", "rd ", "th ", "ST ", "", ". ", ", "]
    tails = ["March 2024", "of May", "Sept. 2023", "week of June", "quarter", "half of 2025", "days ago", "years later",
             "5.2023", "5/2023", "12.2024", "s", "0s", "million", "per cent", "5", "March", ""]
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice(numbers) + rng.choice(after) + rng.choice(tails) + rng.choice([" ", ", ", ". "])
                       for _ in range(rng.randint(1, 4)))
        for start, opening in dates._starts(text):
            if opening[0].isdigit() and any((m := p.match(text, start)) and m.end() > start for p in alone):
                assert any(p.match(text, start) for _, p in dates._patterns_for(opening)), (text, start)


def test_ascii_words_give_the_starts_of_the_scan():
    """`_starts` reads ASCII text word by word where other text is scanned by `_START_RE`: the
    same starts, on texts of the words a date opens with, follow-on and lead words, other words,
    digits, apostrophes, underscores and signs in random order."""
    import random

    from stages.extract import dates

    words = [*dates._HEAD_KINDS, "of", "x", "said", "Q3", "FY2024", "1st", "'90s", "don't", "march's", "o'clock",
             "the5", "a_b", "_x", "'", "2025", "5", "12345", "US"]
    signs = [" ", "  ", "-", "'", "_", ".", ",", "(", "$", "#", "\n", "\t", "", "\x1c", "\x7f", "%", "/", "0"]
    rng = random.Random(6)
    for _ in range(5000):
        text = "".join(rng.choice(words) + rng.choice(signs) for _ in range(rng.randint(1, 10)))
        text = "".join(c.upper() if rng.random() < 0.1 else c for c in text)
        lowered = " " + text.lower()
        # digits come with the character after them, as written
        assert dates._starts(text) == [(m.start(), m.group("at") if m.group("at")[0].isalpha()
                                        else text[m.start():m.end()]) for m in dates._START_RE.finditer(lowered)], text


def test_threads_compiling_the_patterns_at_once_all_read_their_dates():
    """The thread runner extracts from several threads; the patterns are compiled on first use. A joint pattern
    published before its groups were recorded once sent another thread's match to a missing entry (KeyError, the
    page quarantined) now and then under load: 3 fresh starts in 20 failed."""
    import sys
    import threading

    from stages.extract import dates

    texts = [f"{day} March 2024, {day} days ago, last {weekday}, in Q{day % 4 + 1} 2023, mid-{month} and {month} {day}"
             for day in range(1, 29) for weekday, month in [("Monday", "June"), ("Friday", "December")]]
    expected = [dates.find_dates(t, date(2025, 1, 1)) for t in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for _ in range(20):
            dates._AT.clear(), dates._COMPILED.clear(), dates._patterns_for.cache_clear()
            results: list[object] = []

            def read() -> None:
                try:
                    results.append([dates.find_dates(t, date(2025, 1, 1)) for t in texts])
                except Exception as exc:  # noqa: BLE001  (the failure under test)
                    results.append(exc)

            threads = [threading.Thread(target=read) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert results == [expected] * 4
    finally:
        sys.setswitchinterval(interval)
