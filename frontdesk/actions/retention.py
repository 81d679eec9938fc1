"""The retention schedule: personal data is kept only as long as it is needed.

Older than FRONTDESK_CALLER_DATA_DAYS (90): callback requests lose the number, email, name,
message and voicemail (the recording is deleted at Twilio too, when Twilio is configured);
chats lose their messages' text, the family's first name and survey comments; and every
contact loses what the family told us (postcode, place, words, age). Older than
FRONTDESK_RETURNING_CALLER_DAYS (30): calls lose the keyed hash that recognises a returning
caller. What the reports count stays, anonymous: each contact's channel, time, local
authority, topic and urgency, its decisions and handoff log, chats' outcomes and ratings.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Callable

from sqlalchemy import String, cast, or_, select, update
from sqlalchemy.orm import Session

from ..models import CallbackRequest, Chat, ChatMessage, Contact, PhoneCall
from ..platform.outbox import call_after_commit


def do_run_retention(session: Session, now: datetime, keep_days: int, returning_days: int,
                     delete_recording: Callable[[str], None] | None = None) -> dict[str, int]:
    """Wipe what is due, in the caller's transaction (roll it back for a dry run); returns how
    many rows of each kind changed. `delete_recording(sid)` removes a voicemail at Twilio, after
    the commit (a rolled-back run deletes nothing)."""
    cutoff = now - timedelta(days=keep_days)
    recordings = list(session.scalars(select(CallbackRequest.recording_sid).where(
        CallbackRequest.created_at < cutoff, CallbackRequest.recording_sid.is_not(None))))
    old_requests = session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.created_at < cutoff,
               or_(CallbackRequest.phone.is_not(None), CallbackRequest.recording_url.is_not(None),
                   CallbackRequest.email.is_not(None), CallbackRequest.message.is_not(None),
                   CallbackRequest.name.is_not(None)))
        .values(phone=None, recording_url=None, recording_sid=None, email=None, name=None, message=None)).rowcount
    old_chats = session.execute(
        update(Chat).where(Chat.created_at < cutoff, or_(Chat.family_name.is_not(None), Chat.rating_comment.is_not(None)))
        .values(family_name=None, rating_comment=None)).rowcount
    old_messages = session.execute(
        update(ChatMessage).where(ChatMessage.sent_at < cutoff, ChatMessage.text != "")
        .values(text="", name="")).rowcount
    old_contacts = 0
    for contact in session.scalars(select(Contact).where(Contact.received_at < cutoff,
                                                         cast(Contact.given, String) != "{}")):
        contact.given = {}
        old_contacts += 1
    old_hashes = session.execute(
        update(PhoneCall)
        .where(PhoneCall.started_at < now - timedelta(days=returning_days), PhoneCall.caller_hash.is_not(None))
        .values(caller_hash=None)).rowcount
    if delete_recording:
        for sid in recordings:
            call_after_commit(session, partial(delete_recording, sid))
    return {"callback_requests": old_requests, "recordings": len(recordings), "chats": old_chats,
            "chat_messages": old_messages, "contacts": old_contacts, "calls": old_hashes}
