"""API views: parse the request, call one action or read, answer JSON."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..actions.records import do_view_contact, do_view_transcript
from ..contacts.input import ContactError, parse_contact
from ..errors import error_response
from ..extensions import db
from ..platform.auth import require_staff, staff_user
from ..platform.clock import now, parse_time
from ..platform.transactions import transaction
from ..reads import audit
from ..rules.decide import decide

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_BATCH = 1000
MAX_AUDIT = 500


@bp.post("/route")
@transaction("read")  # logs nothing
@require_staff("supervisor", "admin")
def route():
    """Decide for one contact (a JSON object) or several (an array); logs nothing."""
    data = request.get_json(silent=True)
    if data is None:
        return error_response(400, "send a contact as JSON (Content-Type: application/json)")
    at = now()
    if request.args.get("at"):
        try:
            at = parse_time(request.args["at"])
        except ValueError:
            return error_response(400, "'at' must be an ISO 8601 time")
    contacts = data if isinstance(data, list) else [data]
    if len(contacts) > MAX_BATCH:
        return error_response(413, f"at most {MAX_BATCH} contacts per request")
    decisions = []
    for index, item in enumerate(contacts):
        try:
            inp = parse_contact(item, at)
        except ContactError as exc:
            where = {"index": index} if isinstance(data, list) else {}
            return error_response(400, "the contact is not valid", fields=exc.errors, **where)
        decisions.append(decide(db.session, inp).to_json())
    return jsonify(decisions if isinstance(data, list) else decisions[0])


def _viewed(view, record_id: str):
    """A record looked at through the API, with the look in the audit log (`view` is the action)."""
    record = view(db.session, staff_user(), record_id, now(), via="api")
    db.session.commit()
    return jsonify(record)


@bp.get("/contacts/<contact_id>")
@transaction("write")  # the look is audited
@require_staff()
def contact(contact_id: str):
    """One contact with its decisions and handoff events, if the staff member may see it."""
    return _viewed(do_view_contact, contact_id)


@bp.get("/chats/<chat_id>")
@transaction("write")  # the look is audited
@require_staff()
def chat(chat_id: str):
    """One chat conversation: details, messages and handoff log, if the staff member may read it."""
    return _viewed(do_view_transcript, chat_id)


@bp.get("/audit")
@require_staff("admin")
def audit_log():
    """The audit log, newest first (`action`, `actor`, `before` an entry id, `limit` up to 500)."""
    limit = min(max(request.args.get("limit", 100, type=int), 1), MAX_AUDIT)
    found = audit.entries(db.session, request.args.get("action"), request.args.get("actor"),
                          request.args.get("before", type=int), limit)
    return jsonify([audit.entry_json(e) for e in found])
