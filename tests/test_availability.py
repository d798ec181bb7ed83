"""Paths open, closing or closed, always judged against the date passed in."""

from datetime import date

import pytest

from lib.catalog.availability import CLOSED, CLOSING, OPEN, all_paths, load_availability, path_status

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


@pytest.mark.parametrize(("model", "on"), [("gpt-3.5-turbo", "2026-10-23"), ("gpt-4.1-nano", "2026-10-23"),
                                          ("o4-mini", "2026-10-23"), ("davinci-002", "2026-09-28"),
                                          ("babbage-002", "2026-09-28")])
def test_models_that_stopped_serving_are_closed_even_with_access(model, on):
    status = path_status("openai", TODAY, "yes", model)
    assert status.state == CLOSED and f"stopped serving on {on}" in status.sentence


def test_the_same_model_was_fine_before_its_shutdown():
    assert path_status("openai", date(2026, 10, 22), "yes", "gpt-3.5-turbo").state == CLOSING


def test_every_other_door_is_open_and_mistral_is_closed():
    states = {status.provider: status.state for status in all_paths(TODAY, "no")}
    assert states == {"openai": CLOSED, "azure": OPEN, "vertex": OPEN, "bedrock": OPEN, "together": OPEN,
                      "fireworks": OPEN, "mistral": CLOSED, "self_hosted": OPEN}


def test_every_door_names_its_cloud_default_model_and_source():
    paths, _ = load_availability()
    for rule in paths:
        assert rule.default_model and rule.source and rule.read_on and rule.cloud in ("azure", "gcp", "aws", "none")
    assert [rule.provider for rule in paths if rule.in_house] == ["self_hosted"]


def test_serving_notes_say_retired_or_retires_by_the_date():
    from lib.catalog.availability import serving_note

    assert serving_note("openai", "gpt-3.5-turbo", TODAY) == "retired on 2026-10-23"
    assert serving_note("openai", "gpt-4.1-mini", TODAY) == "retires on 2027-01-14"
    assert serving_note("together", "llama-3.1-8b", TODAY) == ""


@pytest.mark.parametrize(("on", "said"), [(date(2027, 1, 6), "until 2027-01-06 (today)"),
                                          (date(2027, 1, 5), "until 2027-01-06 (1 day from today)")])
def test_the_last_training_day_is_said_in_plain_grammar(on, said):
    status = path_status("openai", on, "yes", "gpt-4.1-mini")
    assert said in status.sentence and "days from today" not in status.sentence
