"""Paths open, closing or closed, always judged against the date passed in."""

from datetime import date

import pytest

from lib.availability import CLOSED, CLOSING, OPEN, all_paths, path_status
from lib.route import choose_route

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("access", ["no", "unsure", None])
def test_openai_is_closed_to_teams_without_access(access):
    status = path_status("openai", TODAY, access, "gpt-4.1-mini")
    assert status.state == CLOSED and "closed to new users since 2026-05-07" in status.sentence


def test_openai_is_closing_for_existing_customers_with_the_dates():
    status = path_status("openai", TODAY, "yes", "gpt-4.1-mini")
    assert status.state == CLOSING
    assert "until 2027-01-06 (43 days from today)" in status.sentence and "2027-01-14" in status.sentence


def test_after_the_last_training_date_openai_is_closed_to_everyone():
    assert path_status("openai", date(2027, 1, 7), "yes").state == CLOSED


@pytest.mark.parametrize("model", ["gpt-3.5-turbo", "gpt-4.1-nano", "o4-mini", "davinci-002", "babbage-002"])
def test_models_that_stopped_serving_are_closed_even_with_access(model):
    status = path_status("openai", TODAY, "yes", model)
    assert status.state == CLOSED and "stopped serving on 2026-10-23" in status.sentence


def test_the_same_model_was_fine_before_its_shutdown():
    assert path_status("openai", date(2026, 10, 22), "yes", "gpt-3.5-turbo").state == CLOSING


def test_other_paths_are_open():
    states = {status.provider: status.state for status in all_paths(TODAY, "no")}
    assert states == {"openai": CLOSED, "azure": OPEN, "fireworks": OPEN, "self_hosted": OPEN}


def test_route_names_azure_when_openai_is_shut():
    route = choose_route("fine_tune", "no", TODAY, "gpt-4.1-mini")
    assert route.provider == "azure" and route.sentence.startswith("OpenAI fine-tuning (self-serve) is closed")


def test_route_keeps_openai_for_existing_customers_and_says_it_is_closing():
    route = choose_route("fine_tune", "yes", TODAY, "gpt-4.1-mini")
    assert route.provider == "openai" and "winding down" in route.sentence


def test_no_route_when_the_verdict_is_not_to_fine_tune():
    route = choose_route("use_retrieval", "yes", TODAY, "gpt-4.1-mini")
    assert route.provider is None and "Azure OpenAI fine-tuning" in route.sentence
