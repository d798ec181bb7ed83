"""Shared by every test: paths, and a guard that fails any test whose code reaches beyond this machine."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.network_guard import network_guard_core

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
NETWORK_GUARD = Path(__file__).resolve().parent / "network_guard"


@pytest.fixture(scope="session", autouse=True)
def no_network() -> Iterator[None]:
    """The app promises that data never leaves the machine: every test runs with outbound network refused."""
    network_guard_core.install()
    yield
    network_guard_core.uninstall()
