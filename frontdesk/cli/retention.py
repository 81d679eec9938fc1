"""`frontdesk retention run`: the retention schedule for personal data."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..actions.retention import do_run_retention
from ..extensions import db
from ..platform.clock import now
from ..platform.transactions import writing_from_here


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@click.group()
def retention() -> None:
    """The retention schedule for personal data (see FRONTDESK_CALLER_DATA_DAYS)."""


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Count what is due, change nothing.")
@click.pass_context
@with_appcontext
def retention_run(ctx: click.Context, dry_run: bool) -> None:
    """Wipe personal data older than FRONTDESK_CALLER_DATA_DAYS (default 90) and returning-caller
    hashes older than FRONTDESK_RETURNING_CALLER_DAYS; keep the anonymous counts; delete the due
    voicemails at Twilio. Run it daily. Exits with 1 when a voicemail could not be deleted at
    Twilio (it is tried again on the next run)."""
    config = current_app.config
    writing_from_here(db.session)
    run = do_run_retention(db.session, now(), config["CALLER_DATA_DAYS"], config["RETURNING_CALLER_DAYS"])
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()  # the voicemails are deleted at Twilio once this has committed
    counts = run.counts
    click.echo(f"{'Would wipe' if dry_run else 'Wiped'} the contact details and messages of "
               f"{_count(counts['callback_requests'], 'callback request')}, the text of "
               f"{_count(counts['chat_messages'], 'chat message')} (and names in {_count(counts['chats'], 'chat')}), "
               f"what {_count(counts['contacts'], 'contact')} told us (and its copy in "
               f"{_count(counts['decisions'], 'decision')}), {_count(counts['notes'], 'note')} by advisors, the "
               f"address hash of {_count(counts['chat_addresses'], 'chat')} and the caller hash of "
               f"{_count(counts['calls'], 'call')}.")
    if dry_run:
        click.echo(f"It would delete {_count(run.recordings, 'voicemail')} at Twilio.")
        return
    if run.deleted:
        click.echo(f"Deleted {_count(run.deleted, 'voicemail')} at Twilio.")
    if run.left:
        reasons = "; ".join(sorted({why for _, why in run.left}))
        click.echo(f"{_count(len(run.left), 'voicemail')} could not be deleted at Twilio: {reasons}. Their "
                   "recording ids are kept, and the next run tries again.", err=True)
        ctx.exit(1)
