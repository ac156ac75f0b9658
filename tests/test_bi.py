"""`flows bi`: a DuckDB file and a .sql script of views over a real flow output, every view queried."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.__main__ import main
from schemas import DATASETS
from stages import bi
from stages.write import read_dataset

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def output(tmp_path_factory, prefect_server) -> Path:
    from flows.pipeline import news_datasets

    raw = tmp_path_factory.mktemp("raw")
    for name in ("000_827eaa8e26184989.txt", "000_827eaa8e26184989.meta.json", "reuters_sample.jsonl"):
        shutil.copy(ROOT / "data" / "raw" / name, raw / name)
    out = tmp_path_factory.mktemp("out")
    news_datasets(input_dir=str(raw), output_dir=str(out))
    assert main(["bi", "--output", str(out)]) == 0
    return out


@pytest.fixture
def db(output):
    with duckdb.connect(str(output / "newsdata.duckdb"), read_only=True) as connection:
        yield connection


def test_each_dataset_view_has_the_models_columns_and_every_row(db, output):
    for name, model in DATASETS.items():
        assert [row[0] for row in db.sql(f"DESCRIBE {name}").fetchall()] == list(model.to_schema().columns), name
        assert db.sql(f"SELECT count(*) FROM {name}").fetchall()[0][0] == read_dataset(output, name).height, name
    assert db.sql("SELECT count(*) FROM metrics").fetchall()[0][0] > 0


def test_mentions_come_with_their_sentence_and_article(db):
    for view, base in (("metric_mentions", "metrics"), ("event_mentions", "events")):
        total = db.sql(f"SELECT count(*) FROM {base}").fetchall()[0][0]
        rows = db.sql(f"SELECT surface, sentence_text, outlet, published_at FROM {view}").fetchall()
        assert len(rows) == total > 0, view
        assert all(surface in sentence for surface, sentence, _, _ in rows), view
        assert any(outlet for _, _, outlet, _ in rows) and any(published for *_, published in rows), view


def test_article_overview_counts_add_up(db):
    metrics, events, articles = db.sql(
        "SELECT sum(n_metrics), sum(n_events), count(*) FROM article_overview").fetchall()[0]
    assert (metrics, events, articles) == tuple(
        db.sql(f"SELECT count(*) FROM {name}").fetchall()[0][0] for name in ("metrics", "events", "articles"))


def test_the_script_builds_the_same_views(db, output):
    listed = "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1"
    with duckdb.connect() as fresh:
        fresh.execute((output / "views.sql").read_text(encoding="utf-8"))
        views = fresh.sql(listed).fetchall()
    assert views == db.sql(listed).fetchall()
    assert {name for (name,) in views} == {*DATASETS, *bi.JOINED}


def test_a_folder_without_datasets_is_refused(tmp_path, capsys):
    assert main(["bi", "--output", str(tmp_path)]) == 2
    assert "run `python -m flows run" in capsys.readouterr().err
    assert not (tmp_path / "newsdata.duckdb").exists()
