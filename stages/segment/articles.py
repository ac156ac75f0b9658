"""Stories on a page: title, body, outlet, time and byline of each.

Works on cleaned text of any of the input shapes (page dump, "title, blank line,
body" article, html_to_text output): hard-wrapped lines are re-joined first, then
lines are judged by furniture.py, kept lines grouped into runs, and each run either
opens a story (it has a headline before it), continues the current one (the gap was
furniture only or an inline "Read more" teaser), or is dropped."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from stages.model import ArticleDraft, DocMeta
from stages.segment import furniture, stamps
from stages.segment.furniture import Kind

_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•)\s+")
_TOKEN = re.compile(r"\w+")
MAX_SITE_WORDS = 5
TITLE_MATCH = 0.7
MAX_CONTINUATION_GAP = 8      # furniture lines a story's body may skip over
MIN_SECONDARY_BODY = 250      # chars: below this a run under a headline is a teaser
HEADER_BEFORE_TITLE = 4       # lines above a title that may hold its stamp or credit
MIN_PROSE_WORDS = 8
WRAP_MIN, WRAP_MAX = 40, 80   # line lengths of hard-wrapped wire copy


@dataclass
class _Story:
    title: str
    header: list[str]                 # lines between the title zone and the body
    title_at: int                     # index of the title within header, -1 if above it
    body: list[str] = field(default_factory=list)


def split_page(text: str, meta: DocMeta) -> list[ArticleDraft]:
    """Each story with a body on the page, in page order (see module docstring)."""
    lines = _paragraphs(text)
    if not lines:
        return []
    page_title, site = _page_title(lines[0], meta)
    kinds = [Kind.BAD if _is_meta(line, meta) else kind for line, kind in zip(lines, furniture.classify(lines))]
    kinds[0] = Kind.BAD if page_title else kinds[0]
    keep = furniture.smooth(kinds)
    stories = _stories(lines, keep, page_title)
    drafts = [_draft(s, meta, site) for i, s in enumerate(stories) if i == 0 or sum(map(len, s.body)) >= MIN_SECONDARY_BODY]
    return drafts or _fallback(lines, kinds, page_title or meta.title, meta, site)


def _paragraphs(text: str) -> list[str]:
    """Non-blank lines, stripped; hard-wrapped text (wire copy) re-joined into one line per paragraph."""
    raw = text.split("\n")
    filled = [line for line in raw if line.strip()]
    wrapped = sum(WRAP_MIN <= len(line) <= WRAP_MAX for line in filled)
    if len(filled) < 6 or wrapped < 0.6 * len(filled) or any(len(line) > WRAP_MAX + 10 for line in filled[1:]):
        return [line.strip() for line in filled]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in raw:
        if current and (not line.strip() or line[:1].isspace()):
            paragraphs.append(" ".join(current))
            current = []
        if line.strip():
            current.append(line.strip())
        if current and len(line) < WRAP_MIN:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs + ([" ".join(current)] if current else [])


def _page_title(first: str, meta: DocMeta) -> tuple[str | None, str | None]:
    """(title, site name) from the page's first line when it reads as a headline,
    "Headline | Site" style suffixes split off; meta.site_name wins for the site."""
    parts = _TITLE_SEPARATOR.split(first)
    site = None
    if len(parts) > 1 and all(len(p.split()) <= MAX_SITE_WORDS and p[:1].isupper() for p in parts[1:]):
        first, site = parts[0], parts[-1]
    title = first if furniture.is_headline(first) or (meta.title and _similar(first, meta.title)) else None
    return title, meta.site_name or site


def _is_meta(line: str, meta: DocMeta) -> bool:
    """Stamps, bylines and credits: story fields, never body."""
    return bool(stamps.parse_stamp(line, meta.fetched_at) or stamps.parse_byline(line) or stamps.parse_credit(line))


def _stories(lines: list[str], keep: list[bool], page_title: str | None) -> list[_Story]:
    """Group kept lines into stories."""
    matches = [i for i, line in enumerate(lines) if page_title and _similar(line, page_title)]
    stories: list[_Story] = []
    main_seen = False
    gap_start = 0
    i = 0
    while i < len(lines):
        if not keep[i]:
            i += 1
            continue
        run_end = i
        while run_end < len(lines) and keep[run_end]:
            run_end += 1
        gap = lines[gap_start:i]
        is_main = not main_seen and (not matches or matches[0] < i)
        if is_main:
            title_at = max((m for m in matches if m < i), default=0)
            stories.append(_Story(page_title or lines[title_at], lines[max(0, title_at - HEADER_BEFORE_TITLE):i],
                                  min(title_at, HEADER_BEFORE_TITLE), list(lines[i:run_end])))
            main_seen = True
        elif (title_at := _headline_in(gap)) is not None:
            stories.append(_Story(gap[title_at], gap, title_at, list(lines[i:run_end])))
        elif stories and len(gap) <= MAX_CONTINUATION_GAP:
            stories[-1].body.extend(lines[i:run_end])
        gap_start = i = run_end
    return stories


def _headline_in(gap: list[str]) -> int | None:
    """Index in `gap` of the headline of a new story, unless a teaser marker says the gap is a link."""
    if any(furniture.is_teaser_marker(line) for line in gap):
        return None
    for j in range(len(gap) - 1, -1, -1):
        if furniture.is_headline(gap[j]) and not stamps.parse_stamp(gap[j], None) and not stamps.parse_credit(gap[j]):
            return j
    return None


def _draft(story: _Story, meta: DocMeta, site: str | None) -> ArticleDraft:
    """An ArticleDraft from a story: stamps, credits and bylines of its header, dateline of its lead."""
    dateline, agency, lead = stamps.split_dateline(story.body[0])
    body = [lead, *story.body[1:]] if lead.strip() else story.body[1:]
    credits = [c for line in story.header if (c := stamps.parse_credit(line))]
    authors = [a for line in story.header if (a := stamps.parse_byline(line))]
    return ArticleDraft(
        title=_strip_suffix(story.title),
        body="\n\n".join(body),
        outlet=agency or (credits[-1] if credits else None) or site or meta.source,
        published_at=_published(story, meta),
        author=authors[0] if authors else meta.author,
        dateline=dateline,
    )


def _published(story: _Story, meta: DocMeta) -> datetime | None:
    """First original-time stamp after the title, else one above it, else an update stamp, else meta."""
    found = [(s[1], j <= story.title_at, s[0]) for j, line in enumerate(story.header)
             if (s := stamps.parse_stamp(line, meta.fetched_at))]
    found.sort(key=lambda f: (f[0], f[1]))  # originals before updates, below-title before above
    return found[0][2] if found else meta.published_at


def _fallback(lines: list[str], kinds: list[Kind], title: str | None, meta: DocMeta, site: str | None) -> list[ArticleDraft]:
    """One story of the page's prose lines, when no run qualified: a page with prose is never empty."""
    prose = [line for line, kind in zip(lines, kinds) if kind is not Kind.BAD and len(line.split()) >= MIN_PROSE_WORDS]
    if not prose:
        return []
    return [ArticleDraft(title=_strip_suffix(title or lines[0]), body="\n\n".join(prose), outlet=site or meta.source,
                         published_at=meta.published_at, author=meta.author)]


def _strip_suffix(title: str) -> str:
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) > 1 and all(len(p.split()) <= MAX_SITE_WORDS and p[:1].isupper() for p in parts[1:]):
        return parts[0].strip()
    return title.strip()


def _similar(a: str, b: str) -> bool:
    """Token overlap, relative to the shorter string: a headline against its <title>."""
    ta, tb = set(_TOKEN.findall(a.lower())), set(_TOKEN.findall(b.lower()))
    if len(ta) < 2 or len(tb) < 2:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= TITLE_MATCH and len(ta) <= 2 * len(tb) and len(tb) <= 2 * len(ta)
