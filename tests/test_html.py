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
