"""The errors for what cannot be done: refused actions, refused requests, and a move someone
else made first. Every layer raises them; the entry points turn them into answers."""
from __future__ import annotations

from sqlalchemy.orm import Session

_REFUSED = "frontdesk.refused-after-commit"


class ActionError(ValueError):
    """Something a family or advisor asked for that cannot be done; `code` names it for the client
    and `extra` carries details such as the form field at fault."""

    def __init__(self, code: str, message: str, **extra):
        self.code, self.extra = code, extra
        super().__init__(message)

    def to_json(self) -> dict:
        return {"code": self.code, "message": str(self), **self.extra}


class AuthError(Exception):
    """Raised to answer 401 (not signed in), 403 (not allowed) or 404 (not yours to see)."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


class MoveLost(Exception):
    """Another worker moved the chat first; the caller's view of it is out of date."""


def keep_refusal(session: Session, error: ActionError) -> None:
    """Keep the first ActionError an external call raised after `session` committed."""
    session.info.setdefault(_REFUSED, error)


def refused_after_commit(session: Session) -> ActionError | None:
    """The ActionError an external call raised after the last commit, if any (taken once): the
    change was committed and undone by a follow-up, and the answer must say it failed."""
    return session.info.pop(_REFUSED, None)
