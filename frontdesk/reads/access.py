"""Who may see and act on what: chats, callback requests and contacts. Every page, JSON answer,
Socket.IO event and action asks here; what someone may not see is "not found", exactly as for
something that does not exist.

One rule for what staff may read about a family (a contact, its chat's transcript, its callback
request): supervisors and admins read everything; an advisor reads what was actually put in front
of their service — offered, answered or handed to it, or left for it to call back — never what a
decision merely listed as a later fallback that nobody tried."""
from __future__ import annotations

from ..contacts.chat_status import ChatStatus
from ..models import CallbackRequest, Chat, Contact, StaffUser
from ..platform.logs import tag_contact
from ..platform.refusals import ActionError

_HANDLED = ("offered", "answered", "transferred")
MAX_ID = 32  # characters of a chat id


def queue_services(user: StaffUser) -> list[str] | None:
    """The queues `user` works from: their own service's, or every one (None) for supervisors."""
    return None if user.sees_all_services else [user.service_id] if user.service_id else []


def may_work_on(user: StaffUser, chat: Chat) -> bool:
    """Open, accept or watch a chat live: it is in the user's own service now (or a supervisor)."""
    return user.sees_all_services or (user.service_id is not None and chat.service_id == user.service_id)


def may_write(user: StaffUser, chat: Chat) -> bool:
    """Write to, transfer or close a chat: the advisor who accepted it (or a supervisor)."""
    if chat.status not in (ChatStatus.ACTIVE, ChatStatus.ENDED) or chat.outcome is not None:
        return False
    return chat.advisor_id == user.id or (user.sees_all_services and chat.advisor_id is not None)


def services_handling(contact: Contact) -> set[str]:
    """The services a contact was actually offered or handed to, and the one that calls it back."""
    services = {e.service_id for e in contact.events if e.service_id and e.kind in _HANDLED}
    if contact.callback is not None:
        services.add(contact.callback.service_id)
    return services


def handled_by(chat: Chat, service_id: str | None) -> bool:
    """Whether the chat is with `service_id` now or was actually offered or handed to it (not
    merely listed among the decision's fallbacks)."""
    return service_id is not None and (chat.service_id == service_id or service_id in services_handling(chat.contact))


def may_read(user: StaffUser, chat: Chat) -> bool:
    """Read a conversation's transcript: supervisors any; advisors their own service's."""
    return user.sees_all_services or handled_by(chat, user.service_id)


def find_chat(session, user: StaffUser, chat_id: object, *, write: bool = False) -> Chat:
    """The chat `user` asks for, if they may work on it (or write to it); otherwise "not found"."""
    chat = session.get(Chat, chat_id) if isinstance(chat_id, str) and len(chat_id) <= MAX_ID else None
    if chat is None or not (may_write(user, chat) if write else may_work_on(user, chat)):
        raise ActionError("not_found", "no such chat")
    tag_contact(chat.contact_id)
    return chat


def find_chat_in_call(session, user: StaffUser, chat_id: object) -> Chat:
    """The chat whose video call `user` is in: they accepted it (a supervisor watching is not in
    the call); otherwise "not found"."""
    chat = find_chat(session, user, chat_id, write=True)
    if chat.advisor_id != user.id:
        raise ActionError("not_found", "no such chat")
    return chat


def find_callback(session, user: StaffUser, callback_id: object) -> CallbackRequest:
    """The request, if it is for the user's service (or they supervise); otherwise "not found"."""
    request = session.get(CallbackRequest, callback_id) \
        if isinstance(callback_id, int) and not isinstance(callback_id, bool) else None
    if request is None or not (user.sees_all_services or request.service_id == user.service_id):
        raise ActionError("not_found", "no such callback")
    return request


def require_holder(user: StaffUser, request: CallbackRequest, calling_too: bool = False) -> None:
    """The user holds the request (or is calling on it, where `calling_too`: so that a call whose
    webhooks never came can still be released or given an outcome by hand); else ActionError."""
    statuses = ("claimed", "calling") if calling_too else ("claimed",)
    if request.status not in statuses or request.claimed_by_id != user.id:
        raise ActionError("not_claimed", "claim this callback first")


def may_see_contact(user: StaffUser, contact: Contact) -> bool:
    """Supervisors see every contact; an advisor those actually offered or handed to their service."""
    return user.sees_all_services or (user.service_id is not None and user.service_id in services_handling(contact))
