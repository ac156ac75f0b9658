import random

from stages.segment import furniture


def test_lines_spared_the_notice_scan_hold_no_notice():
    """The run test that spares a line the notice scan never passes over a notice: phrases
    glued to words, hyphens, apostrophes, digits, punctuation and non-ASCII letters, in any case."""
    phrases = sorted(furniture._LEX["notice_phrases"])
    filler = ["the", "cookies", "policy", "Sign", "up", "5", "our", "e", "x", "your", "all", "rights", "é", "ǅ"]
    glue = [" ", "-", "'", "_", "", ".", ",", "(", ")", "\n", "  ", "’"]
    rng = random.Random(3)
    for _ in range(4000):
        parts = [rng.choice(phrases if rng.random() < 0.3 else filler) for _ in range(rng.randint(1, 8))]
        line = "".join(p + rng.choice(glue) for p in parts)
        line = "".join(c.upper() if rng.random() < 0.2 else c for c in line)
        lowered = line.lower()
        if not furniture._may_hold_notice(lowered):
            assert not furniture._NOTICE.findall(lowered), line


def test_ascii_words_are_the_words():
    rng = random.Random(4)
    chars = "aZq9_'-’ .,éx\tB"
    for _ in range(3000):
        line = "".join(rng.choice(chars[:-3] if rng.random() < 0.9 else chars) for _ in range(rng.randint(0, 30)))
        assert furniture._words(line) == furniture._WORD.findall(line), line


def test_the_word_count_found_without_the_words_is_a_lower_bound():
    """`_min_words`, which spares lines `_words` and repeat keys, never counts more words than the line has:
    tokens of digits, signs, glued words and non-ASCII letters, in any case."""
    tokens = ["the", "16", "-", "1.89", "U.S.", "3rd", "(EC)", "co-op", "'s", "$5", "é", "—", "a_b", "_", "Ⓐ", "Zed"]
    rng = random.Random(5)
    for _ in range(4000):
        line = " ".join(rng.choice(tokens) for _ in range(rng.randint(1, 30)))
        assert furniture._min_words(line) <= len(furniture._WORD.findall(line)), line
