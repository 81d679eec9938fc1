"""The demo set-up: built-in authorities, demo services, the default rulebook and demo accounts."""
from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing_rules import default_rulebook_path

from ..actions.directory import do_install_authorities, do_install_demo_services
from ..actions.canned_replies import do_add_canned_replies
from ..actions.rulebooks import do_publish_rulebook
from ..actions.sites import do_add_site
from ..actions.staff import do_create_staff, do_set_password
from ..directory.store import service_records
from ..models import StaffUser

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
    site = do_add_site(session, "Westmere Parent Carer Forum (demo)", DEMO_SITE_ORIGINS, key="demo-partner")
    do_add_canned_replies(session, DEMO_CANNED)
    return site.key


def demo_password() -> str:
    return os.environ.get("FRONTDESK_DEMO_PASSWORD", "frontdesk-demo")


def load_demo(session: Session) -> dict:
    """Install (or refresh) the demo data; safe to run again. The caller commits."""
    authorities = do_install_authorities(session)
    do_install_demo_services(session)
    path = default_rulebook_path()
    rulebook = do_publish_rulebook(session, path.read_text(encoding="utf-8"), path.name, by="demo load")
    password = demo_password()
    accounts = []
    for email, name, role, service in DEMO_ACCOUNTS:
        user = session.scalar(select(StaffUser).where(StaffUser.email == email))
        if user is None:
            do_create_staff(session, email, name, role, password, service)
        else:
            do_set_password(user, password)
        accounts.append((email, role, password))
    site = install_demo_chat(session)
    return {"site": site, "authorities": authorities, "services": len(service_records(session)),
            "rulebook": f"{rulebook.title} ({rulebook.version})", "accounts": accounts}
