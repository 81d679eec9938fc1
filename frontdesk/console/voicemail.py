"""A callback request's voicemail, played in the console: `GET /console/callbacks/<id>/voicemail`
streams it from Twilio (docs/callbacks.md)."""
from __future__ import annotations

from flask import Response

from ..actions.voicemails import do_play_voicemail
from ..errors import error_response
from ..extensions import db
from ..platform.auth import require_staff, staff_user
from ..platform.clock import now
from ..platform.refusals import ActionError
from ..platform.transactions import transaction
from .views import bp


@bp.get("/console/callbacks/<int:callback_id>/voicemail")
@transaction("write")  # each playing is audited
@require_staff()
def voicemail(callback_id: int):
    try:
        audio = do_play_voicemail(db.session, staff_user(), callback_id, now())
    except ActionError as exc:  # Twilio could not send it
        return error_response(502, str(exc))
    try:
        db.session.commit()  # the playing is in the audit log before a byte is sent
    except Exception:
        audio.close()
        raise
    headers = {"Cache-Control": "no-store", "Accept-Ranges": "none",
               "Content-Disposition": f'inline; filename="voicemail-{callback_id}.mp3"'}
    if audio.length is not None:
        headers["Content-Length"] = str(audio.length)
    response = Response(audio.chunks, content_type=audio.content_type, headers=headers)
    response.call_on_close(audio.close)
    return response
