"""`frontdesk report`: reports from the handoff log (the dashboard is at /admin/reports)."""
from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from ..actions.records import do_record_export
from ..extensions import db
from ..platform.transactions import writing_from_here
from ..platform.clock import now
from ..reports.periods import parse_month
from ..reports.scorecard import build_scorecards, default_month


@click.group()
def report() -> None:
    """Reports from the handoff log (the dashboard is at /admin/reports)."""


def _month(ctx, param, value: str | None):
    try:
        return parse_month(value) if value else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@report.command("scorecard")
@click.option("--month", callback=_month, help="The month, as YYYY-MM (default: last month).")
@with_appcontext
def report_scorecard(month) -> None:
    """Print every local service's minimum-standards scorecard for a month as CSV: one row per
    service and standard, the league order, with last month's figure for the trend."""
    writing_from_here(db.session)  # the export is audited
    at = now()
    month = month or default_month(at)
    cards = build_scorecards(db.session, month, current_app.config["STANDARDS"], at)
    do_record_export(db.session, "scorecard", actor=os.environ.get("USER") or "command line", month=cards.month)
    db.session.commit()
    click.echo(cards.csv_text(), nl=False)
