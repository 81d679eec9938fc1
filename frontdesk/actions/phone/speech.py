"""Everything the phone line says, in plain English, in one place.

Short sentences, one question at a time, and the way out ("press 0 to speak to someone")
always said. Times are said as people say them: "at 9 a.m. tomorrow" (`directory.opening_text`).
"""
from __future__ import annotations

from routing_rules.topics import TOPICS, topic_label

EMERGENCY = "If a child is in danger right now, please hang up and call 999."
MENU_TOPICS = TOPICS  # key 1 is the first topic, 8 is "other"
URGENT_KEY = "9"
OPERATOR_KEY = "0"


def welcome(helpline: str) -> str:
    return (f"Hello, and welcome to {helpline}. This call is free. We keep a note of this call so "
            "that we can help you, and we only share it if we are worried about a child's safety. "
            f"{EMERGENCY}")


ASK_LOCATION = ("First, where do you live? Say your postcode, or the name of your town or council. "
                "Or type your postcode on your keypad, using the key with each letter on it, then press "
                "the hash key. To speak to someone straight away, press 0.")
ASK_LOCATION_AGAIN = ("Sorry, I didn't catch that. Please say the name of your town or council, such as "
                      "Leeds or Cornwall, or type your postcode on your keypad and press hash. "
                      "To speak to someone straight away, press 0.")
ASK_LOCATION_RETRY = ("Let's try again. Please say the name of your town or council, or type your postcode "
                      "on your keypad and press hash. To speak to someone straight away, press 0.")
NO_LOCATION = "That's fine. We'll carry on, and an advisor can help you wherever you live."


def outside_england(country: str) -> str:
    return (f"That postcode is in {country}. We are a helpline for families in England, but we will "
            "still help you as much as we can.")


def heard_area(name: str) -> str:
    return f"Thank you. That's {name}."


# The area is never said: whoever holds the phone now may not be the family who called before.
RETURNING_CALLER = ("Welcome back. Are you calling about the same area as last time? "
                    "Press 1 or say yes. Press 2 or say no.")
SAME_AREA = "Thank you."


def choose_area(options: list[str]) -> str:
    listed = ", ".join(options[:-1]) + f", or {options[-1]}" if len(options) > 1 else options[0]
    keys = "; ".join(f"press {n} for {o}" for n, o in enumerate(options, start=1))
    return f"Did you mean {listed}? {keys[0].upper()}{keys[1:]}. If it's none of these, press 0."


def which_letter(letters: str) -> str:
    keys = ", ".join(f"{n} for {letter}" for n, letter in enumerate(letters, start=1))
    return f"Which letter does your postcode start with? Press {keys}."


_MENU = [f"{n} for {topic_label(t)}" for n, t in enumerate(MENU_TOPICS, start=1)]
ASK_TOPIC = ("What is your call about? You can tell me in a few words, or press "
             + ", ".join(_MENU[:-1]) + f", or {_MENU[-1]}"
             + f". If you are worried about a child's safety right now, press {URGENT_KEY}.")
ASK_TOPIC_AGAIN = "Sorry, I didn't catch that. " + ASK_TOPIC

_KIND_PHRASES = {
    "urgent": "our urgent duty line",
    "specialist": "our {name}",
    "local_iass": "{name}, your local information, advice and support service",
    "national": "one of our national advisors",
    "out_of_hours": "our out-of-hours advice team",
}


def putting_through(kind: str, name: str) -> str:
    return "I'm putting you through to " + _KIND_PHRASES.get(kind, "{name}").format(name=name) + \
        ". Please hold."


def trying_next(name_now: str, kind: str, name: str) -> str:
    who = _KIND_PHRASES.get(kind, "{name}").format(name=name)
    return f"Sorry, {name_now} can't take your call just now. I'll try {who}. Please hold."


def voicemail(reason: str, caller: str, when: str, withheld: bool) -> str:
    reason_text = {"closed": "Our advisors are not available at the moment.",
                   "no_answer": "Sorry, nobody could take your call just now."}[reason]
    callback = ("Your number is withheld, so please say a phone number we can call you back on. "
                if withheld else f"{caller[0].upper()}{caller[1:]} will call you back on the number you are "
                                 f"calling from, {when}. ")
    return (f"{reason_text} Please leave a message after the tone: your name, your child's age, and "
            f"what you would like help with. {callback}When you have finished, press the hash key "
            "or hang up.")


def message_saved(caller: str, when: str, withheld: bool) -> str:
    back = "on the number you gave" if withheld else "on the number you called from"
    return (f"Thank you. Your message has been saved, and {caller} will call you back {back}, {when}. "
            f"{EMERGENCY} Goodbye.")


def no_message(caller: str, when: str, withheld: bool) -> str:
    if withheld:
        return ("We didn't hear a message, and your number is withheld, so we can't call you back. "
                f"Please call again. {EMERGENCY} Goodbye.")
    return (f"We didn't hear a message, but {caller} will call you back on the number you called from, "
            f"{when}. {EMERGENCY} Goodbye.")


SORRY_TECHNICAL = ("Sorry, something has gone wrong with our phone system. Please call again in a few "
                   f"minutes. {EMERGENCY}")
SORRY_FORWARDING = "Sorry, something has gone wrong with our phone system. I'll put you through to an advisor."
GOODBYE = "Thank you for calling. Goodbye."


# --- calling a family back (docs/callbacks.md) ------------------------------------------------

CALLBACK_DEALT_WITH = "This callback has already been dealt with. Goodbye."
CALLBACK_NO_ANSWER = "The family didn't answer. The callback goes back on the list to try again later."
CALLBACK_WRONG_NUMBER = "That number could not be reached. The callback is marked as a wrong number."


def calling_back(who: str | None, area: str | None, topic: str) -> str:
    """What the advisor hears when they answer their phone, before the family is dialled."""
    where = f" in {area}" if area else ""
    return f"You are calling back {who or 'the family'}{where}, about {topic_label(topic)}. Putting you through now."


def we_tried_to_call(helpline: str, number: str | None) -> str:
    """The last word to a family we could not reach (or to their voicemail)."""
    again = number or "the number you called before"
    return (f"Hello, this is {helpline}. We tried to call you back about your message "
            f"but could not reach you. Please call us again on {again}. Goodbye.")
