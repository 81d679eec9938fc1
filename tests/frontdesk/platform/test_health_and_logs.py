"""Health and readiness for load balancers, and structured logs with request and contact ids."""
from __future__ import annotations

import json
import logging

from frontdesk.platform.logs import JSONFormatter, RequestContext


def test_healthz_answers_and_readyz_checks_the_database(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json() == {"status": "ready", "checks": {"database": "ok"}}


def test_readyz_says_which_dependency_is_down(app, client):
    # Only readiness reads REDIS_URL after start-up; an app made with it would bind Socket.IO to Redis.
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    answer = client.get("/readyz")
    body = answer.get_json()
    assert answer.status_code == 503 and body["status"] == "not ready"
    assert body["checks"] == {"database": "ok", "redis": "failed"}  # the reason is logged, not shown
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    assert client.get("/readyz").get_json()["checks"] == {"database": "ok", "redis": "ok"}


def test_every_request_has_an_id_and_one_json_line(app, client, caplog):
    handler = logging.StreamHandler()
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestContext())
    with caplog.at_level(logging.INFO, logger="frontdesk.requests"):
        caplog.handler.addFilter(RequestContext())
        given = client.get("/privacy", headers={"X-Request-Id": "lb-42"})
        made = client.get("/privacy", headers={"X-Request-Id": "not a sane id; drop table"})
    assert given.headers["X-Request-Id"] == "lb-42"
    assert len(made.headers["X-Request-Id"]) == 32  # a new one, not what was sent
    lines = [json.loads(handler.format(r)) for r in caplog.records if r.name == "frontdesk.requests"]
    assert lines[0]["request_id"] == "lb-42" and lines[0]["path"] == "/privacy" and lines[0]["status"] == 200
    assert lines[0]["message"] == "GET /privacy 200" and lines[0]["duration_ms"] >= 0
    assert lines[1]["request_id"] == made.headers["X-Request-Id"]


def test_a_phone_webhooks_log_lines_name_the_contact(app, db, caplog):
    from tests.support import Phone
    phone = Phone(app)
    with caplog.at_level(logging.INFO, logger="frontdesk.requests"):
        caplog.handler.addFilter(RequestContext())
        phone.call().do("say", "B73 5AA")
    from sqlalchemy import select

    from frontdesk.models import PhoneCall
    contact = db.scalar(select(PhoneCall.contact_id).where(PhoneCall.call_sid == phone.sid))
    webhook_lines = [r for r in caplog.records if r.name == "frontdesk.requests" and r.path.startswith("/voice/")]
    assert [(r.path, r.contact_id) for r in webhook_lines] == [(r.path, contact) for r in webhook_lines]


def test_bad_log_settings_are_refused(make_app):
    import pytest
    with pytest.raises(RuntimeError, match="FRONTDESK_LOG_FORMAT must be json or text"):
        make_app(LOG_FORMAT="xml")
