"""Health for load balancers and orchestrators: /healthz (the process answers) and /readyz (it can
do its work: the database answers, and Redis does when it carries Socket.IO between workers)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from .extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


def readiness() -> dict[str, str]:
    """Each dependency's state: "ok", or what went wrong."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready; say which
        checks["database"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        db.session.rollback()
    url = current_app.config.get("REDIS_URL")
    if url:
        import redis
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
            client.ping()
            client.close()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    return checks


@bp.get("/readyz")
def readyz():
    checks = readiness()
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503
