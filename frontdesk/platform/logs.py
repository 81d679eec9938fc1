"""Structured logs: one JSON object a line, each with the request's id and, once known, the contact's.

Every HTTP request (and Socket.IO event) gets an id: the proxy's X-Request-Id if it sent a sane
one, else a new one; it is returned in the X-Request-Id header and put on every log line written
while the request is handled, with the contact id when code has said which contact it is about
(`tag_contact`). Each request ends with one line: method, path, status and duration.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, g, has_request_context, request

log = logging.getLogger("frontdesk.requests")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def tag_contact(contact_id: str | None) -> None:
    """Say which contact the current request is about, for its log lines."""
    if contact_id and has_request_context():
        g.contact_id = contact_id


class RequestContext(logging.Filter):
    """Adds request_id and contact_id to records written while a request is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = getattr(g, "request_id", None)
            record.contact_id = getattr(g, "contact_id", None)
        return True


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
               "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        out.update({k: v for k, v in vars(record).items() if k not in _STANDARD and v is not None})
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str)


def configure(app: Flask) -> None:
    """Request ids on every request; JSON lines on stderr when FRONTDESK_LOG_FORMAT is json."""
    if app.config.get("LOG_FORMAT") == "json":
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JSONFormatter())
        handler.addFilter(RequestContext())
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # our own line says the same, with the ids

    @app.before_request
    def start():
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def finish(response):
        response.headers["X-Request-Id"] = g.get("request_id", "")
        if request.path not in ("/healthz", "/readyz") and not request.path.startswith("/static/"):
            log.info("%s %s %s", request.method, request.path, response.status_code,
                     extra={"method": request.method, "path": request.path, "status": response.status_code,
                            "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1)})
        return response
