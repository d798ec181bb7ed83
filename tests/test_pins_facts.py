"""The facts the rules read, computed from a comparison (lib/advice/facts.py), pinned with a stand-in
comparison holding only what facts_from reads, so the cost engine may change underneath."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from lib.advice.facts import FACTS, facts_from
from lib.catalog.models import load_models
from lib.costs.money import BreakEven

MODEL = "gpt-4.1-mini"
WINDOW = load_models()[MODEL].context_window


def option(label, monthly, payback=None, volume=None, one_off=Decimal(500), model=MODEL, prompt_tokens=1000):
    return SimpleNamespace(label=label, model=model, one_off_usd=one_off, payback=payback, volume=volume,
                           extra_one_off=(), ends="", available=True, fits=True,
                           monthly=SimpleNamespace(total_usd=Decimal(monthly), prompt_tokens=prompt_tokens,
                                                   option=SimpleNamespace(cached_prefix=None, batch_discount=0)))


def comparison(current, best, output_tokens=200, requests_per_day=1000, horizon=12, project=None, candidates=None):
    if candidates is None:
        candidates = [best] if best else []
    return SimpleNamespace(
        current=current, baseline=current, best=best, candidates=tuple(candidates), fine_tuned=tuple(candidates),
        settings=SimpleNamespace(project_usd=project, horizon_months=horizon),
        traffic=SimpleNamespace(output_tokens=output_tokens, requests_per_day=requests_per_day))


@pytest.mark.parametrize(("prompt", "output", "fits"), [
    (WINDOW - 200, 200, True),  # exactly the window: it fits (<=)
    (WINDOW - 199, 200, False),  # one token over
    (10, 0, True),
])
def test_few_shot_fits_is_prompt_plus_output_within_the_context_window(prompt, output, fits):
    current = option("current", 10, prompt_tokens=prompt)
    facts = facts_from(comparison(current, None, output_tokens=output), dataset_analysed=False)
    assert facts.values["few_shot_fits"] is fits
    assert facts.words["prompt_tokens"] == f"{prompt:,}" and facts.words["context_window"] == f"{WINDOW:,}"


def test_an_unknown_current_model_leaves_few_shot_fits_absent():
    facts = facts_from(comparison(option("current", 10, model="no-such-model"), None), dataset_analysed=True)
    assert "few_shot_fits" not in facts.values and "prompt_tokens" not in facts.words
    assert facts.values == {"dataset_analysed": True, "door_available": False, "alternative_saves": False}


def test_without_a_door_only_the_always_known_facts_are_there():
    facts = facts_from(comparison(None, None), dataset_analysed=False)
    assert facts.values == {"dataset_analysed": False, "door_available": False}
    assert facts.words["project"] == "$2,000.00" and facts.words["horizon"] == "12"


def test_without_traffic_the_money_facts_are_absent():
    best = option("door", 5, payback=BreakEven(Decimal(2), ""))
    facts = facts_from(comparison(option("current", 10), best, requests_per_day=0), dataset_analysed=False)
    assert facts.values["door_available"] is True
    assert not {"pays_back", "monthly_saving_usd", "payback_months"} & set(facts.values)


@pytest.mark.parametrize(("payback", "horizon", "pays"), [
    (Decimal(12), 12, True),  # paying back in the horizon's last month still pays back (<=)
    (Decimal("12.01"), 12, False),
    (Decimal("0.5"), 1, True),
])
def test_pays_back_within_the_horizon(payback, horizon, pays):
    best = option("door", 4, payback=BreakEven(payback, ""))
    facts = facts_from(comparison(option("current", 10), best, horizon=horizon, project=Decimal(100)), False)
    assert facts.values["pays_back"] is pays and facts.values["payback_months"] == payback
    assert facts.values["monthly_saving_usd"] == Decimal(6)
    assert facts.words["saving"] == "$6.00" and facts.words["extra"] == "$0.00"
    assert facts.words["project"] == "$100.00" and facts.words["door"] == "door"
    assert facts.words["current"] == f"{MODEL} with your current prompt"
    assert facts.words["current_monthly"] == "$10.00" and facts.words["door_monthly"] == "$4.00"
    assert facts.words["one_off"] == "$500.00"
    assert set(facts.values) <= set(FACTS)


def test_a_door_that_costs_more_never_pays_back_and_says_how_much_more():
    best = option("door", 25, payback=BreakEven(None, "never"),
                  volume=BreakEven(None, "never cheaper"))
    facts = facts_from(comparison(option("current", 10), best), dataset_analysed=False)
    assert facts.values["pays_back"] is False and "payback_months" not in facts.values
    assert facts.values["monthly_saving_usd"] == Decimal(-15)
    assert facts.words["extra"] == "$15.00" and facts.words["saving"] == "$15.00"
    assert facts.words["payback"] == "never"
    assert facts.words["break_even_per_day"] == ("no traffic: each request costs more fine-tuned than with your "
                                                 "current prompt")


def test_the_lowest_break_even_among_the_doors_is_given_per_day():
    best = option("door", 5, payback=BreakEven(Decimal("0.5"), ""), volume=BreakEven(Decimal(90_000), ""))
    other = option("other", 6, volume=BreakEven(Decimal(30_000), ""))
    never = option("never", 7, volume=BreakEven(None, ""))
    facts = facts_from(comparison(option("current", 10), best, candidates=[never, best, other]), False)
    assert facts.words["break_even_per_day"] == "about 1,000 requests a day"  # 30,000 a month / 30
    assert facts.words["payback"] == "under a month"


def test_with_no_break_even_known_at_all_it_says_so():
    best = option("door", 5, payback=BreakEven(Decimal(3), ""))
    facts = facts_from(comparison(option("current", 10), best, candidates=[best]), False)
    assert facts.words["break_even_per_day"] == "no traffic we can compute"
    assert facts.words["payback"] == "3.0 months"
