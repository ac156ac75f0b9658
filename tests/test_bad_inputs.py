"""Issue 7: dirty inputs through the real CLI: exit 0, every input accounted for, nothing leaks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from stages.write import read_dataset
from tests import bad_inputs

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory, api_env):
    base = tmp_path_factory.mktemp("bad")
    expect = bad_inputs.build(base / "raw", base / "outside")
    done = subprocess.run([sys.executable, "-m", "flows", "run", "--input", str(base / "raw"), "--output", str(base / "out"),
                           "--quiet", "--batch-size", "4"], capture_output=True, text=True, cwd=ROOT, env=api_env, timeout=600)
    return expect, done, base / "out"


def test_the_cli_succeeds_on_dirty_input(outcome):
    _, done, _ = outcome
    assert done.returncode == 0, done.stderr
    assert "quarantined" in done.stdout


def test_every_input_ends_in_documents_or_quarantine_as_expected(outcome):
    expect, _, out = outcome
    docs = read_dataset(out, "documents")
    quarantine = read_dataset(out, "quarantine").filter(pl.col("level") == "document")
    status = dict(zip(docs["source_path"], docs["status"]))
    reasons = dict(zip(quarantine["source_path"], quarantine["reason"]))
    for path, want in expect.items():
        got = status.get(path, "quarantined" if path in reasons else "missing")
        assert got != "missing", f"{path} is in neither documents nor quarantine"
        if want != "any":
            assert got == want, (path, got, reasons.get(path))
        if got == "quarantined":
            assert reasons.get(path), f"{path} is quarantined without a reason"
    assert set(status) | set(reasons) == set(expect)


def test_reasons_say_what_happened(outcome):
    _, _, out = outcome
    reasons = dict(read_dataset(out, "quarantine").select("source_path", "reason").iter_rows())
    assert "binary" in reasons["fake-pdf.txt"]
    assert "over the limit" in reasons["huge.txt"]
    assert "not valid JSON" in reasons["records.jsonl#2"]
    assert "no text" in reasons["records.jsonl#3"]
    assert "symbolic link" in reasons["link-to-outside.txt"] and "symbolic link" in reasons["linked-dir"]
    assert "unsupported file type" in reasons["notes.docx"]


def test_nothing_from_scripts_styles_handlers_or_outside_leaks(outcome):
    _, _, out = outcome
    articles = read_dataset(out, "articles")
    text = "\n".join(articles["text"].to_list() + [t or "" for t in articles["title"].to_list()])
    for leak in (*bad_inputs.LEAKS, "OUTSIDE-LEAK"):
        assert leak not in text
    assert "Rotterdam" in text and "Hamburg" in text
    for name in ("metrics", "events", "sentences"):
        frame = read_dataset(out, name)
        assert set(frame["doc_id"]) <= set(articles["doc_id"]), name


def test_cleaned_text_has_no_invisible_or_control_characters(outcome):
    _, _, out = outcome
    articles = read_dataset(out, "articles")
    for text in articles["text"]:
        assert not any(c in text for c in "\u200b\u200c\u2060\x07\x0b\ufeff"), repr(text[:80])
    assert any("didn't fall" in t or "didn’t fall" in t for t in articles["text"])
    assert any("Zürich" in t for t in articles["text"])
