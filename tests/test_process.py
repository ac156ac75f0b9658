"""The batch stage without Prefect: rows for every dataset, offsets, limits."""
import json
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from stages.ingest import Limits, scan
from stages.process import process_batch

PAGE = ("Refinery deal signed\n\nMali signed an agreement with Russia on Monday to build a gold refinery with a capacity "
        "of 200 tonnes a year, officials said. Construction will take 18 months.\n")


def run(tmp_path: Path, limits: Limits = Limits(), reference=None):
    (tmp_path / "page.txt").write_text(PAGE)
    refs, _ = scan(tmp_path)
    return process_batch(tmp_path, refs, "run-1", reference, limits)


def test_a_page_becomes_rows_of_every_dataset(tmp_path):
    result = run(tmp_path, reference=datetime(2025, 7, 27, 20, tzinfo=timezone.utc))
    frames = result.take_frames()
    assert frames["documents"]["status"].to_list() == ["ok"]
    assert frames["articles"]["title"].to_list() == ["Refinery deal signed"]
    body = frames["articles"]["text"][0]
    metrics = frames["metrics"]
    for row in metrics.filter(pl.col("field") == "body").iter_rows(named=True):
        assert body[row["char_start"]: row["char_end"]] == row["surface"]
    capacity = metrics.filter(pl.col("surface").str.contains("200 tonnes"))
    assert capacity["value"].to_list() == [200.0]
    monday = metrics.filter(pl.col("kind") == "date")["date_start"].to_list()
    assert [d.isoformat() for d in monday] == ["2025-07-21"]
    assert "AGREE" in frames["events"]["event_type"].to_list()
    assert set(result.clock.seconds) >= {"ingest", "clean", "segment", "extract"}


def test_without_a_reference_time_relative_dates_stay_unresolved(tmp_path):
    dates = run(tmp_path).take_frames()["metrics"].filter(pl.col("kind") == "date")
    assert dates.height == 1 and dates["date_start"].to_list() == [None]


def test_an_article_over_the_limit_is_quarantined_not_truncated(tmp_path):
    result = run(tmp_path, Limits(max_article_chars=50))
    assert result.take_frames()["articles"].is_empty()
    [rejected] = result.rejected
    assert rejected.level == "row" and rejected.dataset == "articles" and "--max-article-chars" in rejected.reason


def test_a_document_that_breaks_an_extractor_is_quarantined_whole(tmp_path, monkeypatch):
    import stages.process

    def broken(sentence, reference, country):
        if "capacity" in sentence:
            raise IndexError("no such group")
        return []

    monkeypatch.setattr(stages.process, "extract_figures", broken)
    (tmp_path / "other.txt").write_text("Calm day\n\nNothing happened in the markets today, dealers said.\n")
    result = run(tmp_path)
    frames = result.take_frames()
    status = dict(zip(frames["documents"]["source_path"], frames["documents"]["status"]))
    assert status == {"other.txt": "ok", "page.txt": "quarantined"}
    assert set(frames["articles"]["doc_id"]) == set(frames["documents"].filter(pl.col("status") == "ok")["doc_id"])
    [rejected] = result.rejected
    assert rejected.source_path == "page.txt" and "internal error" in rejected.reason and "no such group" in rejected.reason


def test_rows_gathered_into_frames_along_the_way_are_the_rows_of_one_frame(tmp_path, monkeypatch):
    from stages import process

    for i in range(5):
        (tmp_path / f"page-{i}.txt").write_text(PAGE.replace("200 tonnes", f"{200 + i} tonnes"))
    refs, _ = scan(tmp_path)
    at_once = process_batch(tmp_path, refs, "run-1", None).take_frames()
    monkeypatch.setattr(process, "ROWS_PER_FRAME", 2)
    result = process_batch(tmp_path, refs, "run-1", None)
    assert len(result.chunks["metrics"]) == 2  # document 1, then 2 and 3: gathered before documents 2 and 4
    in_chunks = result.take_frames()
    for name, frame in at_once.items():
        assert in_chunks[name].equals(frame), name
    assert at_once["metrics"].filter(pl.col("kind") == "capacity")["value"].to_list() == [200.0, 201.0, 202.0, 203.0, 204.0]


def test_bare_currency_words_take_the_dateline_country(tmp_path):
    records = [{"id": "p", "title": "French deficit", "text": "PARIS, March 3 - France's trade deficit widened to 5.2 "
                "billion francs in February from 3.1 billion in January, customs said."},
               {"id": "z", "title": "Swiss deficit", "text": "ZURICH, March 3 - The Swiss trade deficit widened to 5.2 "
                "billion francs in February, customs said."}]
    (tmp_path / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    refs, _ = scan(tmp_path)
    frames = process_batch(tmp_path, refs, "run-1", None).take_frames()
    money = frames["metrics"].filter(pl.col("kind") == "money").join(frames["documents"], on="doc_id")
    assert sorted(money.select("source_path", "unit").rows()) == [
        ("wire.jsonl#1", "FRF"), ("wire.jsonl#1", "FRF"), ("wire.jsonl#2", "CHF")]
