"""Main-text extraction benchmark on the html-benchmark corpus (Zyte article-extraction-benchmark).

Score: word 4-gram shingles of the extracted text against the ground-truth articleBody,
precision / recall / F1 per page (shingle sets, as the keep-everything figure of 0.67
in issue 8 was measured), averaged over pages.

    python -m bench.extraction [--shared ../shared] [--worst N]    (or: python -m bench extraction)

Prints one table and writes it to docs/benchmarks/extraction.md. Pages whose id starts with
0-7 are the dev half (failures looked at while writing rules), 8-f the held-out half."""
from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from bench.common import DOCS, SHARED, machine
from stages.clean import clean_text
from stages.html import html_to_text
from stages.model import DocMeta
from stages.segment import split_page

_TOKEN = re.compile(r"\w+")
SHINGLE = 4
DEV = tuple("01234567")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _TOKEN.findall(text.lower())
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def prf(predicted: str, truth: str) -> tuple[float, float, float]:
    """Shingle precision, recall and F1 of one page."""
    pred, gold = shingles(predicted), shingles(truth)
    if not pred or not gold:
        return (1.0, 1.0, 1.0) if pred == gold else (0.0, 0.0, 0.0)
    common = len(pred & gold)
    p, r = common / len(pred), common / len(gold)
    return p, r, (2 * p * r / (p + r) if common else 0.0)


def pipeline_text(text: str, url: str | None, meta: DocMeta | None = None) -> str:
    """What the pipeline keeps of a page: the bodies of the stories split_page finds."""
    meta = meta or DocMeta(url=url)
    return "\n\n".join(a.body for a in split_page(clean_text(text), meta))


def from_html(html: str, url: str | None) -> str:
    text, meta = html_to_text(html, url)
    return pipeline_text(text, url, meta)


def load(shared: Path) -> list[dict]:
    """Pages with their id, url, ground truth, text dump and HTML."""
    root = shared / "corpus" / "html-benchmark"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for line in (root / "page_text_dumps.jsonl").open(encoding="utf-8"):
        rec = json.loads(line)
        html = gzip.open(root / "html" / f"{rec['id']}.html.gz").read().decode("utf-8", "replace")
        pages.append({"id": rec["id"], "url": rec["url"], "dump": rec["text"], "html": html,
                      "truth": truth[rec["id"]]["articleBody"]})
    return pages


METHODS: dict[str, Callable[[dict], str]] = {
    "text dumps via pipeline (clean_text + split_page)": lambda p: pipeline_text(p["dump"], p["url"]),
    "HTML via pipeline (html_to_text + split_page)": lambda p: from_html(p["html"], p["url"]),
    "html_to_text alone (trafilatura as configured, no segmentation)": lambda p: html_to_text(p["html"], p["url"])[0],
    "trafilatura alone on HTML (extract, defaults)": lambda p: trafilatura.extract(p["html"], url=p["url"]) or "",
    "keep-everything baseline (whole text dump)": lambda p: p["dump"],
}


def run(pages: list[dict], worst: int) -> str:
    rows = ["| method | pages | precision | recall | F1 | F1 dev | F1 held-out | ms/page |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, method in METHODS.items():
        start = time.perf_counter()
        scores = [(p["id"], *prf(method(p), p["truth"])) for p in pages]
        ms = 1000 * (time.perf_counter() - start) / len(pages)
        mean = [statistics.fmean(s[i] for s in scores) for i in (1, 2, 3)]
        dev = statistics.fmean(s[3] for s in scores if s[0].startswith(DEV))
        held = statistics.fmean(s[3] for s in scores if not s[0].startswith(DEV))
        rows.append(f"| {name} | {len(pages)} | {mean[0]:.3f} | {mean[1]:.3f} | {mean[2]:.3f} | {dev:.3f} | {held:.3f} | {ms:.1f} |")
        for pid, p, r, f in sorted(scores, key=lambda s: s[3])[:worst]:
            print(f"  worst {name[:20]}: {pid[:12]} P={p:.2f} R={r:.2f} F1={f:.2f}")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages of each method")
    parser.add_argument("--out", type=Path, default=DOCS / "extraction.md")
    args = parser.parse_args(argv)
    table = run(load(args.shared), args.worst)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "# Main-text extraction benchmark\n\n"
        "html-benchmark corpus (123 pages, Zyte article-extraction-benchmark subset); word 4-gram shingle "
        "precision/recall/F1 against the ground-truth articleBody, averaged over pages. "
        "Pipeline text is the bodies of all stories split_page finds, joined. "
        "Pages whose id starts with 0-7 are the dev half (its failures were read while writing the "
        "segmentation rules), the others the held-out half.\n\n"
        f"Machine: {machine()}. "
        "Rerun: `.venv/bin/python -m bench.extraction`.\n\n" + table + "\n",
        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
