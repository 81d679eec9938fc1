"""Where a chat is: its status, the one table of moves between statuses, and the outcomes an
advisor closes it with.

A chat is created `new` inside the transaction that starts it, then queued (`waiting`) or, when
nobody can answer, offered the message form (`offline`). An advisor accepts a waiting chat
(`active`); a transfer or a lost advisor puts it back in a queue; the family or the advisor ends it
(`ended`; the advisor still closes an ended chat with an outcome, which keeps it `ended`), and an
offline family can leave a message (`left_message`). Every move is checked against `MOVES`.
"""
from __future__ import annotations

from enum import StrEnum


class ChatStatus(StrEnum):
    NEW = "new"
    WAITING = "waiting"
    ACTIVE = "active"
    OFFLINE = "offline"
    LEFT_MESSAGE = "left_message"
    ENDED = "ended"


S = ChatStatus
MOVES: dict[ChatStatus, frozenset[ChatStatus]] = {
    S.NEW: frozenset({S.WAITING, S.OFFLINE}),
    S.WAITING: frozenset({S.WAITING, S.ACTIVE, S.OFFLINE, S.ENDED}),  # next target, accepted, nobody, left
    S.ACTIVE: frozenset({S.WAITING, S.ENDED}),  # transferred or advisor gone; ended
    S.OFFLINE: frozenset({S.LEFT_MESSAGE, S.ENDED}),
    S.ENDED: frozenset({S.ENDED}),  # closed with an outcome
    S.LEFT_MESSAGE: frozenset(),
}
FAMILY_IN = frozenset({S.WAITING, S.ACTIVE, S.OFFLINE})  # the family can still act in the conversation
FINISHED = frozenset({S.ENDED, S.LEFT_MESSAGE})  # over for the family (the survey comes now)


def may_move(status: str, to: str) -> bool:
    """Whether a chat may go from `status` to `to`."""
    return ChatStatus(to) in MOVES[ChatStatus(status)]


def is_open(status: str) -> bool:
    """Whether the family is still in the conversation (waiting, talking or able to leave a message)."""
    return status in FAMILY_IN


# The outcomes an advisor closes a chat with (the console lists them in this order).
OUTCOMES = (
    ("advice_given", "Advice or information given"),
    ("signposted", "Signposted to another organisation"),
    ("referred_local", "Referred to the local IASS"),
    ("callback_arranged", "Callback or follow-up arranged"),
    ("safeguarding", "Safeguarding referral made"),
    ("family_left", "Family left before advice"),
    ("other", "Other"),
)
OUTCOME_CODES = frozenset(code for code, _ in OUTCOMES)
