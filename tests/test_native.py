"""The compiled build (stages/native.py): used only while it matches the sources, and when used,
the same rows as the sources give."""
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from stages import native
from stages.ingest import scan
from stages.process import process_batch

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def test_a_build_is_used_only_for_the_sources_it_was_built_from(tmp_path):
    (tmp_path / "stages").mkdir()
    module = tmp_path / "stages" / "figures.py"
    module.write_text("X = 1\n")
    (tmp_path / "stages" / "words.json").write_text("[]")
    build = tmp_path / "build"
    build.mkdir()
    assert not native.matches(build, native.sources_digest(tmp_path))  # no manifest: no build
    (build / native.MANIFEST).write_text(json.dumps({"sources": native.sources_digest(tmp_path)}))
    assert native.matches(build, native.sources_digest(tmp_path))
    (tmp_path / "stages" / "words.json").write_text('["data is read at run time"]')
    assert native.matches(build, native.sources_digest(tmp_path))
    module.write_text("X = 2\n")
    assert not native.matches(build, native.sources_digest(tmp_path))  # an edited module runs from its source


def test_the_build_goes_ahead_of_the_sources(monkeypatch):
    path = ["/src/stages/extract"]
    monkeypatch.setattr(native, "in_use", lambda: False)
    native.extend(path, "stages.extract")
    assert path == ["/src/stages/extract"]
    monkeypatch.setattr(native, "in_use", lambda: True)
    native.extend(path, "stages.extract")
    assert path == [str(native.BUILD / "stages" / "extract"), "/src/stages/extract"]


def _rows() -> dict[str, list[dict]]:
    refs, _ = scan(RAW)
    frames = process_batch(RAW, refs, "run-1", None).take_frames()
    return {name: frame.drop("run_id", strict=False).to_dicts() for name, frame in frames.items()}


def test_the_compiled_build_gives_the_rows_of_the_sources():
    """Compiled code checks its type annotations at run time, and would quarantine a document
    whose values contradict them: every row of data/raw/ must come out the same either way."""
    if not native.in_use():
        pytest.skip(f"no compiled build of these sources in {native.BUILD} (python3 tasks.py setup builds it)")
    from stages.extract import figures
    assert figures.__file__.endswith(".so")
    script = f"import pickle, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import test_native; " \
             "sys.stdout.buffer.write(pickle.dumps(test_native._rows()))"
    pure = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True,
                          env={**os.environ, "NEWSDATA_PURE": "1"})
    assert pickle.loads(pure.stdout) == _rows()
