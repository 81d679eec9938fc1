"""Partner sites: registering a website that may embed the chat widget, from which origins."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from ..models import PartnerSite


def normalise_origin(text: str) -> str:
    """"https://www.Example.gov.uk/path" -> "https://www.example.gov.uk"; ValueError if not a web origin."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"'{text}' is not a web address such as https://www.example.gov.uk")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def do_add_site(session: Session, name: str, origins: list[str], key: str | None = None) -> PartnerSite:
    """Register (or update) a partner site; a new one gets a random site key. Caller commits."""
    clean = sorted({normalise_origin(o) for o in origins})
    if not clean:
        raise ValueError("a partner site needs at least one origin")
    site = session.get(PartnerSite, key) if key else None
    if site is None:
        site = PartnerSite(key=key or "site_" + secrets.token_urlsafe(12), name=name, origins=clean, active=True)
        session.add(site)
    else:
        site.name, site.origins, site.active = name, clean, True
    session.flush()
    return site
