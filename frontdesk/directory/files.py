"""Directory files: read services from CSV or YAML with errors by line and field; write them back."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from routing_rules.hours import WEEKDAYS
from routing_rules.yamlsource import load_located

from .services import FIELDS, DirectoryError, Problem, ServiceRecord, check_services


def read_csv(text: str, source: str, authorities: set[str]) -> list[ServiceRecord]:
    """Services from CSV (one row each; columns as in `FIELDS`); raises DirectoryError."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise DirectoryError(source, [Problem(1, "header", f"expected columns {', '.join(FIELDS)}")])
    rows = []
    for raw in reader:
        if None in raw:
            raise DirectoryError(source, [Problem(reader.line_num, "row", "has more cells than the header")])
        rows.append((reader.line_num, raw))
    return check_services(rows, source, authorities)


def read_yaml(text: str, source: str, authorities: set[str]) -> list[ServiceRecord]:
    """Services from YAML (`services:` list of mappings); raises DirectoryError."""
    doc, problems = load_located(text, source)
    if doc is None:
        raise DirectoryError(source, [Problem(p.line, "file", p.message) for p in problems])
    services = doc.data.get("services") if isinstance(doc.data, dict) else None
    if not isinstance(services, list):
        raise DirectoryError(source, [Problem(1, "services", "expected a 'services:' list")])
    rows = []
    for i, raw in enumerate(services):
        if not isinstance(raw, dict):
            raise DirectoryError(source, [Problem(doc.line_of(("services", i)), "service", "expected a mapping")])
        rows.append((doc.line_of(("services", i)), raw))
    return check_services(rows, source, authorities)


def read_file(path: Path, authorities: set[str]) -> list[ServiceRecord]:
    """Services from a .csv or .yaml/.yml file."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return read_csv(text, str(path), authorities)
    if path.suffix.lower() in (".yaml", ".yml"):
        return read_yaml(text, str(path), authorities)
    raise DirectoryError(str(path), [Problem(1, "file", "use a .csv, .yaml or .yml file")])


def _as_dict(r: ServiceRecord) -> dict:
    return {"id": r.id, "name": r.name, "kind": r.kind, "local_authority": r.local_authority,
            "phone": r.phone, "chat": r.chat, "video": r.video, "capacity": r.capacity,
            "hours": dict(r.hours), "closed_on_bank_holidays": r.closed_on_bank_holidays,
            "closures": [d.isoformat() for d in r.closures]}


def write_yaml(records: list[ServiceRecord]) -> str:
    body = yaml.safe_dump({"services": [_as_dict(r) for r in records]}, sort_keys=False, allow_unicode=True)
    return "# Frontdesk directory: services. Import with `frontdesk directory import FILE`.\n" + body


def write_csv(records: list[ServiceRecord]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        row = _as_dict(r)
        hours = row.pop("hours")
        row.update({d: hours.get(d, "closed") for d in WEEKDAYS})
        row["chat"] = "yes" if r.chat else "no"
        row["video"] = "yes" if r.video else "no"
        row["closed_on_bank_holidays"] = "yes" if r.closed_on_bank_holidays else "no"
        row["closures"] = ";".join(d.isoformat() for d in r.closures)
        writer.writerow(row)
    return out.getvalue()


__all__ = ["read_csv", "read_yaml", "read_file", "write_csv", "write_yaml", "DirectoryError"]
