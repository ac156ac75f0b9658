"""BI: SQL views over the Parquet datasets, for tools that speak DuckDB or SQL.

The views read the files at query time, so one database file stays current
across runs; only moving the output root needs a rebuild (paths are absolute,
since DuckDB resolves relative ones against the reader's working directory).
"""
from __future__ import annotations

from pathlib import Path

from schemas import DATASETS
from stages.write import PARTITION

# Figures and event mentions with the sentence, story and outlet they came from.
JOINED = {
    "metric_mentions": """
SELECT m.*, s.text AS sentence_text, a.title AS article_title, a.outlet, a.published_at
FROM metrics AS m
JOIN sentences AS s USING (sentence_id)
JOIN articles AS a ON a.article_id = m.article_id""",
    "event_mentions": """
SELECT e.*, s.text AS sentence_text, a.title AS article_title, a.outlet, a.published_at
FROM events AS e
JOIN sentences AS s USING (sentence_id)
JOIN articles AS a ON a.article_id = e.article_id""",
    "article_overview": """
SELECT a.*, d.url, d.source, d.source_path,
       (SELECT count(*) FROM metrics AS m WHERE m.article_id = a.article_id) AS n_metrics,
       (SELECT count(*) FROM events AS e WHERE e.article_id = a.article_id) AS n_events
FROM articles AS a
JOIN documents AS d USING (doc_id)""",
}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def dataset_view(name: str, root: Path) -> str:
    """One dataset as a view, its columns in the model's order and the partition read as text."""
    columns = ", ".join(_identifier(column) for column in DATASETS[name].to_schema().columns)
    files = _literal(f"{root.resolve() / name}/**/*.parquet")
    return (f"CREATE OR REPLACE VIEW {name} AS SELECT {columns}\n"
            f"FROM read_parquet({files}, hive_partitioning = true, hive_types = {{{_literal(PARTITION)}: VARCHAR}});")


def views_sql(root: Path) -> str:
    """Every dataset view, then the joined views, as one script."""
    statements = [f"-- views over the newsdata datasets under {root.resolve()}; rebuild with: python -m flows bi"]
    statements += [dataset_view(name, root) for name in DATASETS]
    statements += [f"CREATE OR REPLACE VIEW {name} AS{query};" for name, query in JOINED.items()]
    return "\n\n".join(statements) + "\n"


def build(root: Path, database: Path, script: Path) -> list[str]:
    """Write the script and run it into the database file; the view names, for the caller to report."""
    import duckdb

    sql = views_sql(root)
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(sql, encoding="utf-8")
    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as connection:
        connection.execute(sql)
    return [*DATASETS, *JOINED]


def missing_datasets(root: Path) -> list[str]:
    """Datasets with no folder under `root`: a view over them could not be created."""
    return [name for name in DATASETS if not (root / name).is_dir()]
