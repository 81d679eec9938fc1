"""Which conversation a connecting widget comes back to: the one its signed token names, on the
same partner site."""
from __future__ import annotations

from sqlalchemy.orm import Session

from frontdesk.models import Chat, PartnerSite
from frontdesk.platform.refusals import ActionError

from .tokens import read_token


class BadToken(ActionError):
    """The widget's token names no conversation this site can resume."""

    def __init__(self) -> None:
        super().__init__("bad_token", "that conversation can't be resumed; please start a new chat")


def conversation_to_resume(session: Session, site: PartnerSite, token: object) -> Chat | None:
    """The conversation `token` names, or None when the widget sent no token; BadToken when the
    token is forged, too old, or for a conversation that is gone or belongs to another site."""
    if not token:
        return None
    found = read_token(token)
    chat = session.get(Chat, found[0]) if found else None
    if chat is None or chat.site_key != site.key:
        raise BadToken()
    return chat
