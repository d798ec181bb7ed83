"""A link or answers file that lies quietly is said: a dataset summary that does not add up, a key given twice."""

import pytest

from lib.advice.questionnaire import AnswersError
from lib.advice.scenario import answers_from_json, repeated_parameters, settings_from_query, summary_problem

GOOD = {"data_examples": "64", "data_tokens": "14656", "data_average": "229", "data_longest": "400",
        "data_epochs": "3"}


def test_a_summary_that_adds_up_travels():
    settings, dropped = settings_from_query(GOOD)
    assert settings["dataset"]["data_tokens"] == 14656 and dropped == []


@pytest.mark.parametrize("changes", [
    {"data_examples": "10", "data_tokens": "10000000000000", "data_longest": "1", "data_average": "1"},
    {"data_average": "100000000"},
    {"data_tokens": "10"},
    {"data_tokens": "25000", "data_longest": "100000"},
])
def test_a_summary_that_does_not_add_up_is_dropped_and_said(changes):
    settings, dropped = settings_from_query({**GOOD, **changes})
    assert "dataset" not in settings
    assert len(dropped) == 1 and "does not add up" in dropped[0] and dropped[0].endswith(".")


def test_the_summary_check_reads_the_whole_summary():
    numbers = {key: int(value) for key, value in GOOD.items()}
    assert summary_problem(numbers) == ""
    assert "longer than the longest" in summary_problem({**numbers, "data_average": 500})


def test_a_key_given_twice_is_said_with_the_value_used():
    said = repeated_parameters({"horizon": ["6", "24"], "as_of": ["2026-01-01"]})
    assert said == ["'horizon' is given 2 times; the last value, '24', is used."]


def test_an_answers_file_with_a_key_twice_is_refused_in_one_sentence():
    with pytest.raises(AnswersError, match="gives 'scope' more than once"):
        answers_from_json('{"scope": "narrow", "scope": "broad"}')
