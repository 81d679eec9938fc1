"""The built-in directory covers every English authority with SEND duties, with the right code and
name, checked against the DfE's published list in shared/data."""
import csv

import pytest

from frontdesk.directory import builtin
from frontdesk.directory.snapshot import builtin_snapshot

from tests.support import SHARED_DATA


def reference() -> dict[str, str]:
    path = SHARED_DATA / "dfe-local-authorities.csv"
    if not path.exists():
        pytest.fail(f"reference data missing: {path}")
    with path.open(encoding="utf-8") as fh:
        return {r["new_la_code"]: r["la_name"] for r in csv.DictReader(fh)
                if r["status"] == "live" and r["new_la_code"].startswith("E") and " / " not in r["la_name"]}


def test_every_authority_with_the_right_code_and_name():
    ours = {a.code: a.name for a in builtin.authorities()}
    assert len(reference()) == 153
    assert ours == reference()


def test_recent_reorganisations_are_current():
    ours = {a.code: a.name for a in builtin.authorities()}
    for code, name in [("E06000063", "Cumberland"), ("E06000064", "Westmorland and Furness"),
                       ("E06000065", "North Yorkshire"), ("E06000066", "Somerset"),
                       ("E08000038", "Barnsley"), ("E08000039", "Sheffield")]:
        assert ours[code] == name
    assert "E10000023" not in ours and "E08000016" not in ours


def test_every_authority_has_a_local_iass_in_the_demo_directory():
    directory = builtin_snapshot().directory
    for a in builtin.authorities():
        iass = directory.iass_for(a.code)
        assert iass is not None and iass.kind == "local_iass" and iass.phone.startswith("+44121496")


def test_demo_numbers_are_drama_numbers_only():
    for service in builtin_snapshot().directory.services.values():
        assert service.phone.startswith(("+44121496", "+44207946")), service.id


def test_aliases_are_not_listed_twice_in_one_authority():
    for a in builtin.authorities():
        assert len(a.aliases) == len(set(a.aliases)), a.name
