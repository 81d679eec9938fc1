"""How one side joins a chat's video call: a short-lived Twilio token whose only grant is the
chat's room, or peer-to-peer in the browsers when Twilio does not host video (docs/video.md)."""
from __future__ import annotations

from flask import current_app
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VideoGrant

from ..contacts.chat_status import ChatStatus
from ..models import Chat, StaffUser
from ..platform.refusals import ActionError
from ..platform.twilio_client import twilio_client

TOKEN_TTL_S = 600  # long enough to join; Twilio keeps a joined participant connected after expiry


def hosted_by_twilio() -> bool:
    """Whether rooms and tokens come from Twilio (else: peer-to-peer in the browsers)."""
    config = current_app.config
    return bool(twilio_client() and config.get("TWILIO_API_KEY") and config.get("TWILIO_API_SECRET"))


def _grant(identity: str, room: str) -> str:
    config = current_app.config
    token = AccessToken(config["TWILIO_ACCOUNT_SID"], config["TWILIO_API_KEY"], config["TWILIO_API_SECRET"],
                        identity=identity, ttl=TOKEN_TTL_S)
    token.add_grant(VideoGrant(room=room))
    return token.to_jwt()


def join_json(chat: Chat, identity: str) -> dict:
    """How one side joins the chat's video: a Twilio token for that room only, or peer-to-peer."""
    if not chat.video or not chat.video_room or chat.status != ChatStatus.ACTIVE:
        raise ActionError("no_video", "there is no video call in this chat")
    if hosted_by_twilio():
        return {"mode": "twilio", "room": chat.video_room, "identity": identity, "token": _grant(identity, chat.video_room)}
    return {"mode": "p2p", "room": chat.video_room, "identity": identity}


def family_identity(chat: Chat) -> str:
    return f"family-{chat.id[:12]}"


def advisor_identity(user: StaffUser) -> str:
    return f"advisor-{user.id}"
