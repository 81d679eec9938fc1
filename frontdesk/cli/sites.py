"""`frontdesk sites`: partner sites that embed the chat widget."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..actions.sites import do_add_site
from ..extensions import db
from ..platform.transactions import writing_from_here
from ..models import PartnerSite


@click.group()
def sites() -> None:
    """Partner sites that embed the chat widget."""


@sites.command("add")
@click.argument("name")
@click.argument("origins", nargs=-1, required=True)
@click.option("--key", help="Keep this site key (to update a site); default: a new random key.")
@with_appcontext
def sites_add(name: str, origins: tuple[str, ...], key: str | None) -> None:
    """Let the site NAME, served from ORIGINS (e.g. https://www.example.gov.uk), embed the widget."""
    writing_from_here(db.session)
    try:
        site = do_add_site(db.session, name, list(origins), key)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    db.session.commit()
    base = (current_app.config.get("PUBLIC_URL") or "https://FRONTDESK").rstrip("/")
    click.echo(f"Site key: {site.key}  origins: {', '.join(site.origins)}")
    click.echo(f'Embed: <script src="{base}/webchat/widget.js" data-site="{site.key}" defer></script>')


@sites.command("list")
@with_appcontext
def sites_list() -> None:
    """The partner sites and their origins."""
    for site in db.session.scalars(select(PartnerSite).order_by(PartnerSite.name)):
        state = "" if site.active else "  (switched off)"
        click.echo(f"{site.key:<24} {site.name}: {', '.join(site.origins)}{state}")
