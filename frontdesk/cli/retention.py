"""`frontdesk retention run`: the retention schedule for personal data."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..actions.retention import do_run_retention
from ..extensions import db
from ..platform.transactions import writing_from_here
from ..platform.clock import now
from ..platform.twilio_client import twilio_client


@click.group()
def retention() -> None:
    """The retention schedule for personal data (see FRONTDESK_CALLER_DATA_DAYS)."""


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Count what is due, change nothing.")
@with_appcontext
def retention_run(dry_run: bool) -> None:
    """Wipe personal data older than FRONTDESK_CALLER_DATA_DAYS (default 90) and returning-caller
    hashes older than FRONTDESK_RETURNING_CALLER_DAYS; keep the anonymous counts. Run it daily."""
    config = current_app.config
    writing_from_here(db.session)
    client = None if dry_run else twilio_client()
    delete = (lambda sid: client.recordings(sid).delete()) if client else None
    counts = do_run_retention(db.session, now(), config["CALLER_DATA_DAYS"], config["RETURNING_CALLER_DAYS"], delete)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "Would wipe" if dry_run else "Wiped"
    click.echo(f"{verb} the contact details and messages of {counts['callback_requests']} callback requests "
               f"({counts['recordings']} voicemails{'' if dry_run or client else ', kept at Twilio: not configured'}), "
               f"the text of {counts['chat_messages']} chat messages (and names in {counts['chats']} chats), what "
               f"{counts['contacts']} contacts told us, and the caller hash of {counts['calls']} calls.")
