"""Chat fixtures: a partner site, families on the widget's namespace, advisors on the console's.

Here `db` is a plain session of the test's own, outside any app context: with an app context
held open by the test, every request and Socket.IO event would share it (and its `g`, where
Flask-Login keeps the signed-in user), which is never so in a real server.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session
from twilio.http import HttpClient
from twilio.http.response import Response

from frontdesk.actions.staff import do_create_staff as create_staff
from frontdesk.extensions import db as _db
from frontdesk.extensions import socketio
from frontdesk.models import StaffUser
from frontdesk.actions.sites import do_add_site as add_site

ACCOUNT = "AC" + "0" * 32
PARTNER = "https://www.westmere-forum.example"
SITE = "test-site"
PASSWORD = "correct horse battery"


class Tab:
    """A Socket.IO test client with an inbox: `events(name)` takes that event's data out of it."""

    namespace = "/"

    def _drain(self) -> None:
        for packet in self.client.get_received(self.namespace):
            args = packet["args"]
            self.inbox.append((packet["name"], args[0] if isinstance(args, list) and args else args))

    def events(self, name: str) -> list:
        """The data of every `name` event sent since last asked (oldest first)."""
        self._drain()
        found = [data for event, data in self.inbox if event == name]
        self.inbox = [(event, data) for event, data in self.inbox if event != name]
        return found

    def latest(self, name: str) -> dict:
        found = self.events(name)
        assert found, f"no {name} event"
        return found[-1]

    def emit(self, name: str, data: dict | None = None) -> dict:
        return self.client.emit(name, data or {}, namespace=self.namespace, callback=True)


class Family(Tab):
    """A family's browser tab: the widget's Socket.IO connection."""

    namespace = "/chat"

    def __init__(self, app, token: str | None = None, origin: str = PARTNER, site: str = SITE,
                 family_token: str | None = None):
        self.inbox: list = []
        self.client = socketio.test_client(app, namespace="/chat",
                                           auth={"site": site, "token": token, "family": family_token},
                                           headers={"Origin": origin})
        self.token = token

    def start(self, **form) -> dict:
        data = {"place": "Sutton Coldfield", "topic": "ehc_plan", "message": "My son's EHC plan review is late",
                "consent": True, **form}
        ack = self.client.emit("start", data, namespace="/chat", callback=True)
        if ack.get("ok"):
            self.token = ack["token"]
        return ack


class Advisor(Tab):
    """A staff member signed in to the console."""

    namespace = "/console"

    def __init__(self, app, user: StaffUser):
        self.inbox: list = []
        self.user_id = user.id
        self.http = app.test_client()
        with self.http.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        self.client = socketio.test_client(app, namespace="/console", flask_test_client=self.http,
                                           headers={"Origin": "http://localhost"})


@pytest.fixture
def db(app):
    with app.app_context():
        engine = _db.engine
    with Session(engine) as session:
        yield session


@pytest.fixture
def site(db):
    add_site(db, "Westmere Parent Carer Forum", [PARTNER], key=SITE)
    db.commit()
    return SITE


@pytest.fixture
def staff(db):
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
        made[key] = create_staff(db, email, name, role, PASSWORD, service)
    ids = {key: user.id for key, user in made.items()}
    db.commit()  # and hold no transaction open: the server's handlers write next
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


class RecordingTwilio(HttpClient):
    """The Twilio SDK's HTTP client, recording each request instead of sending it."""

    def __init__(self):
        super().__init__(logger=None, is_async=False)
        self.sent: list[dict] = []

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        self.sent.append({"method": method, "url": uri, "data": dict(data or {}), "auth": auth})
        prefix = "RM" if "/Rooms" in uri else "CA"
        return Response(201, json.dumps({"sid": f"{prefix}{len(self.sent):032d}", "account_sid": ACCOUNT,
                                         "status": "queued"}))


@pytest.fixture
def twilio(app):
    """Twilio configured, with the SDK's requests recorded instead of sent."""
    client = RecordingTwilio()
    app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_HTTP_CLIENT=client)
    return client
