"""The `frontdesk` command line: one module per command group, each parsing its arguments and
calling one action (or read) per thing it does. Settings come from FRONTDESK_* variables."""
from __future__ import annotations

import click
from flask.cli import FlaskGroup

from .. import create_app
from . import database, demo, directory, phone, reports, retention, routing, rules, serve, sites, staff


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """Frontdesk: the omnichannel front desk for SEND families.

    Settings come from FRONTDESK_* environment variables (see README.md).
    """


for command in (serve.serve, database.db_group, demo.demo, sites.sites, routing.route, phone.call, phone.calls_group,
                retention.retention, reports.report, rules.rules, directory.directory, directory.postcodes,
                staff.staff):
    main.add_command(command)
