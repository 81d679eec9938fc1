"""The production server: Gunicorn, one worker process with many threads, per port.

Flask-SocketIO (threading mode, WebSockets by simple-websocket) needs every request of one
Socket.IO connection to reach the same process, and Gunicorn cannot route by connection. So each
server is one Gunicorn worker (`gthread`: a thread per request or open WebSocket), and several
servers on several ports (or machines) run behind a proxy, sharing PostgreSQL and, through
FRONTDESK_REDIS_URL, Socket.IO events (docs/deploy.md). The app is built in the worker, after the
fork, by the function the command line gives (which also starts the chat sweeper), so no database
connection crosses the fork.
"""
from __future__ import annotations

from typing import Callable

from flask import Flask
from gunicorn.app.base import BaseApplication

LOGGING = {  # Gunicorn's own lines, as JSON like ours
    "version": 1, "disable_existing_loggers": False,
    "formatters": {"json": {"()": "frontdesk.platform.logs.JSONFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                "gunicorn.access": {"handlers": ["stderr"], "level": "WARNING", "propagate": False}},
}


class ProductionServer(BaseApplication):
    def __init__(self, build_app: Callable[[], Flask], host: str, port: int, threads: int, json_logs: bool):
        self.build_app = build_app
        self.options = {
            "bind": f"{host}:{port}", "workers": 1, "worker_class": "gthread", "threads": threads,
            # Connections held at once (open WebSockets hold a thread each; idle keep-alives do not).
            "worker_connections": threads * 2,
            "timeout": 60,  # long-polling requests wait 25 s; a stuck worker is restarted after 60
            "graceful_timeout": 15, "keepalive": 5, "accesslog": None,  # the app logs each request itself
            "forwarded_allow_ips": "127.0.0.1,::1",  # trust X-Forwarded-* from a proxy on this machine
            "proc_name": f"frontdesk:{port}",
            "control_socket_disable": True,  # several servers on one machine would share its one path
        }
        if json_logs:
            self.options["logconfig_dict"] = LOGGING
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        """In the worker: build the app."""
        return self.build_app()


def serve_production(build_app: Callable[[], Flask], host: str, port: int, threads: int, json_logs: bool) -> None:
    """Serve the app `build_app()` makes (called in the worker) with Gunicorn until stopped."""
    ProductionServer(build_app, host, port, threads, json_logs).run()
