"""Named actors and places in one sentence, found from capitalisation and the gazetteer.

No tagger is available, so a name is a run of capitalised tokens (with "of",
"for", "and" inside organisation names); the gazetteer says which runs are
countries, demonyms, capitals or cities, `lexicons/actors.json` which words are
titles ("President" is dropped from "President Assimi Goïta") and which words
make a run an organisation. A country written before a name ("Mali's President
Assimi Goïta", "Russian envoy Kirill Dmitriev") gives that name its country.
"""
from __future__ import annotations

import string
from functools import lru_cache
from typing import Final, NamedTuple

from stages.extract.gazetteer import GAZETTEER, Place, fold, key, tokens
from stages.lexicons import load

_DATA: Final = load("actors")


def _phrase_keys(phrases: list[str]) -> set[tuple[str, ...]]:
    return {tuple(fold(m.group()) for m in tokens(p)) for p in phrases}


TITLES: Final = _phrase_keys(_DATA["titles"])
MAX_TITLE: Final = max(len(t) for t in TITLES)
STOP: Final = frozenset(_DATA["stop_capitalised"])
COMMON_SUFFIXES: Final = tuple(_DATA["common_suffixes"])
ORG_WORDS: Final = frozenset(_DATA["org_words"])
PRONOUNS: Final = frozenset(_DATA["pronouns"])
ORGANISATIONS: Final = {key([m.group() for m in tokens(name)]): code for name, code in _DATA["organisations"].items()}
CONNECTORS: Final = frozenset({"of", "for", "and", "de", "the", "al", "bin", "von", "van", "der", "la", "du", "da", "del"})
LOCATIVE: Final = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "toward", "towards"})
COMPASS: Final = frozenset(_DATA["compass"])
PLACE_WORDS: Final = frozenset(_DATA["place_words"])
PLACE_KINDS: Final = frozenset({"country", "capital", "city", "region", "place"})
UPPER: Final = frozenset(string.ascii_uppercase)
HEADLINE_MIN_WORDS: Final = 5
HEADLINE_SMALL_WORDS: Final = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from", "as", "vs"})


class Entity(NamedTuple):
    """A name in a sentence. A named tuple: a frozen dataclass's __init__ (a setattr per field) cost more than
    reading the name, for every name of every sentence holding a trigger."""

    start: int  # token index of the first token
    end: int  # token index after the last token
    name: str  # as written, titles removed
    country: str | None  # ISO 3166 alpha-3
    kind: str  # person | org | name | title | country | demonym | seat | capital | region | city | place
    locative: bool = False  # written after "in", "at", "near": the place of an event, not a party to it
    owned: bool = False  # only qualifies the next name ("Mali's" in "Mali's President Goïta")

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS

    @property
    def can_act(self) -> bool:
        """Whether the entity may be a party to an event: not a title, a plain city or a mere place of it."""
        if self.owned or self.kind in ("title", "city", "place"):
            return False
        return not (self.locative and self.is_place)


def capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_headline(words: list[str], caps: list[bool]) -> bool:
    """Title Case lines capitalise every word but the small ones, so capitals stop meaning names there. `caps` tells
    which words are capitalised."""
    letters = 0
    for w, cap in zip(words, caps):
        if w[:1].isalpha():
            if not cap and w not in HEADLINE_SMALL_WORDS:
                return False
            letters += 1
    return letters >= HEADLINE_MIN_WORDS


def find_entities(text: str, starts: list[int], words: list[str], folded: list[str]) -> list[Entity]:
    """Entities in token order; `words` are the sentence's tokens, `starts` their offsets and `folded` them folded."""
    # capitalised() of each (non-empty) token; on ASCII a set probe, cheaper than a call of str.isupper
    caps = [w[0] in UPPER for w in words] if text.isascii() else [w[0].isupper() for w in words]
    headline = is_headline(words, caps)
    first_word = next((i for i, w in enumerate(words) if w[:1].isalnum()), 0)
    found: list[Entity] = []
    run_to = 0  # tokens before this are inside the last run
    for i, cap in enumerate(caps):
        if not cap or i < run_to or folded[i] in STOP:
            continue
        j = _run_end(words, folded, caps, i)
        if not (i == first_word and j - i == 1 and _common_word(words[i])):
            for e in _classify(text, starts, words, i, j, _locative(folded, i)):
                if not headline or e.kind not in ("name", "person", "title"):
                    found.append(e)
        run_to = j
    return _link_owners(words, _spread_locative(words, found))


def _locative(folded: list[str], i: int) -> bool:
    """Written where places go: "in Geneva", "at the Kremlin", "northwest of Orikhiv"."""
    before = folded[max(0, i - 2):i]
    if before[-1:] == ["the"]:
        before = folded[max(0, i - 3):i - 1]
    return bool(before) and (before[-1] in LOCATIVE or before[-1] == "of" and before[-2:-1] != [] and before[-2] in COMPASS)


def _preposition(words: list[str], i: int) -> str:
    k = i - 2 if i > 1 and fold(words[i - 1]) == "the" else i - 1
    return fold(words[k]) if k >= 0 else ""


def _closed_lists(words: list[str], found: list[Entity]) -> list[bool]:
    """Whether each entity is an item of a list that "and"/"or" closes: "near A, B and C" lists B, but
    "in Moscow, Goïta traveled" does not list Goïta."""
    closed = [False] * len(found)
    for k in range(len(found) - 2, -1, -1):
        gap = words[found[k].end:found[k + 1].start]
        ends = gap in (["and"], ["or"], [",", "and"], [",", "or"])
        closed[k + 1] = closed[k + 1] or ends
        closed[k] = ends or gap == [","] and closed[k + 1]
    return closed


def _spread_locative(words: list[str], found: list[Entity]) -> list[Entity]:
    """"held in Geneva, Abu Dhabi and Miami": every place of the list is where, not who. A plain name written where
    places go ("near Mahdalynivka, Lukyanivske and Zapasne") is a place the gazetteer does not know."""
    if not any(e.locative for e in found):
        return found  # no name written where places go: none to spread, none to make a place
    out = list(found)
    closed = _closed_lists(words, out)
    for k in range(len(out)):
        e = out[k]
        listed = k > 0 and out[k - 1].locative and all(w in (",", "and", "or") for w in words[out[k - 1].end:e.start])
        if listed and (e.is_place or e.kind == "name" and closed[k]):
            e = out[k] = _changed(e, e.country, e.kind, True, e.owned)
        if e.locative and e.kind == "name" and (listed or _preposition(words, e.start) != "at"):
            out[k] = _changed(e, e.country, "place", e.locative, e.owned)  # "at Ford" is more often a company than a place
    return out


def _changed(e: Entity, country: str | None, kind: str, locative: bool, owned: bool) -> Entity:
    """`e` with its other fields given: by tuple.__new__ (every field by position), where `_replace` goes through `_make`
    and a dict, Python frames even from compiled code."""
    return tuple.__new__(Entity, (e.start, e.end, e.name, country, kind, locative, owned))


def _run_end(words: list[str], folded: list[str], caps: list[bool], i: int) -> int:
    """End of the capitalised run starting at i; "and" joins only inside "X of/for Y and Z" names."""
    j = i + 1
    while j < len(words):
        w = words[j]
        if caps[j] and folded[j] not in STOP:
            j += 1
        elif w in CONNECTORS and (w != "and" or any(words[k] in ("of", "for") for k in range(i, j))):
            nxt = j + 2 if words[j + 1:j + 2] == ["the"] else j + 1  # "Rais of the Republic"
            if nxt >= len(words) or not caps[nxt] or folded[nxt] in STOP:
                break
            j = nxt
        else:
            break
    while j - 1 > i and words[j - 1] in CONNECTORS:
        j -= 1
    return j


def _common_word(word: str) -> bool:
    """A sentence's first word is capitalised anyway: drop it when it looks like an ordinary word."""
    w = fold(word)
    return GAZETTEER.lookup([word]) is None and w not in ORGANISATIONS and w.endswith(COMMON_SUFFIXES)


def _prefix(folded: list[str]) -> tuple[int, Place | None, str | None]:
    """Longest leading run of the folded words that is a known place or organisation: (length, place, organisation country)."""
    for length in range(min(len(folded), GAZETTEER.max_words), 0, -1):
        k = " ".join(folded[:length])
        place = GAZETTEER.entries.get(k)
        if place is not None:
            return length, place, None
        if k in ORGANISATIONS:
            return length, None, ORGANISATIONS[k] or ""
    return 0, None, None


def _title_length(folded: list[str]) -> int:
    """Length of the leading title ("Prime Minister") of the folded words, 0 if none."""
    words = tuple(folded)
    for length in range(min(len(words), MAX_TITLE), 0, -1):
        if words[:length] in TITLES:
            return length
    return 0


def _classify(text: str, starts: list[int], words: list[str], i: int, j: int, locative: bool) -> list[Entity]:
    """The entities the capitalised run of tokens [i, j) makes: how the run reads is cached by its words, joined by
    spaces (no token holds one): lru_cache keys a lone str argument by itself, a tuple of fresh strings it hashes whole."""
    end = starts[j - 1] + len(words[j - 1])
    # tuple.__new__, every field by position (checked at the end of the module): the named tuple's own __new__ is a
    # Python frame per call, even from compiled code
    return [tuple.__new__(Entity, (i, j, text[starts[i + at]:end] if name is None else name, country, kind, locative,
                                   False)) for at, name, country, kind in _reading(" ".join(words[i:j]))]


# How a run reads: (token its name starts at, or a name the gazetteer spells, country, kind) for each entity it makes
_Reading = tuple[tuple[int, str | None, str | None, str], ...]


@lru_cache(maxsize=1 << 16)
def _reading(run: str) -> _Reading:
    """How a capitalised run (its tokens joined by spaces) reads, wherever it is written: the same names recur in every
    article."""
    seg = run.split(" ")
    fseg = [fold(w) for w in seg]
    n, place, org_country = _prefix(fseg)
    if n == 0 and len(seg) == 1 and "-" in seg[0]:
        return _hyphenated(seg[0])
    if n == len(seg):
        if place is not None:
            return ((0, None, place.country, place.kind),)
        return ((0, None, org_country or None, "org"),)
    country = place.country if place is not None else (org_country or None)
    if place is not None and place.kind in ("city", "capital"):
        return ((0, None, country, "place"),)  # "Kazan Kremlin"
    t = _title_length(fseg[n:])
    if t:
        if n + t == len(seg) or seg[n + t] in CONNECTORS:
            return ((0, None, country, "title"),)
        return ((n + t, None, country, "person"),)
    if n == 0 and len(seg) == 1:
        misspelt = GAZETTEER.fuzzy(seg[0])
        if misspelt is not None:
            return ((0, misspelt.name, misspelt.country, misspelt.kind),)
    if fseg[-1] in PLACE_WORDS or fseg[0] in PLACE_WORDS:
        return ((0, None, country, "place"),)  # "River Tyne", "Downing Street"
    kind = "org" if n or any(w in ORG_WORDS for w in fseg) else "name"
    return ((0, None, country, kind),)


def _hyphenated(word: str) -> _Reading:
    """"Wonsan-Kalma" is a place in Wonsan; "Kazan-produced" only says where something is from."""
    head, _, tail = word.partition("-")
    place = GAZETTEER.lookup([head])
    if place is None:
        return ((0, None, None, "name"),)
    if tail[:1].isupper():
        return ((0, None, place.country, "place"),)
    return ()


def _link_owners(words: list[str], found: list[Entity]) -> list[Entity]:
    """Give a name the country written before it, through "'s", a lowercase title or an appositive comma."""
    out = list(found)
    for k in range(len(out) - 1):
        e, nxt = out[k], out[k + 1]
        between = words[e.end:nxt.start]
        possessive = between[:1] in (["'s"], ["’s"]) and len(between) <= 4 and all(not capitalised(w) for w in between[1:])
        if possessive and e.kind in ("person", "name", "org") and _title_length([fold(w) for w in between[1:] if w.isalpha()][-1:]):
            # "Putin's special envoy Kirill Dmitriev": the envoy takes part
            out[k] = _changed(e, e.country, e.kind, e.locative, True)
            continue
        if nxt.kind in ("country", "demonym") or e.country is None or nxt.country is not None:
            continue
        titled = e.kind in ("demonym", "title") and 0 < len(between) <= 3 and (
            between == [","] or _title_length([fold(w) for w in between if w != ","]) > 0)
        if e.kind in ("country", "demonym", "seat", "capital", "title") and (possessive or titled):
            kind = "person" if titled and nxt.kind == "name" else nxt.kind
            out[k + 1] = _changed(nxt, e.country, kind, nxt.locative, nxt.owned)
            out[k] = _changed(e, e.country, e.kind, e.locative, True)
    return out


def actor_keys(name: str) -> set[str]:
    """Forms under which two mentions name the same actor: the full name, its acronym, a person's surname,
    the proper part of "Republic of X"."""
    words = [m.group() for m in tokens(name) if m.group()[:1].isalnum()]
    keys = {key(words)} if words else set()
    caps = [w for w in words if capitalised(w)]
    if len(caps) >= 2:
        keys.add("".join(w[0] for w in caps).casefold())
    if 2 <= len(words) <= 3 and len(caps) == len(words) and fold(words[-1]) not in ORG_WORDS:
        keys.add(fold(words[-1]))
    if len(words) >= 3 and fold(words[0]) in ORG_WORDS and words[1] == "of":
        keys.add(key(words[2:]))  # "Republic of Tatarstan" is "Tatarstan"
    return keys


if Entity._fields != ("start", "end", "name", "country", "kind", "locative", "owned"):
    raise TypeError("Entity's fields moved: update the positions _classify and _changed build an entity by")
