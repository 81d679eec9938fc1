"""The minimum standards local services are held to, as the operator configures them.

FRONTDESK_STANDARDS lists them, comma-separated, each a measure, a comparison and a target:
"answer_rate>=80, median_wait_s<=120, callbacks_in_time>=90, satisfaction>=4" (the default).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT = "answer_rate>=80, median_wait_s<=120, callbacks_in_time>=90, satisfaction>=4"

# measure -> (title, unit, what it counts, what a figure is based on)
MEASURES = {
    "answer_rate": ("Answer rate", "percent",
                    "Of the contacts put through to the service live (phone or chat), the share an advisor answered.",
                    ("contact put through", "contacts put through")),
    "median_wait_s": ("Median wait", "seconds",
                      "The median time families waited before an advisor answered (ringing, or in the chat queue).",
                      ("answered contact", "answered contacts")),
    "callbacks_in_time": ("Callbacks within one working day", "percent",
                          "Of the callback requests left with the service, the share first called or answered by the "
                          "end of the next working day (weekends and bank holidays are not working days).",
                          ("callback request", "callback requests")),
    "satisfaction": ("Satisfaction", "score", "The average score families gave after chats, from 1 to 5.",
                     ("rating", "ratings")),
}
_PART = re.compile(r"^\s*([a-z_]+)\s*(>=|<=)\s*([0-9]+(?:\.[0-9]+)?)\s*$")


@dataclass(frozen=True)
class Standard:
    measure: str
    comparison: str  # ">=" or "<="
    target: float

    @property
    def title(self) -> str:
        return MEASURES[self.measure][0]

    @property
    def unit(self) -> str:
        return MEASURES[self.measure][1]

    @property
    def explanation(self) -> str:
        return MEASURES[self.measure][2]

    def basis_text(self, count: int) -> str:
        """What a figure rests on: "1 rating", "12 contacts put through"."""
        one, many = MEASURES[self.measure][3]
        return f"{count:,} {one if count == 1 else many}"

    def met_by(self, figure: float | None) -> bool | None:
        """Whether `figure` meets the standard; None when there is no figure (nothing to measure)."""
        if figure is None:
            return None
        return figure >= self.target if self.comparison == ">=" else figure <= self.target

    def target_text(self) -> str:
        """"at least 80 %", "at most 2 min", "at least 4 of 5"."""
        word = "at least" if self.comparison == ">=" else "at most"
        return f"{word} {format_figure(self.target, self.unit)}"


def format_figure(value, unit: str) -> str:
    """A figure as a page shows it, by unit: percent "80 %", seconds "2 min 5 s", score "4.2 of 5",
    count "1,204", number "4.25", text as it is; "no data" for None."""
    if value is None:
        return "no data"
    if unit == "text":
        return str(value)
    if unit == "count":
        return f"{value:,}"
    if unit == "number":
        return f"{value:g}"
    if unit == "percent":
        return f"{value:g} %"
    if unit == "seconds":
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes} min {seconds} s" if minutes and seconds else f"{minutes} min" if minutes else f"{seconds} s"
    if unit == "score":
        return f"{value:g} of 5"
    raise ValueError(f"unknown unit '{unit}'")


class StandardsError(ValueError):
    """FRONTDESK_STANDARDS cannot be read; the message says which part and why."""


def parse_standards(text: str | None) -> list[Standard]:
    """The standards `text` lists (default: DEFAULT); StandardsError naming the part it cannot use."""
    out, seen = [], set()
    for part in (text or DEFAULT).split(","):
        if not part.strip():
            continue
        found = _PART.match(part)
        if not found:
            raise StandardsError(f"FRONTDESK_STANDARDS: '{part.strip()}' should look like 'answer_rate>=80'")
        measure, comparison, target = found.groups()
        if measure not in MEASURES:
            raise StandardsError(f"FRONTDESK_STANDARDS: unknown measure '{measure}'; "
                                 f"choose from {', '.join(MEASURES)}")
        if measure in seen:
            raise StandardsError(f"FRONTDESK_STANDARDS: '{measure}' is listed twice")
        seen.add(measure)
        out.append(Standard(measure, comparison, float(target)))
    if not out:
        raise StandardsError("FRONTDESK_STANDARDS lists no standards")
    return out
