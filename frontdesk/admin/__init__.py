"""Operator pages: reports, the scorecard, the rulebook and the route tester (supervisors and admins),
and the audit log (admins)."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import report_views, rulebook_views, views  # noqa: E402,F401  (registers the routes)
