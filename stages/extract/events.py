"""Event mentions in one sentence, by rule: trigger lexicon, sentence shape, gazetteer.

A trigger from `lexicons/events.json` ("held talks", "sanctions", "restricted")
types the event. Its actors are the nearest name before it (the subject, or the
name a pronoun points back to) and the names after it up to the end of the
clause; places after "in"/"at" are its location. Words around the trigger set
its modality. Without enough named actors a trigger does not fire: that keeps
page furniture and vague prose out of the dataset.
"""
from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from stages.extract.events_actors import ORG_WORDS, PRONOUNS, TITLES, Entity, find_entities
from stages.extract.events_context import in_context
from stages.extract.gazetteer import country_code, fold, tokenize, tokens
from stages.lexicons import load
from stages.model import EventMention, Figure

_DATA: Final = load("events")

SUBJECT_WINDOW: Final = 12  # tokens back from the trigger in which its subject is looked for
OBJECT_GAP: Final = 8  # words without a name after which the trigger's object list has ended
LOCATION_WINDOW: Final = 12
DATE_WINDOW: Final = 80  # characters between a trigger and the date it takes
MODAL_WINDOW: Final = 5
ALL_CAPS_SHARE: Final = 0.8
SHOUT_MIN_LETTERS: Final = 10
_UPPER, _LETTERS = string.ascii_uppercase.encode(), string.ascii_letters.encode()  # str.isupper, str.isalpha on ASCII
_LOWER: Final = string.ascii_lowercase.encode()
OBJECT_STOPS: Final = frozenset({"said", "says", "where", "which", "who", "while", "but", "although", "whereas", ";", ".", "?", "!",
                          '"', "“", "”"})
FRONTING: Final = frozenset({"during", "following", "after", "before", "upon", "amid", "ahead", "despite", "at", "since"})
SPEAKERS: Final = frozenset({"i", "we", "you", "us"})  # quoted first/second person: the subject is not a name in the sentence
VISIT_GAP: Final = frozenset({"the", "to", "a", "an"})
OBJECT_PREPOSITIONS: Final = frozenset({"to", "with", "from", "for", "by", "on", "against", "into"})
DETERMINERS: Final = frozenset({"a", "an", "the", "this", "these", "those", "its", "their", "his", "her", "our", "my", "your", "'s"})
_THAT: Final = re.compile(r"\bthat\b", re.IGNORECASE)
_DETERMINER_BEFORE: Final = re.compile(r"\b(?:the|its|their|his|her|a|this)\s+$", re.IGNORECASE)
OF: Final = frozenset({"of"})  # a name after it only qualifies a noun
CLAUSE_BREAKS: Final = frozenset({";", "—", "–", "--"})
NOT_NOUNS: Final = frozenset({"by", "in", "on", "at", "to", "with", "for", "from", "of", "and", "or", "but", "as", "last", "earlier", "this",
                       "that", "which", "under", "after", "before", "over", "since", "so", "yet", "is", "are", "was", "were"})
PENALTY: Final = {"asserted": 0.0, "reported": 0.05, "future": 0.1, "hypothetical": 0.25, "negated": 0.35}


@dataclass(frozen=True)
class Trigger:
    event_type: str
    plover_type: str | None
    min_actors: int
    weak: bool
    visit: bool  # the object is where the event happened ("visited the Kazan Kremlin")
    verb: bool = False  # a present or -ing verb form only: after a determiner it is no verb ("the starting line-up")
    noun: bool = False  # a noun entry: its governing verb may make it a state ("holds a stake") or an easing ("lift the ban")


def _verb_forms(entry: str) -> tuple[set[str], set[str]]:
    """'lemma[/past[/participle]] rest' -> every inflection of the lemma with the rest kept: (present and -ing forms,
    past forms). Only the first are no verb after a determiner: "a frozen account" still names a freeze."""
    head, _, rest = entry.partition(" ")
    parts = head.split("/")
    lemma = parts[0]
    past = parts[1] if len(parts) > 1 else _regular_past(lemma)
    participle = parts[2] if len(parts) > 2 else past
    third = lemma + "es" if lemma.endswith(("s", "x", "ch", "sh", "o")) else (
        lemma[:-1] + "ies" if lemma.endswith("y") and lemma[-2:-1] not in "aeiou" else lemma + "s")
    if past.endswith("ed") and len(past) > 3 and past[-3] == past[-4] and past[-3] not in "aeiou":
        ing = past[:-2] + "ing"  # "banned" -> "banning"
    elif lemma.endswith("e") and not lemma.endswith("ee"):
        ing = lemma[:-1] + "ing"
    else:
        ing = lemma + "ing"
    suffix = f" {rest}" if rest else ""
    bare = {form + suffix for form in (lemma, third, ing)}
    return bare, {form + suffix for form in (past, participle)} - bare


def _regular_past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _noun_forms(noun: str) -> set[str]:
    return {noun} if noun.endswith("s") else {noun, noun + ("es" if noun.endswith(("x", "ch", "sh")) else "s")}


def _build_trie() -> dict[str, list[tuple[tuple[str, ...], Trigger | None]]]:
    """First word -> (phrase, trigger) candidates, longest first; a None trigger blocks the phrase."""
    phrases: dict[tuple[str, ...], Trigger | None] = {}
    nominal: set[tuple[str, ...]] = set()  # phrases that may follow a determiner
    nouns: set[tuple[str, ...]] = set()  # phrases listed as nouns

    def add(text: str, trigger: Trigger | None, noun: bool = False) -> None:  # noun: may follow a determiner
        phrase = tuple(fold(m.group()) for m in tokens(text))
        if noun:
            nominal.add(phrase)
        old = phrases.get(phrase, ...)
        if old is ... or (old is not None and trigger is not None and old.weak and not trigger.weak):
            phrases[phrase] = trigger

    for blocked in _DATA["blocked"]:
        add(blocked, None)
    for etype, spec in _DATA["types"].items():
        for weak in (False, True):
            prefix = "weak_" if weak else ""
            for entry in spec.get(prefix + "verbs", []):
                visit = etype == "MEET" and entry.startswith("visit")
                trigger = Trigger(etype, spec["plover"], spec["min_actors"], weak, visit)
                bare, past = _verb_forms(entry)
                for form in bare:
                    add(form, trigger)
                for form in past:
                    add(form, trigger, noun=True)
            for entry in spec.get(prefix + "nouns", []):
                for form in _noun_forms(entry):
                    nouns.add(tuple(fold(m.group()) for m in tokens(form)))
                    add(form, Trigger(etype, spec["plover"], spec["min_actors"], weak, False), noun=True)
    trie: dict[str, list[tuple[tuple[str, ...], Trigger | None]]] = {}
    for phrase, kept in phrases.items():
        if kept is not None and phrase not in nominal:
            kept = replace(kept, verb=True)
        elif kept is not None and phrase in nouns:
            kept = replace(kept, noun=True)
        trie.setdefault(phrase[0], []).append((phrase, kept))
    for candidates in trie.values():
        candidates.sort(key=lambda c: -len(c[0]))
    return trie


@dataclass(frozen=True)
class _Phrases:
    """Folded phrases of one to three tokens, with their first words: a sentence is probed only where one may start."""
    phrases: frozenset[tuple[str, ...]]
    firsts: frozenset[str]

    @classmethod
    def of(cls, phrases: set[tuple[str, ...]]) -> "_Phrases":
        return cls(frozenset(phrases), frozenset(p[0] for p in phrases))

    def found_in(self, words: list[str]) -> bool:
        if self.firsts.isdisjoint(words):
            return False  # the common case, in one C call
        return any(tuple(words[i:i + n]) in self.phrases for i, w in enumerate(words) if w in self.firsts for n in (1, 2, 3))


def _modal_sets() -> dict[str, _Phrases]:
    return {m: _Phrases.of({tuple(fold(t.group()) for t in tokens(p)) for p in ps}) for m, ps in _DATA["modality"].items()}


TRIE: Final = _build_trie()


# ASCII text in one byte table: word characters lower-cased, every other byte a space. Split, it gives the text's runs
# of word characters, and a token of a trigger phrase ("talks", "cease-fire") is one or more such runs in a row
_RUNS_TABLE: Final = bytes(c | 0x20 if chr(c).isalpha() else c if chr(c).isalnum() or chr(c) == "_" else ord(" ")
                           for c in range(128)) + bytes(range(128, 256))


def _trigger_runs() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First run of a trigger phrase -> the runs of every trigger phrase opening with it (blocked phrases left out)."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for candidates in TRIE.values():
        for phrase, trigger in candidates:
            if trigger is None:
                continue
            runs = tuple(run for word in phrase for run in word.split("-"))
            found.setdefault(runs[0], set()).add(runs)
    return {run: tuple(sorted(phrases)) for run, phrases in found.items()}


TRIGGER_RUNS: Final = _trigger_runs()
TRIGGER_FIRST_RUNS: Final = frozenset(TRIGGER_RUNS)
# First runs that are a whole trigger phrase alone: a sentence holding one needs no look at the next runs
TRIGGER_ONE_RUN: Final = frozenset(run for run, phrases in TRIGGER_RUNS.items() if (run,) in phrases)
MODAL: Final = _modal_sets()
AFTER_MODAL: Final = frozenset(_DATA["after_trigger_modality"])
FRONTED_SUBJECT_TYPES: Final = frozenset(_DATA["fronted_subject_types"])
SUBJECT_BARRIERS: Final = frozenset(_DATA["rules"]["subject_barriers"])
FUTURE_AFTER: Final = _Phrases.of({tuple(p.split()) for p in _DATA["rules"]["future_after"]})
BE_FORMS: Final = frozenset(_DATA["rules"]["be_forms"])
FUTURE_REACH: Final = 12  # tokens after a noun trigger in which "is expected"/"next week" make it future


@dataclass
class _Sentence:
    text: str
    starts: list[int]  # each token's offset in text
    words: list[str]
    folded: list[str]
    entities: list[Entity]
    entity_at: dict[int, Entity]  # token index -> entity covering it
    breaks: list[int]  # token indices of the semicolons and spaced dashes that end a clause


def extract_events(sentence: str, dates: Sequence[Figure], fallback_actors: Sequence[str] = ()) -> list[EventMention]:
    """Event mentions in one sentence. `dates` are the sentence's date figures (kind == "date", offsets into `sentence`,
    date_start/granularity already resolved or None), from the figure extractor; use the one nearest the trigger
    (or governing it) as event_date / date_granularity. Offsets of the mention index `sentence`: the trigger span.
    `fallback_actors` are the article's main actors so far: a strong, dated trigger in a sentence that names no one
    ("A new round of talks is scheduled for March") takes them, as a reader would."""
    ascii = sentence.isascii()
    if ascii and not _may_trigger_ascii(sentence):
        return []  # no trigger phrase written: not even worth tokenizing (fold is lower on ASCII; others may fold to one)
    words, starts = tokenize(sentence)
    folded = [w.lower() for w in words] if ascii else [fold(w) for w in words]  # str.lower is fold on ASCII
    matches = _matches(folded)
    if all(trigger is None for _, _, trigger in matches) or _shouted(sentence):
        return []  # most sentences hold no trigger phrase: skip finding their names, the costly part
    s = _parse(sentence, words, starts, folded)
    mentions = []
    for start, end, trigger in _triggers(s, matches):
        mention = _mention(s, start, end, trigger, dates, fallback_actors)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _fallback(names: Sequence[str]) -> list[Entity]:
    """The article's actors as entities outside the sentence (no token span), with their gazetteer country."""
    return [Entity(-1, -1, name, country_code(name), "name") for name in names]


def _shouted(text: str) -> bool:
    """ALL-CAPS lines (wire headlines) have no capitalisation to find names by."""
    data = text.encode()  # count by deleting bytes, not a call per character
    if len(data) - len(data.translate(None, _LOWER)) >= (1 - ALL_CAPS_SHARE) * len(text):
        return False  # lower-case ASCII letters leave capitals too small a share of the letters: most lines, one count
    ascii_bytes = data if text.isascii() else None
    upper = len(text) - len(ascii_bytes.translate(None, _UPPER)) if ascii_bytes else sum(map(str.isupper, text))
    if upper <= ALL_CAPS_SHARE * SHOUT_MIN_LETTERS:
        return False  # too few capitals for any share of SHOUT_MIN_LETTERS letters or more: skip counting letters
    letters = len(text) - len(ascii_bytes.translate(None, _LETTERS)) if ascii_bytes else sum(map(str.isalpha, text))
    return letters >= SHOUT_MIN_LETTERS and upper / letters > ALL_CAPS_SHARE


def _matches(folded: list[str]) -> list[tuple[int, int, Trigger | None]]:
    """Each token's longest lexicon match (a None trigger: a blocked phrase), names and overlapping matches aside; after
    a determiner only noun phrases match ("the starting line-up" is none, "a meeting with" is the noun "meeting").
    Found once, before the costly names: a sentence without a trigger among them has no event."""
    found: list[tuple[int, int, Trigger | None]] = []
    for i, word in enumerate(folded):
        candidates = TRIE.get(word)
        if candidates is None:
            continue
        nominal = i > 0 and folded[i - 1] in DETERMINERS
        for phrase, trigger in candidates:
            # the first word is the trie's key: a one-word phrase matches without a slice
            if (len(phrase) == 1 or tuple(folded[i:i + len(phrase)]) == phrase) and not (
                    nominal and trigger is not None and trigger.verb):
                found.append((i, i + len(phrase), trigger))
                break
    return found


def _may_trigger_ascii(text: str) -> bool:
    """Whether an ASCII text holds a trigger phrase's runs of word characters in a row, as it must where `_matches`
    finds the phrase (its tokens are apart by whitespace alone). Most texts hold no phrase's first run: one set probe
    of the split text, cheaper than sre trying a trie of the lexicon at every space."""
    runs = text.encode().translate(_RUNS_TABLE).decode().split()
    if TRIGGER_FIRST_RUNS.isdisjoint(runs):
        return False
    if not TRIGGER_ONE_RUN.isdisjoint(runs):
        return True
    for i, run in enumerate(runs):
        for phrase in TRIGGER_RUNS.get(run, ()):
            if tuple(runs[i:i + len(phrase)]) == phrase:
                return True
    return False


def _parse(text: str, words: list[str], starts: list[int], folded: list[str]) -> _Sentence:
    entities = find_entities(text, starts, words, folded)
    entity_at = {k: e for e in entities for k in range(e.start, e.end)}
    # A substring test of the text per break is cheaper than hashing every token, and rarely passes
    breaks = [] if not any(b in text for b in CLAUSE_BREAKS) else [
        k for k, w in enumerate(words) if w in CLAUSE_BREAKS and _breaks(text, w, starts[k])]
    return _Sentence(text, starts, words, folded, entities, entity_at, breaks)


def _triggers(s: _Sentence, matches: list[tuple[int, int, Trigger | None]]) -> list[tuple[int, int, Trigger]]:
    """The `_matches` taken left to right, longest first, outside names ("Trade Deal" in a title is no deal). A blocked
    phrase blocks from inside a name as well: "Federal funds" starts with the name "Federal"."""
    found = []
    matched_to = 0  # tokens before this are inside the last match
    for i, end, trigger in matches:
        if i < matched_to or i in s.entity_at and trigger is not None:
            continue
        if trigger is not None:
            found.append((i, end, trigger))
        matched_to = end
    return found


def _mention(s: _Sentence, start: int, end: int, trigger: Trigger, dates: Sequence[Figure],
             fallback: Sequence[str]) -> EventMention | None:
    left, right = _clause(s, start, end)
    actors = _actors(s, start, end, left, right, trigger)
    if trigger.visit:
        actors = [a for a in actors if not (a.is_place and all(w in VISIT_GAP for w in s.folded[end:a.start]))]
    if len(actors) < trigger.min_actors + trigger.weak and (s.entities or trigger.weak):
        return None  # too few names, and the article's actors cannot stand in: no rule below adds one
    read = in_context(trigger, s.folded, start, end, next((a.name for a in actors if a.start < start), None))
    if read is None or _modifier(s, start, end, read):
        return None
    trigger = read
    event_date, granularity = _date(s, start, end, dates)
    if not s.entities and not trigger.weak and event_date is not None:
        actors = _fallback(fallback)  # a dated event in a sentence naming no one is the article's; undated ones are mostly generic
    if len(actors) < trigger.min_actors + trigger.weak:
        return None
    location = _location(s, start, end, left, right, trigger)
    modality = _modality(s, start, end, left, right, trigger)
    char_start, char_end = s.starts[start], s.starts[end - 1] + len(s.words[end - 1])
    confidence = (0.5 if trigger.weak else 0.75) + 0.1 * (len(actors) >= 2) + 0.05 * (location is not None) - PENALTY[modality]
    # every field by position (the layout is checked at the end of the module): tuple.__new__ spares the named tuple's
    # Python-level __new__, a frame per call even from compiled code
    return tuple.__new__(EventMention, (
        char_start, char_end, s.text[char_start:char_end], trigger.event_type, trigger.plover_type,
        tuple(dict.fromkeys(a.name for a in actors)), tuple(dict.fromkeys(a.country for a in actors if a.country)),
        location.name if location else None, location.country if location else None, event_date, granularity, modality,
        round(min(1.0, max(0.0, confidence)), 3)))


def _modifier(s: _Sentence, start: int, end: int, trigger: Trigger) -> bool:
    """A trigger word qualifying the next noun names no event: "finance minister", "the agreed cuts", "the estimated
    shortage", "a frozen account", "an estimated 20,000" (a participle between a determiner and its noun only presupposes
    an earlier act)."""
    nxt = s.words[end] if end < len(s.words) else ""
    participle = not trigger.verb and not trigger.noun and end - start == 1
    if participle and nxt[:1].isdigit():
        return start > 0 and s.folded[start - 1] in DETERMINERS  # "an estimated 20,000 people"
    if not nxt[:1].isalpha() or nxt[:1].isupper():
        return False
    if (fold(nxt),) in TITLES or fold(nxt) in ORG_WORDS:
        return True
    return participle and start > 0 and s.folded[start - 1] in DETERMINERS and fold(nxt) not in NOT_NOUNS


def _clause(s: _Sentence, start: int, end: int) -> tuple[int, int]:
    """Token bounds of the trigger's clause: semicolons and spaced dashes split a sentence into statements
    ("Mali–Tatarstan" is one name pair, "growth — and jobs" two statements)."""
    if not s.breaks:
        return 0, len(s.words)
    left = max((k + 1 for k in s.breaks if k < start), default=0)
    right = min((k for k in s.breaks if k >= end), default=len(s.words))
    return left, right


def _breaks(text: str, word: str, start: int) -> bool:
    """Whether a clause-break token (`word` at offset `start`) ends a clause: a semicolon always, a dash when spaced."""
    end = start + len(word)
    return word == ";" or text[start - 1:start].isspace() or text[end:end + 1].isspace()


def _actors(s: _Sentence, start: int, end: int, left: int, right: int, trigger: Trigger) -> list[Entity]:
    fronted = s.folded[left:left + 1] and s.folded[left] in FRONTING and "," in s.words[end:right]
    if fronted:
        right = s.words.index(",", end)  # "Since the attacks in the US, BA has cut": the main clause is not the object
    subject = _subject(s, start, left)
    if not subject and fronted and trigger.event_type in FRONTED_SUBJECT_TYPES:
        subject = _first_actor_at(s, right + 1)  # "During his visit to Kazan, Goïta ...": Goïta visited
    return subject + _objects(s, end, right)


def _subject(s: _Sentence, start: int, left: int) -> list[Entity]:
    """Nearest acting name before the trigger (with names coordinated to it), or what a pronoun there points to.
    A name after "of" only qualifies a noun ("90% of REE supply"); a name after "to"/"with" is the object of an
    earlier verb ("sent a telex to OPEC ... calling for"), so the name before it is taken as well."""
    found: list[Entity] = []
    k = start - 1
    # Before the first name the scan finds nothing and a pronoun has no antecedent: it stops there
    lowest = max(left, start - SUBJECT_WINDOW, s.entities[0].start if s.entities else start)
    while k >= lowest:
        e = s.entity_at.get(k)
        if e is not None and e.can_act and not _after(s, e, OF):
            found = _coordinated(s, e) + found
            if not _after(s, e, OBJECT_PREPOSITIONS):
                return found
            k = e.start - 1
            continue
        if s.folded[k] in PRONOUNS and k >= start - 4 and not found:
            return _antecedent(s, k, person=s.folded[k] in ("he", "she", "his", "her"))
        if s.folded[k] in SPEAKERS or s.folded[k] in SUBJECT_BARRIERS and not found:
            break  # "prices rose after a watchdog raised its forecasts": the subject is after the subordinator, unnamed
        k -= 1
    return found


def _after(s: _Sentence, e: Entity, words: set[str] | frozenset[str]) -> bool:
    k = e.start - 1
    while k >= 0 and s.folded[k] == "the":
        k -= 1
    return k >= 0 and s.folded[k] in words


def _first_actor_at(s: _Sentence, k: int) -> list[Entity]:
    e = s.entity_at.get(k)
    return [e] if e is not None and e.can_act else []


def _coordinated(s: _Sentence, last: Entity) -> list[Entity]:
    """"Mali and Tatarstan seek", "the US, Russia and Ukraine": the names listed with the subject."""
    group = [last]
    k = last.start - 1
    while k > 0 and s.words[k] in (",", "and", "or"):
        e = s.entity_at.get(k - 1)
        if e is None or not e.can_act:
            break
        group.insert(0, e)
        k = e.start - 1
    return group


def _antecedent(s: _Sentence, pronoun: int, person: bool) -> list[Entity]:
    for e in reversed([e for e in s.entities if e.end <= pronoun and e.can_act and not _after(s, e, OF)]):
        if not person or e.kind in ("person", "name"):
            return [e]
    return []


def _objects(s: _Sentence, end: int, right: int) -> list[Entity]:
    """Acting names after the trigger until the clause or the list of names ends."""
    found: list[Entity] = []
    gap = 0
    k = end
    right = min(right, s.entities[-1].end if s.entities else end)  # after the last name the scan finds nothing
    while k < right and gap <= OBJECT_GAP and s.folded[k] not in OBJECT_STOPS:
        e = s.entity_at.get(k)
        if e is None:
            gap += s.words[k][:1].isalnum()
            k += 1
            continue
        if e.can_act:
            found.append(e)
        gap = 0
        k = e.end
    return found


def _location(s: _Sentence, start: int, end: int, left: int, right: int, trigger: Trigger) -> Entity | None:
    """The place after "in"/"at" nearest the trigger (after it first), or the place a visit is to."""
    places = [e for e in s.entities if e.is_place and left <= e.start < right]
    if trigger.visit:
        visited = [e for e in places if e.start >= end and all(w in VISIT_GAP for w in s.folded[end:e.start])]
        if visited:
            return visited[0]
    after = [e for e in places if e.locative and end <= e.start <= end + LOCATION_WINDOW]
    before = [e for e in places if e.locative and start - LOCATION_WINDOW <= e.start < start]
    return after[0] if after else (before[-1] if before else None)


def _modality(s: _Sentence, start: int, end: int, left: int, right: int, trigger: Trigger) -> str:
    """Negation, then hedges, then futures before the trigger ("did not sign", "could meet", "will visit",
    or "talks are scheduled"), else reported when the sentence attributes it ("said", "according to")."""
    before = s.folded[max(left, start - MODAL_WINDOW):start]
    after = s.folded[end:min(right, end + 3)]
    for modality in ("negated", "hypothetical", "future"):
        if MODAL[modality].found_in(before) or modality == "negated" and any(w.endswith("n't") for w in before):
            return modality
    if _inverted_condition(s, before, start):
        return "hypothetical"
    if not AFTER_MODAL.isdisjoint(after) or _future_after(s.folded[end:min(right, end + FUTURE_REACH)], trigger):
        return "future"
    if MODAL["reported"].found_in(s.folded[:start] + s.folded[end:]):
        return "reported"
    return "asserted"


def _inverted_condition(s: _Sentence, before: list[str], start: int) -> bool:
    """"were Japan to halve": a condition written by inversion, without "if"."""
    if "were" not in before:
        return False  # the common case, in one C call
    k = start - len(before)
    return any(w == "were" and k + i + 1 < start and s.words[k + i + 1][:1].isupper() and "to" in before[i + 2:]
               for i, w in enumerate(before))


def _future_after(after: list[str], trigger: Trigger) -> bool:
    """"a meeting of the G7 next week", "the acquisition ... has been expected": time words or a scheduling predicate
    after a noun trigger make it a future event."""
    if FUTURE_AFTER.found_in(after):
        return True
    return trigger.noun and not AFTER_MODAL.isdisjoint(after) and any(
        w in AFTER_MODAL and after[i - 1] in BE_FORMS for i, w in enumerate(after) if i)


def _date(s: _Sentence, start: int, end: int, dates: Sequence[Figure]) -> tuple[date | None, str | None]:
    """The resolved date figure nearest the trigger, within DATE_WINDOW characters and the same clause."""
    lo, hi = s.starts[start], s.starts[end - 1] + len(s.words[end - 1])
    best: tuple[int, Figure] | None = None
    for f in dates:
        if f.kind != "date" or f.date_start is None:
            continue
        gap = max(f.char_start - hi, lo - f.char_end, 0)
        between = s.text[min(hi, f.char_start):max(lo, f.char_end)] if gap else ""
        if _foreign_date(s.text, f, between, f.char_start >= hi):
            continue
        if gap <= DATE_WINDOW and ";" not in between and (best is None or gap < best[0]):
            best = (gap, f)
    return (best[1].date_start, best[1].granularity) if best else (None, None)


def _foreign_date(text: str, f: Figure, between: str, after: bool) -> bool:
    """A date that belongs to another phrase: in the clause a reporting trigger introduces ("announced that the
    deficit reached a record in March"), or a year qualifying another noun ("the 2000 Olympic medallist")."""
    if after and _THAT.search(between):
        return True
    attributive = f.granularity == "year" and _DETERMINER_BEFORE.search(text[:f.char_start]) is not None
    return attributive and len(between.split()) > 1


if EventMention._fields != ("char_start", "char_end", "trigger", "event_type", "plover_type", "actors", "actor_countries",
                            "location", "location_country", "event_date", "date_granularity", "modality", "confidence"):
    raise TypeError("stages.model.EventMention's fields moved: update the positions _mention builds a mention by")
