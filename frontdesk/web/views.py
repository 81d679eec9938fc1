"""Views for the public pages: thin, the work is in `directory_view`."""
from flask import render_template, request

from ..clock import now
from ..extensions import db
from ..rulebooks import active_rulebook
from . import bp
from .directory_view import directory_rows, summary


@bp.get("/")
def index():
    at = now()
    return render_template("web/index.html", summary=summary(db.session, at), rulebook=active_rulebook(db.session))


@bp.get("/directory")
def directory():
    at = now()
    query = request.args.get("q", "")[:100]
    return render_template("web/directory.html", rows=directory_rows(db.session, at, query), query=query,
                           summary=summary(db.session, at))


@bp.get("/privacy")
def privacy():
    return render_template("web/privacy.html")
