"""Writing a handoff log by hand for report tests: contacts with a first decision, handoff events
in the shapes the channels write them, chats with ratings and callback requests."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from frontdesk.platform.clock import parse_time
from frontdesk.models import CallbackRequest, Chat, Contact, DecisionRecord, HandoffEvent, PartnerSite

BIRMINGHAM, LEEDS = "E08000025", "E08000035"


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
