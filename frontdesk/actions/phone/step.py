"""One step of a call: what it works with (the call, what Twilio sent, the time, the settings)
and the TwiML answer it builds."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Callable

from sqlalchemy.orm import Session

from ...directory.snapshot import Snapshot, current_snapshot
from ...models import PhoneCall
from ...platform.logs import tag_contact
from ...platform.twilio_webhooks import CallParams
from .twiml import Reply


@dataclass(frozen=True)
class VoiceSettings:
    helpline: str
    voice: str
    caller_id: str | None         # the Freephone number shown to the services we dial
    returning_caller_days: int
    voicemail_max_s: int
    secret: str                   # keys the caller hash


@dataclass
class Step:
    """Everything one step of the journey works with."""

    session: Session
    call: PhoneCall
    params: CallParams
    now: datetime
    settings: VoiceSettings
    url_for: Callable[..., str]    # endpoint name and arguments -> relative URL
    reply: Reply = field(init=False)

    def __post_init__(self) -> None:
        self.reply = Reply(self.settings.voice)
        tag_contact(self.call.contact_id or self.call.contact.id)  # a new call's contact is not flushed yet

    @cached_property
    def snapshot(self) -> Snapshot:
        """The directory as this step sees it (read once per step)."""
        return current_snapshot(self.session)

    def next_url(self, endpoint: str, **args) -> str:
        """The URL of the webhook that answers this step's question."""
        return self.url_for("voice.step", name=endpoint, n=self.call.step + 1, **args)

    def move(self, stage: str, pending: dict | None = None) -> None:
        """Go on to a new question: its own count of failed tries starts at nought."""
        if stage != self.call.stage:
            self.call.attempts = 0
        self.call.stage = stage
        self.call.pending = pending or {}
