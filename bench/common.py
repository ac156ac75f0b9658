"""What every benchmark shares: where things are, the machine line, running the CLI, the gold scores."""
from __future__ import annotations

import importlib.util
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

from stages import native

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDATA_SHARED", ROOT.parent / "shared"))
DOCS = ROOT / "docs" / "benchmarks"


def machine() -> str:
    """The line every result file carries: host, cores, Python, whether the stages ran compiled, the time of the run."""
    return (f"{platform.node()} ({os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {build()}), "
            f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")


def build() -> str:
    """Which code the stages run: the figures differ about 1.4x between the two."""
    return "mypyc build" if native.in_use() else "plain Python, no compiled build"


def run_flow(raw: Path, out: Path, *options: str) -> float:
    """The CLI on `raw`, as a user runs it; its wall seconds. Raises with the CLI's own message when it fails."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "flows", "run", "--input", str(raw), "--output", str(out), "--quiet",
                           *options], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"flow failed on {raw}:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def scorer(name: str, shared: Path = SHARED) -> ModuleType:
    """A scorer of ../shared/eval (`score`, `newsquant`, `tempeval`), imported from its file: they are scripts."""
    path = shared / "eval" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"eval_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    spec.loader.exec_module(module)
    return module


def gold_report(work: Path, shared: Path = SHARED) -> dict:
    """score.py's report on a fresh flow run over the materialized gold documents."""
    ev = shared / "eval"
    raw, out = work / "gold-raw", work / "gold-out"
    subprocess.run([sys.executable, str(ev / "materialize.py"), str(shared), str(ev / "gold"), str(raw)],
                   check=True, capture_output=True)
    run_flow(raw, out)
    return scorer("score", shared).score(ev / "gold", out)
