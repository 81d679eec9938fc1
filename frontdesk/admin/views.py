"""Admin views: thin; the log is read in `frontdesk.audit`."""
from flask import render_template, request

from .. import audit
from ..auth import require_staff
from ..extensions import db
from . import bp

PAGE = 100


@bp.get("/audit")
@require_staff("admin")
def audit_log():
    action = request.args.get("action") or None
    if action not in audit.ACTIONS:
        action = None
    actor = (request.args.get("actor") or "").strip()[:200] or None
    found = audit.entries(db.session, action, actor, request.args.get("before", type=int), PAGE)
    return render_template("audit.html", entries=found, actions=audit.ACTIONS, action=action, actor=actor or "",
                           older=found[-1].id if len(found) == PAGE else None)
