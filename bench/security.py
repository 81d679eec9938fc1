"""The security figures (issue 13), in one run on one machine: every `bench/security_*.py` module's
figures, before (on `--before REV`, the commit before the hardening) and after (this tree), written
as a table into docs/security.md between its figure markers, and printed.

    python bench/security.py --before 857e5b8 [--only chat,webhooks]
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DOCS = BENCH.parent / "docs" / "security.md"
BEGIN, END = "<!-- figures: written by bench/security.py -->", "<!-- end of figures -->"
sys.path.insert(0, str(BENCH))


def modules(only: set[str] | None) -> list[str]:
    names = sorted(p.stem for p in BENCH.glob("security_*.py"))
    return [n for n in names if not only or n.removeprefix("security_") in only]


def run(name: str, before: str | None) -> list[tuple[str, str, str]]:
    module = importlib.import_module(name)
    takes_before = bool(inspect.signature(module.figures).parameters)
    began = time.monotonic()
    rows = module.figures(before) if takes_before else module.figures()
    print(f"{name}: {time.monotonic() - began:.0f} s", file=sys.stderr)
    return rows


def table(rows: list[tuple[str, str, str, str]], before: str | None) -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BENCH, capture_output=True, text=True).stdout.strip()
    lines = [f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()} "
             f"({platform.processor() or platform.machine()}), before = {before or '(not measured)'}, "
             f"after = {head}. Rerun: `.venv/bin/python bench/security.py --before {before or 'REV'}`.", "",
             "| figure | before | after | measured by |", "|---|---|---|---|"]
    lines += [f"| {figure} | {was} | {now} | `bench/{module}.py` |" for figure, was, now, module in rows]
    return "\n".join(lines)


def write(text: str) -> None:
    doc = DOCS.read_text(encoding="utf-8") if DOCS.exists() else f"# Security\n\n{BEGIN}\n{END}\n"
    if BEGIN not in doc:
        doc += f"\n## The figures\n\n{BEGIN}\n{END}\n"
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    DOCS.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="the commit to measure 'before' on (e.g. 857e5b8)")
    parser.add_argument("--only", help="comma-separated module topics, e.g. chat,webhooks")
    args = parser.parse_args()
    rows = [(*row, name) for name in modules(set(args.only.split(",")) if args.only else None)
            for row in run(name, args.before)]
    text = table(rows, args.before)
    write(text)
    print(text)
