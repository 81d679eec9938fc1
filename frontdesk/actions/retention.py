"""The retention schedule: personal data is kept only as long as it is needed.

Older than FRONTDESK_CALLER_DATA_DAYS (90):
- callback requests lose the number, email, name, message and the link to the voicemail;
- chats lose their messages' text, the family's first name and survey comments;
- every contact loses what the family told us (postcode, place, words, age, language), and so do
  the copies its decisions keep (the risk phrases found in the family's words, the age, the
  language, the place name matched, what was not understood of a postcode, the age in the trace);
- advisors' notes (on a transfer, on closing a chat, on a callback's outcome) are wiped wherever
  they were copied: the handoff log, the chat's latest handoff and the audit log.
Older than FRONTDESK_RETURNING_CALLER_DAYS (30): calls lose the keyed hash that recognises a
returning caller. Older than a day: chats lose the keyed hash of the address they were started
from (it only counts starts within the hour, against floods).

What the reports count stays, anonymous: each contact's channel, time, local authority, topic and
urgency, its decisions (rule, targets, rulebook version), every handoff event (kind, service, time
and the rest of its details), chats' outcomes and ratings, and who did what in the audit log.

The handoff log and the audit log are append-only (models/contacts.py refuses to change a handoff
event through the ORM). Wiping a note is the one change made to them, a Core UPDATE of the note
alone, here.

Voicemails are deleted at Twilio after the run's changes commit, each on its own: a recording
Twilio no longer has (404) counts as deleted, and one whose deletion Twilio did not confirm keeps
its recording sid (its link and the family's details are wiped all the same), so the next run
tries it again. The run says which could not be deleted.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from requests import RequestException
from sqlalchemy import Column, String, and_, bindparam, cast, or_, select, update
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from ..models import AuditEntry, CallbackRequest, Chat, ChatMessage, Contact, DecisionRecord, HandoffEvent, PhoneCall
from ..platform.outbox import call_after_commit
from ..platform.transactions import in_new_transaction
from ..platform.twilio_client import twilio_client
from ..resolve.places import MAX_CANDIDATES

log = logging.getLogger(__name__)
NOT_CONFIGURED = "Twilio is not configured here (FRONTDESK_TWILIO_ACCOUNT_SID)"
_AGE_IN_TRACE = re.compile(r"\bage \d+ ")
CLIENT_HASH_KEPT = timedelta(days=1)  # the chat start limits count an address's starts within an hour


@dataclass
class RetentionRun:
    """What a run did: how many rows of each kind it wiped (`counts`), how many voicemails were
    due for deletion at Twilio (`recordings`, new and retried), and, once the run has committed,
    how many Twilio deleted and which it did not (`left`: (sid, why), tried again next run)."""

    counts: dict[str, int]
    recordings: int = 0
    deleted: int = 0
    left: list[tuple[str, str]] = field(default_factory=list)


def do_run_retention(session: Session, now: datetime, keep_days: int, returning_days: int) -> RetentionRun:
    """Wipe what is due, in the caller's transaction (roll it back for a dry run), and queue the
    due voicemails' deletion at Twilio for after the commit (a rolled-back run deletes nothing)."""
    cutoff = now - timedelta(days=keep_days)
    run = RetentionRun(counts={
        "callback_requests": _wipe_callback_requests(session, cutoff),
        "chats": session.execute(
            update(Chat).where(Chat.created_at < cutoff, or_(Chat.family_name.is_not(None),
                                                             Chat.rating_comment.is_not(None)))
            .values(family_name=None, rating_comment=None)).rowcount,
        "chat_messages": session.execute(
            update(ChatMessage).where(ChatMessage.sent_at < cutoff, ChatMessage.text != "")
            .values(text="", name="")).rowcount,
        "contacts": _wipe_contacts(session, cutoff),
        "decisions": _wipe_decisions(session, cutoff),
        "notes": sum(_wipe_notes(session, column, when < cutoff) for column, when in _NOTES),
        "calls": session.execute(
            update(PhoneCall)
            .where(PhoneCall.started_at < now - timedelta(days=returning_days), PhoneCall.caller_hash.is_not(None))
            .values(caller_hash=None)).rowcount,
        "chat_addresses": session.execute(
            update(Chat).where(Chat.created_at < now - CLIENT_HASH_KEPT, Chat.client_hash.is_not(None))
            .values(client_hash=None)).rowcount,
    })
    _delete_recordings(session, run, cutoff)
    return run


def _wipe_callback_requests(session: Session, cutoff: datetime) -> int:
    # The recording sid stays until Twilio confirms the recording is gone (_recording_deleted).
    return session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.created_at < cutoff,
               or_(CallbackRequest.phone.is_not(None), CallbackRequest.recording_url.is_not(None),
                   CallbackRequest.email.is_not(None), CallbackRequest.message.is_not(None),
                   CallbackRequest.name.is_not(None)))
        .values(phone=None, recording_url=None, email=None, name=None, message=None)).rowcount


def _wipe_contacts(session: Session, cutoff: datetime) -> int:
    wiped = 0
    for contact in session.scalars(select(Contact).where(Contact.received_at < cutoff,
                                                         cast(Contact.given, String) != "{}")):
        contact.given = {}
        wiped += 1
    return wiped


# --- the copies a decision keeps of what the family said -------------------------------------------

def _said(*path) -> object:
    return DecisionRecord.payload[("contact", *path)].as_string().is_not(None)


# A decision still holding anything the family said: the facts `anonymous_decision` wipes.
_HOLDS_WORDS = or_(_said("age"), _said("language"), _said("risk_phrases", 0), _said("local_authority", "note"),
                   *(_said("local_authority", "candidates", n, "matched") for n in range(MAX_CANDIDATES)))


def anonymous_decision(payload: dict) -> dict:
    """A stored decision without what the family said: no risk phrases, age, language, place name
    matched or note on what was not understood, and no age in the trace. The rule, targets,
    rulebook version, local authority, topic and urgency stay."""
    contact = payload.get("contact") or {}
    area = contact.get("local_authority") or {}
    return {**payload,
            "contact": {**contact, "risk_phrases": [], "age": None, "language": None,
                        "local_authority": {**area, "note": None, "candidates": [
                            {**candidate, "matched": None} for candidate in area.get("candidates") or []]}},
            "trace": [{**step, "reason": _AGE_IN_TRACE.sub("age (wiped) ", step.get("reason") or "")}
                      for step in payload.get("trace") or []]}


def _wipe_decisions(session: Session, cutoff: datetime) -> int:
    wiped = 0
    for decision in session.scalars(select(DecisionRecord).where(DecisionRecord.decided_at < cutoff, _HOLDS_WORDS)):
        decision.payload = anonymous_decision(decision.payload)
        wiped += 1
    return wiped


# --- advisors' notes ---------------------------------------------------------------------------------

_NOTES = ((HandoffEvent.__table__.c.detail, HandoffEvent.__table__.c.at),
          (AuditEntry.__table__.c.detail, AuditEntry.__table__.c.at),
          (Chat.__table__.c.transfer, Chat.__table__.c.created_at))


def _wipe_notes(session: Session, column: Column, due) -> int:
    """Empty the "note" of a JSON `column` in the rows `due`: a Core UPDATE of that column alone,
    the one change the append-only logs allow (see the module's docstring)."""
    table, note = column.table, column["note"].as_string()
    rows = session.execute(select(table.c.id, column).where(due, and_(note.is_not(None), note != ""))).all()
    if rows:
        session.execute(update(table).where(table.c.id == bindparam("row_id"))
                        .values({column.name: bindparam("wiped", type_=column.type)}),
                        [{"row_id": row_id, "wiped": {**value, "note": ""}} for row_id, value in rows])
    return len(rows)


# --- voicemails at Twilio ----------------------------------------------------------------------------

def _delete_recordings(session: Session, run: RetentionRun, cutoff: datetime) -> None:
    due = session.execute(select(CallbackRequest.id, CallbackRequest.recording_sid).where(
        CallbackRequest.created_at < cutoff, CallbackRequest.recording_sid.is_not(None))).all()
    run.recordings = len(due)
    client = twilio_client()
    for request_id, sid in due:
        if client is None:
            _not_deleted(run, sid, NOT_CONFIGURED)
        else:
            call_after_commit(session, partial(_delete_recording, client, run, request_id, sid))


def _delete_recording(client: Client, run: RetentionRun, request_id: int, sid: str) -> None:
    try:
        client.recordings(sid).delete()
    except TwilioRestException as exc:
        if exc.status != 404:  # 404: Twilio has it no more (deleted by hand, or by a run whose end was lost)
            return _not_deleted(run, sid, f"Twilio answered {exc.status}: {exc.msg}")
    except (TwilioException, RequestException) as exc:  # the network, a timeout: Twilio never said
        return _not_deleted(run, sid, f"Twilio could not be reached: {exc}")
    run.deleted += 1
    in_new_transaction(_recording_deleted, request_id, sid)


def _recording_deleted(session: Session, request_id: int, sid: str) -> None:
    session.execute(update(CallbackRequest).where(CallbackRequest.id == request_id,
                                                  CallbackRequest.recording_sid == sid).values(recording_sid=None))


def _not_deleted(run: RetentionRun, sid: str, why: str) -> None:
    log.warning("retention: the voicemail %s could not be deleted at Twilio (%s); its sid is kept and the "
                "next run tries again", sid, why)
    run.left.append((sid, why))
