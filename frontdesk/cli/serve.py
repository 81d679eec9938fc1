"""`frontdesk serve`: the development server, or Gunicorn with --production; both run the chat sweeper."""
from __future__ import annotations

import logging
import os
import socket

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import WSGIRequestHandler

from webchat.sweeper import start_sweeper

from .. import create_app
from ..extensions import db, socketio
from ..platform.production import serve_production


class NoDelayRequestHandler(WSGIRequestHandler):
    """Send small writes (Socket.IO acks and events) at once: without TCP_NODELAY, Nagle's
    algorithm holds the second of two quick writes ~40 ms for the client's delayed ACK."""

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class WithoutDevelopmentServerWarning(logging.Filter):
    """Werkzeug (and Flask-SocketIO, when not started from a terminal) warn on every start not to use
    Werkzeug's server in production; `frontdesk serve` says what it is itself (and `--production`
    never uses it), so a new user trying the demo is not alarmed."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "This is a development server" not in message and "used in a production deployment" not in message


def app_with_sweeper() -> Flask:
    """A new app with its chat sweeper running (what each production worker serves)."""
    app = create_app()
    start_sweeper(app)
    return app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--production", is_flag=True,
              help="Serve with Gunicorn (one gthread worker; run one per port behind a proxy: docs/deploy.md).")
@click.option("--threads", default=400, show_default=True, type=click.IntRange(8, 10_000),
              help="With --production: requests and open WebSockets one server handles at once.")
@with_appcontext
def serve(host: str, port: int, production: bool, threads: int) -> None:
    """Run the front desk (web pages, API, webhooks and Socket.IO)."""
    if production:
        serve_production(app_with_sweeper, host, port, threads, current_app.config["LOG_FORMAT"] == "json")
        return
    click.echo(f"Frontdesk on http://{host}:{port}/  (database: {db.engine.url.render_as_string()}; "
               "the development server — in production use --production)")
    logging.getLogger("werkzeug").addFilter(WithoutDevelopmentServerWarning())
    os.environ.pop("FLASK_RUN_FROM_CLI", None)  # this command is the server: let it run
    app = current_app._get_current_object()
    start_sweeper(app)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, request_handler=NoDelayRequestHandler)
