"""The family's side of a chat: start it, write, end it, leave a message, answer the survey,
read, and say they are typing."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..contacts.chat_forms import StartForm, parse_offline_message, parse_rating, parse_start
from ..contacts import phone_numbers
from ..contacts.chat_status import FINISHED, ChatStatus, is_open
from ..contacts.input import ContactInput, input_again
from ..directory.opening_text import local_service_closed, spoken_when
from ..directory.snapshot import current_snapshot
from ..models import CallbackRequest, Chat, ChatMessage, PartnerSite
from ..platform.clock import parse_time
from ..platform.outbox import send_now
from ..platform.refusals import ActionError
from ..platform.rooms import CONSOLE, chat_room
from ..resolve.postcodes import parse_postcode
from ..resolve.topics import risk_phrases
from ..rules.decide import decide
from ..rules.store import active_rulebook
from ._handoff_log import new_contact, record_decision, record_event
from ._messages import add_message, mark_read, system_message
from ._notify import notify_callbacks, notify_chat, notify_family, notify_queue
from ._queue_moves import chat_key, claim_move, enqueue, go_offline

STARTS_PER_HOUR = 6  # conversations one family (one browser) may start in an hour
SITE_WINDOW = timedelta(minutes=10)  # FRONTDESK_CHAT_STARTS_PER_SITE counts starts over this long


def do_start_or_resume_chat(session: Session, site: PartnerSite, open_chat_id: str | None, form: object,
                            family_key: str | None, client: str | None, now: datetime) -> Chat:
    """The family's `start`: the conversation this connection already has open (a repeated start
    resumes it), the one a retried start opened (the same `start_id`), or a new one from the
    pre-chat `form` (checked here). `client` is the keyed hash of the browser's address."""
    current = session.get(Chat, open_chat_id or "")
    if current is not None and is_open(current.status):
        return current
    form = parse_start(form)
    retried = _started_already(session, site, form.start_id)
    if retried is not None:
        return retried
    return do_start_chat(session, site, form, family_key, now, client)


def _started_already(session: Session, site: PartnerSite, start_id: str | None) -> Chat | None:
    if not start_id:
        return None
    return session.scalar(select(Chat).where(Chat.site_key == site.key, Chat.start_id == start_id))


def _check_start_limits(session: Session, site: PartnerSite, family_key: str | None, client: str | None,
                        now: datetime) -> None:
    """Too many starts from this browser, this address or this site lately: refuse, but never leave a
    family in danger without the emergency numbers (ActionError "too_fast" carries them)."""
    config = current_app.config
    counts = [(Chat.family_key, family_key, timedelta(hours=1), STARTS_PER_HOUR,
               "you have started several chats in the last hour; please carry on in one of them or try again later"),
              (Chat.client_hash, client, timedelta(hours=1), config["CHAT_STARTS_PER_ADDRESS"],
               "a lot of chats have been started from your network in the last hour; please try again later"),
              (Chat.site_key, site.key, SITE_WINDOW, config["CHAT_STARTS_PER_SITE"],
               "our advisors are getting a lot of chats from this website just now; please try again in a few minutes")]
    for column, value, window, limit, message in counts:
        if value and session.scalar(select(func.count(Chat.id)).where(
                column == value, Chat.created_at > now - window)) >= limit:
            raise ActionError("too_fast", message, **_urgent_help(session))


def _urgent_help(session: Session) -> dict:
    """What a family whose chat could not start is still shown: the emergency advice, and our number."""
    freephone = phone_numbers.display(current_app.config.get("FREEPHONE_NUMBER")) or None
    return {"signposting": active_rulebook(session).urgent_signposting, "phone": freephone}


def do_start_chat(session: Session, site: PartnerSite, form: StartForm, family_key: str | None,
                  now: datetime, client: str | None = None) -> Chat:
    """Open a conversation: route it like any contact, store the first message, queue it.

    Raises ActionError("choose_place") with candidates when the place fits several councils, and
    ActionError("too_fast") when the same browser, address or site has started too many lately.
    """
    _check_start_limits(session, site, family_key, client, now)
    postcode = form.place if parse_postcode(form.place) else None
    inp = ContactInput(channel="video" if form.video else "chat", received_at=now, postcode=postcode,
                       place=None if postcode else form.place,
                       topic=form.topic, message=form.message, age=form.age, local_authority=form.local_authority)
    decision = decide(session, inp, at=now)
    match = decision.contact.local_authority
    if not form.local_authority and not match.known and len(match.candidates) > 1:
        raise ActionError("choose_place", f"“{form.place}” could be in more than one council area. Which one?",
                          candidates=[{"code": c.code, "name": c.name} for c in match.candidates[:6]])
    try:
        with session.begin_nested():
            contact = new_contact(inp)
            session.add(contact)
            session.flush()
            record = record_decision(session, contact, decision)
            chat = Chat(id=uuid.uuid4().hex, contact=contact, site_key=site.key,
                        family_key=family_key or uuid.uuid4().hex, family_name=form.name, status=ChatStatus.NEW,
                        service_id=decision.targets[0].service, decision=record, video=form.video, hop=0,
                        urgent=decision.contact.urgent, queued_at=now, created_at=now, client_hash=client,
                        start_id=form.start_id)
            session.add(chat)
    except IntegrityError:  # the same start, retried through another worker at the same moment
        return _started_already(session, site, form.start_id)
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


def do_family_message(session: Session, chat: Chat, text: object, client_id: object, now: datetime) -> ChatMessage:
    """A message from the family. Risk words escalate the chat to urgent at once."""
    if chat.status not in (ChatStatus.WAITING, ChatStatus.ACTIVE):
        raise ActionError("closed", "this chat has ended; start a new one to talk to an advisor")
    message, new = add_message(session, chat, "family", chat.family_name or "You", text, client_id, now)
    if new and not chat.urgent and risk_phrases(message.text):
        _escalate(session, chat, now)
    return message


def _escalate(session: Session, chat: Chat, now: datetime) -> None:
    """Make a chat urgent: emergency signposting for the family now, and the urgent route.

    A waiting chat moves to the urgent queue; an advisor already talking with the family keeps
    the chat and is told it is urgent.
    """
    decision = decide(session, input_again(chat.contact, urgent=True), at=now)
    chat.decision = record_decision(session, chat.contact, decision)
    chat.urgent = True
    session.flush()
    if decision.signposting:
        system_message(session, chat, decision.signposting, now)
    if chat.status == ChatStatus.WAITING:
        first = chat.decision.payload["targets"][0]
        enqueue(session, chat, first, 0, now, first["timeout_s"])
    else:
        notify_family(session, chat, now)
        notify_chat(session, chat)


def do_family_end(session: Session, chat: Chat, now: datetime) -> None:
    """The family ends the chat. Unanswered, that is an abandoned contact; answered, the advisor
    still closes it with an outcome."""
    if chat.status in FINISHED:
        return
    before, service = chat.status, chat.service_id
    claim_move(session, chat, status=ChatStatus.ENDED, ended_at=now, family_ended=True, give_up_at=None)
    system_message(session, chat, "The chat was ended.", now)
    if before in (ChatStatus.WAITING, ChatStatus.OFFLINE):
        record_event(session, chat.contact, "abandoned", now, decision=chat.decision, service_id=service,
                     key=chat_key(chat, "abandoned"), detail={"channel": "chat", "stage": before})
    if before == ChatStatus.WAITING:
        notify_queue(session, service, now)
    notify_family(session, chat, now)
    notify_chat(session, chat)


def do_leave_offline_message(session: Session, chat: Chat, data: object, now: datetime) -> CallbackRequest:
    """The offline message form: becomes a callback request for the service that answers it, with
    everything the family wrote in the chat (their question first) and anything they add."""
    if chat.status != ChatStatus.OFFLINE:
        raise ActionError("invalid", "a message can be left only when nobody can answer the chat")
    form = parse_offline_message(data)
    back = chat.decision.payload["when_none_answer"]
    due = parse_time(back["opens_at"]) if back.get("opens_at") else now
    written = [m.text for m in chat.messages if m.sender == "family"] + ([form.text] if form.text else [])
    request = CallbackRequest(contact_id=chat.contact_id, service_id=back["service"], channel="chat",
                              reason="closed" if chat.decision.first_kind == "callback" else "no_answer",
                              name=form.name, email=form.email, phone=form.phone, message="\n\n".join(written),
                              due_at=due, status="open", created_at=now)
    session.add(request)
    if form.text:
        add_message(session, chat, "family", form.name, form.text, None, now)
    claim_move(session, chat, status=ChatStatus.LEFT_MESSAGE, ended_at=now)
    record_event(session, chat.contact, "completed", now, decision=chat.decision, service_id=back["service"],
                 key=chat_key(chat, "message"), detail={"channel": "chat", "outcome": "message"})
    notify_family(session, chat, now)
    notify_callbacks(session, request.service_id, now)
    return request


def do_rate_chat(session: Session, chat: Chat, data: object) -> None:
    """The one-question survey after the chat: 1 (not helpful) to 5 (very helpful)."""
    if chat.status not in FINISHED:
        raise ActionError("invalid", "the survey comes when the chat has ended")
    chat.rating, chat.rating_comment = parse_rating(data)


def do_mark_read_by_family(session: Session, chat: Chat, upto: object) -> int:
    """The family has read the advisors' messages up to `upto`; their console shows "Read"."""
    return mark_read(session, chat, "family", upto)


def do_family_typing(chat_id: str, typing: bool) -> None:
    """The family is typing (or has stopped): the advisors following the chat see it at once."""
    send_now("typing", {"chat": chat_id, "typing": typing}, to=chat_room(chat_id), namespace=CONSOLE)
