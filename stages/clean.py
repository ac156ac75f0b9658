"""Text normalisation shared by every input format.

Keeps the line structure: page dumps carry one DOM block per line and the
segmenter relies on it."""
from __future__ import annotations

import re
import unicodedata

import ftfy

# Format characters that carry no text but split words for every later regex.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
        "\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"),
    None,
)
# C0/C1 controls except tab and newline (CR is handled with line endings).
_INVISIBLE.update(dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)], None))
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING = re.compile(r"[ ]+$", re.M)
_BLANK_RUNS = re.compile(r"\n{4,}")
_MOJIBAKE_HINT = re.compile(r"[\u00c2-\u00c3\u00e2\u00c5\u00d0\u00d1\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")


def clean_text(text: str) -> str:
    """Normalised text, same lines: NFC, mojibake repaired, invisible and control
    characters dropped, odd spaces made plain, CRLF -> LF, trailing spaces trimmed,
    more than two blank lines collapsed to two."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _MOJIBAKE_HINT.search(text):  # ftfy is the slow step: run it only on suspects
        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
    text = text.translate(_INVISIBLE)
    text = _ODD_SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING.sub("", text)
    return _BLANK_RUNS.sub("\n\n\n", text)
