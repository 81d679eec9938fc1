"""`frontdesk call`: a scripted phone call to the helpline from the terminal."""
from __future__ import annotations

import json
from typing import IO

from .voice.simulator import ACTIONS, Simulator, SimulatorError, perform

WHO = {"line": "HELPLINE", "you": "YOU", "them": "SERVICE", "system": "PHONE"}


def parse_steps(steps: tuple[str, ...]) -> list[tuple[str, str]]:
    """"say:Sutton Coldfield" -> ("say", "Sutton Coldfield"); raises SimulatorError for unknown ones."""
    parsed = []
    for text in steps:
        action, _, value = text.partition(":")
        if action not in ACTIONS:
            raise SimulatorError(f"'{text}' is not a step; steps are {', '.join(ACTIONS)} "
                                 "(press:KEYS, say:TEXT, answer:SECONDS, message:TEXT)")
        parsed.append((action, value))
    return parsed


def run_call(sim: Simulator, steps: list[tuple[str, str]], out: IO[str]) -> int:
    """Play the call, printing the transcript; hang up when the steps run out. Returns 0, or 1
    when a step did not fit what the line was doing."""
    def show(turn) -> None:
        for line in turn.lines:
            out.write(f"{WHO[line['who']]:<9} {line['text']}\n")

    show(sim.start())
    for number, (action, value) in enumerate(steps, start=1):
        try:
            show(perform(sim, action, value))
        except SimulatorError as exc:
            out.write(f"step {number} ({action}) does not fit: {exc}\n")
            show(sim.hang_up())
            return 1
    if not sim.state["ended"]:
        show(sim.hang_up())
    return 0


def print_log(log: dict | None, out: IO[str]) -> None:
    if log:
        out.write("\nWhat the front desk logged:\n" + json.dumps(log, indent=2, ensure_ascii=False) + "\n")
