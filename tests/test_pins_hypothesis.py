"""The hypothesis profiles in conftest.py: CI runs are reproducible and never fail on timing alone."""

import os

from hypothesis import HealthCheck, settings


def test_ci_profile_is_derandomised_without_deadline_or_timing_health_checks():
    ci = settings.get_profile("ci")
    assert ci.derandomize is True
    assert ci.deadline is None
    assert {HealthCheck.too_slow, HealthCheck.data_too_large} <= set(ci.suppress_health_check)


def test_dev_profile_keeps_searching_at_random():
    assert settings.get_profile("dev").derandomize is False


def test_the_profile_in_force_follows_the_environment():
    wanted = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
    assert settings.default.derandomize == settings.get_profile(wanted).derandomize
