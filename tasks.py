#!/usr/bin/env python3
"""One entry point that needs nothing but python3: it builds `.venv/` from the
pinned lock files on first use (and again whenever they change), then runs the
job, the tests, the scorers or the benchmarks inside it.

    python3 tasks.py run [flow options]   # the main job: data/raw -> data/processed
    python3 tasks.py test [pytest options]
    python3 tasks.py eval                 # gold + peer-suite scorers (../shared/eval)
    python3 tasks.py bench [bench options]
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
LOCKS = {"base": ["requirements.lock"], "test": ["requirements.lock", "requirements-test.lock"]}
SHARED = Path(os.environ.get("NEWSDATA_SHARED", ROOT.parent / "shared"))


def _stamp(files: list[str]) -> str:
    digest = hashlib.sha256()
    for name in files + ["pyproject.toml"]:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def setup(extra: str = "base") -> None:
    """.venv as the lock files pin it, and the compiled build of the hot stage modules."""
    _venv(extra)
    _native()


def _venv(extra: str) -> None:
    """Create or refresh .venv so that it matches the lock files exactly."""
    files = LOCKS[extra]
    stamp_file = VENV / f".installed-{extra}"
    if stamp_file.exists() and stamp_file.read_text() == _stamp(files):
        return
    if not PY.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print(f"setting up {VENV.name}/ from {', '.join(files)} (once; about a minute)", file=sys.stderr, flush=True)
    pip = [str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for args in [["-r", str(ROOT / name)] for name in files] + [["--no-deps", "--no-build-isolation", "--config-settings", "editable_mode=compat", "-e", str(ROOT)]]:
        done = subprocess.run(pip + args, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"pip install {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    stamp_file.write_text(_stamp(files))


def _native() -> None:
    """Compile the hot stage modules with mypyc (stages/native.py) when they, the tools or the
    locks changed. Where that fails (no C compiler), the stages run as plain Python: slower, the
    same rows. NEWSDATA_PURE=1 skips it."""
    if os.environ.get("NEWSDATA_PURE"):
        return
    call = "import sys, stages.native as n; sys.exit(n.{}(sys.argv[1]))"
    locks = _stamp(LOCKS["base"])
    log = VENV / "newsdata-native.log"
    state = subprocess.run([str(PY), "-c", call.format("needs_build"), locks], cwd=ROOT).returncode
    if state == 2:
        print(f"note: compiling these sources failed before (see {log}); the stages run as plain Python",
              file=sys.stderr, flush=True)
    if state != 1:
        return
    print(f"compiling the hot stage modules with mypyc (once per change; a minute or two; log: {log})",
          file=sys.stderr, flush=True)
    with log.open("w") as out:
        done = subprocess.run([str(PY), "-c", call.format("build"), locks], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        print(f"warning: compiling failed (see {log}); the stages run as plain Python: slower, the same rows",
              file=sys.stderr, flush=True)


def _run(args: list[str]) -> int:
    return subprocess.run([str(PY), *args], cwd=ROOT).returncode


def cmd_run(args: list[str]) -> int:
    setup()
    return _run(["-m", "flows", "run", *args])


def cmd_test(args: list[str]) -> int:
    setup("test")
    code = _run(["-m", "pytest", *args])
    return 0 if code == 5 and "-k" in args else code  # 5: a -k filter that selected nothing


def cmd_eval(args: list[str]) -> int:
    """Every scorer of ../shared/eval against fresh outputs, one after the other."""
    setup()
    work = Path(tempfile.mkdtemp(prefix="newsdata-eval-"))
    ev = SHARED / "eval"
    steps = [
        ["gold", [ev / "materialize.py", SHARED, ev / "gold", work / "gold-raw"], work / "gold-raw", work / "gold-out",
         [ev / "score.py", "--gold", ev / "gold", "--output", work / "gold-out"]],
        ["newsquant", [ev / "newsquant.py", "prepare", SHARED, work / "nq-raw"], work / "nq-raw", work / "nq-out",
         [ev / "newsquant.py", "score", SHARED, work / "nq-out"]],
        ["tempeval3", [ev / "tempeval.py", "prepare", SHARED, work / "te-raw"], work / "te-raw", work / "te-out",
         [ev / "tempeval.py", "score", SHARED, work / "te-out"]],
    ]
    for name, prepare, raw, out, score in steps:
        print(f"== {name}", flush=True)
        for cmd in (prepare, ["-m", "flows", "run", "--input", raw, "--output", out, "--quiet", *args], score):
            code = _run([str(c) for c in cmd])
            if code:
                return code
    return 0


def cmd_bench(args: list[str]) -> int:
    setup("test")
    return _run(["-m", "bench", *args])


COMMANDS = {"run": cmd_run, "test": cmd_test, "eval": cmd_eval, "bench": cmd_bench, "setup": lambda a: setup("test") or 0}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
