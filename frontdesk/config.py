"""Settings: defaults here, overridden by FRONTDESK_* environment variables, then by `config`."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from .reports.standards import StandardsError, parse_standards

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
    "TWILIO_SKIP_SIGNATURE_CHECK": "TWILIO_SKIP_SIGNATURE_CHECK",
    "PHONE_SIMULATOR": "PHONE_SIMULATOR",
    "RETURNING_CALLER_DAYS": "RETURNING_CALLER_DAYS",
    "VOICE": "VOICE",
    "VOICEMAIL_MAX_SECONDS": "VOICEMAIL_MAX_SECONDS",
    "FALLBACK_NUMBER": "FALLBACK_NUMBER",
    "HELPLINE_NAME": "HELPLINE_NAME",
    "CALLER_DATA_DAYS": "CALLER_DATA_DAYS",
    "CHAT_MIN_WAIT_S": "CHAT_MIN_WAIT_S",
    "CHAT_MESSAGES_PER_MINUTE": "CHAT_MESSAGES_PER_MINUTE",
    "CHAT_STARTS_PER_ADDRESS": "CHAT_STARTS_PER_ADDRESS",
    "CHAT_STARTS_PER_SITE": "CHAT_STARTS_PER_SITE",
    "DEMO_PAGES": "DEMO_PAGES",
    "CALLBACK_ATTEMPTS": "CALLBACK_ATTEMPTS",
    "CALLBACK_RETRY_MINUTES": "CALLBACK_RETRY_MINUTES",
    "STANDARDS": "STANDARDS",
    "LOG_FORMAT": "LOG_FORMAT",
    "LOG_LEVEL": "LOG_LEVEL",
    "SOCKETIO_CHANNEL": "SOCKETIO_CHANNEL",
    "CLOCK_SHIFT_S": "CLOCK_SHIFT_S",
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",
}
FLAGS = ("TWILIO_SKIP_SIGNATURE_CHECK", "PHONE_SIMULATOR", "DEMO_PAGES")
NUMBERS = ("RETURNING_CALLER_DAYS", "VOICEMAIL_MAX_SECONDS", "CALLER_DATA_DAYS", "CHAT_MIN_WAIT_S",
           "CHAT_MESSAGES_PER_MINUTE", "CHAT_STARTS_PER_ADDRESS", "CHAT_STARTS_PER_SITE", "CALLBACK_ATTEMPTS",
           "CALLBACK_RETRY_MINUTES", "CLOCK_SHIFT_S", "TRUSTED_PROXIES")


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
    SOCKETIO_CHANNEL = "frontdesk"  # the Redis channel Socket.IO events cross workers on
    LOG_FORMAT: str | None = None  # json or text; default: json in production, text otherwise
    LOG_LEVEL = "INFO"
    CLOCK_SHIFT_S = 0  # seconds added to the clock, to try the desk at another hour (refused in production)
    # How many proxies in front of the app add to X-Forwarded-For (HAProxy's `option forwardfor`: 1). The
    # client's address is taken from that many entries, counted from the right; 0 trusts the header never.
    TRUSTED_PROXIES = 0
    # The phone channel (see docs/voice.md).
    TWILIO_SKIP_SIGNATURE_CHECK = False  # only for local experiments; refused in production
    PHONE_SIMULATOR: bool | None = None  # default: on in development, off in production
    RETURNING_CALLER_DAYS = 30  # offer a caller the area they gave within this many days
    VOICE = "Polly.Amy"  # a British English text-to-speech voice
    VOICEMAIL_MAX_SECONDS = 120
    FALLBACK_NUMBER: str | None = None  # dialled if the app fails in the middle of a call
    HELPLINE_NAME = "the SEND information and advice helpline"
    CALLER_DATA_DAYS = 90  # callers' numbers and messages are wiped after this (frontdesk calls purge)
    # Web chat (see docs/chat.md).
    CHAT_MIN_WAIT_S = 120  # a chat waits at least this long in a queue before moving to the next target
    CHAT_MESSAGES_PER_MINUTE = 20  # per conversation and side
    # Chats one network address may start in an hour (generous: a school, a library or a mobile network
    # shares one address among many families), and one partner site in ten minutes; each browser may
    # start 6 an hour whatever its address. A family refused is still shown the emergency numbers.
    CHAT_STARTS_PER_ADDRESS = 12
    CHAT_STARTS_PER_SITE = 60
    # Callbacks (see docs/callbacks.md).
    CALLBACK_ATTEMPTS = 3  # tries to reach a family before the final message
    CALLBACK_RETRY_MINUTES = 60
    # Reports (see docs/reports.md): the minimum standards, as "answer_rate>=80, median_wait_s<=120, ...".
    STANDARDS: str | None = None  # default: frontdesk.reports.standards.DEFAULT; read into a list of Standard
    TWILIO_HTTP_CLIENT = None  # tests give the Twilio SDK a recording HTTP client here
    DEMO_PAGES: bool | None = None  # the demo partner page; default: on in development
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


def _as_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise RuntimeError(f"'{value}' is not yes or no")


def _instance_secret(instance_path: str, name: str) -> str:
    """A random secret kept in the instance folder, made on first use (development only)."""
    key_file = Path(instance_path) / name
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def finish(config: dict, instance_path: str) -> None:
    """Fill in what depends on other settings: the SQLite default, typed values and, in
    development, a local secret key and Twilio auth token (so the phone simulator can sign)."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    for key in FLAGS:
        if config.get(key) is not None:
            config[key] = _as_flag(config[key])
    for key in NUMBERS:
        try:
            config[key] = int(config[key])
        except (TypeError, ValueError):
            raise RuntimeError(f"FRONTDESK_{key} must be a whole number, not '{config[key]}'") from None
    if not isinstance(config.get("STANDARDS"), list):
        try:
            config["STANDARDS"] = parse_standards(config.get("STANDARDS"))
        except StandardsError as exc:
            raise RuntimeError(str(exc)) from None
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(instance_path) / 'frontdesk.db'}"
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("hide_parameters", True)  # errors in the logs never carry what families wrote
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options.pop("pool_pre_ping", None)  # a SQLite file never drops a connection: pinging is pure cost
    elif config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # An unreachable database fails a request (or /readyz) in seconds instead of holding its thread.
        options["connect_args"] = {"connect_timeout": 5, **options.get("connect_args", {})}
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    production = config.get("FRONTDESK_ENV") == "production"
    config["SESSION_COOKIE_SECURE"] = production
    config["LOG_FORMAT"] = (config.get("LOG_FORMAT") or ("json" if production else "text")).lower()
    if config["LOG_FORMAT"] not in ("json", "text"):
        raise RuntimeError(f"FRONTDESK_LOG_FORMAT must be json or text, not '{config['LOG_FORMAT']}'")
    if not config.get("SECRET_KEY"):
        if production:
            raise RuntimeError("FRONTDESK_SECRET_KEY must be set in production")
        config["SECRET_KEY"] = _instance_secret(instance_path, "secret_key")
    for key in ("PHONE_SIMULATOR", "DEMO_PAGES"):
        if config.get(key) is None:
            config[key] = not production
    if config["TRUSTED_PROXIES"] < 0:
        raise RuntimeError("FRONTDESK_TRUSTED_PROXIES must be 0 or more")
    if production and config["CLOCK_SHIFT_S"]:
        raise RuntimeError("FRONTDESK_CLOCK_SHIFT_S is refused in production")
    if production and config.get("TWILIO_SKIP_SIGNATURE_CHECK"):
        raise RuntimeError("FRONTDESK_TWILIO_SKIP_SIGNATURE_CHECK is refused in production")
    if not config.get("TWILIO_AUTH_TOKEN") and not production:
        config["TWILIO_AUTH_TOKEN"] = _instance_secret(instance_path, "twilio_dev_auth_token")
