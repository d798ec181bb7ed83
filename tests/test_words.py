"""What a person reads about the comparison: why an option cannot be used, payback in words, the constraint
that shaped the choice, the headline figures, and plain names for internal keys."""

import re

import pytest

from lib.advice.scenario import demo_answers
from lib.catalog.availability import path_status
from lib.catalog.prices import load_prices
from lib.costs.comparison import compare
from lib.costs.options import FINE_TUNED, training_data
from lib.costs.settings import CostSettings
from lib.present.words import (
    METHOD_NAMES,
    PROBLEM_NAMES,
    can_use,
    constraint_sentence,
    headline,
    path_words,
    payback_words,
    problem_name,
)
from lib.selfhost.memory import METHODS
from tests.conftest import TODAY

NOW = CostSettings(as_of=TODAY, today=TODAY)


def demo(**changes):
    answers = {**demo_answers(), **changes}
    return compare(answers, training_data(answers, None, None, 65_536, None), NOW, load_prices())


def test_an_in_house_team_is_told_which_constraint_shaped_the_choice_and_what_it_costs():
    comparison = demo(data_may_leave="no")
    said = constraint_sentence(comparison)
    assert said.startswith("Your examples must stay in-house, so only Self-hosted training fits; Amazon Bedrock")
    assert re.search(r"would cost \$[\d,]+\.\d\d a month .* if they could leave\.$", said)
    assert constraint_sentence(demo()) == ""


def test_every_option_the_team_cannot_use_says_why_and_the_services_list_says_open_but():
    comparison = demo(data_may_leave="no")
    horizon = comparison.settings.horizon_months
    for option in comparison.options:
        said = can_use(option, horizon)
        assert said == "yes" if option in comparison.candidates or option.role != FINE_TUNED else said != "yes"
    bedrock = next(option for option in comparison.fine_tuned if option.provider == "bedrock")
    assert can_use(bedrock, horizon) == "your data may not go there"
    assert path_words(path_status("bedrock", TODAY, "no"), bedrock) == "open, but your data may not go there"
    openai = next(option for option in comparison.fine_tuned if option.provider == "openai")
    assert can_use(openai, horizon) == "not available to you"


def test_payback_is_words_never_none_or_zero():
    comparison = demo()
    said = {payback_words(option) for option in comparison.options}
    assert "n/a: not fine-tuned" in said
    assert not {"None", "0.0", "nan", ""} & said
    assert all(text in ("n/a: not fine-tuned", "never at this traffic", "under a month", "unknown: no training price")
               or text.endswith(" months") for text in said)


def test_the_headline_compares_with_the_baseline_and_says_when_it_is_cached():
    comparison = demo(data_may_leave="no")
    figures = headline(comparison)
    assert len(figures) == 4 and figures[0].value == "Self-hosted training"
    assert comparison.baseline is not comparison.current  # caching the few-shot prompt is cheaper
    assert figures[2].label == "Monthly, fine-tuned vs today with prompt caching"
    assert figures[2].value.count("$") == 2 and "None" not in " ".join(figure.value for figure in figures)


@pytest.mark.parametrize("key", sorted(PROBLEM_NAMES) + ["some_new_check", "door_new_rule"])
def test_problem_keys_read_as_words(key):
    name = problem_name(key)
    assert "_" not in name and "door" not in name.lower() and name[0].isupper()


def test_every_estimator_method_has_a_plain_name():
    assert set(METHOD_NAMES) == set(METHODS)
    assert all("_" not in name for name in METHOD_NAMES.values())


def test_the_larger_model_is_larger_than_today_or_there_is_none():
    from lib.costs.alternatives import larger_model

    assert larger_model("gpt-4.1-mini", "gpt-4.1") == "gpt-4.1"
    assert larger_model("gpt-4.1-nano", "gpt-4.1") == "gpt-4.1-mini"
    assert larger_model("gpt-4.1", "gpt-4.1") is None


def test_option_ids_a_comparison_does_not_have_are_named():
    from lib.present.words import unknown_ids

    comparison = demo()
    known = comparison.options[0].id
    assert unknown_ids(comparison, [known, "nowhere/model-x"]) == ["nowhere/model-x"]
    assert unknown_ids(comparison, None) == []


def test_the_default_provider_follows_the_team_answers():
    from lib import clock
    from lib.advice.scenario import default_provider

    providers = ["openai", "azure", "vertex", "bedrock", "together", "fireworks", "self_hosted"]
    today = clock.today()
    assert default_provider(providers, {}, today, "gpt-4.1-mini") == "azure"  # OpenAI is closed to new teams
    assert default_provider(providers, {"openai_access": "yes"}, today, "gpt-4.1-mini") == "openai"
    assert default_provider(providers, {"cloud": "gcp"}, today, "gpt-4.1-mini") == "vertex"
    assert default_provider(providers, {"data_may_leave": "no"}, today, "gpt-4.1-mini") == "self_hosted"


def test_read_ago_says_a_price_rows_age_and_marks_old_ones():
    from datetime import date

    from lib.present.words import read_ago

    today = date(2026, 12, 4)
    assert read_ago(date(2026, 12, 4), today) == "read today"
    assert read_ago(date(2026, 11, 24), today) == "read 10 days ago"
    assert read_ago(date(2026, 9, 5), today) == "read 90 days ago"
    assert read_ago(date(2026, 9, 4), today) == "read 91 days ago: over 90 days, check it"
    assert read_ago(None, today) == "date read unknown: check it"


def test_a_team_price_file_is_read_row_by_row_and_travels_in_a_link():
    from lib.advice.scenario import read_team_prices, team_prices_from_query, team_prices_to_query

    text = ("provider,model,kind,tier,billed,amount,source,date\n"
            "azure,gpt-4.1-mini,fine_tuned,global,training_per_1m,4.50,our contract | 2026,2026-11-01\n"
            "nobody,x,fine_tuned,,training_per_1m,1,c,2026-11-01\n"
            "azure,gpt-4.1-mini,fine_tuned,global,input_per_1m,0.30,our contract | 2026,2026-11-01\n")
    prices, problems = read_team_prices(text, "ours.csv")
    assert len(prices) == 1 and prices[0].input_per_1m is not None
    assert len(problems) == 1 and problems[0].startswith("Line 3: provider must be one of")
    query = team_prices_to_query(prices)
    assert team_prices_from_query(query) == (prices, [])
    _, said = team_prices_from_query({"team.1": "azure|only-three|parts"})
    assert said and "team.1" in said[0]
