"""Console pages: sign in and out, the live console, and one conversation's transcript."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ..actions.records import do_view_transcript
from ..actions.staff import do_sign_in, do_sign_out
from ..directory.store import service_name
from ..extensions import db
from ..models import StaffUser
from ..platform.auth import require_staff, staff_user
from ..platform.clock import now
from ..platform.transactions import transaction

bp = Blueprint("console", __name__)
MAX_EMAIL = 200


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never send someone to another website after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("console.page")


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(_safe_next(request.args.get("next")))
        return render_template("console/signin.html", error=None, email="", next=request.args.get("next", ""))
    email = request.form.get("email", "").strip().lower()[:MAX_EMAIL]
    user = do_sign_in(db.session, email, request.form.get("password", ""), now(), request.remote_addr)
    db.session.commit()
    if user is None:
        return render_template("console/signin.html", error="The email address or password is not right.",
                               email=email, next=request.form.get("next", "")), 401
    login_user(user)
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/signout")
def signout():
    if current_user.is_authenticated:
        do_sign_out(db.session, db.session.get(StaffUser, current_user.id), now())
        db.session.commit()
    logout_user()
    return redirect(url_for("console.signin"))


@bp.get("/console/")
def page():
    if not current_user.is_authenticated:
        return redirect(url_for("console.signin", next=request.path))
    user = staff_user()
    return render_template("console/console.html", user=user,
                           service_name=service_name(db.session, user.service_id) if user.service_id else None)


@bp.get("/console/chats/<chat_id>")
@transaction("write")  # the look is audited
@require_staff()
def chat_page(chat_id: str):
    record = do_view_transcript(db.session, staff_user(), chat_id, now(), via="page")
    db.session.commit()
    return render_template("console/chat_page.html", chat=record, messages=record["messages"], events=record["events"])

