"""Partner sites, read: which site a widget belongs to, and whether an origin may use it
(registering a site is `frontdesk.actions.sites.do_add_site`)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.models import PartnerSite

MAX_KEY = 40


def find_site(session: Session, key: object) -> PartnerSite | None:
    if not isinstance(key, str) or len(key) > MAX_KEY:
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
