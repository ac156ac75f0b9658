"""The compiled build of the hot stage modules: mypyc turns their typed Python into C
extensions with the same behaviour, about 1.4x faster.

Every `python3 tasks.py` command builds it (`needs_build`, `build`) into the interpreter's
prefix (`.venv/newsdata-native/`) and records there a digest of `stages/`. Each package that
holds compiled modules calls `extend(__path__, __name__)`, which puts the build ahead of the
sources only while the digest still matches: an edited module runs from its source, never from
a stale build, until the next tasks.py command rebuilds it. Without a C compiler there is no
build and the sources run as they are. NEWSDATA_PURE=1 runs the sources regardless.

This module is imported by `stages/__init__.py`, so it holds only the standard library."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(sys.prefix) / "newsdata-native"
MANIFEST = "manifest.json"
#: What a failed build was of (its manifest), so that tasks.py does not retry it on every command.
FAILED = BUILD.with_name("newsdata-native.failed")
#: The modules compiled: where the stages spend their CPU (extract, segment, clean), none that
#: reads `__file__` (compiled modules have none). Paths from the repository root.
COMPILED = tuple(f"stages/{m}.py" for m in (
    "clean", "segment/articles", "segment/furniture", "segment/lexicon", "segment/sentences", "segment/stamps",
    "extract/dates", "extract/events", "extract/events_actors", "extract/events_context", "extract/figures",
    "extract/gazetteer", "extract/lexicon", "extract/measure", "extract/numbers", "extract/units"))
#: mypyc's group: the shared library of all compiled modules, `stages/native__mypyc*.so` in the build.
GROUP = "stages.native"


def tree_digest(root: Path, tops: Iterable[str], suffixes: tuple[str, ...]) -> str:
    """sha256 of the files under `root/top` with these suffixes: their paths and contents, in path order."""
    digest = hashlib.sha256()
    for top in tops:
        for path in sorted((root / top).rglob("*")):
            if path.suffix in suffixes and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def sources_digest(root: Path = ROOT) -> str:
    """The digest a build must carry to be used: every module of `stages/`, since compiled code
    also bakes in the types of the modules it imports (stages.model's Figure, say)."""
    return tree_digest(root, ["stages"], (".py",))


def matches(build: Path, digest: str) -> bool:
    """Whether `build` holds a finished build of sources with this digest."""
    record = _read(build / MANIFEST)
    return isinstance(record, dict) and record.get("sources") == digest


@cache
def in_use() -> bool:
    """Whether this process runs the compiled build (decided once, at the first import of `stages`)."""
    return not os.environ.get("NEWSDATA_PURE") and matches(BUILD, sources_digest())


def extend(path: list[str], package: str) -> None:
    """Put the build's folder for `package` ahead of its sources on the package's search path
    (its `__path__`), when the build is in use."""
    if in_use():
        path.insert(0, str(BUILD.joinpath(*package.split("."))))


def manifest(locks: str) -> dict[str, str]:
    """What a build records and must match to be kept: the sources, Python, mypy, the lock files."""
    from importlib.metadata import version
    return {"sources": sources_digest(), "python": sys.version, "mypy": version("mypy"), "locks": locks}


def needs_build(locks: str) -> int:
    """0: the build is of these sources, tools and locks; 1: `build` has work to do; 2: building
    them failed before (no C compiler, say), so trying again would fail the same way."""
    wanted = manifest(locks)
    if _read(BUILD / MANIFEST) == wanted:
        return 0
    return 2 if _read(FAILED) == wanted else 1


def _read(path: Path) -> object:
    """A manifest's JSON, None where there is none to read."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def build(locks: str) -> None:
    """Compile `COMPILED` with mypyc into a new folder, then swap it in for `BUILD`."""
    from mypyc.build import mypycify  # the build's own dependencies, not needed to run the build
    from setuptools import setup

    record = manifest(locks)
    work = Path(tempfile.mkdtemp(prefix="newsdata-native-", dir=BUILD.parent))
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)  # mypyc names the modules by their paths from here
        modules = mypycify([*COMPILED, "--ignore-missing-imports", "--cache-dir", str(work / "mypy-cache")],
                           separate=[(list(COMPILED), GROUP)], target_dir=str(work / "c"))
        os.chdir(work)  # away from pyproject.toml, which setuptools would read as this package's
        setup(name="newsdata-native", ext_modules=modules, script_args=[
            "build_ext", "--build-lib", str(work / "lib"), "--build-temp", str(work / "obj"), "--parallel", "2"])
    except BaseException:  # setuptools reports a compiler error as SystemExit
        FAILED.write_text(json.dumps(record, indent=1))
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        os.chdir(cwd)
    FAILED.unlink(missing_ok=True)
    lib = work / "lib"
    (lib / MANIFEST).write_text(json.dumps(record, indent=1))
    old = BUILD.with_name(BUILD.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if BUILD.exists():
        BUILD.rename(old)  # a process still running the old build keeps its loaded libraries
    lib.rename(BUILD)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
