"""Chat queues as they stand: who is waiting where and in what order, how long they may wait,
which chats are overdue or stranded, and an advisor's own open chats."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..contacts.chat_status import ChatStatus
from ..directory.snapshot import current_snapshot
from ..directory.store import service_name
from ..models import Chat, StaffUser

DEFAULT_WAIT_S = 120  # the wait estimate per place in the queue before a service has any history
ONLINE_WITHIN = timedelta(seconds=90)  # an advisor counts as online if their console beat this recently
ADVISOR_GONE_AFTER = timedelta(minutes=2)  # four missed console heartbeats


def waiting_chats(session: Session, service_ids: list[str] | None = None) -> list[Chat]:
    """Waiting chats in queue order (urgent first, then longest waiting), of some services or all."""
    query = select(Chat).where(Chat.status == ChatStatus.WAITING).options(selectinload(Chat.contact))
    if service_ids is not None:
        query = query.where(Chat.service_id.in_(service_ids))
    return list(session.scalars(query.order_by(Chat.urgent.desc(), Chat.queued_at, Chat.id)))


def queue_position(session: Session, chat: Chat) -> int:
    """The chat's place in its service's queue (1 is next)."""
    ids = [c.id for c in waiting_chats(session, [chat.service_id])]
    return ids.index(chat.id) + 1 if chat.id in ids else 1


def advisors_online(session: Session, service_id: str, now: datetime) -> int:
    """Advisors of a service whose console is open and who are available."""
    return session.scalar(select(func.count(StaffUser.id)).where(
        StaffUser.service_id == service_id, StaffUser.presence == "available",
        StaffUser.seen_at >= now - ONLINE_WITHIN)) or 0


def typical_wait_s(session: Session, service_id: str) -> float:
    """The mean wait of the service's last 20 answered chats (DEFAULT_WAIT_S before it has any)."""
    rows = session.execute(select(Chat.queued_at, Chat.accepted_at).where(
        Chat.service_id == service_id, Chat.accepted_at.is_not(None)).order_by(Chat.accepted_at.desc()).limit(20)).all()
    waits = [(accepted - queued).total_seconds() for queued, accepted in rows if accepted >= queued]
    return sum(waits) / len(waits) if waits else DEFAULT_WAIT_S


class WaitEstimate:
    """About how long a chat at each place in one service's queue will wait, in seconds: the
    service's typical wait for each round of its available advisors ahead of it."""

    def __init__(self, session: Session, service_id: str, now: datetime):
        self.service_name = service_name(session, service_id)
        self.online = max(1, advisors_online(session, service_id, now))
        self.per_round = typical_wait_s(session, service_id)

    def at(self, position: int) -> int:
        return int(round(self.per_round * math.ceil(position / self.online)))


def overdue_chats(session: Session, now: datetime) -> list[str]:
    """Ids of the chats that have waited past their timeout, longest overdue first."""
    return list(session.scalars(select(Chat.id).where(Chat.status == ChatStatus.WAITING, Chat.give_up_at <= now)
                                .order_by(Chat.give_up_at)))


def advisor_gone(advisor: StaffUser | None, now: datetime) -> bool:
    """Whether an advisor's console has stopped beating (closed, crashed, offline)."""
    return advisor is None or advisor.seen_at is None or advisor.seen_at < now - ADVISOR_GONE_AFTER


def stranded_chats(session: Session, now: datetime) -> list[str]:
    """Ids of active chats whose advisor's console has stopped beating."""
    return list(session.scalars(select(Chat.id).join(StaffUser, StaffUser.id == Chat.advisor_id).where(
        Chat.status == ChatStatus.ACTIVE,
        (StaffUser.seen_at.is_(None)) | (StaffUser.seen_at < now - ADVISOR_GONE_AFTER))))


def next_open_target(session: Session, chat: Chat, now: datetime) -> int | None:
    """The decision's next target after the current one that is still open and takes chats."""
    if chat.target_index is None:  # transferred off the decision's list
        return None
    services = current_snapshot(session).directory.services
    targets = chat.decision.payload["targets"]
    for index in range(chat.target_index + 1, len(targets)):
        service = services.get(targets[index]["service"])
        if service is not None and service.chat and service.is_open(now):
            return index
    return None


def open_chats(session: Session, user: StaffUser) -> list[Chat]:
    """The chats `user` has accepted and not yet closed."""
    return list(session.scalars(select(Chat).where(
        Chat.advisor_id == user.id, Chat.outcome.is_(None),
        Chat.status.in_((ChatStatus.ACTIVE, ChatStatus.ENDED))).order_by(Chat.accepted_at)))
