"""Engine fixtures: the demo directory and default rulebook, built without any database."""
import pytest

from frontdesk.directory.snapshot import builtin_snapshot
from routing_rules import default_rulebook_path, load_rulebook_file


@pytest.fixture(scope="session")
def snapshot():
    return builtin_snapshot()


@pytest.fixture(scope="session")
def directory(snapshot):
    return snapshot.directory


@pytest.fixture(scope="session")
def places(snapshot):
    return snapshot.places


@pytest.fixture(scope="session")
def rulebook(directory):
    return load_rulebook_file(default_rulebook_path(), set(directory.services))
