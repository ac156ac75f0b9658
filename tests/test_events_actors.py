"""Name finding: a run of capitalised words reads the same wherever it is written (its reading is cached)."""
from stages.extract.events_actors import _reading, find_entities
from stages.extract.gazetteer import fold, tokenize


def entities(sentence: str):
    words, starts = tokenize(sentence)
    return [(e.name, e.country, e.kind) for e in find_entities(sentence, starts, words, list(map(fold, words)))]


def test_a_cached_reading_takes_its_name_from_the_sentence_it_is_in():
    _reading.cache_clear()
    first = entities("On Monday Prime Minister Keir Starmer met Chinese President Xi Jinping in Pyogyang.")
    again = entities("Later,  Prime   Minister Keir  Starmer met Chinese President Xi Jinping in Pyogyang.")
    assert _reading.cache_info().hits >= 3
    assert first == [("Keir Starmer", None, "person"), ("Xi Jinping", "CHN", "person"), ("Pyongyang", "PRK", "capital")]
    assert again == [("Keir  Starmer", None, "person")] + first[1:]  # the name as written there
