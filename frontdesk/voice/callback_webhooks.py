"""Twilio webhooks for calling families back (docs/callbacks.md): the advisor answers their
phone, hears who they are calling, and is put through to the family with the Freephone number."""
from __future__ import annotations

from flask import current_app, request, url_for

from ..actions.callbacks import RING_S, do_callback_advisor_leg_ended, do_callback_family_dialled, is_current_try
from ..actions.phone import speech
from ..actions.phone.twiml import Reply, twiml_response
from ..contacts import phone_numbers
from ..directory.snapshot import area_name
from ..extensions import db
from ..models import CallbackRequest
from ..platform.clock import now
from ..platform.transactions import begin_writing
from ..platform.twilio_webhooks import call_params
from .webhooks import bp


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
    found = db.session.get(CallbackRequest, callback_id)
    reply = _reply()
    if found is None or not is_current_try(found, _attempt()) or not found.phone:
        return twiml_response(str(reply.say(speech.CALLBACK_DEALT_WITH).hang_up()))
    reply.say(speech.calling_back(found.name, area_name(db.session, found.contact), found.contact.topic))
    reply.dial(found.phone, url_for("voice.callback_dialled", callback_id=callback_id, attempt=_attempt()), RING_S,
               current_app.config.get("FREEPHONE_NUMBER"))
    db.session.rollback()
    return twiml_response(str(reply))


@bp.post("/callbacks/<int:callback_id>/dialled")
def callback_dialled(callback_id: int):
    """The family's leg ended: log connected, no answer or wrong number, and tell the advisor."""
    found = _request(callback_id)
    outcome = do_callback_family_dialled(db.session, found, _attempt(), call_params(request.form).dial_status, now()) \
        if found is not None else None
    db.session.commit()
    reply = _reply()
    if outcome == "no_answer":
        reply.say(speech.CALLBACK_NO_ANSWER)
    elif outcome == "wrong_number":
        reply.say(speech.CALLBACK_WRONG_NUMBER)
    return twiml_response(str(reply.hang_up()))


@bp.post("/callbacks/<int:callback_id>/status")
def callback_status(callback_id: int):
    """The advisor's leg ended (status callback)."""
    found = _request(callback_id)
    if found is not None:
        do_callback_advisor_leg_ended(db.session, found, _attempt(), call_params(request.form).call_status, now())
    db.session.commit()
    return twiml_response(Reply.empty())


@bp.post("/callbacks/<int:callback_id>/final")
def callback_final(callback_id: int):
    """The last word to a family we could not reach."""
    config = current_app.config
    said = speech.we_tried_to_call(config["HELPLINE_NAME"], phone_numbers.display(config.get("FREEPHONE_NUMBER")) or None)
    return twiml_response(str(_reply().say(said).hang_up()))
