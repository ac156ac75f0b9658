import gzip
import json
from datetime import datetime, timezone

import pytest

from stages.ingest import InputError, Limits, load, parse_time, scan


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_scan_names_every_input_and_rejects_with_reasons(tmp_path):
    write(tmp_path / "a.txt", "Title\n\nBody text.")
    write(tmp_path / "a.meta.json", json.dumps({"url": "https://x.test/a", "fetched_at": "2025-07-27T20:00:00Z"}))
    write(tmp_path / "sub" / "p.html.gz", gzip.compress(b"<html><body><p>Hi</p></body></html>"))
    write(tmp_path / "recs.jsonl", '{"id": 1, "text": "One."}\nnot json\n{"id": 3, "title": "no text"}\n\n{"id": 4, "html": "<p>x</p>"}\n')
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\0\0")
    refs, rejected = scan(tmp_path)
    assert [r.source_path for r in refs] == ["a.txt", "recs.jsonl#1", "recs.jsonl#4", "sub/p.html.gz"]
    assert [r.format for r in refs] == ["text", "json-record", "json-record", "html"]
    reasons = {r.source_path: r.reason for r in rejected}
    assert set(reasons) == {"image.png", "recs.jsonl#2", "recs.jsonl#3"}
    assert "unsupported file type" in reasons["image.png"]
    assert "not valid JSON" in reasons["recs.jsonl#2"]
    assert "no text" in reasons["recs.jsonl#3"]


def test_doc_ids_are_stable_and_depend_on_name_and_content(tmp_path):
    write(tmp_path / "a.txt", "Same text.")
    write(tmp_path / "b.txt", "Same text.")
    first = {r.source_path: r.doc_id for r in scan(tmp_path)[0]}
    again = {r.source_path: r.doc_id for r in scan(tmp_path)[0]}
    assert first == again
    assert first["a.txt"] != first["b.txt"]
    assert len(first["a.txt"]) == 16


def test_load_reads_sidecar_and_records(tmp_path):
    write(tmp_path / "a.txt", "Title\n\nBody.")
    write(tmp_path / "a.meta.json", json.dumps({"url": "https://x.test/a", "published_at": "2025-07-01T10:00:00",
                                                "source": "X News"}))
    write(tmp_path / "r.jsonl", json.dumps({"id": "k", "text": "Body.", "published": "1987-03-16T05:36:21",
                                            "scraped_at": "2026-02-28T02:34:22+00:00", "source": "Reuters"}) + "\n")
    refs = {r.source_path: r for r in scan(tmp_path)[0]}
    doc = load(tmp_path, refs["a.txt"])
    assert doc.text == "Title\n\nBody." and doc.html is None
    assert doc.meta.url == "https://x.test/a" and doc.meta.source == "X News"
    assert doc.meta.published_at == datetime(2025, 7, 1, 10, tzinfo=timezone.utc)
    record = load(tmp_path, refs["r.jsonl#1"])
    assert record.text == "Body."
    assert record.meta.published_at == datetime(1987, 3, 16, 5, 36, 21, tzinfo=timezone.utc)
    assert record.meta.fetched_at == datetime(2026, 2, 28, 2, 34, 22, tzinfo=timezone.utc)


def test_legacy_encodings_are_decoded_and_binary_refused(tmp_path):
    write(tmp_path / "latin.txt", "Caf\xe9 costs \xa35".encode("cp1252"))
    write(tmp_path / "fake.txt", b"%PDF-1.7\n\0\0\0binary")
    refs = {r.source_path: r for r in scan(tmp_path)[0]}
    assert load(tmp_path, refs["latin.txt"]).text == "Café costs £5"
    with pytest.raises(InputError, match="binary"):
        load(tmp_path, refs["fake.txt"])


def test_limits_quarantine_instead_of_truncating(tmp_path):
    write(tmp_path / "big.txt", "x" * 200)
    refs, rejected = scan(tmp_path, Limits(max_file_bytes=100))
    assert refs == [] and "over the limit" in rejected[0].reason


def test_symlinks_are_never_followed(tmp_path):
    outside = write(tmp_path / "outside" / "secret.txt", "secret")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "link.txt").symlink_to(outside)
    refs, rejected = scan(tmp_path / "in")
    assert refs == [] and "symbolic link" in rejected[0].reason


def test_parse_time():
    assert parse_time("2025-07-27T20:00:00Z") == datetime(2025, 7, 27, 20, tzinfo=timezone.utc)
    assert parse_time("yesterday") is None and parse_time(None) is None


def test_later_copies_of_a_content_point_at_the_first(tmp_path):
    from stages.ingest import duplicates

    write(tmp_path / "a.txt", "Same text.")
    write(tmp_path / "b.txt", "Same text.")
    write(tmp_path / "c.txt", "Other text.")
    refs = {r.source_path: r for r in scan(tmp_path)[0]}
    assert duplicates(list(refs.values())) == {refs["b.txt"].doc_id: refs["a.txt"].doc_id}


def test_a_file_changed_within_the_racy_window_is_read_again_by_the_next_scan(tmp_path):
    """A file rewritten at the same size in the timestamp tick a scan read it keeps its stamp (git's "racily clean"
    entries), so only files whose stamp is older than the scan by `RACY_NS` are kept for the next scan."""
    import time

    from stages.ingest import RACY_NS, ScanCache

    (tmp_path / "page.txt").write_text("Copper rose 4% on Friday.\n")
    fresh = ScanCache()
    refs, _ = scan(tmp_path, cache=fresh)
    assert refs and fresh.found == {}  # changed just now: read again next time
    settled = ScanCache(trusted_before_ns=time.time_ns() + RACY_NS)  # as a scan RACY_NS later sees it
    scan(tmp_path, cache=settled)
    assert list(settled.found) == ["page.txt"]
    again = ScanCache(known=settled.found)
    assert scan(tmp_path, cache=again)[0] == refs and again.reused == 1
