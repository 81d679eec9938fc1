"""The demo set-up: built-in authorities, demo services, the default rulebook and demo accounts."""
from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing_rules import default_rulebook_path

from .auth import create_staff, hash_password
from .directory.store import install_authorities, install_demo_services, service_records
from .models import StaffUser
from .rulebooks import publish_rulebook

# (email, name, role, service) — the password is the same demo password for all of them.
DEMO_ACCOUNTS = [
    ("advisor@national.frontdesk.example", "Nadia (national advisor)", "advisor", "national-helpline"),
    ("advisor@birmingham.frontdesk.example", "Ben (Birmingham SENDIASS)", "advisor", "birmingham-iass"),
    ("supervisor@frontdesk.example", "Sam (supervisor)", "supervisor", None),
    ("admin@frontdesk.example", "Ade (admin)", "admin", None),
]


def demo_password() -> str:
    return os.environ.get("FRONTDESK_DEMO_PASSWORD", "frontdesk-demo")


def load_demo(session: Session) -> dict:
    """Install (or refresh) the demo data; safe to run again. The caller commits."""
    authorities = install_authorities(session)
    install_demo_services(session)
    path = default_rulebook_path()
    rulebook = publish_rulebook(session, path.read_text(encoding="utf-8"), path.name, by="demo load")
    password = demo_password()
    accounts = []
    for email, name, role, service in DEMO_ACCOUNTS:
        user = session.scalar(select(StaffUser).where(StaffUser.email == email))
        if user is None:
            create_staff(session, email, name, role, password, service)
        else:
            user.password_hash = hash_password(password)
        accounts.append((email, role, password))
    return {"authorities": authorities, "services": len(service_records(session)),
            "rulebook": f"{rulebook.title} ({rulebook.version})", "accounts": accounts}
