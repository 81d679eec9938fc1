"""Operator views: the audit log and the route tester; thin, the log is read in `reads.audit`,
the tester's form in `rules.tester`. The blueprint all operator pages are on is made here."""
from flask import Blueprint, render_template, request

from routing_rules.contact import CONTACT_CHANNELS
from routing_rules.topics import TOPIC_TABLE

from ..extensions import db
from ..platform.auth import require_staff
from ..reads import audit
from ..rules import tester
from ..rules.decide import decide

bp = Blueprint("admin", __name__, url_prefix="/admin")
PAGE = 100
MAX_ACTOR = 200


@bp.get("/audit")
@require_staff("admin")
def audit_log():
    action = request.args.get("action") or None
    if action not in audit.ACTIONS:
        action = None
    actor = (request.args.get("actor") or "").strip()[:MAX_ACTOR] or None
    found = audit.entries(db.session, action, actor, request.args.get("before", type=int), PAGE)
    return render_template("admin/audit.html", entries=found, actions=audit.ACTIONS, action=action, actor=actor or "",
                           older=found[-1].id if len(found) == PAGE else None)


@bp.get("/route-tester")
@require_staff("supervisor", "admin")
def route_tester():
    """Type what a family might say, pick a channel and a time, and see the decision and its trace."""
    form, contact, problems = tester.read_form(request.args)
    decision = decide(db.session, contact) if contact else None
    return render_template("admin/route_tester.html", form=form or tester.blank_form(), decision=decision,
                           problems=problems, topics={t.id: t.title for t in TOPIC_TABLE}, channels=CONTACT_CHANNELS)
