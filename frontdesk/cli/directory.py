"""`frontdesk directory` and `frontdesk postcodes`: the directory of services, and full postcodes."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..actions.directory import do_import_postcodes, do_install_authorities, do_save_services
from ..actions.records import do_record_export
from ..directory.files import read_file, write_csv, write_yaml
from ..directory.onspd import OnspdError
from ..directory.services import DirectoryError
from ..directory.store import authority_codes, service_records
from ..extensions import db
from ..platform.transactions import writing_from_here


@click.group()
def directory() -> None:
    """The directory of services."""


@directory.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Also remove services that are not in the file.")
@with_appcontext
def directory_import(path: Path, replace: bool) -> None:
    """Import services from a CSV or YAML file; nothing is saved if any row is wrong."""
    writing_from_here(db.session)
    if not authority_codes(db.session):
        do_install_authorities(db.session)
    try:
        records = read_file(path, authority_codes(db.session))
    except DirectoryError as exc:
        for problem in exc.problems:
            click.echo(f"{exc.source}: {problem}", err=True)
        sys.exit(1)
    counts = do_save_services(db.session, records, replace=replace)
    db.session.commit()
    click.echo(f"{path}: {counts['added']} added, {counts['updated']} updated, {counts['removed']} removed")


@directory.command("export")
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv"]), default="yaml", show_default=True)
@click.option("-o", "--output", type=click.File("w"), default="-")
@with_appcontext
def directory_export(fmt: str, output) -> None:
    """Write every service as YAML or CSV (the same formats `import` reads)."""
    writing_from_here(db.session)  # the export is audited
    records = service_records(db.session)
    output.write(write_csv(records) if fmt == "csv" else write_yaml(records))
    do_record_export(db.session, "directory", actor=f"cli:{os.environ.get('USER', 'unknown')}", format=fmt,
                     services=len(records))
    db.session.commit()


@click.group()
def postcodes() -> None:
    """Full-postcode lookups from the ONS Postcode Directory."""


@postcodes.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def postcodes_import(path: Path) -> None:
    """Import an ONSPD or NSPL CSV (England's live postcodes) for full-postcode precision."""
    size = path.stat().st_size
    writing_from_here(db.session)
    with click.progressbar(length=size, label="Importing postcodes", file=sys.stderr) as bar:
        try:
            counts = do_import_postcodes(db.session, path, progress=bar.update)
        except OnspdError as exc:
            click.echo(f"\n{path}: {exc}", err=True)
            sys.exit(1)
    db.session.commit()
    click.echo(f"{counts['imported']} postcodes imported, {counts['skipped']} skipped "
               f"(terminated or outside England).")
