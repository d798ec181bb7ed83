"""Shared by every test: paths, and a guard that fails any test whose code reaches beyond this machine."""

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from lib.advice.questionnaire import load_questionnaire
from tests.network_guard import network_guard_core

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
NETWORK_GUARD = Path(__file__).resolve().parent / "network_guard"

# Every test, and every app a test starts, sees the same "today", so no test changes its result when the
# calendar passes a date in the data (OpenAI's last day for new jobs is 2027-01-06).
TODAY = date(2026, 11, 24)
os.environ["FINE_TUNE_ADVISOR_TODAY"] = TODAY.isoformat()

# Hypothesis profiles. Under load (CI, two cores shared with a browser) input generation can be slow, and a
# health check failing on timing is noise, not a finding: "ci" uses a fixed sequence of examples (derandomised,
# so a failure reproduces), no deadline, and no too_slow/data_too_large checks. "dev" keeps the random search
# (with the example database) so new failures are found; a failure found once stays as an `@example`.
# HYPOTHESIS_PROFILE picks one by name; otherwise CI=true means "ci".
# Both start from hypothesis's own defaults, not from whatever profile it loaded itself on seeing CI.
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True, deadline=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", parent=settings.get_profile("default"), deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev"))

# Counts the pages show, derived from the questionnaire so that adding a question breaks no test.
N_QUESTIONS = len(load_questionnaire().ids())
N_STEPS = len(load_questionnaire().steps)


@pytest.fixture(scope="session", autouse=True)
def no_network() -> Iterator[None]:
    """The app promises that data never leaves the machine: every test runs with outbound network refused."""
    network_guard_core.install()
    yield
    network_guard_core.uninstall()
