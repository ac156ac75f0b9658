"""Date stamps, bylines, agency credits and datelines: the lines around a story
that say when and by whom, which belong in ArticleDraft fields, not in its body."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Final

from stages.lexicons import lookup_key
from stages.segment.lexicon import load

_UPDATE_WORDS: Final = load("segment")["update_words"]
_MONTHS: Final = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
_MON: Final = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY: Final = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR: Final = r"(?P<year>(?:19|20)\d\d)"
_DATES: Final = [re.compile(p, re.I) for p in (
    rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b",
    rf"\b{_DAY}\s+{_MON},?\s+{_YEAR}\b",
    rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b",
    rf"\b(?P<day>[0-3]?\d)[./](?P<mnum>[01]?\d)[./]{_YEAR}\b",
)]
_TIME: Final = re.compile(r"\b(?P<h>[0-2]?\d)[:.](?P<m>[0-5]\d)(?::[0-5]\d)?\s*(?P<ap>[ap]\.?m\b\.?)?", re.I)
_RELATIVE: Final = re.compile(r"\b(?P<n>an?|one|\d+)\s+(?P<unit>sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week)s?\s+ago\b", re.I)
_UNIT: Final = {"sec": "seconds", "second": "seconds", "min": "minutes", "minute": "minutes", "hr": "hours",
         "hour": "hours", "day": "days", "week": "weeks"}
_MAX_STAMP_WORDS: Final = 14

_BYLINE: Final = re.compile(r"^(?:by|written by|words by)\s+(?P<name>[A-Z][^\d]{2,80})$", re.I)
_CREDIT: Final = re.compile(r"^[-\u2013\u2014]\s*(?P<name>[A-Z][\w&.'’ ]{1,40})$")
# "WASHINGTON, Feb 26 (Reuters) - ", "MOSCOW -- ", "(Reuters) - ": a place in capitals, an optional
# day, an optional agency in brackets, then a dash.
_DATELINE: Final = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\-]+(?:[ /]+[A-Z][A-Za-z.'\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?)?\s*(?:\((?P<agency>[A-Z][\w&.' ]{1,30})\))?\s*(?:--|[-\u2013\u2014])\s+(?=\S)")


def parse_stamp(line: str, fetched_at: datetime | None) -> tuple[datetime, bool] | None:
    """(time, is_update) when the line is a date stamp ("Feb 27, 2026 15:11", "27/02/2026 09:20",
    "Updated 1:39 am EST, Wednesday, November 20, 2019", "38 minutes ago"), else None.
    Relative stamps need the fetch time; stamps without a zone stay naive."""
    words = line.split(maxsplit=_MAX_STAMP_WORDS)  # enough to tell a long line (every line comes here), not all its words
    if not words or len(words) > _MAX_STAMP_WORDS:
        return None
    is_update = words[0].lower().rstrip(":") in _UPDATE_WORDS
    rel = _RELATIVE.search(line) if "ago" in line.lower() else None  # spare the scan: it ends in "ago"
    if rel:
        if fetched_at is None:
            return None
        n = 1 if rel["n"].lower() in ("a", "an", "one") else int(rel["n"])
        return fetched_at - timedelta(**{_UNIT[lookup_key(rel["unit"])]: n}), is_update
    when = find_date(line)
    return (when, is_update) if when else None


def find_date(text: str) -> datetime | None:
    """The first absolute calendar date in `text`, with the clock time beside it when there is one."""
    if "19" not in text and "20" not in text:
        return None  # every date pattern holds a year, 19xx or 20xx: spare the four scans (most short lines have none)
    for pattern in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        month = _MONTHS[lookup_key(groups["mon"])] if groups.get("mon") else int(groups["mnum"])
        day, year = int(groups["day"]), int(groups["year"])
        try:
            when = datetime(year, month, day)
        except ValueError:
            continue
        return _with_time(when, text[m.end():] + " " + text[:m.start()])
    return None


def _with_time(day: datetime, rest: str) -> datetime:
    """`day` at the clock time written in `rest`, if any."""
    t = _TIME.search(rest)
    if not t:
        return day
    hour, minute = int(t["h"]), int(t["m"])
    if t["ap"]:
        hour = hour % 12 + (12 if t["ap"].lower().startswith("p") else 0)
    return day.replace(hour=hour, minute=minute) if hour < 24 else day


def parse_byline(line: str) -> str | None:
    """The author's name in a "By Jane Doe" line."""
    m = _BYLINE.match(line.strip())
    return m["name"].strip() if m and len(m["name"].split()) <= 12 else None


def parse_credit(line: str) -> str | None:
    """The credited outlet of a "- Business Insider" line under a reposted story."""
    m = _CREDIT.match(line.strip())
    return m["name"].strip() if m else None


def split_dateline(paragraph: str) -> tuple[str | None, str | None, str]:
    """(dateline, agency, rest) of a lead paragraph that opens with "CITY, Feb 26 (Agency) - "."""
    m = _DATELINE.match(paragraph)
    if not m or not (m["place"] or m["agency"]):
        return None, None, paragraph
    dateline = paragraph[:m.end()].rstrip(" -\u2013\u2014")
    return dateline, m["agency"], paragraph[m.end():]
