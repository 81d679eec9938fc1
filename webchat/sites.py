"""Partner sites: who may embed the widget, from which origins."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.models import PartnerSite


def normalise_origin(text: str) -> str:
    """"https://www.Example.gov.uk/path" -> "https://www.example.gov.uk"; ValueError if not a web origin."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"'{text}' is not a web address such as https://www.example.gov.uk")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def add_site(session: Session, name: str, origins: list[str], key: str | None = None) -> PartnerSite:
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


def find_site(session: Session, key: object) -> PartnerSite | None:
    if not isinstance(key, str) or len(key) > 40:
        return None
    site = session.get(PartnerSite, key)
    return site if site and site.active else None


def origin_allowed(site: PartnerSite, origin: str | None, own_origins: set[str]) -> bool:
    """Browsers send Origin on every cross-site connection; none (or our own) means our own pages."""
    return origin is None or origin in own_origins or origin in site.origins


def any_site_allows(session: Session, origin: str) -> bool:
    """Whether any active partner site lists `origin` (for the Socket.IO CORS check)."""
    for origins in session.scalars(select(PartnerSite.origins).where(PartnerSite.active.is_(True))):
        if origin in origins:
            return True
    return False
