"""Operator pages: reports, the scorecard, the rulebook and the route tester (supervisors and admins),
and the audit log (admins). All on one blueprint, `views.bp`."""
from . import report_views, rulebook_views, views

bp = views.bp
__all__ = ["bp", "report_views", "rulebook_views"]
