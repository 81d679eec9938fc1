"""Twilio Video's status callbacks (`/video/status`), signature-checked like the voice webhooks."""
from __future__ import annotations

from flask import Blueprint, request

from ..actions.video import do_record_room_status
from ..extensions import db
from ..platform.clock import now
from ..platform.transactions import begin_writing
from ..platform.twilio_webhooks import signature_check

bp = Blueprint("video", __name__, url_prefix="/video")
bp.before_request(signature_check("video"))


@bp.post("/status")
def status():
    """Room created, participant connected or disconnected, room ended: logged on the chat."""
    begin_writing(db.session)
    do_record_room_status(db.session, request.form.to_dict(), now())
    db.session.commit()
    return "", 204
