"""Forgetting callers: numbers and messages are kept only as long as they are needed.

A callback request's number, email, name and message (and a voicemail's link), and a chat's
messages, the question typed into the pre-chat form and the family's first name, are wiped
once older than the retention period; a call's caller hash once it is too old to offer a returning caller their
last area. The contact, its decision and its handoff log stay, without anyone's number.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..models import CallbackRequest, Chat, ChatMessage, Contact, PhoneCall


def purge_caller_data(session: Session, now: datetime, keep_days: int, returning_days: int) -> dict[str, int]:
    """Wipe numbers and messages older than `keep_days`, and caller hashes older than
    `returning_days`. Runs in the caller's transaction; returns how many rows changed."""
    old_requests = session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.created_at < now - timedelta(days=keep_days),
               or_(CallbackRequest.phone.is_not(None), CallbackRequest.recording_url.is_not(None),
                   CallbackRequest.email.is_not(None), CallbackRequest.message.is_not(None)))
        .values(phone=None, recording_url=None, recording_sid=None, email=None, name=None, message=None)).rowcount
    old_chats = session.execute(
        update(Chat).where(Chat.created_at < now - timedelta(days=keep_days),
                           or_(Chat.family_name.is_not(None), Chat.rating_comment.is_not(None)))
        .values(family_name=None, rating_comment=None)).rowcount
    # What the family typed into the pre-chat form lives in the contact too: take the free text out.
    old_contacts = session.scalars(select(Contact).join(Chat, Chat.contact_id == Contact.id).where(
        Chat.id.in_(select(ChatMessage.chat_id).where(ChatMessage.sent_at < now - timedelta(days=keep_days),
                                                      ChatMessage.text != ""))))
    for contact in old_contacts:
        contact.given = {k: v for k, v in contact.given.items() if k not in ("message", "name")}
    old_messages = session.execute(
        update(ChatMessage).where(ChatMessage.sent_at < now - timedelta(days=keep_days), ChatMessage.text != "")
        .values(text="", name="")).rowcount
    old_hashes = session.execute(
        update(PhoneCall)
        .where(PhoneCall.started_at < now - timedelta(days=returning_days), PhoneCall.caller_hash.is_not(None))
        .values(caller_hash=None)).rowcount
    return {"callback_requests": old_requests, "calls": old_hashes, "chats": old_chats, "chat_messages": old_messages}
