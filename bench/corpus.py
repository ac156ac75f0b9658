"""Build the benchmark corpus from ../shared/corpus as raw input folders.

    python -m bench.corpus OUT [--copies 20]

Writes every BBC, Reuters and page-dump record as JSONL and every HTML page of
the extraction benchmark as `.html.gz` with a sidecar. With `--copies N` the
whole set is written N times, each copy made distinct (its ids and a marker
line differ) so that de-duplication does not shrink it.
"""
from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from bench.common import SHARED

JSONL_SOURCES = {
    "bbc.jsonl": "corpus/bbc/bbc_news_2004_2005.jsonl",
    "reuters.jsonl": "corpus/reuters21578/reuters21578_energy_metals_macro.jsonl",
    "page_dumps.jsonl": "corpus/page-dumps-2026/page_dumps.jsonl",
}


def build(out: Path, copies: int = 1, shared: Path = SHARED) -> dict[str, int]:
    """Write `copies` distinct copies of the corpus under `out`; returns documents and bytes written."""
    truth = json.loads((shared / "corpus/html-benchmark/ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted((shared / "corpus/html-benchmark/html").glob("*.html.gz"))
    documents = 0
    for copy in range(copies):
        folder = out / f"copy-{copy:03d}"
        (folder / "html").mkdir(parents=True, exist_ok=True)
        for name, source in JSONL_SOURCES.items():
            with (shared / source).open(encoding="utf-8") as lines, (folder / name).open("w", encoding="utf-8") as sink:
                for line in lines:
                    record = json.loads(line)
                    if copy:
                        record["id"] = f"{record['id']}-copy{copy}"
                        record["text"] = f"{record['text']}\n\nCopy {copy}."
                    sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                    documents += 1
        for page in pages:
            html = gzip.decompress(page.read_bytes())
            if copy:
                html += f"\n<!-- copy {copy} -->".encode()
            (folder / "html" / page.name).write_bytes(gzip.compress(html, compresslevel=1))
            meta = {"url": truth.get(page.name.split(".")[0], {}).get("url")}
            (folder / "html" / page.name.replace(".html.gz", ".meta.json")).write_text(json.dumps(meta))
            documents += 1
    raw_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"documents": documents, "bytes_on_disk": raw_bytes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(build(args.out, args.copies)))


if __name__ == "__main__":
    main()
