"""Topics from free text, and urgency from risk words.

The taxonomy's ids are the engine's (`routing_rules.TOPICS`). Matching is on folded words
with word boundaries, so "EHCP", "E.H.C. plan" and "education health and care plan" all
count, and "examination" never matches "exam".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from routing_rules import TOPICS

from .text import fold

# Phrases are folded text; a trailing * matches any word ending ("exclu*" -> excluded, exclusion).
TOPIC_PHRASES: dict[str, tuple[str, ...]] = {
    "tribunal": ("tribunal*", "appeal*", "sendist", "first tier", "mediation", "mediator",
                 "disability discrimination claim", "legal advice", "solicitor*"),
    "ehc_plan": ("ehc*", "e h c", "education health and care", "statement", "needs assessment",
                 "assessment of needs", "annual review*", "section f", "named school", "draft plan",
                 "plan", "statutory assessment", "education health care"),
    "exclusion": ("exclu*", "suspen*", "expel*", "sent home", "part time timetable", "reduced timetable",
                  "off rolled", "off rolling", "permanent*"),
    "transport": ("transport", "taxi*", "bus", "buses", "travel", "minibus", "escort", "home to school",
                  "school run", "travel training"),
    "mental_health": ("mental health", "anxiety", "anxious", "depress*", "camhs", "self esteem",
                      "emotional", "wellbeing", "eating disorder", "school refus*", "emotionally based",
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


def _alternatives(phrases: tuple[str, ...]) -> str:
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        core = re.escape(p.rstrip("*")).replace(r"\ ", " ")
        parts.append(core + (r"\w*" if p.endswith("*") else ""))
    return "|".join(parts)


# Earlier topics win ties: a tribunal about an EHC plan is a tribunal question.
_PRIORITY = ("tribunal", "exclusion", "mental_health", "transport", "ehc_plan", "autism", "school_support")
# One pass over the text finds every topic word; the group name says which topic it belongs to.
_TOPICS = re.compile("|".join(rf"\b(?P<{t}>{_alternatives(TOPIC_PHRASES[t])})\b" for t in _PRIORITY))
_RISK = re.compile(rf"\b(?:{_alternatives(RISK_PHRASES)})\b")
_SPOKEN_TOPIC_NAMES = {
    "ehc_plan": "an EHC plan or needs assessment", "school_support": "support at school",
    "exclusion": "exclusion or suspension", "tribunal": "a tribunal or appeal",
    "transport": "school transport", "mental_health": "mental health or anxiety",
    "autism": "autism", "other": "something else",
}
assert set(_PRIORITY) | {"other"} == set(TOPICS)


@dataclass(frozen=True)
class TopicMatch:
    topic: str
    matched: tuple[str, ...]  # the words that decided it


def topic_label(topic: str) -> str:
    """How a topic is said to a family, e.g. "school transport"."""
    return _SPOKEN_TOPIC_NAMES[topic]


def match_topic(text: str) -> TopicMatch:
    """The taxonomy topic free text is about: the first in priority order with a matching
    word (a tribunal about a plan is a tribunal question); "other" when nothing matches."""
    hits: dict[str, list[str]] = {}
    for m in _TOPICS.finditer(fold(text)):
        hits.setdefault(m.lastgroup, []).append(m.group(0))
    for topic in _PRIORITY:
        if topic in hits:
            return TopicMatch(topic, tuple(hits[topic]))
    return TopicMatch("other", ())


def risk_phrases(text: str) -> tuple[str, ...]:
    """The risk words or phrases in `text` (empty when none): any one makes a contact urgent."""
    return tuple(dict.fromkeys(m.group(0) for m in _RISK.finditer(fold(text))))
