from hypothesis import given, strategies as st

from stages.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_abbreviations_and_decimals():
    assert sentences("The U.S. economy grew 2.5% in Feb. 2024. Dr. Smith said so.") == [
        "The U.S. economy grew 2.5% in Feb. 2024.", "Dr. Smith said so."]


def test_initials_quotes_ellipses_and_newlines():
    text = 'He met John F. Kennedy. It was late... Then "Stop!" he said.\n  New paragraph without a stop  '
    assert sentences(text) == ["He met John F. Kennedy.", "It was late...", 'Then "Stop!" he said.',
                               "New paragraph without a stop"]


def test_abbreviation_can_end_a_sentence_before_an_opener():
    assert sentences("Shares of Acme Corp. rose. He joined Apple Inc. The firm said no.") == [
        "Shares of Acme Corp. rose.", "He joined Apple Inc.", "The firm said no."]


@given(st.text())
def test_spans_in_bounds_ordered_trimmed(text):
    end = 0
    for span in split_sentences(text):
        assert end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        end = span.end
