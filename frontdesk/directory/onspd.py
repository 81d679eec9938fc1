"""Import full postcodes from the ONS Postcode Directory (ONSPD) or National Statistics
Postcode Lookup (NSPL) CSV.

For each live English postcode we keep the authority with SEND duties: the county (E10)
where the postcode lies in a two-tier area, otherwise the unitary, metropolitan or London
borough (E06/E08/E09). Terminated postcodes and those outside England are skipped.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from ..models import Postcode
from ..resolve.postcodes import parse_postcode
from .store import authority_codes, bump_revision

POSTCODE_COLUMNS = ("pcds", "pcd", "pcd2", "postcode")
DISTRICT_COLUMNS = ("oslaua", "laua", "lad25cd", "lad24cd", "lad23cd", "ladcd")
COUNTY_COLUMNS = ("oscty", "cty", "cty25cd", "cty24cd", "cty23cd", "ctycd")
TERMINATED_COLUMNS = ("doterm",)
BATCH = 5000


class OnspdError(ValueError):
    """The file is not an ONSPD/NSPL CSV we can read."""


def _column(header: list[str], names: tuple[str, ...], required: bool) -> str | None:
    lower = {h.lower().strip(): h for h in header}
    for name in names:
        if name in lower:
            return lower[name]
    if required:
        raise OnspdError(f"no column named any of {', '.join(names)} in the header")
    return None


def import_onspd(session: Session, path: Path, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Replace the postcode table with the file's live English postcodes (caller commits)."""
    known = authority_codes(session)
    counts = {"imported": 0, "skipped": 0}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if not header:
            raise OnspdError("the file is empty")
        index = {h: i for i, h in enumerate(header)}
        pc_col = index[_column(header, POSTCODE_COLUMNS, True)]
        la_col = index[_column(header, DISTRICT_COLUMNS, True)]
        cty = _column(header, COUNTY_COLUMNS, False)
        cty_col = index[cty] if cty else None
        term = _column(header, TERMINATED_COLUMNS, False)
        term_col = index[term] if term else None
        session.execute(delete(Postcode))
        batch: list[dict] = []
        read_bytes = len(",".join(header)) + 1
        for line_no, row in enumerate(reader, start=2):
            read_bytes += sum(len(c) for c in row) + len(row)
            if progress and line_no % 10000 == 0:
                progress(read_bytes)
                read_bytes = 0
            if len(row) != len(header):
                raise OnspdError(f"line {line_no} has {len(row)} cells; the header has {len(header)}")
            county = row[cty_col].strip() if cty_col is not None else ""
            code = county if county.startswith("E10") else row[la_col].strip()
            postcode = parse_postcode(row[pc_col])
            if (term_col is not None and row[term_col].strip()) or code not in known or not postcode \
                    or postcode.inward is None:
                counts["skipped"] += 1
                continue
            batch.append({"postcode": str(postcode), "authority_code": code})
            if len(batch) >= BATCH:
                session.execute(insert(Postcode), batch)
                counts["imported"] += len(batch)
                batch = []
        if batch:
            session.execute(insert(Postcode), batch)
            counts["imported"] += len(batch)
        if progress:
            progress(read_bytes)
    bump_revision(session, f"postcodes imported: {counts['imported']}")
    return counts
