"""Web chat: partner sites that embed the widget, conversations, their messages, canned replies."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .contacts import Contact, DecisionRecord
from .staff import StaffUser
from .types import UTCDateTime

class PartnerSite(Base):
    """A website allowed to embed the widget: its public site key and the origins it is served from."""

    __tablename__ = "partner_sites"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    origins: Mapped[list] = mapped_column(JSON, default=list)  # ["https://www.example.gov.uk"]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Chat(Base):
    """One web chat conversation and where it is: in a queue, with an advisor, offline or ended.

    `hop` counts the queues the chat has been put in (first routing, fallbacks, transfers);
    every move is a compare-and-set on it, so with several workers each move happens once.
    """

    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("site_key", "start_id"),)  # a retried `start` finds its chat

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id"), unique=True)
    site_key: Mapped[str] = mapped_column(ForeignKey("partner_sites.key"), index=True)
    family_key: Mapped[str] = mapped_column(String(32), index=True)  # the same browser's earlier chats
    client_hash: Mapped[str | None] = mapped_column(String(64), index=True)  # keyed hash of the address it came from
    start_id: Mapped[str | None] = mapped_column(String(64))  # the widget's id for the `start` that opened it
    family_name: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), index=True)  # contacts.chat_status.ChatStatus
    service_id: Mapped[str] = mapped_column(String(80), index=True)  # the queue it is in, or the service answering
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    target_index: Mapped[int | None] = mapped_column(Integer)  # None once transferred off the decision
    hop: Mapped[int] = mapped_column(Integer, default=0)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    video: Mapped[bool] = mapped_column(Boolean, default=False)  # a video session (docs/video.md)
    video_room: Mapped[str | None] = mapped_column(String(64), unique=True)  # unguessable room name
    video_room_sid: Mapped[str | None] = mapped_column(String(64))  # Twilio's RoomSid, when Twilio hosts it
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    give_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # when to try the next target
    transfer: Mapped[dict | None] = mapped_column(JSON)  # the latest warm handoff: {from, note, by}
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    family_ended: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(30))
    family_read_upto: Mapped[int] = mapped_column(Integer, default=0)  # the family has read advisors' messages to here
    advisor_read_upto: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact: Mapped[Contact] = relationship()
    decision: Mapped[DecisionRecord] = relationship()
    advisor: Mapped[StaffUser | None] = relationship()
    messages: Mapped[list["ChatMessage"]] = relationship(back_populates="chat", order_by="ChatMessage.id")


class ChatMessage(Base):
    __tablename__ = "chat_messages"
    __table_args__ = (UniqueConstraint("chat_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[str] = mapped_column(ForeignKey("chats.id"), index=True)
    sender: Mapped[str] = mapped_column(String(10))  # family, advisor, system
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    name: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str | None] = mapped_column(String(64))  # the sender's id, so a resend is kept once
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    chat: Mapped[Chat] = relationship(back_populates="messages")


class CannedResponse(Base):
    """A ready-made reply advisors can insert; `service_id` None means every service."""

    __tablename__ = "canned_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str | None] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
