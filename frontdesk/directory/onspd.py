"""Reading full postcodes from the ONS Postcode Directory (ONSPD) or National Statistics
Postcode Lookup (NSPL) CSV (`actions.directory.do_import_postcodes` stores them).

For each live English postcode we keep the authority with SEND duties: the county (E10)
where the postcode lies in a two-tier area, otherwise the unitary, metropolitan or London
borough (E06/E08/E09). Terminated postcodes and those outside England are skipped.
"""
from __future__ import annotations

import csv
from typing import IO, Callable, Iterator

from ..resolve.postcodes import parse_postcode

POSTCODE_COLUMNS = ("pcds", "pcd", "pcd2", "postcode")
DISTRICT_COLUMNS = ("oslaua", "laua", "lad25cd", "lad24cd", "lad23cd", "ladcd")
COUNTY_COLUMNS = ("oscty", "cty", "cty25cd", "cty24cd", "cty23cd", "ctycd")
TERMINATED_COLUMNS = ("doterm",)


class OnspdError(ValueError):
    """The file is not an ONSPD/NSPL CSV we can read."""


def _column(header: list[str], names: tuple[str, ...], required: bool) -> int | None:
    lower = {h.lower().strip(): i for i, h in enumerate(header)}
    for name in names:
        if name in lower:
            return lower[name]
    if required:
        raise OnspdError(f"no column named any of {', '.join(names)} in the header")
    return None


def postcode_rows(fh: IO[str], known: set[str], progress: Callable[[int], None] | None = None
                  ) -> Iterator[dict | None]:
    """Each row of the file as {"postcode", "authority_code"}, or None for a row skipped
    (terminated, outside England, or an authority not in `known`); OnspdError if unreadable.
    `progress(bytes)` is told how far through the file the reading is."""
    reader = csv.reader(fh)
    header = next(reader, None)
    if not header:
        raise OnspdError("the file is empty")
    pc_col = _column(header, POSTCODE_COLUMNS, True)
    la_col = _column(header, DISTRICT_COLUMNS, True)
    cty_col = _column(header, COUNTY_COLUMNS, False)
    term_col = _column(header, TERMINATED_COLUMNS, False)
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
            yield None
        else:
            yield {"postcode": str(postcode), "authority_code": code}
    if progress:
        progress(read_bytes)
