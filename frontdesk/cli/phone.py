"""`frontdesk call`: a scripted phone call to the helpline from the terminal, through the phone
simulator; `frontdesk calls purge`, kept for scripts that call it."""
from __future__ import annotations

import json
import sys
from typing import IO

import click
from flask import current_app
from flask.cli import with_appcontext

from ..contacts.phone_numbers import caller_number
from ..devtools.call_log import DEMO_FREEPHONE, call_log, number_names
from ..devtools.phone_simulator import (ACTIONS, FlaskTransport, HttpTransport, Simulator, SimulatorError, new_call,
                                        perform)
from ..extensions import db
from ..platform.clock import now, parse_time
from .retention import retention_run

WHO = {"line": "HELPLINE", "you": "YOU", "them": "SERVICE", "system": "PHONE"}


def parse_steps(steps: tuple[str, ...]) -> list[tuple[str, str]]:
    """"say:Sutton Coldfield" -> ("say", "Sutton Coldfield"); raises SimulatorError for unknown ones."""
    parsed = []
    for text in steps:
        action, _, value = text.partition(":")
        if action not in ACTIONS:
            raise SimulatorError(f"'{text}' is not a step; steps are {', '.join(ACTIONS)} "
                                 "(press:KEYS, say:TEXT, answer:SECONDS, message:TEXT)")
        parsed.append((action, value))
    return parsed


def run_call(sim: Simulator, steps: list[tuple[str, str]], out: IO[str]) -> int:
    """Play the call, printing the transcript; hang up when the steps run out. Returns 0, or 1
    when a step did not fit what the line was doing."""
    def show(turn) -> None:
        for line in turn.lines:
            out.write(f"{WHO[line['who']]:<9} {line['text']}\n")

    show(sim.start())
    for number, (action, value) in enumerate(steps, start=1):
        try:
            show(perform(sim, action, value))
        except SimulatorError as exc:
            out.write(f"step {number} ({action}) does not fit: {exc}\n")
            show(sim.hang_up())
            return 1
    if not sim.state["ended"]:
        show(sim.hang_up())
    return 0


def print_log(log: dict | None, out: IO[str]) -> None:
    if log:
        out.write("\nWhat the front desk logged:\n" + json.dumps(log, indent=2, ensure_ascii=False) + "\n")


@click.command()
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


@click.group("calls")
def calls_group() -> None:
    """Phone calls and callers' data."""


@calls_group.command("purge")
@click.pass_context
def calls_purge(ctx) -> None:
    """The same as `frontdesk retention run` (kept for scripts that call it)."""
    ctx.invoke(retention_run, dry_run=False)
