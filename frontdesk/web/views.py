"""Views for the public pages: thin, the work is in `reads.directory_page`."""
from flask import Blueprint, render_template, request

from ..extensions import db
from ..platform.clock import now
from ..reads.directory_page import directory_rows, summary
from ..rules.store import active_rulebook

bp = Blueprint("web", __name__)
MAX_QUERY = 100


@bp.get("/")
def index():
    at = now()
    return render_template("web/index.html", summary=summary(db.session, at), rulebook=active_rulebook(db.session))


@bp.get("/directory")
def directory():
    at = now()
    query = request.args.get("q", "")[:MAX_QUERY]
    return render_template("web/directory.html", rows=directory_rows(db.session, at, query), query=query,
                           summary=summary(db.session, at))


@bp.get("/privacy")
def privacy():
    return render_template("web/privacy.html")
