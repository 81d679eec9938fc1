"""Shared fixtures: an app on a test database (SQLite, or PostgreSQL when
FRONTDESK_TEST_DATABASE_URL is set) with the demo directory, a settable clock, families and
advisors on Socket.IO, a phone caller, and Twilio's REST API recorded. The helpers behind them
are in tests/support.py.

Isolation: after each test every table the models define is emptied, except the tables the
directory was seeded into before the first test (found by looking, not listed by hand); those
are put back when a test changed the directory. A new model's table is cleaned with no change here.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from frontdesk import create_app
from frontdesk.actions.directory import do_install_authorities, do_install_demo_services, do_save_services
from frontdesk.actions.sites import do_add_site
from frontdesk.actions.staff import do_create_staff
from frontdesk.directory.store import revision
from frontdesk.extensions import db as _db
from frontdesk.models import Base, StaffUser
from frontdesk.platform.migrate import upgrade
from tests.support import (ACCOUNT, FREEPHONE, PARTNER, PASSWORD, SITE, TWILIO_TOKEN, Advisor, Clock, Family, Phone,
                           RecordingTwilio, Tab)


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
    """Migrate the test database once and load the demo directory into it. Returns the URL, the
    engine options and the names of the tables the seeding wrote to (kept between tests)."""
    url, engine_options = database_url
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options}})
    with app.app_context():
        upgrade()
        do_install_authorities(_db.session)
        do_install_demo_services(_db.session)
        _db.session.commit()
        seeded = frozenset(table.name for table in Base.metadata.sorted_tables
                           if _db.session.scalar(select(func.count()).select_from(table)))
        _db.session.remove()
        _db.engine.dispose()
    return url, engine_options, seeded


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _empty_what_tests_wrote(session, seeded: frozenset[str], directory_before: int) -> None:
    for table in reversed(Base.metadata.sorted_tables):  # children before the rows they point at
        if table.name not in seeded:
            session.execute(table.delete())
    if revision(session) != directory_before:
        do_install_authorities(session)
        do_save_services(session, [], replace=True)
        do_install_demo_services(session)


@pytest.fixture
def app(prepared, clock, tmp_path):
    """The app on the prepared database; what a test writes is removed after it, and a test
    that changes the directory gets the demo directory back."""
    url, engine_options, seeded = prepared
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "FRONTDESK_CLOCK": clock,
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, **engine_options},
                      "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": True,
                      "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "FREEPHONE_NUMBER": FREEPHONE})
    with app.app_context():
        before = revision(_db.session)
    yield app
    with app.app_context():
        _db.session.rollback()
        _empty_what_tests_wrote(_db.session, seeded, before)
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def make_app(prepared):
    """Another app on the test database with different settings; its connections are closed after."""
    url, engine_options, _ = prepared
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
    """The app's database session, inside an app context."""
    with app.app_context():
        yield _db.session


@pytest.fixture
def own_session(app):
    """A plain session of the test's own, outside any app context. Tests that drive Socket.IO
    use it: with an app context held open by the test, every request and Socket.IO event would
    share it (and its `g`, where Flask-Login keeps the signed-in user), which is never so in a
    real server."""
    with app.app_context():
        engine = _db.engine
    with Session(engine) as session:
        yield session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- chat: a partner site, families on the widget's namespace, advisors on the console's --------

@pytest.fixture
def site(own_session):
    do_add_site(own_session, "Westmere Parent Carer Forum", [PARTNER], key=SITE)
    own_session.commit()
    return SITE


@pytest.fixture
def staff(own_session):
    """Accounts: a Birmingham IASS advisor, a second one, a national advisor, a Sutton IASS advisor,
    a supervisor — all available."""
    made = {}
    for key, email, name, role, service in [
        ("ben", "ben@bham.example", "Ben (Birmingham SENDIASS)", "advisor", "birmingham-iass"),
        ("bea", "bea@bham.example", "Bea (Birmingham SENDIASS)", "advisor", "birmingham-iass"),
        ("nadia", "nadia@national.example", "Nadia (national)", "advisor", "national-helpline"),
        ("sid", "sid@sutton.example", "Sid (Sutton IASS)", "advisor", "sutton-iass"),
        ("sam", "sam@example", "Sam (supervisor)", "supervisor", None),
    ]:
        made[key] = do_create_staff(own_session, email, name, role, PASSWORD, service)
    ids = {key: user.id for key, user in made.items()}
    own_session.commit()  # and hold no transaction open: the server's handlers write next
    return ids


@pytest.fixture
def tabs():
    """Every tab a test opens, disconnected after it."""
    opened: list[Tab] = []
    yield opened
    for tab in opened:
        if tab.client.is_connected(tab.namespace):
            tab.client.disconnect(namespace=tab.namespace)


@pytest.fixture
def family(app, site, tabs):
    """Make a family's tab: family() for a new one, family(token) to come back to a conversation."""
    def make(token: str | None = None, **kwargs) -> Family:
        tabs.append(Family(app, token, **kwargs))
        return tabs[-1]
    return make


@pytest.fixture
def advisor(app, staff, tabs):
    """Sign a staff member in to the console: advisor("ben")."""
    def make(key: str) -> Advisor:
        with app.app_context():
            tabs.append(Advisor(app, _db.session.get(StaffUser, staff[key])))
        return tabs[-1]
    return make


@pytest.fixture
def twilio(app):
    """Twilio configured, with the SDK's requests recorded instead of sent."""
    client = RecordingTwilio()
    app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_HTTP_CLIENT=client)
    return client


# --- phone -------------------------------------------------------------------------------------

@pytest.fixture
def phone(app):
    return Phone(app)
