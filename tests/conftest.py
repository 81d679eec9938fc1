"""Shared fixtures: an app on a fresh database (SQLite, or PostgreSQL when
FRONTDESK_TEST_DATABASE_URL is set), a settable clock, and the demo directory."""
from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from frontdesk import create_app
from frontdesk.platform.clock import parse_time
from frontdesk.extensions import db as _db

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TWILIO_TOKEN = "test-twilio-auth-token"
FREEPHONE = "+448081570123"
VOLATILE = ("audit_log", "phone_calls", "callback_requests", "chat_messages", "chats", "partner_sites", "canned_responses",
            "handoff_events", "decisions", "contacts", "api_tokens",
            "staff_users", "postcodes", "rulebook_versions")


class Clock:
    """A clock tests set by hand; the app reads it through FRONTDESK_CLOCK."""

    def __init__(self) -> None:
        self.at = datetime(2026, 11, 25, 11, 0, tzinfo=timezone.utc)  # a Wednesday, 11:00 in London

    def set(self, when: str | datetime) -> datetime:
        self.at = parse_time(when) if isinstance(when, str) else when
        return self.at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """One database for the run: a SQLite file, or a fresh schema in the PostgreSQL test database."""
    url = os.environ.get("FRONTDESK_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'frontdesk-test.db'}", {}
        return
    schema = f"fd_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield url, {"connect_args": {"options": f"-csearch_path={schema}"}}
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def prepared(database_url):
    """Migrate the test database once and load the demo directory into it."""
    url, engine_options = database_url
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options}})
    from frontdesk.actions.directory import do_install_authorities as install_authorities, do_install_demo_services as install_demo_services
    from frontdesk.platform.migrate import upgrade
    with app.app_context():
        upgrade()
        install_authorities(_db.session)
        install_demo_services(_db.session)
        _db.session.commit()
        _db.engine.dispose()
    return url, engine_options


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(prepared, clock, tmp_path):
    """The app on the prepared database; rows a test adds are removed after it, and a test
    that changes the directory gets the demo directory back."""
    url, engine_options = prepared
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "FRONTDESK_CLOCK": clock,
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options},
                      "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": True,
                      "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "FREEPHONE_NUMBER": FREEPHONE})
    from frontdesk.actions.directory import do_install_authorities as install_authorities
    from frontdesk.actions.directory import do_install_demo_services as install_demo_services
    from frontdesk.actions.directory import do_save_services as save_services
    from frontdesk.directory.store import revision
    with app.app_context():
        before = revision(_db.session)
    yield app
    with app.app_context():
        _db.session.rollback()
        for table in VOLATILE:
            _db.session.execute(text(f"DELETE FROM {table}"))
        if revision(_db.session) != before:
            install_authorities(_db.session)
            save_services(_db.session, [], replace=True)
            install_demo_services(_db.session)
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def make_app(prepared):
    """Another app on the test database with different settings; its connections are closed after."""
    url, engine_options = prepared
    made = []

    def make(**settings):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret",
                          "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options},
                          "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, **settings})
        made.append(app)
        return app
    yield make
    for app in made:
        with app.app_context():
            _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database session, inside an app context."""
    with app.app_context():
        yield _db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
