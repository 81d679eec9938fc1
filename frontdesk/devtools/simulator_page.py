"""The phone simulator page (`/simulator`): try the phone line in a browser, no Twilio account needed.

Registered only when the PHONE_SIMULATOR setting is on (the default in development, never
in production): it signs requests with the app's Twilio auth token. The call's state lives in
the signed session cookie, so any worker can carry it on; the webhooks are called in-process
through the app's own test client, signed like Twilio.
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request, session

from ..contacts.phone_numbers import caller_number
from ..errors import error_response
from ..extensions import db
from ..platform.transactions import transaction
from .call_log import DEMO_CALLER, DEMO_FREEPHONE, call_log, number_names
from .phone_simulator import ACTIONS, FlaskTransport, Simulator, SimulatorError, Turn, new_call, perform

bp = Blueprint("phone_simulator", __name__, url_prefix="/simulator")

STATE = "phone_simulator"
MAX_VALUE = 500


def _simulator(state: dict) -> Simulator:
    config = current_app.config
    transport = FlaskTransport(current_app.test_client(), request.host_url, config["TWILIO_AUTH_TOKEN"],
                               config.get("PUBLIC_URL"))
    describe = number_names(db.session)
    db.session.rollback()  # end this request's read, so the log read afterwards sees the call's writes
    return Simulator(transport, state, describe)


def _answer(state: dict, turn: Turn):
    session[STATE] = state
    waiting = state.get("waiting") or {}
    return jsonify({"lines": turn.lines, "twiml": turn.twiml[-1] if turn.twiml else None,
                    "waiting": None if state["ended"] else {
                        "kind": waiting.get("kind"), "keys": int(waiting.get("numDigits") or 0) or None,
                        "number": waiting.get("number")},
                    "ended": state["ended"], "log": call_log(db.session, state["sid"])})


@bp.get("/")
def page():
    return render_template("devtools/phone_simulator.html", demo_caller=DEMO_CALLER)


@bp.post("/call")
@transaction("read")  # the webhooks it calls write, each in a transaction of its own
def call():
    """Start a call from the number given ("withheld" for none)."""
    data = request.get_json(silent=True) or {}
    raw = str(data.get("from") or "").strip()
    if data.get("withheld"):
        number = "anonymous"
    else:
        number = caller_number(raw)
        if number is None:
            return error_response(400, f"'{raw[:40]}' is not a phone number we could call back; "
                                       "try 07700 900123, or choose to withhold the number")
    state = new_call(number, current_app.config.get("FREEPHONE_NUMBER") or DEMO_FREEPHONE)
    turn = _simulator(state).start()
    return _answer(state, turn)


@bp.post("/act")
@transaction("read")
def act():
    """Press keys, say something, decide what a dialled service does, leave a message or hang up."""
    data = request.get_json(silent=True) or {}
    state = session.get(STATE)
    action, value = str(data.get("action") or ""), str(data.get("value") or "")
    if state is None:
        return error_response(409, "there is no call in progress: start one first")
    if action not in ACTIONS:
        return error_response(400, f"unknown action '{action[:20]}'; use one of {', '.join(ACTIONS)}")
    if len(value) > MAX_VALUE:
        return error_response(400, f"keep it under {MAX_VALUE} characters")
    try:
        turn = perform(_simulator(state), action, value)
    except SimulatorError as exc:
        return error_response(409, str(exc))
    return _answer(state, turn)
