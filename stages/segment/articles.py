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
from typing import Final

from stages.model import ArticleDraft, DocMeta
from stages.segment import furniture, stamps
from stages.segment.furniture import Kind

# `\s\s*`, not `\s+`: a pattern opening with a character set lets sre skip to its candidates (spaces).
_TITLE_SEPARATOR: Final = re.compile(r"\s\s*(?:\||-|–|—|::|·|•)\s+")
_TOKEN: Final = re.compile(r"\w+")
MAX_SITE_WORDS: Final = 5
TITLE_MATCH: Final = 0.6
MAX_CONTINUATION_GAP: Final = 8      # distinct furniture lines a story's body may skip over (a repeated widget counts once)
MIN_SECONDARY_BODY: Final = 250      # chars: below this a run under a headline is a teaser
HEADER_BEFORE_TITLE: Final = 4       # lines above a title that may hold its stamp or credit
WRAP_MIN: Final = 40                 # line lengths of hard-wrapped wire copy (Final: compiled code reads
WRAP_MAX: Final = 80                 # a C constant, not the module's dict, for every line of every page)


@dataclass(frozen=True)
class _Page:
    """A page's lines and what furniture.py and stamps.py made of each."""

    lines: list[str]
    kinds: list[Kind]
    meta_line: list[bool]  # title, stamp, byline or credit: story fields, never body
    stamped: list[bool]
    keep: list[bool]

    def runs(self) -> list[tuple[int, int]]:
        """(start, end) of each maximal run of kept lines."""
        runs: list[tuple[int, int]] = []
        for i, kept in enumerate(self.keep):
            if kept and runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            elif kept:
                runs.append((i, i + 1))
        return runs


@dataclass
class _Story:
    title: str | None                 # None: the page states no headline for it
    header: list[str]                 # lines between the title zone and the body
    title_at: int                     # index of the title within header, -1 if above it
    body: list[str] = field(default_factory=list)


def split_page(text: str, meta: DocMeta) -> list[ArticleDraft]:
    """Each story with a body on the page, in page order (see module docstring)."""
    lines = _paragraphs(text)
    if not lines:
        return []
    page_title, site = _page_title(lines[0], meta)
    stamped = [bool(stamps.parse_stamp(line, meta.fetched_at)) for line in lines]
    title_tokens = _tokens(page_title or "")
    matches = [i for i, line in enumerate(lines) if i and _repeats_title(line, title_tokens)]
    fields = [st or _is_credit(line) for st, line in zip(stamped, lines)]  # stamps and credits
    for i in ([0] if page_title else []) + matches:
        fields[i] = True  # the headline (however prose-like) titles the story, it is not its body
    found = furniture.classify(lines, prose=False)
    furnished = furniture.has_menus([kind for f, kind in zip(fields, found) if not f])
    if furnished:  # prose lines anchor the smoothing: only here are they told from short ones
        found = furniture.with_prose(lines, found)
    kinds = [Kind.BAD if f else kind for f, kind in zip(fields, found)]
    if furnished:
        keep = furniture.smooth(kinds)
    else:  # clean text: every other line but buttons is body, and a later title repeat is a subhead, not a headline
        keep = [not (f or (k is Kind.BAD and furniture.is_widget(line))) for f, k, line in zip(fields, found, lines)]
        matches = []
    stories = _stories(_Page(lines, kinds, fields, stamped, keep), matches, page_title)
    drafts = [_draft(s, meta, site) for i, s in enumerate(stories) if i == 0 or sum(map(len, s.body)) >= MIN_SECONDARY_BODY]
    return drafts or _fallback(lines, found if furnished else None, stamped, page_title or meta.title, meta, site)


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
    title = first if furniture.is_headline(first) or (meta.title and _repeats_title(first, _tokens(meta.title))) else None
    return title, meta.site_name or site


def _is_credit(line: str) -> bool:
    """Bylines and agency credits: story fields, never body."""
    return bool(stamps.parse_byline(line) or stamps.parse_credit(line))


def _stories(page: _Page, matches: list[int], page_title: str | None) -> list[_Story]:
    """Group runs of kept lines into stories: the main one under the page title, then each
    run with a headline of its own; other runs continue the story above when only a little
    furniture (at most one stamp: a list has one per item) or an inline teaser separates
    them, or when that story is the main one and has only a standfirst, and are dropped otherwise. `matches` are the lines repeating the page title."""
    lines = page.lines
    stories: list[_Story] = []
    gap_start = 0
    in_comments = False
    for start, end in page.runs():
        gap = range(gap_start, start)
        gap_start = end
        in_comments = bool(stories) and _in_comments(lines, gap, in_comments)  # above the story: a menu entry
        if not stories:
            if matches and matches[0] > start:
                continue  # above the headline: teasers and banners
            title_at = max((m for m in matches if m < start), default=0)
            title = lines[title_at] if title_at else page_title or (lines[0] if start else None)
            header = max(0, title_at - HEADER_BEFORE_TITLE)
            stories.append(_Story(title, lines[header:start], title_at - header, lines[start:end]))
        elif in_comments:
            continue
        elif any(furniture.is_teaser_marker(lines[j]) for j in gap):
            stories[-1].body.extend(lines[start:end])
        elif (headline := _headline_in(page, gap)) is not None:
            stories.append(_Story(lines[headline], lines[gap.start:start], headline - gap.start, lines[start:end]))
        elif _standfirst_only(stories):
            stories[-1].header.extend(lines[j] for j in gap if page.meta_line[j])  # its byline and stamp
            stories[-1].body.extend(lines[start:end])
        elif len({lines[j] for j in gap}) <= MAX_CONTINUATION_GAP and sum(page.stamped[j] for j in gap) <= 1:
            stories[-1].body.extend(lines[start:end])
    return stories


def _standfirst_only(stories: list[_Story]) -> bool:
    """Whether the main story has only a standfirst yet: its body may follow after any run of
    bylines, share bars and photo credits."""
    return len(stories) == 1 and sum(map(len, stories[0].body)) < MIN_SECONDARY_BODY


def _in_comments(lines: list[str], gap: range, before: bool) -> bool:
    """Whether the run after `gap` sits in a reader-comment section: the last
    comments or section heading seen decides."""
    for j in gap:
        if furniture.opens_comments(lines[j]):
            before = True
        elif furniture.opens_section(lines[j]):
            before = False
    return before


def _headline_in(page: _Page, gap: range) -> int | None:
    """The line in `gap` that titles the run after it: the last headline-like line
    followed only by stamps, credits and short lines (never by furniture)."""
    for j in reversed(gap):
        if page.kinds[j] is Kind.BAD and not page.meta_line[j]:
            return None
        if not page.meta_line[j] and furniture.is_headline(page.lines[j]):
            return j
    return None


def _draft(story: _Story, meta: DocMeta, site: str | None) -> ArticleDraft:
    """An ArticleDraft from a story: stamps, credits and bylines of its header, dateline of its lead."""
    dateline, agency, lead = stamps.split_dateline(story.body[0])
    body = [lead, *story.body[1:]] if lead.strip() else story.body[1:]
    credits = [c for line in story.header if (c := stamps.parse_credit(line))]
    authors = [a for line in story.header if (a := stamps.parse_byline(line))]
    return ArticleDraft(
        title=_strip_suffix(story.title) if story.title else None,
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


def _fallback(lines: list[str], kinds: list[Kind] | None, stamped: list[bool], title: str | None, meta: DocMeta,
              site: str | None) -> list[ArticleDraft]:
    """One story of the page's prose lines when no run qualified (a page with prose is never
    empty): furniture is left out when the page has some (`kinds`); a headline-like first line
    counts too, and then the story has no title (a bare paragraph)."""
    prose = [line for i, (line, st) in enumerate(zip(lines, stamped))
             if not (kinds and kinds[i] is Kind.BAD) and not st and not _is_credit(line) and furniture.reads_as_prose(line)]
    if not prose:
        return []
    title = title if title and lines[0] not in prose else None
    return [ArticleDraft(title=_strip_suffix(title) if title else None, body="\n\n".join(prose), outlet=site or meta.source,
                         published_at=meta.published_at, author=meta.author)]


def _strip_suffix(title: str) -> str:
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) > 1 and all(len(p.split()) <= MAX_SITE_WORDS and p[:1].isupper() for p in parts[1:]):
        return parts[0].strip()
    return title.strip()


def _tokens(text: str) -> set[str]:
    """`_TOKEN`'s words of the lower-cased text: of ASCII text, its runs of word characters by a table and a split
    (a third of findall's instructions: every line that may repeat the page title comes here)."""
    lowered = text.lower()
    if lowered.isascii():
        return set(lowered.encode().translate(furniture.ASCII_RUNS).decode().split())
    return set(_TOKEN.findall(lowered))


def _repeats_title(line: str, title_tokens: set[str]) -> bool:
    """`_similar` for a line against a title's tokens, tokenising only lines that hold enough of the title's words
    as substrings to pass (most lines hold none): every line of every page is tested."""
    if len(title_tokens) < 2:
        return False
    lowered = line.lower()
    if sum(t in lowered for t in title_tokens) / len(title_tokens) < TITLE_MATCH:
        return False
    return _similar(_tokens(line), title_tokens)


def _similar(ta: set[str], tb: set[str]) -> bool:
    """Token overlap relative to the larger set: a headline against its <title>."""
    return len(ta) >= 2 and len(tb) >= 2 and len(ta & tb) / max(len(ta), len(tb)) >= TITLE_MATCH
