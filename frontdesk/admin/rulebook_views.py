"""The rulebook page: the rulebook in force, earlier versions, and a draft checked, compared and
replayed before it is published (supervisors); publishing and rolling back (admins)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from routing_rules import RulebookError

from ..actions.rulebooks import do_publish_rulebook, do_roll_back_rulebook
from ..directory.store import service_names
from ..extensions import db
from ..platform.auth import require_staff, staff_user
from ..platform.clock import LONDON, now
from ..platform.transactions import transaction
from ..reports.scope import ScopeError, parse_scope
from ..rules.diff import side_by_side
from ..rules.replay import replay
from ..rules.store import active_version, check_rulebook, versions
from .views import bp

DRAFT_NAME = "draft.yaml"
SAME_MOMENT = "someone else published a rulebook at the same moment: look at the rulebook in force, then try again"


def _page(draft: str | None = None, status: int = 200, **result):
    """The page, with whatever a draft's check, diff and replay found."""
    active = active_version(db.session)
    today = now().astimezone(LONDON).date()
    period = result.pop("period", None) or parse_scope({}, today, set(), set())
    return render_template("admin/rulebook.html", active=active, versions=versions(db.session),
                           draft=draft if draft is not None else (active.source if active else ""),
                           period=period, names=service_names(db.session), **result), status


def _draft_text() -> tuple[str, str]:
    """The draft from the form: an uploaded file if one was chosen, else the text box."""
    upload = request.files.get("file")
    if upload and upload.filename:
        data = upload.read()
        try:
            return data.decode("utf-8-sig"), upload.filename
        except UnicodeDecodeError:
            raise ValueError(f"{upload.filename} is not UTF-8 text; save it as UTF-8 and try again") from None
    return request.form.get("draft", "").replace("\r\n", "\n"), DRAFT_NAME


@bp.get("/rulebook")
@require_staff("supervisor", "admin")
def rulebook():
    return _page()


@bp.post("/rulebook/draft")
@transaction("read")  # checks, compares and replays: nothing is written (and a replay is long)
@require_staff("supervisor", "admin")
def rulebook_draft():
    """Check the draft; if it is sound, compare it with the rulebook in force and replay it."""
    try:
        text, name = _draft_text()
    except ValueError as exc:
        return _page(request.form.get("draft", ""), 400, upload_problem=str(exc))
    try:
        draft = check_rulebook(db.session, text, name)
    except RulebookError as exc:
        return _page(text, 400, problems=exc.problems, checked_name=name)
    try:
        period = parse_scope(request.form, now().astimezone(LONDON).date(), set(), set())
    except ScopeError as exc:
        return _page(text, 400, checked=draft, checked_name=name, period_problem=str(exc))
    active = active_version(db.session)
    result = replay(db.session, draft, period.since, period.until)
    return _page(text, checked=draft, checked_name=name, period=period, replayed=result,
                 diff=side_by_side(active.source if active else "", text))


@bp.post("/rulebook/publish")
@require_staff("admin")
def rulebook_publish():
    text = request.form.get("draft", "").replace("\r\n", "\n")
    try:
        row = do_publish_rulebook(db.session, text, DRAFT_NAME, by=staff_user().email)
        db.session.commit()
    except RulebookError as exc:
        db.session.rollback()
        return _page(text, 400, problems=exc.problems, checked_name=DRAFT_NAME)
    except IntegrityError:
        db.session.rollback()
        return _page(text, 409, upload_problem=SAME_MOMENT)
    flash(f"Published “{row.title}” ({row.version}). New contacts are routed by it now; earlier versions are kept.")
    return redirect(url_for("admin.rulebook"))


@bp.post("/rulebook/versions/<path:version>/activate")
@require_staff("admin")
def rulebook_roll_back(version: str):
    try:
        row = do_roll_back_rulebook(db.session, version, by=staff_user().email)
    except LookupError as exc:
        return _page(status=404, upload_problem=str(exc))
    except RulebookError as exc:
        db.session.rollback()
        return _page(status=400, upload_problem=f"{version} no longer fits the directory: {exc.problems[0].message}")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _page(status=409, upload_problem=SAME_MOMENT)
    flash(f"Rolled back to “{row.title}” ({row.version}). New contacts are routed by it now.")
    return redirect(url_for("admin.rulebook"))
