"""Twilio Voice webhooks for a call: check the signature, read the parameters, run the step,
answer TwiML (the journey itself is `actions.phone`).

Whatever goes wrong, Twilio gets TwiML that says something sensible to the caller — never
an error page, which a caller would hear as "an application error has occurred".
"""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, request, url_for

from ..actions.phone import speech
from ..actions.phone.calls import STEPS, do_answer_step, do_record_call_ended, do_record_recording, do_start_call
from ..actions.phone.step import VoiceSettings
from ..actions.phone.twiml import Reply, twiml_response
from ..extensions import db
from ..platform.clock import now
from ..platform.transactions import transaction
from ..platform.twilio_webhooks import call_params, signature_check

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/voice")
bp.before_request(signature_check("voice"))


def settings() -> VoiceSettings:
    config = current_app.config
    return VoiceSettings(helpline=config["HELPLINE_NAME"], voice=config["VOICE"],
                         caller_id=config.get("FREEPHONE_NUMBER"),
                         returning_caller_days=config["RETURNING_CALLER_DAYS"],
                         voicemail_max_s=config["VOICEMAIL_MAX_SECONDS"], secret=config["SECRET_KEY"])


@bp.errorhandler(Exception)
def failed(exc: Exception):
    """Anything unexpected: apologise, and put the caller through to the fallback number if set."""
    db.session.rollback()
    log.exception("voice webhook %s failed", request.path)
    reply = Reply(current_app.config["VOICE"])
    fallback = current_app.config.get("FALLBACK_NUMBER")
    if fallback:
        reply.say(speech.SORRY_FORWARDING)
        reply.twiml.dial(fallback, caller_id=current_app.config.get("FREEPHONE_NUMBER") or None)
    else:
        reply.say(speech.SORRY_TECHNICAL).hang_up()
    return twiml_response(str(reply))


def _sorry():
    """For a request too broken to be part of any call (no CallSid, no step number)."""
    return twiml_response(str(Reply(current_app.config["VOICE"]).say(speech.SORRY_TECHNICAL).hang_up()))


@bp.post("/incoming")
@transaction("own")  # the call's first answer is worked out reading, then saved in a short write
def incoming():
    """Twilio's Voice URL: a new call."""
    params = call_params(request.form)
    if params.call_sid is None:
        return _sorry()
    return twiml_response(do_start_call(db.session, params, now(), settings(), url_for))


@bp.post("/<any(" + ", ".join(STEPS) + "):name>")
def step(name: str):
    """One numbered step of a known call (`?n=`): what the caller said or pressed, or how ringing
    a service or recording a message went."""
    params = call_params(request.form)
    n = request.args.get("n", type=int)
    if params.call_sid is None or n is None:
        return _sorry()
    return twiml_response(do_answer_step(db.session, name, n, params, now(), settings(), url_for))


@bp.post("/recording")
def recording():
    """Recording status callback: a message's audio is stored."""
    do_record_recording(db.session, call_params(request.form), now())
    return twiml_response(Reply.empty())


@bp.post("/status")
def status():
    """Call status callback: the call has ended; keep how long it lasted and how it ended."""
    do_record_call_ended(db.session, call_params(request.form), now())
    return twiml_response(Reply.empty())
