"""The widget's files, the topics for its form, and the demo partner page."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from routing_rules.topics import TOPIC_TABLE

bp = Blueprint("webchat", __name__, static_folder="static", static_url_path="/webchat", template_folder="templates")

DEMO_SITE = "demo-partner"


@bp.get("/webchat/topics.json")
def topics():
    response = jsonify([{"id": topic.id, "label": topic.title} for topic in TOPIC_TABLE])
    response.headers["Access-Control-Allow-Origin"] = "*"  # public, and read by partner pages
    return response


WIDGET_ENTRY = "/webchat/widget.js"  # the one file partners embed; everything else it loads is named from it


@bp.after_app_request
def widget_files_for_partners(response):
    # Partner pages load the widget's script, stylesheet and (as ES modules, which need CORS) its
    # lazily loaded parts and Socket.IO from here.
    if request.path.startswith("/webchat/") or request.path.startswith("/static/vendor/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    if request.path == WIDGET_ENTRY:
        # Asked again (cheaply, by its ETag) on every page view, so a new release reaches families at
        # once and never meets the parts an old cached copy would look for.
        response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/demo/partner")
def demo_partner():
    """A partner's page embedding the widget, as a partner would (demo set-up only)."""
    if not current_app.config["DEMO_PAGES"]:
        abort(404)
    return render_template("webchat/demo_partner.html", frontdesk_url=request.host_url.rstrip("/"),
                           site_key=request.args.get("site", DEMO_SITE)[:40])
