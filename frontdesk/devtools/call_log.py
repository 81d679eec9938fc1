"""What the front desk made of a simulated call: the decision and the handoff log, for people."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing_rules.topics import topic_label

from ..contacts.phone_numbers import display as phone
from ..contacts.phone_numbers import masked as masked_phone
from ..directory.snapshot import current_snapshot
from ..models import CallbackRequest, PhoneCall
from ..platform.clock import LONDON

DEMO_CALLER = "+447700900123"     # Ofcom's drama range for mobiles: never a real person
DEMO_FREEPHONE = "+448081570123"  # Ofcom's drama range for 0808 numbers


def number_names(session: Session) -> Callable[[str], str]:
    """Names a dialled number by the directory's service with that number: "Leeds SENDIASS (0113 …)"."""
    names = {s.phone: s.name for s in current_snapshot(session).directory.services.values() if s.phone}
    return lambda number: f"{names[number]} ({phone(number)})" if number in names else phone(number) or number


def call_log(session: Session, call_sid: str) -> dict | None:
    """The call's routing decision, handoff events and callback request, ready to show."""
    call = session.scalar(select(PhoneCall).where(PhoneCall.call_sid == call_sid))
    if call is None:
        return None
    contact = call.contact
    names = current_snapshot(session).places.display
    given = {("council" if k == "local_authority" else k):
             names.get(v, v) if k == "local_authority" else topic_label(v) if k == "topic" else v
             for k, v in contact.given.items()}
    out: dict = {"given": given, "stage": call.stage, "outcome": call.outcome, "decision": None,
                 "events": [], "callback": None}
    if call.decision:
        d = call.decision.payload
        la = d["contact"]["local_authority"]
        out["decision"] = {"rule": d["rule"], "area": la["name"], "topic": topic_label(d["contact"]["topic"]),
                           "urgent": d["contact"]["urgent"], "targets": [t["name"] for t in d["targets"]],
                           "rulebook_version": d["rulebook_version"]}
    out["events"] = [{"kind": e.kind, "service": e.service_id, "at": e.at.astimezone(LONDON).strftime("%H:%M:%S"),
                      "detail": e.detail} for e in contact.events]
    request = session.scalar(select(CallbackRequest).where(CallbackRequest.contact_id == contact.id))
    if request:
        service = current_snapshot(session).directory.services.get(request.service_id)
        out["callback"] = {"service": service.name if service else request.service_id,
                           "phone": masked_phone(request.phone) or "no number (withheld)",
                           "due": request.due_at.astimezone(LONDON).strftime("%a %d %b %H:%M"),
                           "message_s": request.recording_duration_s}
    return out
