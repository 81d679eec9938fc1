"""Twilio Video's status callbacks (`/video/status`), signature-checked like the voice webhooks."""
from __future__ import annotations

from flask import Blueprint, request

from .clock import now
from .extensions import db
from .sqlite import begin_writing
from .video import on_room_status
from .voice.views import check_signature

bp = Blueprint("video", __name__, url_prefix="/video")
bp.before_request(check_signature)


@bp.post("/status")
def status():
    """Room created, participant connected or disconnected, room ended: logged on the chat."""
    begin_writing(db.session)
    on_room_status(db.session, request.form.to_dict(), now())
    db.session.commit()
    return "", 204
