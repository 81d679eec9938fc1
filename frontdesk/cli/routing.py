"""`frontdesk route`: one contact JSON, or a stream of JSON Lines, in; decisions out."""
from __future__ import annotations

import itertools
import json
import sys
from typing import IO

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from ..contacts.input import ContactError, parse_contact
from ..extensions import db
from ..platform.clock import now, parse_time
from ..rules.decide import decide


def _decide_text(session: Session, text: str, at) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContactError({"json": f"not valid JSON ({exc.msg} at column {exc.colno})"}) from exc
    return decide(session, parse_contact(data, at)).to_json()


def route_stream(session: Session, source: IO[str], out: IO[str], at_text: str | None,
                 err: IO[str] | None = None) -> int:
    """Route what `source` holds; return how many contacts could not be routed.

    A file whose first line is a whole JSON object is JSON Lines: each line is routed and
    printed as it is read, and a bad line is reported on `err` with its number while the
    rest carry on. Otherwise the whole file is one (pretty-printed) contact.
    """
    err = err or sys.stderr
    try:
        at = parse_time(at_text) if at_text else now()
    except ValueError:
        err.write(f"--at {at_text!r} is not an ISO 8601 time\n")
        return 1
    numbered = enumerate(source, start=1)
    first_no, first = 0, ""
    for first_no, first in numbered:
        if first.strip():
            break
    try:
        json.loads(first)
    except json.JSONDecodeError:
        try:
            decision = _decide_text(session, first + source.read(), at)
        except ContactError as exc:
            err.write(f"contact not routed: {exc}\n")
            return 1
        out.write(json.dumps(decision, indent=2, ensure_ascii=False) + "\n")
        return 0
    failures = 0
    for line_no, line in itertools.chain([(first_no, first)], numbered):
        if not line.strip():
            continue
        try:
            out.write(json.dumps(_decide_text(session, line, at), ensure_ascii=False) + "\n")
        except ContactError as exc:
            failures += 1
            err.write(f"line {line_no}: contact not routed: {exc}\n")
    return failures


@click.command()
@click.argument("source", type=click.File("r"), default="-")
@click.option("--at", "at_text", help="Time (ISO 8601) for contacts without received_at; default now.")
@with_appcontext
def route(source, at_text: str | None) -> None:
    """Print the decision for the contact JSON in SOURCE (a file or -).

    SOURCE holds one JSON object, or JSON Lines (one contact a line, one decision printed a line).
    Nothing is logged.
    """
    failures = route_stream(db.session, source, sys.stdout, at_text)
    if failures:
        sys.exit(1)
