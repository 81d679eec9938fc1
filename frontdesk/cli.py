"""The `frontdesk` command line. Commands parse arguments and call service functions."""
from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from werkzeug.serving import WSGIRequestHandler

from routing_rules import RulebookError, default_rulebook_path

from .extensions import db


def _create_app():
    from . import create_app
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """Frontdesk: the omnichannel front desk for SEND families.

    Settings come from FRONTDESK_* environment variables (see README.md).
    """


class NoDelayRequestHandler(WSGIRequestHandler):
    """Send small writes (Socket.IO acks and events) at once: without TCP_NODELAY, Nagle's
    algorithm holds the second of two quick writes ~40 ms for the client's delayed ACK."""

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--production", is_flag=True,
              help="Serve with Gunicorn (one gthread worker; run one per port behind a proxy: docs/deploy.md).")
@click.option("--threads", default=400, show_default=True, type=click.IntRange(8, 10_000),
              help="With --production: requests and open WebSockets one server handles at once.")
@with_appcontext
def serve(host: str, port: int, production: bool, threads: int) -> None:
    """Run the front desk (web pages, API, webhooks and Socket.IO)."""
    from .extensions import socketio
    if production:
        from .production import serve_production
        serve_production(host, port, threads, current_app.config["LOG_FORMAT"] == "json")
        return
    click.echo(f"Frontdesk on http://{host}:{port}/  (database: {db.engine.url.render_as_string()})")
    os.environ.pop("FLASK_RUN_FROM_CLI", None)  # this command is the server: let it run
    from webchat.sweeper import start_sweeper
    start_sweeper(current_app._get_current_object())
    socketio.run(current_app._get_current_object(), host=host, port=port, allow_unsafe_werkzeug=True,
                 request_handler=NoDelayRequestHandler)


# --- database ------------------------------------------------------------------------------

@main.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply the Alembic migrations up to REVISION (default: the latest)."""
    from .migrate import upgrade
    upgrade(revision)
    click.echo(f"Database is at {revision}: {db.engine.url.render_as_string()}")


# --- demo ----------------------------------------------------------------------------------

@main.group()
def demo() -> None:
    """The demo set-up."""


@demo.command("load")
@click.option("--history", "history_days", type=click.IntRange(0, 400), default=0,
              help="Also make up this many days of past contacts, for the reports (once).")
@with_appcontext
def demo_load(history_days: int) -> None:
    """Load the demo directory, the default rulebook and the demo accounts (idempotent)."""
    from .clock import now
    from .demo import load_demo
    from .demo_history import load_history
    from .migrate import upgrade
    upgrade()
    report = load_demo(db.session)
    db.session.commit()
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


# --- partner sites (web chat) ----------------------------------------------------------------

@main.group()
def sites() -> None:
    """Partner sites that embed the chat widget."""


@sites.command("add")
@click.argument("name")
@click.argument("origins", nargs=-1, required=True)
@click.option("--key", help="Keep this site key (to update a site); default: a new random key.")
@with_appcontext
def sites_add(name: str, origins: tuple[str, ...], key: str | None) -> None:
    """Let the site NAME, served from ORIGINS (e.g. https://www.example.gov.uk), embed the widget."""
    from webchat.sites import add_site
    try:
        site = add_site(db.session, name, list(origins), key)
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
    from sqlalchemy import select
    from .models import PartnerSite
    for site in db.session.scalars(select(PartnerSite).order_by(PartnerSite.name)):
        state = "" if site.active else "  (switched off)"
        click.echo(f"{site.key:<24} {site.name}: {', '.join(site.origins)}{state}")


# --- routing -------------------------------------------------------------------------------

@main.command()
@click.argument("source", type=click.File("r"), default="-")
@click.option("--at", "at_text", help="Time (ISO 8601) for contacts without received_at; default now.")
@with_appcontext
def route(source, at_text: str | None) -> None:
    """Print the decision for the contact JSON in SOURCE (a file or -).

    SOURCE holds one JSON object, or JSON Lines (one contact a line, one decision printed a line).
    Nothing is logged.
    """
    from .cli_route import route_stream
    failures = route_stream(db.session, source, sys.stdout, at_text)
    if failures:
        sys.exit(1)


# --- phone ---------------------------------------------------------------------------------

@main.command()
@click.argument("steps", nargs=-1)
@click.option("--from", "from_number", default="+447700900123", show_default=True, help="The caller's number.")
@click.option("--withheld", is_flag=True, help="Call with the number withheld.")
@click.option("--at", "at_text", help="Pretend the call happens at this time (ISO 8601); not with --url.")
@click.option("--url", help="Call a running front desk at this base URL instead (signed with "
                            "FRONTDESK_TWILIO_AUTH_TOKEN, which must be the server's).")
@with_appcontext
def call(steps: tuple[str, ...], from_number: str, withheld: bool, at_text: str | None, url: str | None) -> None:
    """Call the helpline from the terminal: each STEP is what the caller or a service does.

    \b
    Steps: press:KEYS  say:TEXT  silence  answer[:SECONDS]  busy  no-answer  fail
           message:TEXT  hangup
    Example: frontdesk call say:"Sutton Coldfield" press:1 no-answer answer:120

    The requests are signed and shaped as Twilio sends them, and go to the real webhooks.
    """
    from .cli_call import parse_steps, print_log, run_call
    from .clock import now
    from .contact_input import parse_time
    from .phone_simulator.logbook import DEMO_FREEPHONE, call_log, number_names
    from .voice.callers import caller_number
    from .voice.simulator import FlaskTransport, HttpTransport, Simulator, SimulatorError, new_call
    try:
        script = parse_steps(steps)
    except SimulatorError as exc:
        raise click.UsageError(str(exc)) from exc
    number = "anonymous" if withheld else caller_number(from_number)
    if number is None:
        raise click.UsageError(f"--from {from_number!r} is not a phone number (or use --withheld)")
    config = current_app.config
    if url:
        if at_text:
            raise click.UsageError("--at only works in-process, not with --url")
        transport = HttpTransport(url, config["TWILIO_AUTH_TOKEN"])
    else:
        if at_text:
            try:
                at = parse_time(at_text)
            except ValueError:
                raise click.UsageError(f"--at {at_text!r} is not an ISO 8601 time") from None
            config["FRONTDESK_CLOCK"] = lambda: at
        transport = FlaskTransport(current_app.test_client(), "http://localhost", config["TWILIO_AUTH_TOKEN"],
                                   config.get("PUBLIC_URL"))
    state = new_call(number, config.get("FREEPHONE_NUMBER") or DEMO_FREEPHONE)
    describe = number_names(db.session)
    db.session.rollback()
    status = run_call(Simulator(transport, state, describe), script, sys.stdout)
    if not url:
        print_log(call_log(db.session, state["sid"]), sys.stdout)
    click.echo(f"(the call's time: {now().isoformat()})" if at_text else "", nl=bool(at_text))
    sys.exit(status)


@main.group("calls")
def calls_group() -> None:
    """Phone calls and callers' data."""


@calls_group.command("purge")
@click.pass_context
def calls_purge(ctx) -> None:
    """The same as `frontdesk retention run` (kept for scripts that call it)."""
    ctx.invoke(retention_run, dry_run=False)


@main.group()
def retention() -> None:
    """The retention schedule for personal data (see FRONTDESK_CALLER_DATA_DAYS)."""


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Count what is due, change nothing.")
@with_appcontext
def retention_run(dry_run: bool) -> None:
    """Wipe personal data older than FRONTDESK_CALLER_DATA_DAYS (default 90) and returning-caller
    hashes older than FRONTDESK_RETURNING_CALLER_DAYS; keep the anonymous counts. Run it daily."""
    from .clock import now
    from .retention import run_retention
    from .twilio_rest import twilio_client
    config = current_app.config
    client = None if dry_run else twilio_client()
    delete = (lambda sid: client.recordings(sid).delete()) if client else None
    counts = run_retention(db.session, now(), config["CALLER_DATA_DAYS"], config["RETURNING_CALLER_DAYS"], delete)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "Would wipe" if dry_run else "Wiped"
    click.echo(f"{verb} the contact details and messages of {counts['callback_requests']} callback requests "
               f"({counts['recordings']} voicemails{'' if dry_run or client else ', kept at Twilio: not configured'}), "
               f"the text of {counts['chat_messages']} chat messages (and names in {counts['chats']} chats), what "
               f"{counts['contacts']} contacts told us, and the caller hash of {counts['calls']} calls.")


# --- reports -------------------------------------------------------------------------------

@main.group()
def report() -> None:
    """Reports from the handoff log (the dashboard is at /admin/reports)."""


def _month(ctx, param, value: str | None):
    from .reports.periods import parse_month
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
    from . import audit
    from .clock import now
    from .reports.scorecard import build_scorecards, default_month
    at = now()
    month = month or default_month(at)
    cards = build_scorecards(db.session, month, current_app.config["STANDARDS"], at)
    audit.record(db.session, "export", actor=os.environ.get("USER") or "command line", target="scorecard",
                 month=cards.month)
    db.session.commit()
    click.echo(cards.csv_text(), nl=False)


# --- rules ---------------------------------------------------------------------------------

@main.group()
def rules() -> None:
    """Routing rulebooks."""


def _checked_rulebook(path: Path):
    """The rulebook at `path`, checked against the directory; or every problem (file:line) and exit 1."""
    from .rulebooks import check_rulebook
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
    from .contact_input import parse_time
    from .replay import count_contacts, replay
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
    from .rulebooks import publish_rulebook
    try:
        row = publish_rulebook(db.session, path.read_text(encoding="utf-8"), str(path),
                               by=os.environ.get("USER"))
    except RulebookError as exc:
        _refuse_rulebook(exc)
    db.session.commit()
    click.echo(f"Published {row.version} ({row.title})")


@rules.command("rollback")
@click.argument("version")
@with_appcontext
def rules_rollback(version: str) -> None:
    """Make the earlier published VERSION (as `sha256:...`, see /admin/rulebook) the rulebook in force."""
    from .rulebooks import roll_back
    try:
        row = roll_back(db.session, version, by=os.environ.get("USER"))
    except LookupError as exc:
        raise click.BadParameter(str(exc), param_hint="VERSION") from None
    except RulebookError as exc:
        _refuse_rulebook(exc)
    db.session.commit()
    click.echo(f"Rolled back to {row.version} ({row.title})")


# --- directory -----------------------------------------------------------------------------

@main.group()
def directory() -> None:
    """The directory of services."""


@directory.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Also remove services that are not in the file.")
@with_appcontext
def directory_import(path: Path, replace: bool) -> None:
    """Import services from a CSV or YAML file; nothing is saved if any row is wrong."""
    from .directory.io import read_file
    from .directory.services import DirectoryError
    from .directory.store import authority_codes, install_authorities, save_services
    if not authority_codes(db.session):
        install_authorities(db.session)
    try:
        records = read_file(path, authority_codes(db.session))
    except DirectoryError as exc:
        for problem in exc.problems:
            click.echo(f"{exc.source}: {problem}", err=True)
        sys.exit(1)
    counts = save_services(db.session, records, replace=replace)
    db.session.commit()
    click.echo(f"{path}: {counts['added']} added, {counts['updated']} updated, {counts['removed']} removed")


@directory.command("export")
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv"]), default="yaml", show_default=True)
@click.option("-o", "--output", type=click.File("w"), default="-")
@with_appcontext
def directory_export(fmt: str, output) -> None:
    """Write every service as YAML or CSV (the same formats `import` reads)."""
    from .directory.io import write_csv, write_yaml
    from .directory.store import service_records
    from .audit import record
    records = service_records(db.session)
    output.write(write_csv(records) if fmt == "csv" else write_yaml(records))
    record(db.session, "export", actor=f"cli:{os.environ.get('USER', 'unknown')}", target="directory",
           format=fmt, services=len(records))
    db.session.commit()


# --- postcodes -----------------------------------------------------------------------------

@main.group()
def postcodes() -> None:
    """Full-postcode lookups from the ONS Postcode Directory."""


@postcodes.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def postcodes_import(path: Path) -> None:
    """Import an ONSPD or NSPL CSV (England's live postcodes) for full-postcode precision."""
    from .directory.onspd import OnspdError, import_onspd
    size = path.stat().st_size
    with click.progressbar(length=size, label="Importing postcodes", file=sys.stderr) as bar:
        try:
            counts = import_onspd(db.session, path, progress=bar.update)
        except OnspdError as exc:
            click.echo(f"\n{path}: {exc}", err=True)
            sys.exit(1)
    db.session.commit()
    click.echo(f"{counts['imported']} postcodes imported, {counts['skipped']} skipped "
               f"(terminated or outside England).")


# --- staff ---------------------------------------------------------------------------------

@main.group()
def staff() -> None:
    """Staff accounts and API tokens."""


@staff.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["advisor", "supervisor", "admin"]), required=True)
@click.option("--service", "service_id", help="The service an advisor belongs to.")
@click.password_option()
@with_appcontext
def staff_create(email: str, name: str, role: str, service_id: str | None, password: str) -> None:
    """Add a staff account."""
    from .auth import create_staff
    try:
        user = create_staff(db.session, email, name, role, password, service_id)
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
    from sqlalchemy import select

    from .auth import issue_token
    from .models import StaffUser
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    if user is None:
        raise click.UsageError(f"no staff account {email}")
    token = issue_token(db.session, user, label)
    db.session.commit()
    click.echo(token)


