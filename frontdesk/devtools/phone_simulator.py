"""A phone in software: plays a caller against the real voice webhooks, signed as Twilio signs.

It sends Twilio-format requests (with `X-Twilio-Signature`) to the webhooks, reads the TwiML
that comes back, says what `<Say>` would say, follows `<Gather>`, `<Redirect>`, `<Dial>` and
`<Record>`, and lets the person driving it decide what the caller and the dialled services
do. The web page (`/simulator`), `frontdesk call` and the tests all drive calls through it.

The call's state is a small JSON-able dict, so the web page can keep it in the signed
session cookie and any worker can carry the call on.
"""
from __future__ import annotations

import math
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Callable, Protocol
from urllib.parse import urljoin, urlsplit

import requests

from ..platform.twilio_webhooks import sign, webhook_url

ACCOUNT_SID = "AC" + "0" * 32  # the simulator's pretend account
MAX_REQUESTS_PER_TURN = 25     # a TwiML loop ends the call rather than the simulator
WORDS_PER_SECOND = 2.5
DIAL_OUTCOMES = {"answer": "completed", "busy": "busy", "no-answer": "no-answer", "fail": "failed"}


class Transport(Protocol):
    def post(self, url: str, params: dict[str, str]) -> str:
        """POST `params` to `url` (relative to the app), signed; return the response body."""


class FlaskTransport:
    """Sends requests into a Flask app in the same process (through its test client).

    Each request gets an application context of its own, as it would in a server, even when
    the caller is itself inside a request (the simulator page) or a test's app context.
    """

    def __init__(self, client, base_url: str, auth_token: str, public_url: str | None = None):
        self.client, self.base_url, self.token, self.public_url = client, base_url.rstrip("/"), auth_token, public_url
        self.last_status = 0

    def post(self, url: str, params: dict[str, str]) -> str:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        signed = webhook_url(path, self.base_url, self.public_url)
        with self.client.application.app_context():
            answer = self.client.post(path, base_url=self.base_url, data=params,
                                      headers={"X-Twilio-Signature": sign(signed, params, self.token)})
        self.last_status = answer.status_code
        return answer.get_data(as_text=True)


class HttpTransport:
    """Sends requests over HTTP to a running front desk at `base_url`."""

    def __init__(self, base_url: str, auth_token: str):
        self.session, self.base_url, self.token = requests.Session(), base_url.rstrip("/"), auth_token
        self.last_status = 0

    def post(self, url: str, params: dict[str, str]) -> str:
        full = urljoin(self.base_url + "/", url)
        answer = self.session.post(full, data=params, timeout=30,
                                   headers={"X-Twilio-Signature": sign(full, params, self.token)})
        self.last_status = answer.status_code
        return answer.text


@dataclass
class Turn:
    """What happened in one go: lines for the transcript, and the TwiML documents received."""

    lines: list[dict] = field(default_factory=list)
    twiml: list[str] = field(default_factory=list)

    def add(self, who: str, text: str) -> None:
        self.lines.append({"who": who, "text": text})


def new_call(from_number: str, to_number: str) -> dict:
    """The state of a call that has not started yet."""
    return {"sid": "CA" + secrets.token_hex(16), "from": from_number, "to": to_number, "seconds": 0,
            "waiting": None, "rest": None, "ended": False}


class Simulator:
    """Drives one call. `describe(number)` names who a dialled number belongs to, if known."""

    def __init__(self, transport: Transport, state: dict, describe: Callable[[str], str] | None = None):
        self.transport, self.state, self.describe = transport, state, describe or (lambda n: n)

    # --- what the person driving the call can do ------------------------------------------

    def start(self) -> Turn:
        turn = Turn()
        turn.add("you", f"You call the helpline from {self.state['from']}.")
        self._fetch(turn, "/voice/incoming", {})
        return turn

    def press(self, keys: str) -> Turn:
        waiting = self._expect("gather")
        keys = "".join(k for k in keys if k in "0123456789*#")
        typed = keys.split("#")[0] if "#" in keys else keys
        if waiting.get("numDigits"):
            typed = typed[: int(waiting["numDigits"])]
        turn = Turn()
        turn.add("you", f"You press {' '.join(keys) or 'nothing'}.")
        self._answer_gather(turn, {"Digits": typed} if typed else {})
        return turn

    def say(self, text: str) -> Turn:
        self._expect("gather")
        turn = Turn()
        turn.add("you", f"You say: “{text}”")
        self._advance(turn, len(text.split()))
        self._answer_gather(turn, {"SpeechResult": text, "Confidence": "0.92"} if text.strip() else {})
        return turn

    def silence(self) -> Turn:
        self._expect("gather")
        turn = Turn()
        turn.add("you", "You say nothing.")
        self._answer_gather(turn, {})
        return turn

    def dialled(self, outcome: str, talk_s: int = 300) -> Turn:
        """What the dialled service does: "answer" (and talk for `talk_s`), "busy", "no-answer", "fail"."""
        waiting = self._expect("dial")
        if outcome not in DIAL_OUTCOMES:
            raise SimulatorError(f"a dialled service can {', '.join(DIAL_OUTCOMES)}, not '{outcome}'")
        turn = Turn()
        who = self.describe(waiting["number"])
        status = DIAL_OUTCOMES[outcome]
        duration = talk_s if outcome == "answer" else 0
        turn.add("them", {"answer": f"{who} answers; you talk for {_minutes(talk_s)}, then they end the call.",
                          "busy": f"{who} is busy.", "no-answer": f"Nobody at {who} answers.",
                          "fail": f"The call to {who} fails."}[outcome])
        self.state["seconds"] += duration or int(waiting.get("timeout", 30))
        params = {"DialCallStatus": status, "DialCallSid": "CA" + secrets.token_hex(16),
                  "DialCallDuration": str(duration), "DialBridged": "true" if duration else "false"}
        self._continue_after(turn, waiting, params)
        return turn

    def leave_message(self, text: str) -> Turn:
        """Speak a message at the tone (`text`), then press hash; an empty message is silence."""
        waiting = self._expect("record")
        turn = Turn()
        if not text.strip():
            turn.add("you", "You say nothing at the tone.")
            self._resume(turn, waiting)
            return turn
        turn.add("you", f"You leave a message: “{text}”, then press #.")
        seconds = min(int(waiting.get("maxLength", 3600)), max(1, math.ceil(len(text.split()) / WORDS_PER_SECOND)))
        self.state["seconds"] += seconds
        self._recording_done(turn, waiting, seconds, "#")
        return turn

    def hang_up(self) -> Turn:
        turn = Turn()
        if self.state["ended"]:
            return turn
        waiting = self.state.get("waiting") or {}
        turn.add("you", "You hang up.")
        if waiting.get("kind") == "dial" and waiting.get("action"):
            self.transport.post(waiting["action"], self._params({"DialCallStatus": "canceled",
                                                                 "DialCallDuration": "0"}))
        elif waiting.get("kind") == "record" and waiting.get("action"):
            self._recording_done(turn, waiting, 1, "hangup", follow=False)
        self._end(turn)
        return turn

    # --- the TwiML interpreter --------------------------------------------------------------

    def _expect(self, kind: str) -> dict:
        waiting = self.state.get("waiting") or {}
        if self.state["ended"] or waiting.get("kind") != kind:
            now = "the call has ended" if self.state["ended"] else \
                f"the line is {_DOING[waiting['kind']]}" if waiting.get("kind") else "the call has not started"
            raise SimulatorError(f"that needs the line to be {_DOING[kind]}, but {now}")
        return waiting

    def _params(self, extra: dict[str, str]) -> dict[str, str]:
        s = self.state
        return {"AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": s["sid"],
                "CallStatus": "in-progress", "Direction": "inbound", "From": s["from"], "Caller": s["from"],
                "To": s["to"], "Called": s["to"], "FromCountry": "GB", "ToCountry": "GB", **extra}

    def _advance(self, turn: Turn, words: int) -> None:
        self.state["seconds"] += math.ceil(words / WORDS_PER_SECOND)

    def _fetch(self, turn: Turn, url: str, extra: dict[str, str]) -> None:
        self.state.setdefault("requests", 0)
        self.state["requests"] += 1
        if self.state["requests"] > MAX_REQUESTS_PER_TURN:
            turn.add("system", "The call went round in circles; the simulator hung up.")
            self._end(turn)
            return
        body = self.transport.post(url, self._params(extra))
        turn.twiml.append(body)
        self._run(turn, body, url)

    def _answer_gather(self, turn: Turn, answer: dict[str, str]) -> None:
        waiting = self.state["waiting"]
        if not answer and waiting.get("actionOnEmptyResult") != "true":
            self._resume(turn, waiting)
        else:
            self._continue_after(turn, waiting, answer)

    def _continue_after(self, turn: Turn, waiting: dict, params: dict[str, str]) -> None:
        """Send the outcome to the verb's action URL, or go on with the verbs after it."""
        if waiting.get("action"):
            self.state["waiting"], self.state["rest"] = None, None
            self._fetch(turn, waiting["action"], params)
        else:
            self._resume(turn, waiting)

    def _resume(self, turn: Turn, waiting: dict) -> None:
        rest = self.state["rest"] or "<Response/>"
        self.state["waiting"], self.state["rest"] = None, None
        self._run(turn, rest, waiting["url"])

    def _recording_done(self, turn: Turn, waiting: dict, seconds: int, digits: str, follow: bool = True) -> None:
        sid = "RE" + secrets.token_hex(16)
        url = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{sid}"
        recording = {"RecordingSid": sid, "RecordingUrl": url, "RecordingDuration": str(seconds)}
        if waiting.get("recordingStatusCallback"):
            self.transport.post(waiting["recordingStatusCallback"],
                                self._params({**recording, "RecordingStatus": "completed",
                                              "RecordingSource": "RecordVerb", "RecordingChannels": "1"}))
        if follow:
            self._continue_after(turn, waiting, {**recording, "Digits": digits})
        elif waiting.get("action"):
            self.transport.post(waiting["action"], self._params({**recording, "Digits": digits}))

    def _run(self, turn: Turn, body: str, url: str) -> None:
        """Carry out a TwiML document until the caller has to do something, or the call ends."""
        try:
            verbs = list(ET.fromstring(body)) if body.strip() else []
        except ET.ParseError:
            turn.add("system", f"The line answered something that is not TwiML (HTTP "
                               f"{getattr(self.transport, 'last_status', '?')}); Twilio would hang up.")
            self._end(turn)
            return
        for i, verb in enumerate(verbs):
            tag, attrs = verb.tag, dict(verb.attrib)
            if tag == "Say":
                self._say(turn, verb.text or "")
            elif tag in ("Play", "Pause"):
                turn.add("system", "(music)" if tag == "Play" else f"(a pause of {attrs.get('length', 1)} s)")
            elif tag == "Gather":
                for inner in verb:
                    if inner.tag == "Say":
                        self._say(turn, inner.text or "")
                attrs.pop("hints", None)
                return self._wait(turn, "gather", attrs, verbs[i + 1:], url)
            elif tag == "Dial":
                number = verb.findtext("Number") or verb.text or ""
                who = self.describe(number.strip())
                turn.add("system", f"The line rings {who} for up to {attrs.get('timeout', 30)} seconds.")
                return self._wait(turn, "dial", {**attrs, "number": number.strip()}, verbs[i + 1:], url)
            elif tag == "Record":
                turn.add("system", f"Beep. The line records a message (up to {attrs.get('maxLength', 3600)} s).")
                return self._wait(turn, "record", attrs, verbs[i + 1:], url)
            elif tag == "Redirect":
                return self._fetch(turn, urljoin(url, (verb.text or "").strip()), {})
            elif tag in ("Hangup", "Reject"):
                return self._end(turn)
            else:
                turn.add("system", f"(the simulator skips <{tag}>)")
        self._end(turn)

    def _say(self, turn: Turn, text: str) -> None:
        turn.add("line", " ".join(text.split()))
        self._advance(turn, len(text.split()))

    def _wait(self, turn: Turn, kind: str, attrs: dict, rest: list, url: str) -> None:
        if attrs.get("action"):
            attrs["action"] = urljoin(url, attrs["action"])
        if attrs.get("recordingStatusCallback"):
            attrs["recordingStatusCallback"] = urljoin(url, attrs["recordingStatusCallback"])
        self.state["waiting"] = {"kind": kind, "url": url, **attrs}
        self.state["rest"] = "<Response>" + "".join(ET.tostring(v, encoding="unicode") for v in rest) + "</Response>"
        self.state["requests"] = 0

    def _end(self, turn: Turn) -> None:
        if self.state["ended"]:
            return
        self.state.update(ended=True, waiting=None, rest=None)
        turn.add("system", f"The call ends after {_minutes(self.state['seconds'])}.")
        self.transport.post("/voice/status", self._params({"CallStatus": "completed",
                                                          "CallDuration": str(self.state["seconds"])}))


_DOING = {"gather": "listening for keys or speech", "dial": "ringing a service", "record": "recording a message"}


class SimulatorError(ValueError):
    """The person driving the call asked for something the call cannot do now."""


def _minutes(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconds"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


ACTIONS = ("press", "say", "silence", "answer", "busy", "no-answer", "fail", "message", "hangup")


def perform(sim: Simulator, action: str, value: str = "") -> Turn:
    """Do one named thing on the call: press KEYS, say TEXT, silence, answer[:SECONDS], busy,
    no-answer, fail, message TEXT, hangup. Raises SimulatorError when it does not fit now."""
    if action == "press":
        return sim.press(value)
    if action == "say":
        return sim.say(value)
    if action == "silence":
        return sim.silence()
    if action == "answer":
        try:
            talk_s = int(value) if value else 300
        except ValueError:
            raise SimulatorError(f"answer takes a number of seconds, not '{value}'") from None
        return sim.dialled("answer", max(1, min(talk_s, 4 * 3600)))
    if action in ("busy", "no-answer", "fail"):
        return sim.dialled(action)
    if action == "message":
        return sim.leave_message(value)
    if action == "hangup":
        return sim.hang_up()
    raise SimulatorError(f"unknown action '{action}'; use one of {', '.join(ACTIONS)}")
