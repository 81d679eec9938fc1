"""What the benchmarks share: a fresh database to run on, a free port, and (for the in-process
database benchmarks) their command line and an app on a fresh demo database."""
from __future__ import annotations

import argparse
import socket
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from frontdesk import create_app
from frontdesk.devtools.demo_data import load_demo
from frontdesk.extensions import db
from frontdesk.platform.migrate import upgrade


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


@contextmanager
def fresh_database(url: str | None, folder: Path):
    """A SQLite file in `folder`, or a new schema in the PostgreSQL database at `url` (named in the
    URL this yields, for the app and any server process; dropped after)."""
    if not url or url.startswith("sqlite"):
        yield url or f"sqlite:///{folder / 'fd.db'}"
        return
    from sqlalchemy import create_engine, make_url, text
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
