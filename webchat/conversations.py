"""The family's side of a chat: start it, write, end it, leave a message, answer the survey.

Each function writes in the caller's transaction and queues its real-time events for after
the commit; the Socket.IO handlers only parse input, call one of these and commit.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontdesk.action_error import ActionError
from frontdesk.callbacks import notify_callbacks
from frontdesk.contact_input import ContactInput, parse_time
from frontdesk.directory.snapshot import current_snapshot
from frontdesk.handoff import input_again, new_contact, record_decision, record_event
from frontdesk.models import CallbackRequest, Chat, ChatMessage, PartnerSite
from frontdesk.realtime import CONSOLE, FAMILY, chat_room, emit_after_commit
from frontdesk.resolve.postcodes import parse_postcode
from frontdesk.resolve.topics import risk_phrases
from frontdesk.routing import decide
from frontdesk.voice.words import local_service_closed, spoken_when

from .present import message_json
from .queue import claim_move, enqueue, go_offline, notify_family, notify_queue, system_message

MAX_TEXT = 2000


@dataclass(frozen=True)
class StartForm:
    """The pre-chat form, checked."""
    name: str | None
    place: str
    age: int | None
    topic: str | None
    message: str
    local_authority: str | None
    video: bool = False  # the family asked for a video call


def _text(data: dict, key: str, limit: int, required: str | None = None) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ActionError("invalid", required, field=key)
        return None
    if not isinstance(value, str):
        raise ActionError("invalid", f"{key} must be text", field=key)
    value = "".join(c for c in value if c.isprintable() or c in "\n\t").strip()
    if len(value) > limit:
        raise ActionError("too_long", f"{key} can be at most {limit} characters", field=key)
    if not value and required:
        raise ActionError("invalid", required, field=key)
    return value or None


def parse_start(data: object) -> StartForm:
    """Check the pre-chat form; raises ActionError with the field at fault."""
    from routing_rules import TOPICS
    if not isinstance(data, dict):
        raise ActionError("invalid", "send the form as an object")
    if data.get("consent") is not True:
        raise ActionError("invalid", "please agree to the privacy notice to start a chat", field="consent")
    age = data.get("age")
    if age in ("", None):
        age = None
    else:
        try:
            age = int(age)
        except (TypeError, ValueError):
            raise ActionError("invalid", "age must be a whole number of years", field="age") from None
        if not 0 <= age <= 30:
            raise ActionError("invalid", "age must be from 0 to 30", field="age")
    topic = data.get("topic") or None
    if topic is not None and (not isinstance(topic, str) or topic not in TOPICS):
        raise ActionError("invalid", "unknown topic", field="topic")
    return StartForm(name=_text(data, "name", 60), place=_text(data, "place", 120, "please tell us your postcode or town"),
                     age=age, topic=topic, message=_text(data, "message", MAX_TEXT, "please write your question"),
                     local_authority=_text(data, "local_authority", 9), video=data.get("video") is True)


STARTS_PER_HOUR = 6  # conversations one family (one browser) may start in an hour


def is_open(chat: Chat) -> bool:
    """Whether the family is still in the conversation (waiting, talking or able to leave a message)."""
    return chat.status in ("waiting", "active", "offline")


def start_chat(session: Session, site: PartnerSite, form: StartForm, family_key: str | None,
               now: datetime) -> Chat:
    """Open a conversation: route it like any contact, store the first message, queue it.

    Raises ActionError("choose_place") with candidates when the place fits several councils, and
    ActionError("too_fast") when the same browser has started too many conversations lately.
    """
    if family_key and session.scalar(select(func.count(Chat.id)).where(
            Chat.family_key == family_key, Chat.created_at > now - timedelta(hours=1))) >= STARTS_PER_HOUR:
        raise ActionError("too_fast", "you have started several chats in the last hour; please carry on in "
                        "one of them or try again later")
    postcode = form.place if parse_postcode(form.place) else None
    inp = ContactInput(channel="video" if form.video else "chat", received_at=now, postcode=postcode,
                       place=None if postcode else form.place,
                       topic=form.topic, message=form.message, age=form.age, local_authority=form.local_authority)
    decision = decide(session, inp, at=now)
    match = decision.contact.local_authority
    if not form.local_authority and not match.known and len(match.candidates) > 1:
        raise ActionError("choose_place", f"“{form.place}” could be in more than one council area. Which one?",
                        candidates=[{"code": c.code, "name": c.name} for c in match.candidates[:6]])
    contact = new_contact(inp)
    session.add(contact)
    session.flush()
    record = record_decision(session, contact, decision)
    chat = Chat(id=uuid.uuid4().hex, contact=contact, site_key=site.key, family_key=family_key or uuid.uuid4().hex,
                family_name=form.name, status="new", service_id=decision.targets[0].service, decision=record,
                video=form.video,
                hop=0, urgent=decision.contact.urgent, queued_at=now, created_at=now)
    session.add(chat)
    session.flush()
    session.add(ChatMessage(chat_id=chat.id, sender="family", name=form.name or "You", text=form.message, sent_at=now))
    session.flush()
    if decision.is_callback:
        go_offline(session, chat, "closed", now)
    else:
        first = record.payload["targets"][0]
        _say_when_local_service_opens(session, chat, decision, now)
        enqueue(session, chat, first, 0, now, first["timeout_s"])
    return chat


def _say_when_local_service_opens(session: Session, chat: Chat, decision, now: datetime) -> None:
    """When the family's own IASS is closed and someone else answers, say when it opens (as the
    phone line does), so the family knows where they could go next."""
    first = decision.targets[0]
    iass = current_snapshot(session).directory.iass_for(decision.contact.local_authority.code)
    if iass is None or first.kind in ("local_iass", "urgent") or iass.is_open(now):
        return
    opens = iass.hours.next_opening(now)
    system_message(session, chat, f"{local_service_closed(iass.name, spoken_when(opens, now) if opens else None)} "
                   f"Meanwhile we are connecting you to {first.name}.", now)


def _check_rate(session: Session, chat: Chat, sender: str, now: datetime) -> None:
    limit = current_app.config["CHAT_MESSAGES_PER_MINUTE"]
    recent = session.scalar(select(func.count(ChatMessage.id)).where(
        ChatMessage.chat_id == chat.id, ChatMessage.sender == sender,
        ChatMessage.sent_at > now - timedelta(minutes=1)))
    if recent >= limit:
        raise ActionError("too_fast", f"at most {limit} messages a minute; please wait a moment and send it again")


def add_message(session: Session, chat: Chat, sender: str, name: str, text: object, client_id: object,
                now: datetime, author_id: int | None = None) -> tuple[ChatMessage, bool]:
    """Store one message (once, however often the same `client_id` is sent) and send it to the
    conversation's room. Returns the message and whether it is new."""
    text = _text({"text": text}, "text", MAX_TEXT, "the message is empty")
    if client_id is not None and (not isinstance(client_id, str) or len(client_id) > 64):
        raise ActionError("invalid", "client_id must be text of at most 64 characters")
    if client_id:
        found = session.scalar(select(ChatMessage).where(ChatMessage.chat_id == chat.id,
                                                         ChatMessage.client_id == client_id))
        if found:
            return found, False
    _check_rate(session, chat, sender, now)
    message = ChatMessage(chat_id=chat.id, sender=sender, name=name, text=text, client_id=client_id or None,
                          sent_at=now, author_id=author_id)
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:  # the same message arrived through another worker at the same moment
        return session.scalar(select(ChatMessage).where(ChatMessage.chat_id == chat.id,
                                                        ChatMessage.client_id == client_id)), False
    emit_after_commit(session, "message", message_json(message), to=chat_room(chat.id), namespace=FAMILY)
    emit_after_commit(session, "message", {"chat": chat.id, **message_json(message)}, to=chat_room(chat.id),
                      namespace=CONSOLE)
    return message, True


def family_says(session: Session, chat: Chat, text: object, client_id: object, now: datetime) -> ChatMessage:
    """A message from the family. Risk words escalate the chat to urgent at once."""
    if chat.status not in ("waiting", "active"):
        raise ActionError("closed", "this chat has ended; start a new one to talk to an advisor")
    message, new = add_message(session, chat, "family", chat.family_name or "You", text, client_id, now)
    if new and not chat.urgent and risk_phrases(message.text):
        escalate(session, chat, now)
    return message


def escalate(session: Session, chat: Chat, now: datetime) -> None:
    """Make a chat urgent: emergency signposting for the family now, and the urgent route.

    A waiting chat moves to the urgent queue; an advisor already talking with the family keeps
    the chat and is told it is urgent.
    """
    from frontdesk.console.present import notify_chat
    decision = decide(session, input_again(chat.contact, urgent=True), at=now)
    chat.decision = record_decision(session, chat.contact, decision)
    chat.urgent = True
    session.flush()
    if decision.signposting:
        system_message(session, chat, decision.signposting, now)
    if chat.status == "waiting":
        first = chat.decision.payload["targets"][0]
        enqueue(session, chat, first, 0, now, first["timeout_s"])
    else:
        notify_family(session, chat, now)
        notify_chat(session, chat)


def family_ends(session: Session, chat: Chat, now: datetime) -> None:
    """The family ends the chat. Unanswered, that is an abandoned contact; answered, the advisor
    still closes it with an outcome."""
    from frontdesk.console.present import notify_chat
    if chat.status in ("ended", "left_message"):
        return
    before, service = chat.status, chat.service_id
    claim_move(session, chat, status="ended", ended_at=now, family_ended=True, give_up_at=None)
    system_message(session, chat, "The chat was ended.", now)
    if before in ("waiting", "offline"):
        record_event(session, chat.contact, "abandoned", now, decision=chat.decision, service_id=service,
                     key=f"chat:{chat.id}:abandoned", detail={"channel": "chat", "stage": before})
    if before == "waiting":
        notify_queue(session, service, now)
    notify_family(session, chat, now)
    notify_chat(session, chat)


def _contact_details(data: dict) -> tuple[str | None, str | None]:
    email = _text(data, "email", 200)
    if email and ("@" not in email or "." not in email.rsplit("@", 1)[-1] or " " in email):
        raise ActionError("invalid", "that email address doesn't look right", field="email")
    phone = _text(data, "phone", 30)
    if phone:
        try:
            number = phonenumbers.parse(phone, "GB")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ActionError("invalid", "that phone number doesn't look right", field="phone")
        phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not (email or phone):
        raise ActionError("invalid", "please give an email address or a phone number so we can reply",
                        field="email")
    return email, phone


def leave_offline_message(session: Session, chat: Chat, data: object, now: datetime) -> CallbackRequest:
    """The offline message form: becomes a callback request for the service that answers it."""
    if chat.status != "offline":
        raise ActionError("invalid", "a message can be left only when nobody can answer the chat")
    if not isinstance(data, dict):
        raise ActionError("invalid", "send the form as an object")
    name = _text(data, "name", 60, "please tell us your name")
    email, phone = _contact_details(data)
    text = _text(data, "message", MAX_TEXT, "please write your message")
    back = chat.decision.payload["when_none_answer"]
    due = parse_time(back["opens_at"]) if back.get("opens_at") else now
    request = CallbackRequest(contact_id=chat.contact_id, service_id=back["service"], channel="chat",
                              reason="closed" if chat.decision.first_kind == "callback" else "no_answer",
                              name=name, email=email, phone=phone, message=text, due_at=due, status="open",
                              created_at=now)
    session.add(request)
    add_message(session, chat, "family", name, text, None, now)
    claim_move(session, chat, status="left_message", ended_at=now)
    record_event(session, chat.contact, "completed", now, decision=chat.decision, service_id=back["service"],
                 key=f"chat:{chat.id}:message", detail={"channel": "chat", "outcome": "message"})
    notify_family(session, chat, now)
    notify_callbacks(session, request.service_id, now)
    return request


def rate(session: Session, chat: Chat, data: object) -> None:
    """The one-question survey after the chat: 1 (not helpful) to 5 (very helpful)."""
    if chat.status not in ("ended", "left_message"):
        raise ActionError("invalid", "the survey comes when the chat has ended")
    rating = data.get("rating") if isinstance(data, dict) else None
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ActionError("invalid", "choose a score from 1 to 5", field="rating")
    chat.rating = rating
    chat.rating_comment = _text(data, "comment", 1000)


def mark_read(session: Session, chat: Chat, side: str, upto: object) -> int:
    """Record that `side` (family or advisor) has read the other side's messages up to `upto`,
    and tell the other side (their messages now show "Read")."""
    if isinstance(upto, bool) or not isinstance(upto, int) or upto < 0:
        raise ActionError("invalid", "upto must be a message id")
    newest = session.scalar(select(func.max(ChatMessage.id)).where(ChatMessage.chat_id == chat.id)) or 0
    upto = min(upto, newest)
    attribute = "family_read_upto" if side == "family" else "advisor_read_upto"
    if upto > getattr(chat, attribute):
        setattr(chat, attribute, upto)
        room, namespace = chat_room(chat.id), (CONSOLE if side == "family" else FAMILY)
        emit_after_commit(session, "read", {"chat": chat.id, "upto": upto} if namespace == CONSOLE else {"upto": upto},
                          to=room, namespace=namespace)
    return getattr(chat, attribute)
