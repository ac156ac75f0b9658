"""Text normalisation shared by every input format.

Keeps the line structure: page dumps carry one DOM block per line and the
segmenter relies on it."""
from __future__ import annotations

import re
import unicodedata
from typing import Final

import ftfy

# Format characters that carry no text but split words for every later regex, and
# C0/C1 controls except tab and newline (CR is handled with line endings).
_INVISIBLE_CHARS: Final = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\u3164\ufeff\uffa0\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f")
_ODD_SPACE_CHARS: Final = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE: Final = re.compile(f"[{_INVISIBLE_CHARS}]")
_ODD_SPACES: Final = re.compile(f"[{_ODD_SPACE_CHARS}]")
# Either kind, to find the rare text that needs the two substitutions in one scan instead of two.
_STRAY: Final = re.compile(f"[{_INVISIBLE_CHARS}{_ODD_SPACE_CHARS}]")
_TRAILING: Final = re.compile(r"[ ]+$", re.M)
_BLANK_RUNS: Final = re.compile(r"\n{4,}")
_MOJIBAKE_HINT: Final = re.compile(r"[\u00c2-\u00c3\u00e2\u00c5\u00d0\u00d1\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")


def clean_text(text: str) -> str:
    """Normalised text, same lines: NFC, mojibake repaired, invisible and control
    characters dropped, odd spaces made plain, CRLF -> LF, trailing spaces trimmed,
    more than two blank lines collapsed to two."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    ascii_only = text.isascii()  # most records: no mojibake, nothing to compose
    if not ascii_only and _MOJIBAKE_HINT.search(text):  # ftfy is the slow step: run it only on suspects
        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
    # ASCII's non-printables bar newline are exactly its stray characters (CR is gone), and isprintable is a faster scan
    if (not text.replace("\n", "").isprintable()) if ascii_only else _STRAY.search(text):
        text = _ODD_SPACES.sub(" ", _INVISIBLE.sub("", text))
    if not ascii_only:
        text = unicodedata.normalize("NFC", text)
    if " \n" in text or text.endswith(" "):  # a substring test is far cheaper than the regex scan that finds nothing
        text = _TRAILING.sub("", text)
    return _BLANK_RUNS.sub("\n\n\n", text) if "\n\n\n\n" in text else text
