"""Twilio Voice webhooks: check the signature, read the parameters, run the step, answer TwiML.

Whatever goes wrong, Twilio gets TwiML that says something sensible to the caller — never
an error page, which a caller would hear as "an application error has occurred".
"""
from __future__ import annotations

import logging
from typing import Callable

from flask import current_app, request, url_for
from twilio.twiml.voice_response import VoiceResponse

from ..clock import now
from ..extensions import db
from ..sqlite import begin_writing
from . import bp, connect, journey, words
from .steps import Step, VoiceSettings, claim_step, find_call, new_call, run, start_call
from .twilio_request import call_params, signature_valid
from .twiml import Reply, twiml_response

log = logging.getLogger(__name__)


def settings() -> VoiceSettings:
    config = current_app.config
    return VoiceSettings(helpline=config["HELPLINE_NAME"], voice=config["VOICE"],
                         caller_id=config.get("FREEPHONE_NUMBER"),
                         returning_caller_days=config["RETURNING_CALLER_DAYS"],
                         voicemail_max_s=config["VOICEMAIL_MAX_SECONDS"], secret=config["SECRET_KEY"])


@bp.before_request
def check_signature():
    config = current_app.config
    if config.get("TWILIO_SKIP_SIGNATURE_CHECK"):
        return None
    if signature_valid(request, config.get("TWILIO_AUTH_TOKEN") or "", config.get("PUBLIC_URL")):
        return None
    log.warning("refused a voice webhook without a valid Twilio signature: %s %s from %s",
                request.method, request.path, request.remote_addr)
    return {"error": "this endpoint only answers requests signed by Twilio"}, 403


@bp.errorhandler(Exception)
def failed(exc: Exception):
    """Anything unexpected: apologise, and put the caller through to the fallback number if set."""
    db.session.rollback()
    log.exception("voice webhook %s failed", request.path)
    reply = Reply(current_app.config["VOICE"])
    fallback = current_app.config.get("FALLBACK_NUMBER")
    if fallback:
        reply.say(words.SORRY_FORWARDING)
        reply.twiml.dial(fallback, caller_id=current_app.config.get("FREEPHONE_NUMBER") or None)
    else:
        reply.say(words.SORRY_TECHNICAL).hang_up()
    return twiml_response(str(reply))


def _step(call, params) -> Step:
    return Step(db.session, call, params, now(), settings(), url_for)


def _sorry():
    """For a request too broken to be part of any call (no CallSid, no step number)."""
    return twiml_response(str(Reply(current_app.config["VOICE"]).say(words.SORRY_TECHNICAL).hang_up()))


@bp.post("/incoming")
def incoming():
    """Twilio's Voice URL: a new call."""
    params = call_params(request.form)
    if params.call_sid is None:
        return _sorry()
    call = new_call(params, now(), settings().secret)
    return twiml_response(start_call(_step(call, params), journey.start))


def _answer(handler: Callable[[Step], None]):
    """Run one numbered step of a known call, or repeat the answer a retried request had."""
    params = call_params(request.form)
    n = request.args.get("n", type=int)
    if params.call_sid is None or n is None:
        return _sorry()
    begin_writing(db.session)
    call, fresh = claim_step(db.session, params.call_sid, n)
    if call is None:  # a call we never saw begin: start it properly
        db.session.rollback()
        return twiml_response(str(Reply(current_app.config["VOICE"]).redirect(url_for("voice.incoming"))))
    if not fresh:
        answered = call.last_twiml
        db.session.rollback()
        return twiml_response(answered or str(VoiceResponse()))
    return twiml_response(run(_step(call, params), handler))


@bp.post("/location")
def location():
    return _answer(journey.on_location)


@bp.post("/area")
def area():
    return _answer(journey.on_area)


@bp.post("/topic")
def topic():
    return _answer(journey.on_topic)


@bp.post("/dialled")
def dialled():
    return _answer(connect.on_dialled)


@bp.post("/recorded")
def recorded():
    return _answer(connect.on_recorded)


def _callback(handle) -> str:
    params = call_params(request.form)
    begin_writing(db.session)
    call = find_call(db.session, params.call_sid) if params.call_sid else None
    if call is not None:
        handle(call, params)
        db.session.commit()
    return twiml_response(str(VoiceResponse()))


@bp.post("/recording")
def recording():
    """Recording status callback: a message's audio is stored."""
    return _callback(lambda call, params: connect.on_recording_status(call, params, now()))


@bp.post("/status")
def status():
    """Call status callback: the call has ended; keep how long it lasted and how it ended."""
    return _callback(lambda call, params: connect.on_call_status(db.session, call, params, now()))
