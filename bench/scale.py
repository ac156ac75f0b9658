"""Scale benchmark: throughput, stage times, peak memory, start-up, incremental re-runs, Dask workers.

    python -m bench scale [--copies 20] [--skip-dask] [--batch-size N] [--work DIR]

Builds the corpus of ../shared/corpus once (1x) and `--copies` distinct copies
of it (bench/corpus.py), runs the real CLI on each in a fresh output, and
prints and records (docs/benchmarks/scale.md) documents/s, MB/s of input
content, CPU seconds per stage, peak RSS of the flow process and of each Dask
worker, the fixed start-up time, a second run over unchanged input, one
against two local Dask workers, and (1x) the thread runner (what `--runner auto` takes below 8 MiB).
quantulum3 + dateparser run on a sample of the same documents for comparison.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bench import corpus
from bench.common import DOCS, ROOT, machine
from flows.runners import DASK_BATCH_SIZE
from stages.ingest import RACY_NS

REPORT = DOCS / "scale.md"


class Peak:
    """Samples the resident memory and CPU time of a process and each of its descendants until stopped.

    Roles by command line: the flow process itself (with the Dask scheduler and nannies, which run in it), Prefect's
    embedded server (uvicorn), Dask workers (multiprocessing spawn), anything else."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.rss: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.role: dict[int, str] = {pid: "flow"}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                processes = []
            for process in processes:
                try:
                    if process.pid not in self.role:
                        line = " ".join(process.cmdline())
                        self.role[process.pid] = ("server" if "uvicorn" in line else "worker" if "spawn_main" in line
                                                  else "other")
                    with process.oneshot():
                        self.rss[process.pid] = max(self.rss.get(process.pid, 0), process.memory_info().rss)
                        times = process.cpu_times()
                        self.cpu[process.pid] = times.user + times.system
                except psutil.Error:
                    pass
            self._stop.wait(0.2)

    def stop(self) -> dict:
        """Peak RSS (MB) of the flow and of each worker; CPU seconds by role (as last sampled)."""
        self._stop.set()
        self._thread.join()
        cpu: dict[str, float] = {}
        for pid, seconds in self.cpu.items():
            cpu[self.role[pid]] = cpu.get(self.role[pid], 0.0) + seconds
        workers = sorted((rss for pid, rss in self.rss.items() if self.role[pid] == "worker"), reverse=True)
        return {"flow_rss_mb": self.rss.get(self.root.pid, 0) / 2**20, "worker_rss_mb": [w / 2**20 for w in workers],
                "cpu_by_role": {k: round(v, 1) for k, v in sorted(cpu.items())}}


def run_flow(raw: Path, out: Path, *extra: str, env: dict | None = None, server: psutil.Process | None = None) -> dict:
    """One CLI run; wall time, peak memory, CPU by process role, the load average before it and the run report.
    `server`: a long-lived Prefect server outside the run's process tree, whose CPU during the run counts as well
    (it shares the cores with the workers)."""
    load = os.getloadavg()[0]
    server_cpu = sum(server.cpu_times()[:2]) if server else 0.0
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "flows", "run", "--input", str(raw), "--output", str(out), "--quiet",
                                *extra], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = Peak(process.pid)
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampled = peak.stop()
    if server:
        sampled["cpu_by_role"]["server"] = round(sum(server.cpu_times()[:2]) - server_cpu, 1)
    if process.returncode:
        raise RuntimeError(f"flow failed on {raw}: {stderr[-2000:]}")
    report = json.loads((out / "run_report.json").read_text())
    return {"wall": wall, **sampled, "report": report, "load": load}


def content_mb(out: Path) -> dict[str, float]:
    """MB read (the documents' content bytes, HTML as HTML), of which HTML, and MB of the articles' text the run kept
    (titles and bodies: what is left of the input once markup and page furniture are gone)."""
    import polars as pl

    def total(dataset: str, column: pl.Expr) -> float:
        return pl.scan_parquet(out / dataset / "**" / "*.parquet").select(column.sum()).collect().item() / 1e6

    html = pl.when(pl.col("format") == "html").then(pl.col("bytes")).otherwise(0)
    text = pl.col("title").fill_null("").str.len_bytes() + pl.col("text").str.len_bytes()
    return {"input": total("documents", pl.col("bytes")), "html": total("documents", html), "text": total("articles", text)}


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


def row(label: str, result: dict, sizes: dict[str, float]) -> dict:
    report = result["report"]
    mb = sizes["input"]
    seconds = report["seconds"] - report.get("phase_seconds", {}).get("workers", 0.0)  # from the workers being up
    stage_cpu = sum(report["cpu_seconds_by_stage"].values())
    cpu = result["cpu_by_role"]
    return {"run": label, "documents": report["documents"], "processed": report.get("documents_processed", report["documents"]),
            "input MB": round(mb, 1), "flow s": round(seconds, 1), "start-up s": round(result["wall"] - seconds, 1),
            "wall s": round(result["wall"], 1),
            "docs/s": round(report["documents"] / seconds, 1), "MB/s": round(mb / seconds, 2),
            "of which HTML MB": round(sizes["html"], 1), "text MB": round(sizes["text"], 1),
            "text MB/s": round(sizes["text"] / seconds, 2),
            "flow RSS MB": round(result["flow_rss_mb"]),
            "worker RSS MB": " / ".join(str(round(w)) for w in result["worker_rss_mb"]),
            "CPU s by stage": ", ".join(f"{k} {v:.0f}" for k, v in report["cpu_seconds_by_stage"].items()),
            "CPU s by process": ", ".join(f"{k} {v:.0f}" for k, v in cpu.items()),
            "stage CPU / all CPU": f"{100 * stage_cpu / sum(cpu.values()):.0f}%" if stage_cpu and sum(cpu.values()) else "",
            "wall s by phase": ", ".join(f"{k} {v:.1f}" for k, v in report.get("phase_seconds", {}).items()),
            "load": round(result["load"], 1)}


def startup_parts() -> dict:
    """The fixed start-up cost in its parts, each alone: the interpreter importing the flow and the stages, and
    Prefect's embedded server from launch to its first healthy answer."""
    from flows.embedded_server import EmbeddedServer

    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import flows.pipeline"], cwd=ROOT, check=True)
    imports = time.perf_counter() - started
    started = time.perf_counter()
    server = EmbeddedServer()
    try:
        server.wait(300)
    finally:
        server.stop()
    return {"imports": imports, "server": time.perf_counter() - started}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--skip-dask", action="store_true", help="skip the one-worker comparison")
    parser.add_argument("--batch-size", default=str(DASK_BATCH_SIZE),
                        help=f"documents per task on Dask (default {DASK_BATCH_SIZE}, the command line's)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="newsdata-scale-"))
    rows = []
    empty = work / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    alone = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    parts = startup_parts()
    startup = run_flow(empty, work / "out-empty", env=alone)
    rows.append({"run": "start-up (empty input, embedded server)", "flow s": round(startup["report"]["seconds"], 1),
                 "start-up s": round(startup["wall"] - startup["report"]["seconds"], 1), "wall s": round(startup["wall"], 1),
                 "flow RSS MB": round(startup["flow_rss_mb"]),
                 "CPU s by process": ", ".join(f"{k} {v:.0f}" for k, v in startup["cpu_by_role"].items()),
                 "load": round(startup["load"], 1)})
    sample = run_flow(ROOT / "data" / "raw", work / "out-sample", env=alone)
    rows.append(row("data/raw (embedded server)", sample, content_mb(work / "out-sample")))
    # Every run below reports to one long-lived Prefect server, as a scheduled deployment does: start-up is then the
    # interpreter and the imports, and the local Dask workers reach the same server instead of starting their own.
    from flows.embedded_server import EmbeddedServer

    server = EmbeddedServer()
    server.wait(300)
    shared = {**alone, "PREFECT_API_URL": server.api_url}
    on_server = {"env": shared, "server": psutil.Process(server.pid)}
    memory: dict[int, tuple[float, float]] = {}
    ratios: dict[int, float] = {}
    try:
        for copies in sorted({1, args.copies}):
            raw = work / f"corpus-x{copies}"
            if not raw.exists():
                corpus.build(raw, copies)
                time.sleep(RACY_NS / 1e9)  # as an archive is: files written a moment ago are hashed again next run
            out = work / f"out-x{copies}"
            shutil.rmtree(out, ignore_errors=True)
            dask = ("--runner", "dask", "--batch-size", args.batch_size)
            first = run_flow(raw, out, *dask, "--workers", "2", **on_server)
            sizes = content_mb(out)
            rows.append(row(f"x{copies}, 2 Dask workers", first, sizes))
            memory[copies] = (first["flow_rss_mb"], max(first["worker_rss_mb"], default=0.0))
            second = run_flow(raw, out, *dask, "--workers", "2", **on_server)
            ratios[copies] = second["wall"] / first["wall"]
            rows.append({**row(f"x{copies} again (incremental)", second, sizes),
                         "wall s": f"{second['wall']:.1f} = {100 * ratios[copies]:.0f}% of first"})
            if not args.skip_dask:
                one = work / f"out-x{copies}-1w"
                shutil.rmtree(one, ignore_errors=True)
                rows.append(row(f"x{copies}, 1 Dask worker", run_flow(raw, one, *dask, "--workers", "1", **on_server), sizes))
            if copies == 1:  # the thread runner, for comparison; one core's worth however many threads
                threads = work / f"out-x{copies}-threads"
                shutil.rmtree(threads, ignore_errors=True)
                rows.append(row(f"x{copies}, threads", run_flow(raw, threads, "--runner", "threads", **on_server), sizes))
    finally:
        server.stop()
    peers = peers_mb_per_s(work / "corpus-x1")
    full = [r for r in rows if isinstance(r.get("MB/s"), float) and r["processed"] == r["documents"]]
    ours = max(full, key=lambda r: r["MB/s"])
    text = render(rows, peers, ours, parts, memory, ratios)
    print(text)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    return 0


def render(rows: list[dict], peers: float, ours: dict, parts: dict, memory: dict[int, tuple[float, float]],
           ratios: dict[int, float]) -> str:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    lines = ["# Scale benchmark", "",
             f"`python -m bench scale` on {machine()}.", "",
             "`flow s` is the flow's own time (run report) from the moment its task runner's workers are up; `start-up s` "
             "is the rest of the wall time: interpreter, imports, starting the local Dask cluster (the run report's "
             "`workers` phase) and, for the first two rows, Prefect's embedded server; the corpus runs report to one long-lived "
             "server started by the benchmark (as a scheduled deployment does), so no worker starts its own. MB are the "
             "documents' content bytes (HTML as HTML, the raw input a user sizes an archive by); `text MB` is what the "
             "run kept of them, the articles' titles and bodies, and `text MB/s` the same run measured by it. `CPU s by process`: the flow process (with the Dask scheduler "
             "and nannies), the Dask worker processes, the Prefect server; `stage CPU / all CPU` is the share of all "
             "that CPU spent in the stages. `load` is the 1-minute load average before the run (the machine is shared).",
             "", f"Start-up, each part alone: importing the flow and the stages {parts['imports']:.1f} s; Prefect's "
             f"embedded server from launch to healthy {parts['server']:.1f} s (the CLI overlaps the two).", "",
             "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows]
    if len(memory) > 1:
        low, high = min(memory), max(memory)
        lines += ["", f"Peak RSS x{high} against x{low} (2 workers): flow {memory[high][0]:.0f} / {memory[low][0]:.0f} MB "
                  f"({100 * memory[high][0] / memory[low][0] - 100:+.0f}%), largest worker {memory[high][1]:.0f} / "
                  f"{memory[low][1]:.0f} MB ({100 * memory[high][1] / memory[low][1] - 100:+.0f}%)."]
    lines += ["", "Incremental re-run over unchanged input, wall time against the first run: "
              + ", ".join(f"x{c} {100 * r:.0f}%" for c, r in sorted(ratios.items())) + "."]
    lines += ["", f"quantulum3 + dateparser.search_dates on BBC text: {peers:.4f} MB/s; the best full run above "
              f"(incremental re-runs aside, {ours['run']}): {ours['MB/s']:.2f} MB/s end to end, {ours['MB/s'] / peers:.0f}x; "
              f"counting only the text it kept, {ours['text MB/s']:.2f} MB/s, {ours['text MB/s'] / peers:.0f}x.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
