"""Fixtures for the phone channel: a simulated caller on signed webhooks, and TwiML readers."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from frontdesk.models import HandoffEvent, PhoneCall
from frontdesk.devtools.phone_simulator import FlaskTransport, Simulator, new_call
from frontdesk.platform.twilio_webhooks import sign
from tests.conftest import FREEPHONE, TWILIO_TOKEN

MUM = "+447700900123"


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
        from frontdesk.devtools.phone_simulator import perform
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


@pytest.fixture
def phone(app):
    return Phone(app)


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


def events(db, sid: str) -> list[tuple[str, str | None, int | None]]:
    """(kind, service, target index) of the call's handoff events, in order."""
    db.commit()  # end the test's own read, to see what the webhooks committed
    call = db.scalar(select(PhoneCall).where(PhoneCall.call_sid == sid))
    rows = db.scalars(select(HandoffEvent).where(HandoffEvent.contact_id == call.contact_id)
                      .order_by(HandoffEvent.id))
    return [(e.kind, e.service_id, e.target_index) for e in rows]
