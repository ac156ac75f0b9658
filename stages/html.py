"""Main text and metadata of an HTML page, with trafilatura."""
from __future__ import annotations

import threading
from datetime import datetime

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL, examine_meta, extract_author, extract_meta_json, extract_sitename, extract_title, extract_url,
)
from trafilatura.settings import Document, set_date_params

from stages.model import DocMeta

# trafilatura (lxml underneath) crashes the process now and then when pages are extracted from several threads at
# once (SIGABRT "munmap_chunk(): invalid pointer", seen here on the thread runner; adbar/trafilatura#840, #925), so
# one page at a time per process. It costs nothing: the GIL already lets only one thread extract at a time.
_ONE_AT_A_TIME = threading.Lock()


def html_to_text(html: str, url: str | None = None) -> tuple[str, DocMeta]:
    """(text, meta): the page's main text, one paragraph per line, under its title line so that
    split_page reads it like a page dump (it trusts such furniture-free text line by line);
    meta holds title, author, date and site name. Comments are left out (they cost trafilatura's
    own defaults 0.01 F1); tables kept (wire copy carries figures in them). Measured on the text
    alone (bench.extraction pages): defaults 0.961 F1, favor_precision 0.961, favor_recall 0.960,
    no tables 0.962, deduplicate without formatting 0.953, so trafilatura's balance is kept.
    `fast` skips the fallback extractors: 0.963 on the same pages, and no second and third parse."""
    with _ONE_AT_A_TIME:
        tree = trafilatura.load_html(html)  # parsed once, for the metadata and for the text
        try:
            found = _metadata(tree, url) if tree is not None else None
        except (TypeError, ValueError):  # bare_extraction discards the page then
            found = None
        doc = None if found is None else trafilatura.bare_extraction(
            tree, url=url or found.url, include_comments=False, include_tables=True, fast=True,
        )
    if found is None or doc is None:
        return "", DocMeta(url=url)
    meta = DocMeta(
        url=url or found.url,
        title=found.title or None,
        published_at=_date(found.date),
        author=found.author or None,
        site_name=found.sitename or None,
        language=found.language or None,
    )
    body = doc.text or ""
    return (f"{meta.title}\n{body}" if meta.title else body), meta


def _metadata(tree: HtmlElement, url: str | None) -> Document:
    """trafilatura.extract_metadata as bare_extraction(fast=True) runs it, step for step, less categories,
    tags and licence: we drop them, and their XPaths (a regex test on every element) cost 15% of a page.
    tests/test_html.py holds it to extract_metadata, so that a trafilatura upgrade cannot drift from it."""
    doc = examine_meta(tree)
    if doc.author and " " not in doc.author:
        doc.author = None
    try:
        doc = extract_meta_json(tree, doc)
    except Exception:  # trafilatura's own guard: bugs in its JSON-LD reader only cost that source
        pass
    doc.title = doc.title or extract_title(tree)
    doc.author = doc.author or extract_author(tree)
    doc.url = doc.url or extract_url(tree, url)
    doc.date = find_date(tree, **{**set_date_params(True), "url": doc.url})  # fast=True is passed as `extensive`
    doc.sitename = doc.sitename or extract_sitename(tree)
    if doc.sitename:
        doc.sitename = doc.sitename.lstrip("@")  # a Twitter handle
        if doc.sitename and "." not in doc.sitename and not doc.sitename[0].isupper():
            doc.sitename = doc.sitename.title()
    elif doc.url and (host := META_URL.match(doc.url)):
        doc.sitename = host[1]
    doc.clean_and_trim()
    return doc


def _date(value: str | None) -> datetime | None:
    """trafilatura's ISO date string as a datetime."""
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
