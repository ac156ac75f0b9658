from stages.clean import clean_text


def test_invisible_characters_removed_inside_words():
    assert clean_text("the \u200bU.S. Office to April 1 \u200cfor deals\u2060 co\u00adop\ufeff") == "the U.S. Office to April 1 for deals coop"


def test_mojibake_repaired():
    assert clean_text("donâ€™t stop") == "don\u2019t stop"


def test_spaces_line_endings_and_blank_runs():
    assert clean_text("a\u00a0b\u2009c  \r\nd\r\n\r\n\r\n\r\n\r\n\r\ne") == "a b c\nd\n\n\ne"


def test_line_structure_and_indent_kept():
    text = "Title\n\n    Paragraph one\ncontinues\n    Paragraph two"
    assert clean_text(text) == text


def test_nfc():
    assert clean_text("Goi\u0308ta") == "Go\u00efta"
