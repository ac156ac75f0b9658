import ctypes
import errno
import subprocess
import sys
import textwrap

import polars as pl
import pytest

from schemas import DATASETS, Quarantine, polars_schema
from stages import write


def staged(root, run, reason):
    staging = root / f".staging-{run}"
    rows = [{"month": "2025-07", "source_path": "a.txt", "doc_id": None, "level": "document", "stage": "ingest",
             "dataset": None, "row_id": None, "reason": reason, "failure_case": None, "run_id": run}]
    write.write_batch(staging, "00000", {"quarantine": pl.DataFrame(rows, schema=polars_schema(Quarantine))})
    write.ensure_all(staging)
    (staging / "run_report.md").write_text(run)
    return staging


def test_publish_swaps_in_every_dataset_and_clears_staging(tmp_path):
    write.publish(staged(tmp_path, "r1", "first"), tmp_path)
    write.publish(staged(tmp_path, "r2", "second"), tmp_path)
    assert write.read_dataset(tmp_path, "quarantine")["reason"].to_list() == ["second"]
    assert (tmp_path / "run_report.md").read_text() == "r2"
    for name in DATASETS:
        assert write.read_dataset(tmp_path, name).columns == list(polars_schema(DATASETS[name]))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*DATASETS, "run_report.md"])


def test_recover_finishes_a_publish_that_the_code_before_the_exchange_began(tmp_path):
    """Its journal names only the staging folder, and it renamed the old folder aside, then the new one in."""
    write.publish(staged(tmp_path, "r1", "first"), tmp_path)
    staging = staged(tmp_path, "r2", "second")
    (tmp_path / write.JOURNAL).write_text(staging.name)
    (tmp_path / "quarantine").rename(tmp_path / "quarantine-moved-away")  # killed between the two renames
    (staging / "documents").rename(tmp_path / "documents.tmp")
    (tmp_path / "documents").rename(staging.with_name(staging.name + ".old"))
    (tmp_path / "documents.tmp").rename(tmp_path / "documents")  # documents was already swapped in
    write.recover(tmp_path)
    assert write.read_dataset(tmp_path, "quarantine")["reason"].to_list() == ["second"]
    assert not (tmp_path / write.JOURNAL).exists() and not list(tmp_path.glob(".staging-*"))


@pytest.fixture(params=["exchange", "two renames"])
def swap(request, monkeypatch):
    """Publish with renameat2's exchange, and as where it is unavailable (no renameat2 in libc)."""
    if request.param == "two renames":
        monkeypatch.setattr(write, "_renameat2", lambda: None)
    return request.param


def laid_out(root, run):
    """A staging folder holding every published entry, each file saying which run wrote it (no Parquet: fast)."""
    staging = root / f".staging-{run}"
    for name in DATASETS:
        (staging / name / "month=2025-07").mkdir(parents=True)
        (staging / name / "month=2025-07" / "part-00000.parquet").write_text(run)
    for name in (*write.REPORTS, write.SCAN, write.STATE):
        (staging / name).write_text(run)
    return staging


def versions(root):
    """The run each published entry comes from, as a reader finds it; None for a missing one."""
    paths = {name: root / name / "month=2025-07" / "part-00000.parquet" for name in DATASETS}
    paths |= {name: root / name for name in (*write.REPORTS, write.SCAN, write.STATE)}
    found = {}
    for name, path in paths.items():
        try:
            found[name] = path.read_text()
        except FileNotFoundError:
            found[name] = None
    return found


def test_a_publish_killed_at_any_step_and_recoveries_killed_at_any_step_end_with_the_new_version(tmp_path, swap):
    """The publish is killed after k of its steps; then recoveries are killed after k + 1, k + 2, ... steps (each
    runs the plan from the start), and a last one runs to the end. Readers only ever find a missing dataset
    between the two renames of the fallback."""
    steps = len(write.PUBLISHED) * 2 + 2
    for killed in range(steps + 1):
        root = tmp_path / str(killed)
        write.publish(laid_out(root, "r1"), root)
        write._journal(laid_out(root, "r2"), root)
        for recovery_killed in range(killed, steps + 1):
            if not (root / write.JOURNAL).exists():
                break
            plan = write._steps(root)
            assert len(plan) == steps
            for step in plan[:recovery_killed]:
                step()
            seen = list(versions(root).values())
            assert set(seen) <= ({"r1", "r2", None} if swap == "two renames" else {"r1", "r2"}), seen
            assert seen.count(None) <= 1
        write.recover(root)
        assert set(versions(root).values()) == {"r2"}
        assert sorted(p.name for p in root.iterdir()) == sorted(write.PUBLISHED)


def test_readers_never_find_a_dataset_missing_while_publishes_run(tmp_path):
    """Another process lists every dataset folder in a loop while this one publishes again and again (with the
    two renames instead of the exchange, it finds one missing in almost every run of this test)."""
    out = tmp_path / "out"
    write.publish(laid_out(out, "r0"), out)
    reader = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os
        names, missing = {list(DATASETS)!r}, set()
        print("looking", flush=True)
        while not os.path.exists({str(tmp_path / "done")!r}):
            for name in names:
                try:
                    os.listdir(os.path.join({str(out)!r}, name))
                except FileNotFoundError:
                    missing.add(name)
        print(sorted(missing))
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "looking"
        for run in range(1, 60):
            write.publish(laid_out(out, f"r{run}"), out)
    finally:
        (tmp_path / "done").touch()
        found, _ = reader.communicate(timeout=60)
    assert found.strip() == "[]"
    assert set(versions(out).values()) == {"r59"}


def test_a_filesystem_that_refuses_the_exchange_gets_the_two_renames(tmp_path, monkeypatch):
    """renameat2 is there but answers EINVAL, as for a filesystem without RENAME_EXCHANGE."""
    def refused(*args):
        ctypes.set_errno(errno.EINVAL)
        return -1

    monkeypatch.setattr(write, "_renameat2", lambda: refused)
    write.publish(laid_out(tmp_path, "r1"), tmp_path)
    write.publish(laid_out(tmp_path, "r2"), tmp_path)
    assert set(versions(tmp_path).values()) == {"r2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(write.PUBLISHED)


def test_recover_drops_staging_of_a_run_killed_before_publishing(tmp_path):
    write.publish(staged(tmp_path, "r1", "first"), tmp_path)
    staged(tmp_path, "r2", "never published")
    write.recover(tmp_path)
    assert write.read_dataset(tmp_path, "quarantine")["reason"].to_list() == ["first"]
    assert not list(tmp_path.glob(".staging-*"))


def test_a_second_writer_is_refused_while_the_first_holds_the_output(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from stages.write import exclusive
        with exclusive(Path({str(tmp_path)!r})):
            print("held", flush=True)
            time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(write.OutputBusy, match=f"run pid {holder.pid}"):
            with write.exclusive(tmp_path):
                pass
    finally:
        holder.kill()
        holder.wait()
    with write.exclusive(tmp_path):  # the kernel released the dead holder's lock
        pass


def test_rewrite_dataset_goes_a_chunk_at_a_time_and_keeps_every_row(tmp_path):
    rows = [{"month": month, "source_path": f"{month}-{n}.txt", "doc_id": None, "level": "document", "stage": "ingest",
             "dataset": None, "row_id": None, "reason": "r", "failure_case": None, "run_id": "x"}
            for month in ("2025-06", "2025-07") for n in range(7)]
    frame = pl.DataFrame(rows, schema=polars_schema(Quarantine))
    for part in range(0, 14, 2):  # several files a month
        write.write_batch(tmp_path, f"{part:05d}", {"quarantine": frame.slice(part, 2)})
    seen = []

    def update(chunk):
        seen.append(chunk.height)
        assert chunk["month"].n_unique() == 1  # a chunk never mixes months
        return chunk.with_columns(pl.lit("rewritten").alias("reason")), chunk.clear()

    assert write.rewrite_dataset(tmp_path, "quarantine", update, chunk_rows=3, months=["2025-07"]).is_empty()
    assert max(seen) <= 4 and sum(seen) == 7
    after = write.read_dataset(tmp_path, "quarantine")
    assert after.height == 14
    assert after.filter(pl.col("reason") == "rewritten")["month"].unique().to_list() == ["2025-07"]


def test_rewriting_a_partly_rewritten_month_again_loses_nothing(tmp_path):
    """A rewrite run a second time (a retried task) finds its first attempt's files next to unread ones and must
    not write over them."""
    rows = [{"month": "2025-07", "source_path": f"{n}.txt", "doc_id": None, "level": "document", "stage": "ingest",
             "dataset": None, "row_id": None, "reason": "r", "failure_case": None, "run_id": "x"} for n in range(6)]
    frame = pl.DataFrame(rows, schema=polars_schema(Quarantine))
    write.write_batch(tmp_path, "00000", {"quarantine": frame.slice(0, 3)})
    folder = tmp_path / "quarantine" / "month=2025-07"
    frame.slice(3, 3).drop("month").write_parquet(folder / "part-rewritten-00000.parquet")  # the first attempt's
    write.rewrite_dataset(tmp_path, "quarantine", lambda chunk: (chunk, chunk.clear()), chunk_rows=2)
    assert sorted(write.read_dataset(tmp_path, "quarantine")["source_path"]) == [f"{n}.txt" for n in range(6)]
