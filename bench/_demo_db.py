"""What the database benchmarks share: their command line and an app on a fresh demo database."""
from __future__ import annotations

import argparse
import tempfile

from frontdesk import create_app
from frontdesk.demo import load_demo
from frontdesk.extensions import db
from frontdesk.migrate import upgrade


def demo_app(doc: str, name: str):
    """Parse --contacts and --database-url; return (args, app, url) with the demo directory and
    accounts loaded (a fresh SQLite file unless --database-url names a database)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix=f'fd-bench-{name}-')}/fd.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        load_demo(db.session)
        db.session.commit()
    return args, app, url
