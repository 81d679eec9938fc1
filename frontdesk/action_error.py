"""The error every action (chat, console, callbacks) raises for something it cannot do."""
from __future__ import annotations


class ActionError(ValueError):
    """Something a family or advisor asked for that cannot be done; `code` names it for the client
    and `extra` carries details such as the form field at fault."""

    def __init__(self, code: str, message: str, **extra):
        self.code, self.extra = code, extra
        super().__init__(message)

    def to_json(self) -> dict:
        return {"code": self.code, "message": str(self), **self.extra}
