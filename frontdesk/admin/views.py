"""Operator views: thin; the log is read in `frontdesk.audit`, the tester's form in `tester`."""
from flask import render_template, request

from routing_rules.contact import CONTACT_CHANNELS

from .. import audit
from ..auth import require_staff
from ..display import TOPIC_TITLES
from ..extensions import db
from ..routing import decide
from . import bp, tester

PAGE = 100


@bp.get("/audit")
@require_staff("admin")
def audit_log():
    action = request.args.get("action") or None
    if action not in audit.ACTIONS:
        action = None
    actor = (request.args.get("actor") or "").strip()[:200] or None
    found = audit.entries(db.session, action, actor, request.args.get("before", type=int), PAGE)
    return render_template("admin/audit.html", entries=found, actions=audit.ACTIONS, action=action, actor=actor or "",
                           older=found[-1].id if len(found) == PAGE else None)


@bp.get("/route-tester")
@require_staff("supervisor", "admin")
def route_tester():
    """Type what a family might say, pick a channel and a time, and see the decision and its trace."""
    form, contact, problems = tester.read_form(request.args)
    decision = decide(db.session, contact) if contact else None
    return render_template("admin/route_tester.html", form=form or tester.blank_form(), decision=decision, problems=problems,
                           topics=TOPIC_TITLES, channels=CONTACT_CHANNELS)
