"""The topic taxonomy: what a contact can be about, in one table.

Each topic has an id (what rules and the log use), a title (a heading or menu item) and the way it
is said to a family ("school transport"). The engine, the resolver, the phone menu (key 1 is the
first topic), the widget's form and the pages all read this table.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str    # "EHC plans and needs assessments"
    spoken: str   # "an EHC plan or needs assessment"


TOPIC_TABLE: tuple[Topic, ...] = (
    Topic("ehc_plan", "EHC plans and needs assessments", "an EHC plan or needs assessment"),
    Topic("school_support", "Support at school", "support at school"),
    Topic("exclusion", "Exclusion or suspension", "exclusion or suspension"),
    Topic("tribunal", "Tribunals and appeals", "a tribunal or appeal"),
    Topic("transport", "School transport", "school transport"),
    Topic("mental_health", "Mental health or anxiety", "mental health or anxiety"),
    Topic("autism", "Autism", "autism"),
    Topic("other", "Something else", "something else"),
)
TOPICS: tuple[str, ...] = tuple(t.id for t in TOPIC_TABLE)
_BY_ID = {t.id: t for t in TOPIC_TABLE}


def topic(topic_id: str | None) -> Topic:
    """The topic with this id; "other" for none or an id that is not one."""
    return _BY_ID.get(topic_id or "other", _BY_ID["other"])


def topic_title(topic_id: str | None) -> str:
    """A topic as a heading or menu item: "ehc_plan" -> "EHC plans and needs assessments"."""
    return topic(topic_id).title


def topic_label(topic_id: str | None) -> str:
    """How a topic is said to a family, e.g. "school transport"."""
    return topic(topic_id).spoken
