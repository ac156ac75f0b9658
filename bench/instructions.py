"""Instructions per pass of extract_figures over the speed sentences of bench/figures.py, counted by valgrind.

    python -m bench instructions

CPU time on this shared 2-core VM moves by ±30% from run to run; callgrind's instruction count by about ±2%
(whatever else the machine runs; what moves it is the memory layout, through tables keyed by object ids), so
a change meant to make the extraction faster by more than a few per cent is measured with this. The count is (3 passes - 1 pass) / 2: the interpreter's start-up and
the imports cancel out. Needs valgrind (Debian's package); prints the figure and writes nothing."""
from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, SHARED, build
from bench.figures import speed_sentences

_PASSES = """import pickle, sys
from stages.extract.figures import extract_figures
sentences = pickle.load(open(sys.argv[1], "rb"))
for _ in range(int(sys.argv[2])):
    for sentence, reference in sentences:
        extract_figures(sentence, reference)
"""


def count(sentences_file: Path, passes: int, work: Path) -> subprocess.Popen:
    return subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={work / f'cg-{passes}.out'}",
                             sys.executable, "-c", _PASSES, str(sentences_file), str(passes)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def main(argv: list[str]) -> int:
    if shutil.which("valgrind") is None:
        print("skipped: valgrind not found (apt-get install valgrind)", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as tmp:
        work = Path(tmp)
        sentences = speed_sentences(SHARED)
        (work / "sentences.pkl").write_bytes(pickle.dumps(sentences))
        runs = {n: count(work / "sentences.pkl", n, work) for n in (1, 3)}  # side by side: one per core
        totals = {}
        for n, process in runs.items():
            _, err = process.communicate()
            found = re.search(r"Collected : (\d+)", err)
            if process.returncode or not found:
                print(f"valgrind failed: {err[-2000:]}", file=sys.stderr)
                return 1
            totals[n] = int(found.group(1))
    per_pass = (totals[3] - totals[1]) // 2
    print(f"extract_figures, {build()}: {per_pass:,} instructions per pass over {len(sentences)} sentences "
          f"({per_pass // len(sentences):,} per sentence)")
    return 0
