from schemas import DATASETS
from schemas.dictionary import TARGET, render


def test_data_dictionary_is_current():
    assert TARGET.read_text(encoding="utf-8") == render(), "run: .venv/bin/python -m schemas.dictionary --write"


def test_data_dictionary_lists_every_column():
    text = render()
    for model in DATASETS.values():
        for column in model.to_schema().columns:
            assert f"| `{column}` |" in text
