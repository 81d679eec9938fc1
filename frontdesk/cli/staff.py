"""`frontdesk staff`: staff accounts and API tokens."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..actions.staff import do_create_staff, do_issue_token
from ..extensions import db
from ..platform.transactions import writing_from_here
from ..models import ROLES, StaffUser


@click.group()
def staff() -> None:
    """Staff accounts and API tokens."""


@staff.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--service", "service_id", help="The service an advisor belongs to.")
@click.password_option()
@with_appcontext
def staff_create(email: str, name: str, role: str, service_id: str | None, password: str) -> None:
    """Add a staff account."""
    writing_from_here(db.session)
    try:
        user = do_create_staff(db.session, email, name, role, password, service_id)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}")


@staff.command("token")
@click.argument("email")
@click.option("--label", default="", help="What the token is for.")
@with_appcontext
def staff_token(email: str, label: str) -> None:
    """Issue an API token for EMAIL (shown once; send it as Authorization: Bearer TOKEN)."""
    writing_from_here(db.session)
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    if user is None:
        raise click.UsageError(f"no staff account {email}")
    token = do_issue_token(db.session, user, label)
    db.session.commit()
    click.echo(token)
