"""Engine fixtures: a small directory of its own and the default rulebook — no database, and
nothing of `frontdesk` (the engine depends on nothing there, and neither do its tests).

The directory has the national services the default rulebook names (with the demo's hours), a
local IASS for two councils, and two councils with no IASS listed, so the rules' fallbacks for
an authority without a local service are exercised too.
"""
import pytest

from routing_rules import Directory, OpeningHours, Service, default_rulebook_path, load_rulebook_file

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
EVERY_DAY = (*WEEKDAYS, "sat", "sun")


def _hours(days, text: str, **extra) -> dict[str, str]:
    return {**{d: text for d in days}, **extra}


def _service(id: str, name: str, kind: str, phone: str, hours: dict[str, str], *, bank_holidays: bool = True,
             local_authority: str | None = None, video: bool = True) -> Service:
    return Service(id=id, name=name, kind=kind, phone=phone, chat=True, video=video, local_authority=local_authority,
                   hours=OpeningHours.from_texts(hours, closed_on_bank_holidays=bank_holidays), capacity=4)


AUTHORITIES = {"E08000025": "Birmingham", "E10000028": "Staffordshire", "E08000021": "Newcastle upon Tyne",
               "E06000001": "Hartlepool"}
SERVICES = [
    _service("urgent-duty-line", "Urgent and safeguarding duty line", "urgent", "+442079460999",
             _hours(EVERY_DAY, "00:00-24:00"), bank_holidays=False),
    _service("tribunal-legal-line", "SEND tribunal and legal advice line", "specialist", "+442079460100",
             _hours(WEEKDAYS, "10:00-16:00")),
    _service("mental-health-line", "Children's mental health advice line", "specialist", "+442079460200",
             _hours(WEEKDAYS, "09:00-17:00")),
    _service("national-helpline", "National SEND helpline", "national", "+442079460300",
             _hours(WEEKDAYS, "08:00-20:00", sat="10:00-14:00")),
    _service("out-of-hours", "Out-of-hours advice team", "out_of_hours", "+442079460400",
             _hours(EVERY_DAY, "07:00-23:00"), bank_holidays=False, video=False),
    _service("birmingham-iass", "Birmingham SENDIASS", "local_iass", "+441214960025", _hours(WEEKDAYS, "09:00-17:00"),
             local_authority="E08000025"),
    _service("staffordshire-iass", "Staffordshire SENDIASS", "local_iass", "+441214960120",
             _hours(WEEKDAYS, "09:00-17:00"), local_authority="E10000028"),
]


@pytest.fixture(scope="session")
def directory() -> Directory:
    return Directory.build(SERVICES, AUTHORITIES)


@pytest.fixture(scope="session")
def rulebook(directory):
    return load_rulebook_file(default_rulebook_path(), set(directory.services))
