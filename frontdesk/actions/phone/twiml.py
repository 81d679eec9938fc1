"""TwiML answers, built with the twilio SDK's builders: say, ask, dial, record, hang up."""
from __future__ import annotations

from flask import Response
from twilio.twiml.voice_response import VoiceResponse

LANGUAGE = "en-GB"


class Reply:
    """One TwiML answer to a webhook. Every `<Say>` uses the configured British English voice."""

    def __init__(self, voice: str):
        self.voice = voice
        self.twiml = VoiceResponse()

    def say(self, text: str) -> "Reply":
        self.twiml.say(text, voice=self.voice, language=LANGUAGE)
        return self

    def ask(self, text: str, action: str, *, keys: int | None = None, hints: str | None = None,
            timeout_s: int = 6) -> "Reply":
        """Say `text` and listen for keys or speech; the answer (or silence) goes to `action`.

        `keys` is how many keys end the answer (a menu choice); without it the caller ends
        with the hash key. If Twilio ever carries on past the listening, the redirect sends
        the silence to `action` too, so the journey always decides what happens next.
        """
        gather = self.twiml.gather(input="dtmf speech", action=action, method="POST", language=LANGUAGE,
                                   hints=hints or None, num_digits=keys, finish_on_key="#",
                                   timeout=timeout_s, speech_timeout="auto", speech_model="phone_call",
                                   action_on_empty_result=True)
        gather.say(text, voice=self.voice, language=LANGUAGE)
        self.twiml.redirect(action, method="POST")
        return self

    def dial(self, number: str, action: str, timeout_s: int, caller_id: str | None) -> "Reply":
        """Ring `number` for `timeout_s` seconds; how it went goes to `action`."""
        dial = self.twiml.dial(action=action, method="POST", timeout=timeout_s, caller_id=caller_id or None,
                               answer_on_bridge=True)
        dial.number(number)
        return self

    def record(self, action: str, status_callback: str, max_length_s: int) -> "Reply":
        """Record a message after a tone, ended by the hash key, silence or `max_length_s`."""
        self.twiml.record(action=action, method="POST", max_length=max_length_s, finish_on_key="#",
                          play_beep=True, timeout=5, trim="trim-silence",
                          recording_status_callback=status_callback,
                          recording_status_callback_method="POST")
        return self

    def redirect(self, url: str) -> "Reply":
        self.twiml.redirect(url, method="POST")
        return self

    def hang_up(self) -> "Reply":
        self.twiml.hangup()
        return self

    def __str__(self) -> str:
        return str(self.twiml)

    @staticmethod
    def empty() -> str:
        """An answer that does nothing (for status callbacks)."""
        return str(VoiceResponse())


def twiml_response(text: str) -> Response:
    return Response(text, mimetype="text/xml")
