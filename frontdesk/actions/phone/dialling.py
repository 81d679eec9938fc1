"""Carrying out a call's decision: dial each target in turn, then take a message.

Every step writes its handoff event in the step's own transaction, keyed on the CallSid,
so a retried webhook never logs twice. The caller's number is kept only in the callback
request, and only when it can be called back.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...contacts.input import input_again
from ...contacts.phone_numbers import caller_number
from ...directory.opening_text import local_service_closed, spoken_when
from ...models import CallbackRequest, HandoffEvent, PhoneCall
from ...platform.clock import parse_time
from ...platform.twilio_webhooks import CallParams
from ...rules.decide import decide
from .._handoff_log import event_key, record_decision, record_event
from .._notify import notify_callbacks
from . import speech
from .step import Step

_DIAL_EVENTS = {"completed": "answered", "answered": "answered", "busy": "busy", "no-answer": "no_answer",
                "failed": "failed", "canceled": "abandoned"}
FINAL_CALL_STATUSES = ("completed", "busy", "failed", "no-answer", "canceled")


def _key(call: PhoneCall, *parts) -> str:
    return event_key(call.call_sid, *parts)


def connect(step: Step, urgent: bool = False) -> None:
    """Route the call on what the caller told us, log the decision, and start carrying it out."""
    call, contact = step.call, step.call.contact
    decision = decide(step.session, input_again(contact, urgent), at=step.now)
    call.decision = record_decision(step.session, contact, decision)
    if decision.signposting:
        step.reply.say(decision.signposting)
    first = decision.targets[0]
    authority = decision.contact.local_authority.code
    iass = step.snapshot.directory.iass_for(authority)
    if iass and first.kind not in ("local_iass", "urgent", "callback") and not iass.is_open(step.now):
        opens = iass.hours.next_opening(step.now)
        step.reply.say(local_service_closed(iass.name, spoken_when(opens, step.now) if opens else None))
    if decision.is_callback:
        take_message(step, "closed")
    else:
        dial(step, 0)


def dial(step: Step, index: int) -> None:
    """Ring target `index` of the call's decision, saying who we are putting the caller through to."""
    call = step.call
    targets = call.decision.payload["targets"]
    target = targets[index]
    record_event(step.session, call.contact, "offered", step.now, decision=call.decision,
                 service_id=target["service"], target_index=index, key=_key(call, "offered", index),
                 detail={"channel": "phone"})
    if index == 0:
        step.reply.say(speech.putting_through(target["kind"], target["name"]))
    else:
        step.reply.say(speech.trying_next(targets[index - 1]["name"], target["kind"], target["name"]))
    step.move("connecting")
    call.target_index = index
    step.reply.dial(target["address"], step.next_url("dialled", t=index), target["timeout_s"],
                    step.settings.caller_id or step.params.to_number or None)


def on_dialled(step: Step) -> None:
    """How ringing a target went: connected, or on to the next target, or a message."""
    call = step.call
    index = call.target_index or 0
    targets = call.decision.payload["targets"]
    kind = _DIAL_EVENTS.get(step.params.dial_status or "", "failed")
    detail = {"channel": "phone"}
    if kind == "answered":
        # Twilio reports the dial when it ends: the family waited while it rang, before the talk.
        offered = step.session.scalar(select(HandoffEvent.at).where(
            HandoffEvent.idempotency_key == _key(call, "offered", index)))
        rang = (step.now - offered).total_seconds() - step.params.dial_duration_s if offered else 0
        detail.update(duration_s=step.params.dial_duration_s, waited_s=max(0, round(rang)))
    record_event(step.session, call.contact, kind, step.now, decision=call.decision,
                 service_id=targets[index]["service"], target_index=index, key=_key(call, kind, index),
                 detail=detail)
    if kind in ("answered", "abandoned"):
        call.outcome = kind
        step.move("finished")
        step.reply.say(speech.GOODBYE).hang_up()
    elif index + 1 < len(targets):
        dial(step, index + 1)
    else:
        take_message(step, "no_answer")


def _callback_words(call: PhoneCall, request: CallbackRequest, now: datetime) -> tuple[str, str, bool]:
    """Who calls back, when (as said), and whether we lack the caller's number."""
    name = call.decision.payload["when_none_answer"]["name"]
    due = request.due_at if request.due_at > now else None
    return f"an advisor from {name}", spoken_when(due, now, "from"), request.phone is None


def take_message(step: Step, reason: str) -> None:
    """Record a callback request with the caller's number, then offer a voicemail."""
    call = step.call
    payload = call.decision.payload
    back = payload["when_none_answer"]
    request = call.contact.callback
    if request is None:
        opens = parse_time(back["opens_at"]) if back.get("opens_at") else step.now
        request = call.contact.callback = CallbackRequest(
            service_id=back["service"], reason=reason, phone=caller_number(step.params.from_number),
            due_at=opens, status="open", created_at=step.now)
        step.session.flush()
        notify_callbacks(step.session, request.service_id, step.now)
    record_event(step.session, call.contact, "offered", step.now, decision=call.decision,
                 service_id=back["service"], key=_key(call, "voicemail"),
                 detail={"channel": "voicemail", "reason": reason})
    if reason == "no_answer" and payload.get("signposting"):
        step.reply.say(payload["signposting"])  # urgent, and nobody answered: say it again
    caller, when, withheld = _callback_words(call, request, step.now)
    step.move("voicemail")
    step.reply.say(speech.voicemail(reason, caller, when, withheld))
    step.reply.record(step.next_url("recorded"), step.url_for("voice.recording"), step.settings.voicemail_max_s)
    step.reply.say(speech.no_message(caller, when, withheld)).hang_up()


def _keep_recording(request: CallbackRequest, params: CallParams) -> bool:
    if not params.recording_url or params.recording_duration_s <= 0:
        return False
    request.recording_sid = params.recording_sid
    request.recording_url = params.recording_url
    request.recording_duration_s = params.recording_duration_s
    return True


def on_recorded(step: Step) -> None:
    """The caller finished their message (or left none): say what happens next, and goodbye."""
    call = step.call
    request = call.contact.callback
    step.move("finished")
    if request is None:  # never reached a message: nothing to keep
        step.reply.say(speech.GOODBYE).hang_up()
        return
    caller, when, withheld = _callback_words(call, request, step.now)
    if _keep_recording(request, step.params):
        notify_callbacks(step.session, request.service_id, step.now)
        call.outcome = "message"
        step.reply.say(speech.message_saved(caller, when, withheld))
    else:
        call.outcome = "no_message"
        step.reply.say(speech.no_message(caller, when, withheld))
    step.reply.hang_up()


def recording_stored(session: Session, call: PhoneCall, params: CallParams, now: datetime) -> None:
    """Twilio's word that a message's recording is stored: keep where it is."""
    request = call.contact.callback
    if request is not None and _keep_recording(request, params) and call.outcome != "message":
        call.outcome = "message"
        notify_callbacks(session, request.service_id, now)


def call_ended(session: Session, call: PhoneCall, params: CallParams, now: datetime) -> None:
    """The call has ended: keep its length, and log how it ended (once, however often told)."""
    if params.call_status not in FINAL_CALL_STATUSES or call.ended_at is not None:
        return
    call.ended_at = now
    call.duration_s = params.call_duration_s
    payload = call.decision.payload if call.decision else {}
    if call.outcome == "answered":
        service = payload["targets"][call.target_index or 0]["service"]
        kind, detail = "completed", {"outcome": "answered"}
    elif call.contact.callback is not None:
        call.outcome = call.outcome or "no_message"
        service = payload["when_none_answer"]["service"]
        kind, detail = "completed", {"outcome": call.outcome}
    elif call.outcome == "abandoned":
        return  # logged when the caller hung up while we were ringing
    else:
        call.outcome = "abandoned"
        service = None
        kind, detail = "abandoned", {"stage": call.stage}
    detail["duration_s"] = params.call_duration_s
    record_event(session, call.contact, kind, now, decision=call.decision, service_id=service,
                 key=_key(call, "ended"), detail=detail)
