"""A recording's audio through the SDK's own HTTP client, as in production: against a stand-in for
Twilio on this machine that checks the account's credentials and redirects to the file elsewhere,
as Twilio does."""
from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from twilio.rest import Client

from frontdesk.platform.twilio_client import recording_audio
from tests.support import ACCOUNT

SID = "RE" + "a1" * 16
AUDIO = bytes(range(256)) * 300  # not text in any encoding: a client that decodes it would spoil it
CREDENTIALS = "Basic " + base64.b64encode(f"{ACCOUNT}:secret".encode()).decode()


class _Twilio(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        port = self.server.server_address[1]
        if self.path == f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{SID}.mp3":
            if self.headers.get("Authorization") != CREDENTIALS:
                return self._answer(401, b"{}")
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/media/{SID}")  # another host: no credentials
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == f"/media/{SID}" and "Authorization" not in self.headers:
            self._answer(200, AUDIO, "audio/mpeg")
        else:
            self._answer(404, b'{"status": 404}')

    def _answer(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def client():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Twilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    made = Client(ACCOUNT, "secret")  # the SDK's own HTTP client, as in production
    made.api.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    yield made
    server.shutdown()
    server.server_close()


def test_a_recording_comes_whole_with_the_accounts_credentials_which_its_redirect_does_not_get(client):
    audio = recording_audio(client, SID)
    try:
        assert (audio.content_type, audio.length, b"".join(audio.chunks)) == ("audio/mpeg", len(AUDIO), AUDIO)
    finally:
        audio.close()


def test_a_recording_twilio_does_not_have_or_a_sid_that_is_not_one_is_not_found(client):
    with pytest.raises(LookupError):
        recording_audio(client, "RE" + "b2" * 16)
    with pytest.raises(LookupError):
        recording_audio(client, "../../Calls")
