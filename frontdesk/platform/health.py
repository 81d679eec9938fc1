"""Health for load balancers and orchestrators: /healthz (the process answers) and /readyz (it can
do its work: the database answers, and Redis does when it carries Socket.IO between workers).

The answers say only "ok" or "failed" for each check (they may be reachable from outside); what
failed, with the driver's message, goes to the log."""
from __future__ import annotations

import logging

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from ..extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


def readiness() -> dict[str, str]:
    """Each dependency's state: "ok" or "failed"."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any failure means not ready
        log.warning("readiness: the database check failed", exc_info=True)
        checks["database"] = "failed"
    finally:
        db.session.rollback()
    url = current_app.config.get("REDIS_URL")
    if url:
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
            client.ping()
            client.close()
            checks["redis"] = "ok"
        except Exception:
            log.warning("readiness: the Redis check failed", exc_info=True)
            checks["redis"] = "failed"
    return checks


@bp.get("/readyz")
def readyz():
    checks = readiness()
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503
