"""`frontdesk demo load`: the demo set-up (never for production)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..devtools.demo_data import load_demo
from ..devtools.demo_history import load_history
from ..extensions import db
from ..platform.transactions import writing_from_here
from ..platform.clock import now
from ..platform.migrate import upgrade


@click.group()
def demo() -> None:
    """The demo set-up."""


@demo.command("load")
@click.option("--history", "history_days", type=click.IntRange(0, 400), default=0,
              help="Also make up this many days of past contacts, for the reports (once).")
@with_appcontext
def demo_load(history_days: int) -> None:
    """Load the demo directory, the default rulebook and the demo accounts (idempotent)."""
    upgrade()
    writing_from_here(db.session)
    report = load_demo(db.session)
    db.session.commit()
    writing_from_here(db.session)
    made = load_history(db.session, now(), history_days)
    db.session.commit()
    if made:
        click.echo(f"Demo history: {made:,} made-up contacts over the last {history_days} days, for the reports.")
    click.echo(f"Directory: {report['authorities']} local authorities, {report['services']} services.")
    click.echo(f"Rulebook in force: {report['rulebook']}")
    click.echo("Demo accounts (demo only — never use these passwords anywhere else):")
    for email, role, password in report["accounts"]:
        click.echo(f"  {role:<11} {email:<36} password: {password}")
    click.echo("Advisor console: /console/   Demo partner page with the chat widget: /demo/partner")
