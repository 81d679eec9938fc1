"""`frontdesk rules`: check, replay, publish and roll back routing rulebooks."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from routing_rules import RulebookError, default_rulebook_path

from ..actions.rulebooks import do_publish_rulebook, do_roll_back_rulebook
from ..extensions import db
from ..platform.transactions import writing_from_here
from ..platform.clock import parse_time
from ..rules.replay import count_contacts, replay
from ..rules.store import check_rulebook


@click.group()
def rules() -> None:
    """Routing rulebooks."""


def _checked_rulebook(path: Path):
    """The rulebook at `path`, checked against the directory; or every problem (file:line) and exit 1."""
    try:
        return check_rulebook(db.session, path.read_text(encoding="utf-8"), str(path))
    except RulebookError as exc:
        _refuse_rulebook(exc)


def _refuse_rulebook(exc: RulebookError) -> None:
    """Print every problem (file:line: reason) and exit 1."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    sys.exit(1)


@rules.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def rules_check(path: Path | None) -> None:
    """Check a rulebook (default: the built-in default rulebook) and list every problem by line."""
    path = path or default_rulebook_path()
    rulebook = _checked_rulebook(path)
    click.echo(f"{path}: OK — {len(rulebook.rules)} rules, version {rulebook.version}")


@rules.command("replay")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--since", "since_text", required=True, help="Start of the period (ISO 8601, e.g. 2026-10-01).")
@click.option("--until", "until_text", required=True, help="End of the period, not included (ISO 8601).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@with_appcontext
def rules_replay(path: Path, since_text: str, until_text: str, as_json: bool) -> None:
    """Replay the draft rulebook PATH over the contacts received between --since and --until and
    show how many would have gone elsewhere, where to, with examples. Logs nothing."""
    try:
        since, until = parse_time(since_text), parse_time(until_text)
    except ValueError:
        raise click.UsageError("--since and --until must be ISO 8601 times, e.g. 2026-10-01") from None
    draft = _checked_rulebook(path)
    total = count_contacts(db.session, since, until)
    with click.progressbar(length=total, label=f"Replaying {total:,} contacts", file=sys.stderr) as bar:
        result = replay(db.session, draft, since, until, bar.update)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    share = f" ({result.changed / result.total:.1%})" if result.total else ""
    click.echo(f"{result.total:,} contacts replayed; {result.changed:,} would have gone elsewhere{share}.")
    for (was, now), count in result.moves.most_common():
        click.echo(f"  {count:>7,}  {was} -> {now}")
        for example in result.examples[(was, now)]:
            click.echo(f"           e.g. {example['contact']} at {example['received_at']}: rule "
                       f"{example['was_rule']} -> {example['rule']}")


@rules.command("publish")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def rules_publish(path: Path) -> None:
    """Check PATH and make it the rulebook in force (earlier versions are kept)."""
    writing_from_here(db.session)
    try:
        row = do_publish_rulebook(db.session, path.read_text(encoding="utf-8"), str(path), by=os.environ.get("USER"))
    except RulebookError as exc:
        _refuse_rulebook(exc)
    db.session.commit()
    click.echo(f"Published {row.version} ({row.title})")


@rules.command("rollback")
@click.argument("version")
@with_appcontext
def rules_rollback(version: str) -> None:
    """Make the earlier published VERSION (as `sha256:...`, see /admin/rulebook) the rulebook in force."""
    writing_from_here(db.session)
    try:
        row = do_roll_back_rulebook(db.session, version, by=os.environ.get("USER"))
    except LookupError as exc:
        raise click.BadParameter(str(exc), param_hint="VERSION") from None
    except RulebookError as exc:
        _refuse_rulebook(exc)
    db.session.commit()
    click.echo(f"Rolled back to {row.version} ({row.title})")
