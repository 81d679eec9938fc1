"""The demo set-up: built-in authorities, demo services, the default rulebook and demo accounts."""
from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing_rules import default_rulebook_path

from .auth import create_staff, hash_password
from .directory.store import install_authorities, install_demo_services, service_records
from .models import CannedResponse, StaffUser
from .rulebooks import publish_rulebook

# (email, name, role, service) — the password is the same demo password for all of them.
DEMO_ACCOUNTS = [
    ("advisor@national.frontdesk.example", "Nadia (national advisor)", "advisor", "national-helpline"),
    ("advisor@birmingham.frontdesk.example", "Ben (Birmingham SENDIASS)", "advisor", "birmingham-iass"),
    ("supervisor@frontdesk.example", "Sam (supervisor)", "supervisor", None),
    ("admin@frontdesk.example", "Ade (admin)", "admin", None),
]


DEMO_SITE_ORIGINS = ["http://127.0.0.1:5000", "http://localhost:5000"]
DEMO_CANNED = [
    ("Welcome", "Hello, thank you for getting in touch. I'm reading your message now."),
    ("EHC needs assessment", "You can ask your council for an EHC needs assessment yourself. The council "
     "must reply within 6 weeks to say whether it will assess."),
    ("Local IASS", "Your local Information, Advice and Support Service (IASS) gives free, impartial advice "
     "about SEND. I can pass you to them, or give you their contact details."),
    ("Closing", "Is there anything else I can help with today?"),
]


def install_demo_chat(session: Session) -> str:
    """The demo partner site (for /demo/partner) and a few canned replies; returns the site key."""
    from webchat.sites import add_site
    site = add_site(session, "Westmere Parent Carer Forum (demo)", DEMO_SITE_ORIGINS, key="demo-partner")
    have = set(session.scalars(select(CannedResponse.title).where(CannedResponse.service_id.is_(None))))
    session.add_all(CannedResponse(title=t, text=x) for t, x in DEMO_CANNED if t not in have)
    return site.key


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
    site = install_demo_chat(session)
    return {"site": site, "authorities": authorities, "services": len(service_records(session)),
            "rulebook": f"{rulebook.title} ({rulebook.version})", "accounts": accounts}
