"""Topics from free text, and urgency from risk words.

The taxonomy itself (ids, titles, spoken names) is the engine's table, `routing_rules.topics`.
Matching is on folded words with word boundaries, so "EHCP", "E.H.C. plan" and "education
health and care plan" all count, and "examination" never matches "exam".
"""
from __future__ import annotations

from dataclasses import dataclass

from routing_rules import TOPICS

from .text import PhraseIndex, words

# Phrases are folded text; a trailing * matches any word ending ("exclu*" -> excluded, exclusion).
TOPIC_PHRASES: dict[str, tuple[str, ...]] = {
    "tribunal": ("tribunal*", "appeal*", "sendist", "first tier", "mediation", "mediator",
                 "disability discrimination claim", "legal advice", "solicitor*"),
    "ehc_plan": ("ehc*", "e h c", "education health and care", "statement", "needs assessment",
                 "assessment of needs", "annual review*", "section f", "named school", "draft plan",
                 "plan", "statutory assessment", "education health care", "refuse to assess", "refused to assess",
                 "refusing to assess", "refusal to assess"),
    "exclusion": ("exclu*", "suspen*", "expel*", "sent home", "part time timetable", "reduced timetable",
                  "off rolled", "off rolling", "permanent*"),
    "transport": ("transport", "taxi*", "bus", "buses", "travel", "minibus", "escort", "home to school",
                  "school run", "travel training"),
    "mental_health": ("mental health", "anxiety", "anxious", "depress*", "camhs", "self esteem",
                      "emotional", "wellbeing", "eating disorder", "school refusal", "school refuser*",
                      "refuses to go to school", "refusing to go to school", "refusing school", "emotionally based",
                      "panic attack*", "ebsa", "ocd"),
    "autism": ("autis*", "asd", "asc", "aspergers", "asperger", "pda", "neurodiver*", "adhd",
               "sensory processing"),
    "school_support": ("senco", "sen support", "school support", "teaching assistant*", "one to one",
                       "1 to 1", "reasonable adjustment*", "iep", "provision map", "support plan",
                       "support at school", "help at school", "dyslexi*", "speech and language",
                       "sen", "send", "senco", "school place", "admission*", "home educat*", "elective"),
}

# Risk words: harm to self or others, abuse, immediate danger. Any one makes a contact urgent.
RISK_PHRASES: tuple[str, ...] = (
    "suicid*", "kill myself", "kill himself", "kill herself", "kill themselves", "end my life",
    "end his life", "end her life", "take my own life", "want to die", "wants to die", "self harm*",
    "selfharm*", "harming himself", "harming herself", "harming themselves", "harming myself",
    "hurt himself", "hurt herself", "hurt themselves", "hurt myself", "hurting himself",
    "hurting herself", "hurting myself", "cutting himself", "cutting herself", "overdose*",
    "abuse", "abused", "abusing", "abusive", "hits him", "hits her", "hit him", "hit her", "beating",
    "beaten", "being hurt", "sexual*", "groom*", "not safe", "unsafe", "in danger",
    "immediate danger", "danger", "threaten*", "going to hurt", "will hurt", "kill", "weapon",
    "knife", "run away", "ran away", "missing child", "gone missing", "neglect*", "assault*",
)


def _longest_first(phrases: tuple[str, ...]) -> list[str]:
    return sorted(dict.fromkeys(phrases), key=len, reverse=True)


# Earlier topics win ties: a tribunal about an EHC plan is a tribunal question.
_PRIORITY = ("tribunal", "exclusion", "mental_health", "transport", "ehc_plan", "autism", "school_support")
_RANK = {topic: rank for rank, topic in enumerate(_PRIORITY)}
# Where two phrases could start at the same word, the earlier topic's, then the longer, wins.
_TOPICS = PhraseIndex([(t, p) for t in _PRIORITY for p in _longest_first(TOPIC_PHRASES[t])])
_RISK = PhraseIndex([("risk", p) for p in _longest_first(RISK_PHRASES)])
assert set(_PRIORITY) | {"other"} == set(TOPICS)


@dataclass(frozen=True)
class TopicMatch:
    topic: str
    matched: tuple[str, ...]  # the words that decided it


def match_topic(text: str) -> TopicMatch:
    """The taxonomy topic free text is about: the first in priority order with a matching
    word (a tribunal about a plan is a tribunal question); "other" when nothing matches."""
    found = _TOPICS.find(words(text))
    topic = _first_in_priority(found)
    return TopicMatch(topic, tuple(matched for label, matched in found if label == topic))


def topic_of_words(folded: list[str]) -> str:
    """`match_topic(...).topic` for text already split into folded words (see `text.words`)."""
    return _first_in_priority(_TOPICS.spans(folded))


def _first_in_priority(found: list[tuple]) -> str:
    """The topic of the earliest in priority of `found` (label first), or "other"."""
    first, rank = "other", len(_PRIORITY)
    for item in found:
        if _RANK[item[0]] < rank:
            first, rank = item[0], _RANK[item[0]]
    return first


def risk_phrases(text: str) -> tuple[str, ...]:
    """The risk words or phrases in `text` (empty when none): any one makes a contact urgent."""
    return risks_of_words(words(text))


def risks_of_words(folded: list[str]) -> tuple[str, ...]:
    """`risk_phrases` for text already split into folded words: each phrase once, in text order."""
    found = _RISK.find(folded)
    return tuple(dict.fromkeys(matched for _, matched in found)) if found else ()
