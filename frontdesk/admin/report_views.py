"""Reports and the scorecard (supervisors and admins): parse the filters, build, render or download."""
from __future__ import annotations

from flask import Response, abort, current_app, jsonify, render_template, request
from sqlalchemy import select

from ..actions.records import do_record_export
from ..errors import error_response
from ..extensions import db
from ..models import LocalAuthority, Service
from ..platform.auth import require_staff, staff_user
from ..platform.clock import LONDON, now
from ..platform.transactions import transaction
from ..reports import dashboard
from ..reports.periods import parse_month
from ..reports.scope import Scope, ScopeError, parse_scope
from ..reports.scorecard import build_scorecards, default_month
from .views import bp


def _choices() -> tuple[list, list]:
    services = db.session.execute(select(Service.id, Service.name).order_by(Service.name)).all()
    areas = db.session.execute(select(LocalAuthority.code, LocalAuthority.name).order_by(LocalAuthority.name)).all()
    return services, areas


def _scope(services, areas) -> Scope:
    return parse_scope(request.args, now().astimezone(LONDON).date(), {s for s, _ in services}, {a for a, _ in areas})


def _csv(text: str, filename: str, target: str, **detail) -> Response:
    """A CSV download, recorded in the audit log as an export."""
    do_record_export(db.session, target, user=staff_user(), **detail)
    db.session.commit()
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/reports")
@require_staff("supervisor", "admin")
def reports():
    services, areas = _choices()
    try:
        scope, problem = _scope(services, areas), None
    except ScopeError as exc:
        scope, problem = parse_scope({}, now().astimezone(LONDON).date(), set(), set()), str(exc)
    tables = dashboard.build(db.session, scope)
    return render_template("admin/reports.html", scope=scope, tables=tables, problem=problem, services=services,
                           areas=areas, channels=dashboard.CHANNEL_TITLES), 400 if problem else 200


@bp.get("/reports/<name>.csv")
@transaction("write")  # the download is audited
@require_staff("supervisor", "admin")
def report_csv(name: str):
    if name not in dashboard.REPORTS:
        abort(404)
    try:
        scope = _scope(*_choices())
    except ScopeError as exc:
        return jsonify(error=str(exc)), 400
    table = dashboard.REPORTS[name](db.session, scope)
    return _csv(table.csv_text(), f"frontdesk-{name}-{scope.first_day}-to-{scope.last_day}.csv", f"report:{name}",
                **scope.args())


def _scorecards():
    at = now()
    month = parse_month(request.args["month"]) if request.args.get("month") else default_month(at)
    return build_scorecards(db.session, month, current_app.config["STANDARDS"], at)


@bp.get("/scorecard")
@require_staff("supervisor", "admin")
def scorecard():
    try:
        cards, problem = _scorecards(), None
    except ValueError as exc:
        cards, problem = build_scorecards(db.session, default_month(now()), current_app.config["STANDARDS"],
                                          now()), str(exc)
    return render_template("admin/scorecard.html", cards=cards, problem=problem), 400 if problem else 200


@bp.get("/scorecard.csv")
@transaction("write")  # the download is audited
@require_staff("supervisor", "admin")
def scorecard_csv():
    try:
        cards = _scorecards()
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    return _csv(cards.csv_text(), f"frontdesk-scorecard-{cards.month}.csv", "scorecard", month=cards.month)


@bp.get("/scorecard/<service_id>")
@require_staff("supervisor", "admin")
def service_scorecard(service_id: str):
    try:
        cards = _scorecards()
    except ValueError as exc:
        return error_response(400, str(exc))
    card = next((c for c in cards.cards if c.service == service_id), None)
    if card is None:
        abort(404)
    return render_template("admin/scorecard_service.html", cards=cards, card=card, trend=cards.trend_table(card))
