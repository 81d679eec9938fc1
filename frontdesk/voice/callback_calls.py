"""Twilio webhooks for calling families back (docs/callbacks.md): the advisor answers their
phone, hears who they are calling, and is put through to the family with the Freephone number."""
from __future__ import annotations

from flask import current_app, request, url_for
from twilio.twiml.voice_response import VoiceResponse

from .. import callbacks
from ..clock import now
from ..directory.snapshot import area_name
from ..display import phone
from ..resolve.topics import topic_label
from ..extensions import db
from ..models import CallbackRequest
from ..sqlite import begin_writing
from . import bp
from .twilio_request import call_params
from .twiml import Reply, twiml_response


def _reply() -> Reply:
    return Reply(current_app.config["VOICE"])


def _attempt() -> int:
    return request.args.get("attempt", type=int) or 0


def _request(callback_id: int) -> CallbackRequest | None:
    begin_writing(db.session)
    return db.session.get(CallbackRequest, callback_id)


@bp.post("/callbacks/<int:callback_id>/advisor")
def callback_advisor(callback_id: int):
    """The advisor answered: say who they are calling back, then dial the family."""
    found = _request(callback_id)
    reply = _reply()
    if found is None or not callbacks.advisor_answered(found, _attempt()) or not found.phone:
        return twiml_response(str(reply.say("This callback has already been dealt with. Goodbye.").hang_up()))
    who = found.name or "the family"
    area = area_name(db.session, found.contact)
    where = f" in {area}" if area else ""
    reply.say(f"You are calling back {who}{where}, about {topic_label(found.contact.topic)}. "
              "Putting you through now.")
    reply.dial(found.phone, url_for("voice.callback_dialled", callback_id=callback_id, attempt=_attempt()), 30,
               current_app.config.get("FREEPHONE_NUMBER"))
    db.session.rollback()
    return twiml_response(str(reply))


@bp.post("/callbacks/<int:callback_id>/dialled")
def callback_dialled(callback_id: int):
    """The family's leg ended: log connected, no answer or wrong number, and tell the advisor."""
    found = _request(callback_id)
    reply = _reply()
    outcome = callbacks.family_dialled(db.session, found, _attempt(), call_params(request.form).dial_status, now()) \
        if found is not None else None
    db.session.commit()
    if outcome == "no_answer":
        reply.say("The family didn't answer. The callback goes back on the list to try again later.")
    elif outcome == "wrong_number":
        reply.say("That number could not be reached. The callback is marked as a wrong number.")
    return twiml_response(str(reply.hang_up()))


@bp.post("/callbacks/<int:callback_id>/status")
def callback_status(callback_id: int):
    """The advisor's leg ended (status callback)."""
    found = _request(callback_id)
    if found is not None:
        callbacks.advisor_leg_ended(db.session, found, _attempt(), call_params(request.form).call_status, now())
    db.session.commit()
    return twiml_response(str(VoiceResponse()))


@bp.post("/callbacks/<int:callback_id>/final")
def callback_final(callback_id: int):
    """The last word to a family we could not reach."""
    config = current_app.config
    again = phone(config.get("FREEPHONE_NUMBER")) or "the number you called before"
    reply = _reply().say(f"Hello, this is {config['HELPLINE_NAME']}. We tried to call you back about your message "
                         f"but could not reach you. Please call us again on {again}. Goodbye.")
    return twiml_response(str(reply.hang_up()))
