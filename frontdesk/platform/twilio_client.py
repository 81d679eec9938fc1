"""Twilio's REST API through the official SDK: one client, made from the settings, and a
recording's audio fetched with the account's credentials.

Tests (and anyone without network) give the SDK another HTTP client through the
TWILIO_HTTP_CLIENT setting; the SDK builds exactly the requests it would send to Twilio.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

import requests
from flask import current_app, request
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

_RECORDING_SID = re.compile(r"^RE[0-9a-f]{32}$")
CHUNK = 64 * 1024


def twilio_client() -> Client | None:
    """A REST client when an account is configured (API key and secret preferred), else None."""
    config = current_app.config
    sid = config.get("TWILIO_ACCOUNT_SID")
    if not sid:
        return None
    http_client = config.get("TWILIO_HTTP_CLIENT")
    if config.get("TWILIO_API_KEY") and config.get("TWILIO_API_SECRET"):
        return Client(config["TWILIO_API_KEY"], config["TWILIO_API_SECRET"], sid, http_client=http_client)
    if not config.get("TWILIO_AUTH_TOKEN"):
        return None
    return Client(sid, config["TWILIO_AUTH_TOKEN"], http_client=http_client)


def public_url(path_with_query: str) -> str:
    """The absolute URL Twilio should call back on (FRONTDESK_PUBLIC_URL behind a proxy)."""
    root = request.root_url if request else "http://localhost/"
    return (current_app.config.get("PUBLIC_URL") or root).rstrip("/") + path_with_query


@dataclass
class Audio:
    """A recording's audio as Twilio sends it: read `chunks` once, then `close`."""

    content_type: str
    length: int | None
    chunks: Iterable[bytes]
    close: Callable[[], None]


def recording_audio(client: Client, sid: str) -> Audio:
    """The MP3 of recording `sid`, fetched from Twilio with the account's credentials (so that
    recordings need not be public). LookupError when Twilio has no such recording; TwilioRestException
    or requests' RequestException when it could not be fetched.

    The SDK's own HTTP client reads every answer as text, which would spoil audio: with it, the
    audio is streamed with requests (following Twilio's redirect to the file, without the
    credentials). Any other HTTP client given to the SDK (tests) is asked through the SDK."""
    if not _RECORDING_SID.match(sid or ""):
        raise LookupError(f"'{sid}' is not a recording sid")
    url = client.get_hostname(client.api.v2010.absolute_url(f"Accounts/{client.account_sid}/Recordings/{sid}.mp3"))
    if not isinstance(client.http_client, TwilioHttpClient):
        answer = client.request("GET", url, allow_redirects=True)
        _check(answer.status_code, url, answer.text if answer.status_code >= 400 else "")
        body = answer.content if isinstance(answer.content, bytes) else answer.content.encode()
        return Audio((answer.headers or {}).get("Content-Type", "audio/mpeg"), len(body), [body], lambda: None)
    streamed = requests.get(url, auth=client.auth, stream=True, timeout=(5, 30))
    if streamed.status_code >= 400:
        streamed.close()
        _check(streamed.status_code, url, streamed.reason)
    length = streamed.headers.get("Content-Length")
    return Audio(streamed.headers.get("Content-Type", "audio/mpeg"), int(length) if length and length.isdigit() else None,
                 streamed.iter_content(CHUNK), streamed.close)


def _check(status: int, url: str, message: str) -> None:
    if status == 404:
        raise LookupError("Twilio has no such recording")
    if status >= 400:
        raise TwilioRestException(status, url, message)
