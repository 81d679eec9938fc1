"""Frontdesk: the omnichannel front desk for SEND families. `create_app` builds the Flask app.

The factory is the one place that puts the parts together: the extensions, the blueprints of
every area, the Socket.IO namespaces of the console and of the chat widget (`webchat`, which
only this factory and the command line import), and the page filters.
"""
from __future__ import annotations

import logging
import sys

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webchat.namespace import FamilyNamespace
from webchat.sites import any_site_allows
from webchat.views import bp as webchat_bp

from . import config as settings
from . import errors
from .admin import bp as admin_bp
from .api import bp as api_bp
from .console import bp as console_bp
from .console.namespace import ConsoleNamespace
from .contacts import phone_numbers
from .devtools.simulator_page import bp as simulator_bp
from .directory.opening_text import hours_summary
from .extensions import csrf, db, login, socketio
from .platform import auth, logs
from .platform import transactions
from .platform.clock import london_time
from .platform.health import bp as health_bp
from .platform.rooms import CONSOLE, FAMILY
from .reports.periods import month_name
from .reports.standards import format_figure
from .video import bp as video_bp
from .voice import bp as voice_bp
from .web import bp as web_bp

log = logging.getLogger(__name__)


def create_app(config: dict | None = None) -> Flask:
    """Build the app. Settings: defaults, then FRONTDESK_* variables, then `config`."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(settings.Defaults)
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)
    settings.finish(app.config, app.instance_path)

    db.init_app(app)
    csrf.init_app(app)
    login.init_app(app)
    socketio.init_app(app, message_queue=app.config.get("REDIS_URL"), channel=app.config["SOCKETIO_CHANNEL"],
                      async_mode="threading", cors_allowed_origins=_allowed_origins(app),
                      # The session id in an "io" cookie on the handshake, so that a proxy can learn which
                      # server holds each long-polling session (docs/deploy/haproxy.cfg).
                      cookie={"name": "io", "path": "/socket.io", "httponly": True, "samesite": "Lax"})

    transactions.init_app(app)  # first: a writing request begins as a writer before anything reads
    app.jinja_env.filters.update(phone=phone_numbers.display, masked_phone=phone_numbers.masked,
                                 hours=hours_summary, london=london_time, figure=format_figure, month=month_name)
    logs.configure(app)
    auth.init_app(app)
    errors.init_app(app)
    for blueprint in (health_bp, web_bp, api_bp, voice_bp, video_bp, console_bp, admin_bp, webchat_bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # the JSON API authenticates with bearer tokens, not cookies
    socketio.on_namespace(FamilyNamespace(FAMILY))
    socketio.on_namespace(ConsoleNamespace(CONSOLE))
    app.config["CSRF_EXEMPT_BLUEPRINTS"] = ("voice", "video")  # Twilio signs these instead
    if app.config["PHONE_SIMULATOR"]:
        app.register_blueprint(simulator_bp)
    if app.config["TWILIO_SKIP_SIGNATURE_CHECK"]:
        _announce_unsigned_webhooks()
    if app.config["TRUSTED_PROXIES"]:  # request.remote_addr is the client's, from the proxies' X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=0)
    return app


def _allowed_origins(app: Flask):
    """Socket.IO's cross-origin check: our own pages, and the partner sites' registered origins
    (each connection is then checked against its own site's list)."""
    def allowed(origin: str | None, environ: dict) -> bool:
        if not origin:  # not a cross-origin request: nothing to allow (asked on every polling request)
            return False
        if "frontdesk.cors" not in environ:  # asked twice per request: look once
            own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
            public = (app.config.get("PUBLIC_URL") or "").rstrip("/")
            if origin in (own, public):
                environ["frontdesk.cors"] = True
            else:
                with app.app_context():
                    environ["frontdesk.cors"] = any_site_allows(db.session, origin)
        return environ["frontdesk.cors"]
    return allowed


def _announce_unsigned_webhooks() -> None:
    message = ("FRONTDESK_TWILIO_SKIP_SIGNATURE_CHECK is on: the phone webhooks accept requests that "
               "Twilio did not sign. Anyone who can reach /voice/ can fake calls. Never run like this "
               "where the public can reach the app.")
    log.critical(message)
    print(f"\n{'!' * 78}\n{message}\n{'!' * 78}\n", file=sys.stderr)
