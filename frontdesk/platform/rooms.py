"""The Socket.IO namespaces and the rooms events go to."""
from __future__ import annotations

FAMILY = "/chat"  # the widget's namespace
CONSOLE = "/console"  # the advisor console's namespace
ALL_SERVICES = "services:all"  # supervisors and admins: every service's queue


def chat_room(chat_id: str) -> str:
    """Everyone in one conversation: the family's tabs (on FAMILY), its advisors (on CONSOLE)."""
    return f"chat:{chat_id}"


def service_room(service_id: str) -> str:
    """A service's advisors, on CONSOLE."""
    return f"service:{service_id}"


def staff_room(user_id: int) -> str:
    """All console tabs of one staff member."""
    return f"staff:{user_id}"
