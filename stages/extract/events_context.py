"""Context that unmakes or retypes a trigger: the words around it say it is no event, or another kind of event.

A trigger word alone over-fires on news prose: "holds a 33% stake" is a holding,
not an investment; "an opening win" is a match; "was asked whether" is a
question; "the ability to negotiate" is no talks; "the Times reports" only
credits a story; "workers went on strike" is a protest; "lift the ban" eases a
restriction. The rules read folded tokens and the lexicon's `rules` section,
so they apply to every sentence alike.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from stages.lexicons import load

if TYPE_CHECKING:
    from stages.extract.events import Trigger

_DATA: Final = load("events")
_RULES: Final = _DATA["rules"]
PLOVER: Final = {etype: spec["plover"] for etype, spec in _DATA["types"].items()}

STATIVE_TYPES: Final = frozenset(_RULES["stative"]["types"])
STATIVE: Final = frozenset(_RULES["stative"]["words"])
QUESTIONS: Final = frozenset(_RULES["questions"])
GENERIC_HEADS: Final = frozenset(_RULES["generic_heads"])
MEDIA: Final = frozenset(_RULES["media"])
EASING: Final = frozenset(_RULES["easing"])
DESIRE: Final = frozenset(_RULES["desire_verbs"])
ADJECTIVAL: Final = frozenset(_RULES["needs_auxiliary"]["triggers"])
AUXILIARIES: Final = frozenset(_RULES["needs_auxiliary"]["auxiliaries"])
DESIRE_REACH: Final = 4  # tokens before "to" in which the wishing or requesting verb is looked for: "urged the men to"
MODIFIERS: Final = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "new", "further", "all", "any", "some", "these", "those",
                       "'s", "’s", "special", "total", "full", "partial", "temporary", "import", "export", "trade", "%", "pct"})
NOUN_REACH: Final = 4  # tokens before a noun trigger in which its governing verb or standing-state word is looked for
QUESTION_REACH: Final = 2  # "asked whether", "asked him whether"
SUBJECT_REACH: Final = 3  # "a shortage it has estimated at", "which it had earlier estimated at"


@dataclass(frozen=True)
class _Context:
    types: frozenset[str]
    triggers: frozenset[str]  # empty: every trigger of the types
    words: frozenset[str]
    min: int
    to: str | None
    reach: int | None  # tokens after the trigger the words are looked for in; None: the whole sentence
    before: bool  # the reach is counted back from the trigger instead ("was reported")
    unless: frozenset[str]  # words that, among the SUBJECT_REACH tokens before the trigger, keep it ("it estimated at")


CONTEXTS: Final = tuple(_Context(frozenset(c["types"]), frozenset(c.get("triggers", ())),
                                 frozenset(_RULES["word_sets"][c["words"]] if isinstance(c["words"], str) else c["words"]),
                                 c["min"], c["to"], c.get("reach"), c.get("before", False),
                                 frozenset(c.get("unless", ())))
                        for c in _RULES["contexts"])


def in_context(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """`trigger` as the sentence's context reads it: itself, retyped (`replace`d event_type), or None for no event.
    `folded` are the sentence's folded tokens, [start, end) the trigger, `subject` the name acting before it."""
    for rule in (_context, _adjectival, _stative, _question, _generic, _wished, _attribution, _easing):
        read = rule(trigger, folded, start, end, subject)
        if read is None:
            return None
        trigger = read
    return trigger


def _context(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """Vocabulary of the sentence, or of the words right after the trigger: a match report's attack or fixture ("Hewitt
    will meet Clement"), a union's strike, a demand met ("to meet growing domestic demand"), a figure that "was estimated
    at" (unless someone named by a pronoun just before did the estimating), a story that "is reported to" be true."""
    phrase = " ".join(folded[start:end])
    for c in CONTEXTS:
        if trigger.event_type in c.types and (not c.triggers or phrase in c.triggers):
            if c.reach is None:
                rest = folded[:start] + folded[end:]
            else:
                rest = folded[max(0, start - c.reach):start] if c.before else folded[end:end + c.reach]
            if len(c.words.intersection(rest)) >= c.min and c.unless.isdisjoint(folded[max(0, start - SUBJECT_REACH):start]):
                return None if c.to is None else replace(trigger, event_type=c.to, plover_type=PLOVER[c.to])
    return trigger


def _adjectival(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """"welcomed with open arms", "held open": a word that is mostly an adjective is a verb only after an auxiliary."""
    if folded[start] in ADJECTIVAL and end - start == 1 and (start == 0 or folded[start - 1] not in AUXILIARIES):
        return None
    return trigger


def _reach(folded: list[str], start: int) -> list[str]:
    """The words before a trigger up to its noun phrase's head verb: modifiers, numbers and percentages skipped."""
    k = start - 1
    while k >= 0 and start - k <= NOUN_REACH and (folded[k] in MODIFIERS or folded[k][:1].isdigit() or folded[k].endswith("-year")):
        k -= 1
    return folded[max(k, 0):start] if k >= 0 else folded[:start]


def _stative(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """"holds a 33% stake", "under contract", "the existing ban": a standing state, not an event."""
    if not trigger.noun or trigger.event_type not in STATIVE_TYPES:
        return trigger
    return None if STATIVE.intersection(_reach(folded, start)) else trigger


def _question(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """"He was asked whether ...": a question put, not a request made."""
    if trigger.event_type == "REQUEST" and QUESTIONS.intersection(folded[end:end + QUESTION_REACH]):
        return None
    return trigger


def _generic(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """"his ability to negotiate": a capacity, no act."""
    if start >= 2 and folded[start - 1] == "to" and folded[start - 2] in GENERIC_HEADS:
        return None
    return trigger


def _wished(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """"urged the men to step down", "wants me to sign": the act is only asked for or wished (the asking is the event)."""
    if trigger.noun or start < 2 or folded[start - 1] != "to":
        return trigger
    return None if DESIRE.intersection(folded[max(0, start - 1 - DESIRE_REACH):start - 1]) else trigger


def _attribution(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """"the Times reports that ...", "local press reports", "..., reports Wee.": a story credited to an outlet or a
    journalist, not a report published."""
    if trigger.event_type != "REPORT" or trigger.noun and folded[start] not in ("reports", "reported"):
        return trigger
    named = subject is not None and not MEDIA.isdisjoint(subject.casefold().replace(".", " ").split())
    inverted = start > 0 and folded[start - 1] in (",", '"', "”", "’") and end < len(folded) and end + 3 >= len(folded)
    return None if named or inverted or (start and folded[start - 1] in MEDIA) else trigger


def _easing(trigger: Trigger, folded: list[str], start: int, end: int, subject: str | None) -> Trigger | None:
    """"lift the ban", "were Japan to halve restrictions": the restriction named is being eased."""
    if trigger.event_type == "RESTRICT" and trigger.noun and EASING.intersection(_reach(folded, start)):
        return replace(trigger, event_type="EASE", plover_type=PLOVER["EASE"])
    return trigger
