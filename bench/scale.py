"""Scale benchmark: throughput, stage times, peak memory, start-up, incremental re-runs, Dask workers.

    python -m bench scale [--copies 20] [--skip-dask] [--batch-size 500] [--work DIR]

Builds the corpus of ../shared/corpus once (1x) and `--copies` distinct copies
of it (bench/corpus.py), runs the real CLI on each in a fresh output, and
prints and records (docs/benchmarks/scale.md) documents/s, MB/s of input
content, CPU seconds per stage, peak RSS of the flow process and of each Dask
worker, the fixed start-up time, a second run over unchanged input, one
against two local Dask workers, and (1x) the default thread runner.
quantulum3 + dateparser run on a sample of the same documents for comparison.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bench import corpus
from bench.common import DOCS, ROOT, machine

REPORT = DOCS / "scale.md"


class Peak:
    """Samples the resident memory of a process and each of its descendants until stopped."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.flow = 0
        self.workers: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self.flow = max(self.flow, self.root.memory_info().rss)
                for child in self.root.children(recursive=True):
                    if "distributed" in " ".join(child.cmdline()) or "spawn_main" in " ".join(child.cmdline()):
                        self.workers[child.pid] = max(self.workers.get(child.pid, 0), child.memory_info().rss)
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> tuple[int, int]:
        self._stop.set()
        self._thread.join()
        return self.flow, max(self.workers.values(), default=0)


def run_flow(raw: Path, out: Path, *extra: str) -> dict:
    """One CLI run; wall time, peak memory and the run report."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "flows", "run", "--input", str(raw), "--output", str(out), "--quiet",
                                *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = Peak(process.pid)
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    flow_rss, worker_rss = peak.stop()
    if process.returncode:
        raise RuntimeError(f"flow failed on {raw}: {stderr[-2000:]}")
    report = json.loads((out / "run_report.json").read_text())
    return {"wall": wall, "flow_rss_mb": flow_rss / 2**20, "worker_rss_mb": worker_rss / 2**20, "report": report}


def content_mb(out: Path) -> float:
    import polars as pl

    return pl.scan_parquet(out / "documents" / "**" / "*.parquet").select(pl.col("bytes").sum()).collect().item() / 1e6


def peers_mb_per_s(raw: Path, documents: int = 40) -> float:
    """quantulum3 + dateparser.search_dates over the text of a few documents, MB/s."""
    from dateparser.search import search_dates
    from quantulum3 import parser

    texts = []
    for line in (raw / "copy-000" / "bbc.jsonl").open(encoding="utf-8"):
        texts.append(json.loads(line)["text"])
        if len(texts) == documents:
            break
    started = time.perf_counter()
    for text in texts:
        for paragraph in text.split("\n\n"):
            parser.parse(paragraph)
            search_dates(paragraph, languages=["en"])
    return sum(len(t.encode()) for t in texts) / 1e6 / (time.perf_counter() - started)


def row(label: str, result: dict, mb: float) -> dict:
    report = result["report"]
    seconds = report["seconds"]
    return {"run": label, "documents": report["documents"], "processed": report.get("documents_processed", report["documents"]),
            "input MB": round(mb, 1), "flow s": round(seconds, 1), "start-up s": round(result["wall"] - seconds, 1),
            "docs/s": round(report["documents"] / seconds, 1), "MB/s": round(mb / seconds, 2),
            "flow RSS MB": round(result["flow_rss_mb"]), "worker RSS MB": round(result["worker_rss_mb"]) or "",
            "CPU s by stage": ", ".join(f"{k} {v:.0f}" for k, v in report["cpu_seconds_by_stage"].items())}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--skip-dask", action="store_true", help="skip the one-worker comparison")
    parser.add_argument("--batch-size", default="500", help="documents per task on Dask (default 500)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="newsdata-scale-"))
    rows = []
    empty = work / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    startup = run_flow(empty, work / "out-empty")
    rows.append({"run": "start-up (empty input)", "flow s": round(startup["report"]["seconds"], 1),
                 "start-up s": round(startup["wall"], 1), "flow RSS MB": round(startup["flow_rss_mb"])})
    sample = run_flow(ROOT / "data" / "raw", work / "out-sample")
    rows.append({**row("data/raw", sample, content_mb(work / "out-sample")), "wall s": round(sample["wall"], 1)})
    for copies in sorted({1, args.copies}):
        raw = work / f"corpus-x{copies}"
        if not raw.exists():
            corpus.build(raw, copies)
        out = work / f"out-x{copies}"
        dask = ("--runner", "dask", "--batch-size", args.batch_size)
        first = run_flow(raw, out, *dask, "--workers", "2")
        mb = content_mb(out)
        rows.append(row(f"x{copies}, 2 Dask workers", first, mb))
        second = run_flow(raw, out, *dask, "--workers", "2")
        rows.append({**row(f"x{copies} again (incremental)", second, mb),
                     "wall s": f"{second['wall']:.1f} = {100 * second['wall'] / first['wall']:.0f}% of first"})
        if not args.skip_dask:
            one = run_flow(raw, work / f"out-x{copies}-1w", *dask, "--workers", "1")
            rows.append(row(f"x{copies}, 1 Dask worker", one, mb))
        if copies == 1:  # the default runner, for comparison; one core's worth however many threads
            threads = run_flow(raw, work / f"out-x{copies}-threads")
            rows.append(row(f"x{copies}, threads (default)", threads, mb))
    peers = peers_mb_per_s(work / "corpus-x1")
    ours = max(r["MB/s"] for r in rows if isinstance(r.get("MB/s"), float) and r["processed"] == r["documents"])
    text = render(rows, peers, ours)
    print(text)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    return 0


def render(rows: list[dict], peers: float, ours: float) -> str:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    lines = ["# Scale benchmark", "",
             f"`python -m bench scale` on {machine()}.", "",
             "`flow s` is the flow's own time (run report); `start-up s` is the rest of the wall time: interpreter, "
             "imports and Prefect's embedded server. MB are the documents' content bytes (HTML as HTML).", "",
             "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows]
    lines += ["", f"quantulum3 + dateparser.search_dates on BBC text: {peers:.4f} MB/s; the best full run above "
              f"(incremental re-runs aside): {ours:.2f} MB/s end to end, {ours / peers:.0f}x.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
