from stages.html import html_to_text
from stages.segment import split_page

PARAGRAPHS = [
    "The central bank raised its benchmark rate by a quarter point on Tuesday, citing inflation that has stayed above target for a year.",
    "Officials said the decision was unanimous and that further increases would depend on wage growth in the coming months.",
    "Markets had expected the move, and the currency was little changed after the announcement in the afternoon.",
]
HTML = f"""<html><head><title>Bank raises rates again | Daily Ledger</title>
<meta property="og:site_name" content="Daily Ledger"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00"></head><body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>Bank raises rates again</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article>
<footer>Copyright 2024 Daily Ledger. All rights reserved. Cookie settings.</footer></body></html>"""


def test_main_text_and_metadata():
    text, meta = html_to_text(HTML, "https://example.org/a")
    assert text.splitlines()[0] == "Bank raises rates again"
    assert all(p in text for p in PARAGRAPHS)
    assert "Subscribe" not in text and "All rights reserved" not in text
    assert (meta.site_name, meta.author, meta.published_at.date().isoformat()) == ("Daily Ledger", "Jane Doe", "2024-03-05")


def test_split_page_reads_html_output_like_a_dump():
    text, meta = html_to_text(HTML)
    [article] = split_page(text, meta)
    assert article.title == "Bank raises rates again"
    assert article.outlet == "Daily Ledger"
    assert article.body.split("\n\n") == PARAGRAPHS


def test_pages_are_extracted_one_at_a_time_across_threads(monkeypatch):
    """trafilatura crashes natively under concurrent extraction (adbar/trafilatura#840): html_to_text must never
    let two threads into it at once, and every thread still gets its page."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import trafilatura

    real, inside, most = trafilatura.bare_extraction, [0], [0]
    guard = threading.Lock()

    def counting(*args, **kwargs):
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.01)  # hold the call open so that overlapping threads would be seen
        try:
            return real(*args, **kwargs)
        finally:
            with guard:
                inside[0] -= 1

    monkeypatch.setattr(trafilatura, "bare_extraction", counting)
    with ThreadPoolExecutor(4) as pool:
        texts = [text for text, _ in pool.map(lambda _: html_to_text(HTML), range(8))]
    assert most[0] == 1
    assert all(PARAGRAPHS[0] in text for text in texts)


METADATA_PAGES = [
    HTML,
    # no meta tags: title from the <h1>, author from a byline, site name from the <title>'s "x | site.com" part
    "<html><head><title>Storm hits coast | weather.example.com</title></head><body><h1>Storm hits coast</h1>"
    f"<div class='byline'>By Ann Lee</div><article><p>{PARAGRAPHS[0]}</p></article></body></html>",
    # JSON-LD overriding meta tags, a one-word meta author (dropped), a Twitter-handle site name in lower case
    "<html><head><meta name='author' content='Admin'><meta name='twitter:site' content='@ledger'>"
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Rates &amp; bonds",'
    ' "author": {"@type": "Person", "name": "Jane Doe"}, "datePublished": "2024-03-05"}</script></head>'
    f"<body><p>{PARAGRAPHS[1]}</p><a rel='license' href='https://creativecommons.org/licenses/by/4.0/'>CC</a></body></html>",
    # nothing at all: site name from the URL
    f"<html><body><p>{PARAGRAPHS[2]}</p></body></html>",
]


def test_metadata_is_trafilaturas_own():
    """_metadata replays extract_metadata without the fields we drop: every field we keep must stay the same,
    so that a trafilatura upgrade that changes extract_metadata fails here rather than drifting silently."""
    import trafilatura

    from stages.html import _metadata

    for page in METADATA_PAGES:
        for url in (None, "https://www.example.org/2024/a.html"):
            tree = trafilatura.load_html(page)
            theirs = trafilatura.extract_metadata(tree, url, None, True)  # as bare_extraction(fast=True) calls it
            ours = _metadata(tree, url)
            fields = ("title", "author", "url", "date", "sitename", "language")
            assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]
