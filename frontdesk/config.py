"""Settings: defaults here, overridden by FRONTDESK_* environment variables, then by `config`."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_SETTINGS = {
    # environment variable suffix -> Flask config key
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "PUBLIC_URL": "PUBLIC_URL",
    "TWILIO_ACCOUNT_SID": "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN": "TWILIO_AUTH_TOKEN",
    "TWILIO_API_KEY": "TWILIO_API_KEY",
    "TWILIO_API_SECRET": "TWILIO_API_SECRET",
    "FREEPHONE_NUMBER": "FREEPHONE_NUMBER",
    "REDIS_URL": "REDIS_URL",
    "ENV": "FRONTDESK_ENV",
}


class Defaults:
    FRONTDESK_ENV = "development"
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY: str | None = None
    PUBLIC_URL: str | None = None
    TWILIO_ACCOUNT_SID: str | None = None
    TWILIO_AUTH_TOKEN: str | None = None
    TWILIO_API_KEY: str | None = None
    TWILIO_API_SECRET: str | None = None
    FREEPHONE_NUMBER: str | None = None
    REDIS_URL: str | None = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    JSON_SORT_KEYS = False
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # route requests and imports, not uploads of data sets


def from_environment(environ: dict[str, str] | None = None) -> dict:
    """The settings that FRONTDESK_* variables give, keyed by Flask config name."""
    environ = os.environ if environ is None else environ
    return {key: environ[f"FRONTDESK_{suffix}"] for suffix, key in ENV_SETTINGS.items()
            if environ.get(f"FRONTDESK_{suffix}")}


def finish(config: dict, instance_path: str) -> None:
    """Fill in what depends on other settings: the SQLite default and a development secret."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(instance_path) / 'frontdesk.db'}"
    production = config.get("FRONTDESK_ENV") == "production"
    config["SESSION_COOKIE_SECURE"] = production
    if not config.get("SECRET_KEY"):
        if production:
            raise RuntimeError("FRONTDESK_SECRET_KEY must be set in production")
        key_file = Path(instance_path) / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        config["SECRET_KEY"] = key_file.read_text().strip()
