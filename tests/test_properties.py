"""Issue 7: property tests over arbitrary text: no exception, offsets slice, rows pass the schemas."""
from __future__ import annotations

import math
from datetime import date, datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stages.clean import clean_text
from stages.ingest import scan
from stages.model import DocMeta
from stages.process import process_batch
from stages.segment import split_page
from stages.validate import validate

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Text that looks like news: words, numbers, money, dates, punctuation, line breaks, and any character now and then.
NEWSY = st.lists(st.one_of(
    st.sampled_from(["Russia", "said", "rose", "5%", "$1.2bn", "on Monday", "June 16", "about", "three", "million",
                     "tonnes", "per year", "met", "signed", "in", "Moscow", "the", "U.S.", "Dr.", ".", ",", "\n", "\n\n",
                     "6-1/8", "2-1", "last month", "(Reuters) -", "Share", "Related Articles", "\u200b", "â€™"]),
    st.text(max_size=12)), max_size=60).map(" ".join)


@given(st.text())
def test_clean_text_never_fails_and_leaves_no_invisible_characters(text):
    cleaned = clean_text(text)
    assert not any(c in cleaned for c in INVISIBLE)
    assert "\r" not in cleaned


@given(NEWSY)
def test_split_page_never_fails_and_keeps_only_real_bodies(text):
    for article in split_page(clean_text(text), DocMeta(fetched_at=datetime(2025, 7, 27, tzinfo=timezone.utc))):
        assert article.body.strip()
        assert article.title is None or article.title.strip()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(NEWSY)
def test_any_document_gives_rows_that_pass_the_schemas_and_slice(tmp_path, text):
    folder = Path(tmp_path) / str(abs(hash(text)))
    folder.mkdir(exist_ok=True)
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    refs, _ = scan(folder)
    frames = process_batch(folder, refs, "run", datetime(2025, 7, 27, 20, tzinfo=timezone.utc)).take_frames()
    for name, frame in frames.items():
        _, rejected = validate(name, frame, "run")
        assert rejected.is_empty(), (name, rejected.to_dicts())
    fields = {row["article_id"]: row for row in frames["articles"].iter_rows(named=True)}
    for name, column in (("sentences", "text"), ("metrics", "surface"), ("events", "surface")):
        for row in frames[name].iter_rows(named=True):
            article = fields[row["article_id"]]
            source = (article["title"] or "") if row["field"] == "title" else article["text"]
            assert source[row["char_start"]: row["char_end"]] == row[column]
    for row in frames["metrics"].iter_rows(named=True):
        for value in (row["value"], row["value_high"]):
            assert value is None or math.isfinite(value)
        assert row["date_start"] is None or isinstance(row["date_start"], date)
