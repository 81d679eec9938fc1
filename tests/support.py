"""What the tests share: a settable clock, browser tabs on the widget's and the console's
Socket.IO namespaces (every event and acknowledgement they receive checked against the written
event contract), a phone caller on the signed voice webhooks, Twilio's REST API recorded instead
of called, and a handoff log written by hand for the reports. Fixtures built on them are in
tests/conftest.py."""
from __future__ import annotations

import itertools
import json
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select
from twilio.http import HttpClient
from twilio.http.response import Response

from frontdesk.devtools.phone_simulator import FlaskTransport, Simulator, new_call, perform
from frontdesk.extensions import socketio
from frontdesk.models import CallbackRequest, Chat, Contact, DecisionRecord, HandoffEvent, PartnerSite, PhoneCall, StaffUser
from frontdesk.platform.clock import parse_time
from frontdesk.platform.event_contract import check_ack, check_event
from frontdesk.platform.twilio_webhooks import sign

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TWILIO_TOKEN = "test-twilio-auth-token"
FREEPHONE = "+448081570123"
ACCOUNT = "AC" + "0" * 32
PARTNER = "https://www.westmere-forum.example"
SITE = "test-site"
PASSWORD = "correct horse battery"
MUM = "+447700900123"
BIRMINGHAM, LEEDS = "E08000025", "E08000035"
_ADDRESSES = itertools.cycle(range(1, 255))  # TEST-NET-2 addresses, one per family tab


# --- time ------------------------------------------------------------------------------------

class Clock:
    """A clock tests set by hand; the app reads it through FRONTDESK_CLOCK."""

    def __init__(self) -> None:
        self.at = datetime(2026, 11, 25, 11, 0, tzinfo=timezone.utc)  # a Wednesday, 11:00 in London

    def set(self, when: str | datetime) -> datetime:
        self.at = parse_time(when) if isinstance(when, str) else when
        return self.at

    def __call__(self) -> datetime:
        return self.at


# --- families and advisors on Socket.IO -------------------------------------------------------

class Tab:
    """A Socket.IO test client with an inbox: `events(name)` takes that event's data out of it.
    Every event and acknowledgement it receives is checked against the event contract."""

    namespace = "/"

    def _drain(self) -> None:
        for packet in self.client.get_received(self.namespace):
            args = packet["args"]
            self.inbox.append((packet["name"], args[0] if isinstance(args, list) and args else args))
            check_event(self.namespace, *self.inbox[-1])

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
        ack = self.client.emit(name, data or {}, namespace=self.namespace, callback=True)
        return check_ack(self.namespace, name, ack)


class Family(Tab):
    """A family's browser tab: the widget's Socket.IO connection, from a network `address` (by
    default one of its own, as families mostly are)."""

    namespace = "/chat"

    def __init__(self, app, token: str | None = None, origin: str = PARTNER, site: str = SITE,
                 family_token: str | None = None, address: str | None = None):
        self.inbox: list = []
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = address or f"198.51.100.{next(_ADDRESSES)}"
        self.client = socketio.test_client(app, namespace="/chat", flask_test_client=browser,
                                           auth={"site": site, "token": token, "family": family_token},
                                           headers={"Origin": origin})
        self.token = token

    def start(self, **form) -> dict:
        data = {"place": "Sutton Coldfield", "topic": "ehc_plan", "message": "My son's EHC plan review is late",
                "consent": True, **form}
        ack = self.emit("start", data)
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


# --- Twilio -------------------------------------------------------------------------------------

class RecordingTwilio(HttpClient):
    """The Twilio SDK's HTTP client, recording each request instead of sending it."""

    def __init__(self):
        super().__init__(logger=None, is_async=False)
        self.sent: list[dict] = []
        self.refusing = 0  # how many of the next requests Twilio refuses (HTTP 503)
        self.gone: set[str] = set()  # sids Twilio no longer has (it answers 404)
        self.audio = b"ID3\x04\x00" + bytes(range(256))  # a recording's media, as Twilio sends it

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        self.sent.append({"method": method, "url": uri, "data": dict(data or {}), "auth": auth})
        if self.refusing:
            self.refusing -= 1
            return Response(503, json.dumps({"code": 20503, "message": "Service unavailable", "status": 503}))
        if any(sid in uri for sid in self.gone):
            return Response(404, json.dumps({"code": 20404, "message": "The requested resource was not found",
                                             "status": 404}))
        if method == "GET" and uri.endswith(".mp3"):
            return Response(200, self.audio, {"Content-Type": "audio/mpeg"})
        prefix = "RM" if "/Rooms" in uri else "CA"
        return Response(201, json.dumps({"sid": f"{prefix}{len(self.sent):032d}", "account_sid": ACCOUNT,
                                         "status": "queued"}))


# --- a caller on the phone line -----------------------------------------------------------------

class Phone:
    """A caller: each call made through the real, signed webhooks; `twiml` is the last answer."""

    def __init__(self, app):
        self.app = app
        self.transport = FlaskTransport(app.test_client(), "http://localhost", TWILIO_TOKEN)
        self.sim: Simulator | None = None
        self.lines: list[str] = []

    def call(self, from_number: str = MUM) -> "Phone":
        self.sim = Simulator(self.transport, new_call(from_number, FREEPHONE))
        self._keep(self.sim.start())
        return self

    def do(self, action: str, value: str = "") -> "Phone":
        self._keep(perform(self.sim, action, value))
        return self

    def _keep(self, turn) -> None:
        self.turn = turn
        self.lines += [line["text"] for line in turn.lines if line["who"] == "line"]

    @property
    def sid(self) -> str:
        return self.sim.state["sid"]

    @property
    def twiml(self) -> ET.Element:
        return ET.fromstring(self.turn.twiml[-1])

    @property
    def said(self) -> str:
        """Everything the line said in the last turn."""
        return " ".join(line["text"] for line in self.turn.lines if line["who"] == "line")

    @property
    def waiting(self) -> str | None:
        return (self.sim.state.get("waiting") or {}).get("kind")


def post_signed(client, path: str, params: dict, token: str = TWILIO_TOKEN, base: str = "http://localhost"):
    """POST `params` to `path`, signed as Twilio signs it, in an app context of its own (as in a server)."""
    with client.application.app_context():
        return client.post(path, data=params, base_url=base,
                           headers={"X-Twilio-Signature": sign(base + path, params, token)})


def verbs(root: ET.Element) -> list[str]:
    return [child.tag for child in root]


def find(root: ET.Element, path: str) -> ET.Element:
    found = root.find(path)
    assert found is not None, f"no {path} in {ET.tostring(root, encoding='unicode')}"
    return found


def call_events(db, sid: str) -> list[tuple[str, str | None, int | None]]:
    """(kind, service, target index) of the call's handoff events, in order."""
    db.commit()  # end the test's own read, to see what the webhooks committed
    call = db.scalar(select(PhoneCall).where(PhoneCall.call_sid == sid))
    rows = db.scalars(select(HandoffEvent).where(HandoffEvent.contact_id == call.contact_id)
                      .order_by(HandoffEvent.id))
    return [(e.kind, e.service_id, e.target_index) for e in rows]


# --- a handoff log written by hand (reports) ------------------------------------------------------

class HandLog:
    def __init__(self, session):
        self.session = session
        self._site = None

    def contact(self, channel: str, at: str, service: str, kind: str = "local_iass",
                authority: str | None = BIRMINGHAM) -> Contact:
        when = parse_time(at)
        contact = Contact(id=uuid.uuid4().hex, channel=channel, received_at=when, given={},
                          authority_code=authority, topic="other", urgent=False)
        self.session.add(contact)
        self.session.flush()
        decision = DecisionRecord(contact_id=contact.id, decided_at=when, rule=kind, rulebook_version="test",
                                  first_kind=kind, first_service=service, payload={})
        self.session.add(decision)
        self.session.flush()
        contact.first_decision = decision
        return contact

    def event(self, contact: Contact, kind: str, service: str | None, after_s: int = 0,
              target_index: int | None = 0, **detail) -> HandoffEvent:
        row = HandoffEvent(contact_id=contact.id, decision_id=contact.first_decision.id, kind=kind,
                           service_id=service, target_index=target_index,
                           at=contact.received_at + timedelta(seconds=after_s), detail=detail)
        self.session.add(row)
        return row

    def answered(self, contact: Contact, service: str, channel: str, waited_s: int, target_index: int = 0) -> None:
        """Offered live to `service`, and answered after `waited_s`."""
        self.event(contact, "offered", service, 5, target_index, channel=channel)
        self.event(contact, "answered", service, 5 + waited_s, target_index, channel=channel, waited_s=waited_s)

    def chat(self, contact: Contact, service: str, rating: int | None) -> Chat:
        if self._site is None:
            self._site = PartnerSite(key=f"test-{uuid.uuid4().hex[:8]}", name="Test site", origins=[])
            self.session.add(self._site)
            self.session.flush()
        chat = Chat(id=uuid.uuid4().hex, contact_id=contact.id, site_key=self._site.key, family_key="f",
                    status="ended", service_id=service, decision_id=contact.first_decision.id,
                    queued_at=contact.received_at, rating=rating)
        self.session.add(chat)
        return chat

    def callback(self, contact: Contact, service: str, left: str | datetime, first_try: str | None = None,
                 channel: str = "phone") -> CallbackRequest:
        """A callback request left at `left`; with `first_try`, the advisor's first call then."""
        left = parse_time(left) if isinstance(left, str) else left
        request = CallbackRequest(contact_id=contact.id, service_id=service, phone="+447700900123", due_at=left,
                                  reason="closed", status="open", channel=channel, created_at=left)
        self.session.add(request)
        if first_try:
            self.callback_event(contact, service, first_try, "answered", "connected")
        return request

    def callback_event(self, contact: Contact, service: str, at: str, kind: str, outcome: str | None) -> None:
        """A step of calling a family back, as frontdesk.callbacks logs it."""
        detail = {"channel": "callback", "attempt": 1, **({"outcome": outcome} if outcome else {})}
        self.session.add(HandoffEvent(contact_id=contact.id, decision_id=contact.first_decision.id, kind=kind,
                                      service_id=service, at=parse_time(at), detail=detail))
