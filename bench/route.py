"""Benchmark: routing decisions per second and p50/p99 latency, place-name resolution included.

Runs a realistic mix of contacts (postcodes, council and town names, typos, whole spoken
sentences, no location at all; every channel; times across a week) through resolution and
the default rulebook, and the same mix through a naive baseline that resolves place names
with a linear difflib scan. Both are measured in this run; the ratio is printed.

    python bench/route.py [--contacts 20000] [--seed 7]
"""
from __future__ import annotations

import argparse
import difflib
import random
import time
from datetime import datetime, timedelta, timezone

from frontdesk.contacts.input import ContactInput
from frontdesk.directory import builtin
from frontdesk.directory.snapshot import builtin_snapshot
from frontdesk.resolve import resolve_contact
from frontdesk.resolve.places import _key
from frontdesk.resolve.postcodes import district_table
from routing_rules import AuthorityMatch, default_rulebook_path, evaluate, load_rulebook_file

MESSAGES = ["his EHCP annual review is late", "she has been excluded again", "we want to appeal to the tribunal",
            "the council stopped his taxi", "her anxiety is awful", "my son is autistic", "the SENCO won't help",
            "hello", "", "I'm frightened he will hurt himself"]
SENTENCE = ["we live in {} thanks", "um I'm calling from {}", "it's {}", "near {} please"]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:] if rng.random() < 0.5 else word[:i] + word[i + 1] + word[i] + word[i + 2:]


def make_contacts(n: int, seed: int) -> list[ContactInput]:
    rng = random.Random(seed)
    names = [a.display_name for a in builtin.authorities()] + [al for a in builtin.authorities() for al in a.aliases]
    districts = [d for d, las in district_table().items() if las[0].startswith("E") and any(c.isdigit() for c in d)]
    start = datetime(2026, 11, 23, tzinfo=timezone.utc)
    out = []
    for _ in range(n):
        kind = rng.random()
        fields: dict = {}
        if kind < 0.40:
            fields["postcode"] = f"{rng.choice(districts)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
        elif kind < 0.70:
            fields["place"] = rng.choice(names)
        elif kind < 0.80:
            fields["place"] = typo(rng.choice(names), rng)
        elif kind < 0.90:
            fields["place"] = rng.choice(SENTENCE).format(rng.choice(names))
        out.append(ContactInput(channel=rng.choice(["phone", "phone", "chat", "video"]),
                                received_at=start + timedelta(minutes=rng.randrange(7 * 24 * 60)),
                                message=rng.choice(MESSAGES) or None, **fields))
    return out


class DifflibPlaces:
    """The naive baseline: every place name compared with difflib, one by one."""

    def __init__(self, places):
        self.inner = places
        self.keys = {}
        for a in builtin.authorities():
            for label in (a.name, a.display_name, *a.aliases):
                self.keys.setdefault(_key(label), a.code)
        self.names = places.names
        self.display = places.display

    def resolve(self, text: str) -> AuthorityMatch:
        key = _key(text)
        best = difflib.get_close_matches(key, list(self.keys), n=1, cutoff=0.8)
        if not best:
            return AuthorityMatch(note="not recognised")
        code = self.keys[best[0]]
        return AuthorityMatch(code, self.display[code], 0.9, "place")


def measure(contacts, places, rulebook, directory) -> list[int]:
    times = []
    for c in contacts:
        t0 = time.perf_counter_ns()
        evaluate(rulebook, resolve_contact(c, places), directory)
        times.append(time.perf_counter_ns() - t0)
    return times


def report(label: str, times: list[int]) -> tuple[float, float]:
    ordered = sorted(times)
    p50 = ordered[len(ordered) // 2] / 1000
    p99 = ordered[int(len(ordered) * 0.99)] / 1000
    rate = len(times) / (sum(times) / 1e9)
    print(f"{label:<34} {rate:>10,.0f} decisions/s   p50 {p50:>8.1f} µs   p99 {p99:>8.1f} µs")
    return p50, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    snapshot = builtin_snapshot()
    rulebook = load_rulebook_file(default_rulebook_path(), set(snapshot.directory.services))
    contacts = make_contacts(args.contacts, args.seed)
    measure(contacts[:500], snapshot.places, rulebook, snapshot.directory)  # warm caches
    print(f"{len(contacts):,} contacts: 40% postcodes, 30% names, 10% typos, 10% sentences, 10% no place\n")
    _, ours = report("frontdesk (rapidfuzz + index)", measure(contacts, snapshot.places, rulebook, snapshot.directory))
    baseline_n = min(len(contacts), 3000)
    _, base = report("baseline (linear difflib scan)",
                     measure(contacts[:baseline_n], DifflibPlaces(snapshot.places), rulebook, snapshot.directory))
    print(f"\np99 speed-up over the baseline: {base / ours:.1f}x   target p99 <= 100 µs: "
          f"{'met' if ours <= 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
