"""Command line: `python -m flows run|serve|bi` (also installed as `newsdata`)."""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

# Only light modules here: the embedded Prefect server is started before polars, pandera, Prefect and the stages
# are imported, so that it boots on the other core meanwhile (`python -X importtime -m flows run ...`).
from flows.runners import AUTO_DASK_BYTES, DASK_BATCH_SIZE, RUNNERS, PrefectAPI, choose_runner, task_runner
from stages.ingest import Limits, parse_time
from stages.lock import OutputBusy, exclusive

DEFAULT_CRON = "0 6 * * *"


def _reference_time(text: str) -> datetime:
    parsed = parse_time(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r} (e.g. 2025-07-27T20:00:00Z)")
    return parsed


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdata", description="Raw news pages in, validated Parquet datasets out.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="process a folder once")
    serve = commands.add_parser("serve", help="serve the flow as a scheduled Prefect deployment")
    for sub in (run, serve):
        sub.add_argument("--input", type=Path, default=Path("data/raw"), help="folder of raw pages, searched recursively (default data/raw)")
        sub.add_argument("--output", type=Path, default=Path("data/processed"), help="output root for the datasets (default data/processed)")
        sub.add_argument("--reference-time", type=_reference_time, default=None,
                         help="ISO time relative dates resolve against when a document carries none (default: leave them unresolved)")
        sub.add_argument("--batch-size", type=_positive, default=None,
                         help=f"documents per mapped task (default 200 on threads, {DASK_BATCH_SIZE} on Dask)")
        sub.add_argument("--max-file-bytes", type=_positive, default=Limits.max_file_bytes)
        sub.add_argument("--max-records", type=_positive, default=Limits.max_records_per_file)
        sub.add_argument("--max-document-chars", type=_positive, default=Limits.max_document_chars)
        sub.add_argument("--max-article-chars", type=_positive, default=Limits.max_article_chars)
        sub.add_argument("--runner", choices=RUNNERS, default="auto",
                         help=f"auto (default): a local Dask cluster on 2+ cores when {AUTO_DASK_BYTES // 2**20} MiB or more "
                         "of input is new or changed (threads for serve), else threads; threads: a pool in this process "
                         "(one core's worth); dask: a Dask cluster")
        sub.add_argument("--address", help="with --runner dask: scheduler of an existing cluster, tcp://HOST:PORT "
                         "(default: start a local cluster)")
        sub.add_argument("--workers", type=_positive, help="threads, or local Dask worker processes (default: one per core)")
    run.add_argument("--full-refresh", action="store_true",
                     help="process every input again, even those the output already holds from the same code")
    run.add_argument("--quiet", action="store_true", help="no progress bar, no Prefect logs; the summary only")
    serve.add_argument("--cron", default=DEFAULT_CRON, help=f"schedule (default '{DEFAULT_CRON}', daily at 06:00 UTC)")
    serve.add_argument("--name", default="daily", help="deployment name (default daily)")
    bi = commands.add_parser("bi", help="write a DuckDB file and a .sql script of views over the datasets")
    bi.add_argument("--output", type=Path, default=Path("data/processed"), help="output root of the datasets (default data/processed)")
    bi.add_argument("--database", type=Path, help="DuckDB file to write (default <output>/newsdata.duckdb); views.sql goes beside it")
    return parser


def _parameters(args: argparse.Namespace) -> dict:
    return {"input_dir": str(args.input), "output_dir": str(args.output), "reference_time": args.reference_time,
            "batch_size": args.batch_size or (DASK_BATCH_SIZE if args.runner == "dask" else 200), "max_file_bytes": args.max_file_bytes, "max_records": args.max_records,
            "max_document_chars": args.max_document_chars, "max_article_chars": args.max_article_chars}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "bi":
        return _bi(args.output, args.database or args.output / "newsdata.duckdb")
    if not args.input.is_dir():
        print(f"error: input folder {args.input} does not exist (pass --input DIR)", file=sys.stderr)
        return 2
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no network here to send it to
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")  # a busy machine starts it slowly
    if getattr(args, "quiet", False):
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # read by every Dask process it starts
    if args.address and args.runner == "threads":
        print("error: --address needs --runner dask (or auto)", file=sys.stderr)
        return 2
    if args.command == "run":
        try:  # fail before Prefect starts: the flow takes the same lock for the whole run
            with exclusive(args.output):
                pass
            api = PrefectAPI(args.address)  # boots the embedded server while the stages import
        except (OutputBusy, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        try:
            summary = None if args.full_refresh else _unchanged(args)
        except OutputBusy as exc:  # another run took the output since the check above
            api.close()
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if summary is not None:
            api.close()  # nothing to do: no flow run, no task runner
            _print_summary(summary, args.output, "none")
            return 0
    from flows.pipeline import news_datasets  # after the logging level is set: Prefect reads it on import

    args.runner = _runner(args)
    news_datasets = news_datasets.with_options(task_runner=task_runner(args.runner, args.address, args.workers))
    if args.command == "serve":
        news_datasets.serve(name=args.name, cron=args.cron, parameters=_parameters(args))
        return 0
    try:
        with api.serving():
            summary = news_datasets(**_parameters(args), full_refresh=args.full_refresh, show_progress=not args.quiet and sys.stderr.isatty())
    except Exception as exc:  # the flow failed: say why in one line, the traceback is in Prefect's log
        print(f"error: run failed: {exc}", file=sys.stderr)
        return 1
    _print_summary(summary, args.output, args.runner)
    return 0


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(args.max_file_bytes, args.max_records, args.max_document_chars, args.max_article_chars)


def _runner(args: argparse.Namespace) -> str:
    """`--runner` with `auto` resolved: for `run`, by the bytes of input the run will read (a stat per file)."""
    pending = None
    if args.runner == "auto" and not args.address and args.command == "run":
        from stages import incremental

        version = None if args.full_refresh else incremental.run_version(_limits(args), args.reference_time)
        pending = incremental.pending_bytes(args.input.resolve(), args.output.resolve(), version)
    return choose_runner(args.runner, args.address, os.cpu_count() or 1, pending)


def _unchanged(args: argparse.Namespace) -> dict | None:
    """The carried-over run report when the output already holds what a run would publish (same code, parameters,
    documents and rejected inputs); None when there is anything to do. Files whose size, mtime and ctime match the last
    scan are not read again, so this costs a directory walk and one small Parquet read."""
    from stages import incremental, report

    started = time.perf_counter()
    input_root, output_root = args.input.resolve(), args.output.resolve()
    if not (output_root / "run_report.json").exists():
        return None
    limits = _limits(args)
    reference_time = args.reference_time
    with exclusive(output_root):
        try:
            if not incremental.unchanged_files(input_root, output_root, limits, incremental.run_version(limits, reference_time)):
                return None
        except Exception:  # anything odd about the output (a damaged file): the flow run sorts it out and says so
            return None
        summary = report.carried(output_root, time.perf_counter() - started, {"check": time.perf_counter() - started})
        if summary is not None:
            report.write(output_root, summary)
    return summary and {"run_id": "none (inputs unchanged since the last run: nothing to process)", **summary}


def _bi(output: Path, database: Path) -> int:
    """Views over an existing output root: no flow run, so no Prefect either."""
    import duckdb

    from stages import bi

    if missing := bi.missing_datasets(output):
        print(f"error: no {', '.join(missing)} under {output} (run `python -m flows run --output {output}` first)", file=sys.stderr)
        return 2
    script = database.with_name("views.sql")
    try:
        views = bi.build(output, database, script)
    except duckdb.Error as exc:  # e.g. the file is open for writing in another tool
        print(f"error: {database}: {exc}", file=sys.stderr)
        return 1
    print(f"{database}: views {', '.join(views)}\n{script}: the same views as SQL")
    return 0


def _print_summary(summary: dict, output: Path, runner: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"run {summary['run_id']} → {output}", show_header=False)
    table.add_row("runner", runner)
    for key in ("documents", "documents_processed", "articles", "sentences", "figures", "events", "quarantined", "seconds"):
        table.add_row(key, f"{summary[key]:,}" if isinstance(summary[key], int) else str(summary[key]))
    for key in ("documents_by_status", "figures_by_kind", "events_by_type"):
        if summary[key]:
            table.add_row(key.replace("_", " "), ", ".join(f"{k} {v:,}" for k, v in summary[key].items()))
    Console().print(table)


if __name__ == "__main__":
    sys.exit(main())
