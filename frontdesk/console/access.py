"""Who may see and act on which chat. Every page, JSON answer and Socket.IO event asks here."""
from __future__ import annotations

from frontdesk.models import Chat, StaffUser


def queue_services(user: StaffUser) -> list[str] | None:
    """The queues `user` works from: their own service's, or every one (None) for supervisors."""
    return None if user.sees_all_services else [user.service_id] if user.service_id else []


def may_work_on(user: StaffUser, chat: Chat) -> bool:
    """Open, accept or watch a chat live: it is in the user's own service now (or a supervisor)."""
    return user.sees_all_services or (user.service_id is not None and chat.service_id == user.service_id)


def may_write(user: StaffUser, chat: Chat) -> bool:
    """Write to, transfer or close a chat: the advisor who accepted it (or a supervisor)."""
    if chat.status not in ("active", "ended") or chat.outcome is not None:
        return False
    return chat.advisor_id == user.id or (user.sees_all_services and chat.advisor_id is not None)


_HANDLED = ("offered", "answered", "transferred")


def handled_by(chat: Chat, service_id: str | None) -> bool:
    """Whether the chat is with `service_id` now or was actually offered or handed to it (not
    merely listed among the decision's fallbacks)."""
    return service_id is not None and (chat.service_id == service_id or any(
        e.service_id == service_id and e.kind in _HANDLED for e in chat.contact.events))


def may_read(user: StaffUser, chat: Chat) -> bool:
    """Read a conversation's transcript: supervisors any; advisors their own service's."""
    return user.sees_all_services or handled_by(chat, user.service_id)
