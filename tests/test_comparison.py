"""The comparison: every door priced from data, against the team's current model, with curves that agree
with the cost formulas and a route that never names a door the team cannot use."""

import json
import math
import os
import subprocess
import sys
import tomllib
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.advice.route import choose_route
from lib.advice.scenario import demo_answers
from lib.catalog.availability import load_availability
from lib.catalog.prices import load_prices
from lib.costs.comparison import compare
from lib.costs.frames import (
    amortised_monthly,
    crossover_curve,
    crossover_marks,
    cumulative_curve,
    drawn_crossovers,
    payback_marks,
    volume_curve,
    volume_grid,
    volume_marks,
)
from lib.costs.money import DAYS_PER_MONTH
from lib.costs.options import CURRENT, FINE_TUNED, dataset_training, training_data
from lib.costs.sentences import takeaways
from lib.costs.settings import CostSettings, project_cost
from lib.present import charts
from tests.conftest import ROOT, TODAY

NOW = CostSettings(as_of=TODAY, today=TODAY)
GUIDE = CostSettings(as_of=date(2023, 11, 6), today=TODAY, small_model="gpt-3.5-turbo",
                     current_model="gpt-3.5-turbo", larger_model="gpt-4-turbo",
                     models={"openai": "gpt-3.5-turbo", "azure": "gpt-3.5-turbo"}, tiers={"azure": "standard"})


def demo(settings=NOW, tokens=None, **changes):
    answers = {**demo_answers(), **changes}
    data = training_data(answers, tokens, None, 65_536, None)
    return compare(answers, data, settings, load_prices())


def test_every_door_in_the_data_is_priced_or_said_to_be_missing():
    comparison = demo()
    priced = {option.provider for option in comparison.fine_tuned}
    doors = {rule.provider for rule in load_availability()[0]}
    closed_without_price = {rule.provider for rule in load_availability()[0] if rule.status == "closed"}
    assert priced == doors - closed_without_price
    assert {"openai", "azure", "vertex", "bedrock", "together", "fireworks", "self_hosted"} <= priced


def test_the_baseline_is_the_current_model_with_its_few_shot_prompt():
    comparison = demo(current_model="gemini-2.5-flash")
    current = comparison.current
    assert current.role == CURRENT and current.model == "gemini-2.5-flash" and current.provider == "vertex"
    assert current.monthly.prompt_tokens == 97 + 6 * 229  # the demo's request, and 6 examples like its dataset's
    assert all(option.monthly.prompt_tokens == 97 for option in comparison.fine_tuned)
    assert "genai-prices" in current.price.source


def test_azure_is_priced_at_its_meters_not_the_example_figure():
    azure = next(option for option in demo().fine_tuned if option.provider == "azure")
    assert azure.price.tier == "global" and azure.price.training_per_1m == Decimal("5.00")  # gpt-4.1-mini
    assert azure.monthly.hosting_usd == 720 * Decimal("1.70")


def test_questionnaire_estimate_until_a_dataset_is_analysed():
    estimated = demo().data
    assert estimated.examples == 64 and estimated.tokens_per_epoch == 64 * 229 and "questionnaire" in estimated.source
    exact = demo(tokens=[100, 200, 70_000]).data
    assert exact.tokens_per_epoch == 100 + 200 + 65_536 and "uploaded dataset" in exact.source


def test_missing_prices_become_gaps_not_guesses():
    comparison = demo(GUIDE)
    azure = next(option for option in comparison.fine_tuned if option.provider == "azure")
    assert azure.training_usd is None  # 2023 Azure billed per hour; the hours are not known
    assert any("Google Vertex AI" in gap and "2023-11-06" in gap for gap in comparison.gaps)


def test_the_guide_scenario_shows_the_2_5_million_crossover_at_an_even_mix():
    comparison = demo(GUIDE, input_tokens=300, output_tokens=300)
    [crossover] = comparison.crossovers
    assert crossover.per_token.provider == "openai" and crossover.hourly.provider == "azure"
    assert round(crossover.break_even.value) == 2_545_455


def test_no_crossover_is_drawn_against_a_door_the_team_cannot_use():
    closed = demo(openai_access="no")  # OpenAI is closed to this team
    [crossover] = closed.crossovers
    assert {crossover.per_token.provider, crossover.hourly.provider} == {"openai", "azure"}
    assert drawn_crossovers(closed) == () and "crossover" not in takeaways(closed)
    assert crossover_curve(closed).empty and crossover_marks(closed).empty
    # unless the team asks to see the closed door
    assert drawn_crossovers(closed, closed.options) == (crossover,)
    assert "crossover" in takeaways(closed, closed.options)
    # OpenAI's fine-tuned gpt-4.1-mini stops serving on 2027-01-14: usable only over a horizon that ends before
    [usable] = drawn_crossovers(demo(replace(NOW, horizon_months=1), openai_access="yes"))
    assert usable.per_token.usable and usable.hourly.usable
    assert drawn_crossovers(demo(openai_access="yes")) == ()


def test_the_payback_mark_reads_in_words_and_repays_what_the_verdict_counts():
    comparison = demo()
    [label] = payback_marks(comparison)["label"]
    # Bedrock's nova-micro costs 1/17 of today's model a month, so an evaluation joins training and the project;
    # the saving is against caching the few-shot prompt, the cheapest way to run today's model
    assert comparison.baseline.id == "current/gpt-4.1-mini/cached"
    assert label == "one-off costs paid back in 8.3 months"  # the verdict's figure
    [label] = payback_marks(demo(replace(NOW, project_usd=Decimal(0), caching=False)))["label"]
    assert label == "one-off costs paid back in under a month"  # not "month 0.0"


def test_volume_grid_includes_the_teams_own_volume():
    grid = volume_grid(150_000)
    assert 150_000 in grid and grid == sorted(grid) and grid[0] == 100


def test_a_month_of_100_requests_is_priced_as_100_not_90():
    comparison = demo()
    current = comparison.current
    curve = volume_curve(comparison, [current])
    at_100 = curve[curve["requests_per_month"] == 100]["monthly_usd"].iloc[0]
    assert at_100 == pytest.approx(float(current.monthly.per_request_usd * 100))


@settings(max_examples=40, deadline=None)
@given(requests_per_day=st.integers(0, 2_000_000), few_shot=st.integers(0, 20), horizon=st.integers(1, 36),
       output_tokens=st.integers(1, 4000))
def test_every_curve_point_agrees_with_the_cost_formula(requests_per_day, few_shot, horizon, output_tokens):
    comparison = demo(CostSettings(as_of=TODAY, today=TODAY, horizon_months=horizon), requests_per_day=requests_per_day,
                      few_shot_examples=few_shot, output_tokens=output_tokens)
    curve = volume_curve(comparison, comparison.options)
    for option in comparison.options:
        rows = curve[curve["option"] == option.label]
        for requests, usd in zip(rows["requests_per_month"], rows["monthly_usd"], strict=True):
            # written out independently of lib.costs.money: tokens x prices + fixed fees + training over the horizon
            expected = by_hand(option, int(requests), comparison, few_shot, output_tokens) + one_off(option) / horizon
            assert usd == pytest.approx(float(expected), rel=1e-9, abs=1e-9)
        cumulative = cumulative_curve(comparison, [option])
        months = len(cumulative) - 1
        assert months == min(24, int(option.serving_months if option.serving_months is not None else 24))
        assert cumulative["cumulative_usd"].iloc[months] == pytest.approx(
            float(one_off(option) + months * option.monthly.total_usd))


def by_hand(option, requests, comparison, few_shot, output_tokens):
    """A month at `requests`, written out independently of lib.costs.money: tokens x prices (the cached prefix at
    its read and write prices, a batch discount off everything), plus hosting: replicas x their hourly price x 720
    hours where serving is billed by replicas, else the fixed hourly fee, plus storage and operations."""
    price, way = option.price, option.monthly.option
    traffic = comparison.traffic
    prompt = traffic.input_tokens + (few_shot * traffic.example_tokens if option.role != FINE_TUNED else 0)
    cached = way.cached_prefix
    cached_usd = Decimal(0)
    if cached is not None:
        prompt -= cached.tokens
        hit = cached.hit_rate
        cached_usd = cached.tokens * (hit * cached.read_per_1m + (1 - hit) * cached.write_per_1m)
    per_request = (prompt * (price.input_per_1m or 0) + output_tokens * (price.output_per_1m or 0) + cached_usd)
    per_request *= 1 - way.batch_discount
    fixed = price.storage_per_month
    capacity = way.capacity
    if capacity is not None:
        peak = Decimal(requests) / (30 * 86_400) * capacity.peak_to_average
        replicas = max(capacity.min_replicas, math.ceil(peak / capacity.requests_per_second))
        fixed += replicas * capacity.replica_usd_per_hour * 720 + capacity.ops_usd_per_month
    else:
        fixed += way.hosted_hours * price.hosting_per_hour
    return requests * per_request / Decimal(1_000_000) + fixed


def one_off(option):
    """Training, the project (carried by every fine-tuned option and by nothing else) and any other one-off cost."""
    if option.role != FINE_TUNED:
        return Decimal(0)
    return Decimal(option.training_usd or 0) + project_cost() + sum((usd for _, usd in option.extra_one_off),
                                                                      Decimal(0))


@settings(max_examples=40, deadline=None)
@given(requests_per_day=st.integers(1, 500_000), few_shot=st.integers(1, 20))
def test_break_even_markers_sit_where_the_costs_cross(requests_per_day, few_shot):
    comparison = demo(requests_per_day=requests_per_day, few_shot_examples=few_shot)
    current, horizon = comparison.baseline, comparison.settings.horizon_months
    for option in comparison.fine_tuned:
        if option.volume is None or option.volume.value is None or option.volume.value == 0:
            continue
        at = int(option.volume.value)
        above = comparison.traffic.with_requests_per_month(at + 1)
        below = comparison.traffic.with_requests_per_month(max(at - 1, 0))
        assert amortised_monthly(option, above, horizon) <= amortised_monthly(current, above, horizon)
        assert amortised_monthly(option, below, horizon) >= amortised_monthly(current, below, horizon) - Decimal(
            "0.000001") or at <= 1
    marks = volume_marks(comparison)
    best = comparison.best
    if best and best.volume and best.volume.value:
        assert marks["requests_per_month"].iloc[0] == int(best.volume.value)


@settings(max_examples=60, deadline=None)
@given(access=st.sampled_from(["yes", "no", "unsure"]), may_leave=st.sampled_from(["yes", "no", "unsure"]),
       today=st.dates(date(2026, 1, 1), date(2028, 1, 1)), requests_per_day=st.integers(0, 1_000_000))
def test_the_route_is_never_a_door_the_team_cannot_use(access, may_leave, today, requests_per_day):
    comparison = demo(CostSettings(as_of=TODAY, today=today), openai_access=access, data_may_leave=may_leave,
                      requests_per_day=requests_per_day)
    route = choose_route("fine_tune", comparison)
    if route.chosen is None:
        return
    assert route.chosen.available and route.chosen.fits
    if may_leave == "no":
        assert route.provider == "self_hosted"
    months = comparison.settings.horizon_months
    assert all(route.chosen.horizon_usd(months) <= option.horizon_usd(months) for option in comparison.candidates)


def test_openai_is_open_to_existing_customers_until_its_last_day():
    before = demo(CostSettings(as_of=TODAY, today=date(2027, 1, 6)), openai_access="yes")
    after = demo(CostSettings(as_of=TODAY, today=date(2027, 1, 7)), openai_access="yes")
    openai = [next(o for o in c.fine_tuned if o.provider == "openai") for c in (before, after)]
    assert openai[0].available and not openai[1].available


def test_curves_and_charts_build_for_the_demo_and_the_guide():
    for comparison in (demo(), demo(GUIDE)):
        scale = charts.option_colors([option.label for option in comparison.options])
        frames = [volume_curve(comparison), cumulative_curve(comparison)]
        assert all(not frame.empty for frame in frames)
        assert charts.cost_vs_volume_chart(frames[0], volume_marks(comparison), scale).to_dict()
        assert charts.cumulative_chart(frames[1], payback_marks(comparison), scale).to_dict()
        if comparison.crossovers:
            assert charts.crossover_chart(crossover_curve(comparison), crossover_marks(comparison), scale).to_dict()


def test_each_option_keeps_its_colour_whatever_is_drawn():
    comparison = demo()
    labels = [option.label for option in comparison.options]
    scale = charts.option_colors(labels).to_dict()
    assert scale["domain"] == labels and len(set(scale["range"])) == min(len(labels), len(charts.PALETTE))


def test_takeaways_are_sentences_with_numbers():
    said = takeaways(demo())
    assert said["volume"].startswith("At 600,000 requests a month the cheapest option you can use is")
    assert "$" in said["cumulative"]


def _made_up_provider(folder):
    availability = (ROOT / "data" / "availability.toml").read_text()
    availability += '''
[[paths]]
provider = "acme"
label = "Acme Tuning"
status = "open"
cloud = "none"
default_model = "acme-small"
source = "made up for a test"
verified = false
'''
    (folder / "availability.toml").write_text(availability)
    prices = (ROOT / "data" / "prices.toml").read_text()
    prices += '''
[[prices]]
provider = "acme"
model = "acme-small"
kind = "fine_tuned"
training_per_1m = 0.01
input_per_1m = 0.01
output_per_1m = 0.02
effective = 2026-01-01
source = "made up for a test"
'''
    (folder / "prices.toml").write_text(prices)
    assert tomllib.loads(prices) and tomllib.loads(availability)


def test_a_provider_added_as_data_appears_in_the_comparison_the_charts_and_the_cli(tmp_path, monkeypatch):
    _made_up_provider(tmp_path)
    monkeypatch.setenv("FINE_TUNE_ADVISOR_DATA", str(tmp_path))
    for loader in (load_availability, load_prices):
        loader.cache_clear()
    try:
        comparison = demo()
        acme = next(option for option in comparison.fine_tuned if option.provider == "acme")
        assert acme.label == "acme-small fine-tuned, Acme Tuning" and acme.training_usd > 0
        assert acme.label in set(volume_curve(comparison)["option"]) and acme.label in set(
            cumulative_curve(comparison)["option"])
        assert choose_route("fine_tune", comparison).provider == "acme"  # the cheapest by far
    finally:
        for loader in (load_availability, load_prices):
            loader.cache_clear()
    env = {**os.environ, "FINE_TUNE_ADVISOR_DATA": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "lib", "compare", "--answers",
                          str(ROOT / "data" / "samples" / "demo_answers.json"), "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert "acme" in {option["provider"] for option in result["options"]} and result["route"]["provider"] == "acme"
    cost = subprocess.run([sys.executable, "-m", "lib", "cost", "--provider", "acme", "--model", "acme-small",
                           "--training-tokens", "1000000", "--epochs", "2", "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert cost.returncode == 0, cost.stderr
    assert json.loads(cost.stdout)["training_usd"] == 0.02


def test_requests_per_month_are_whole_days_of_the_answer():
    comparison = demo(requests_per_day=5000)
    assert comparison.traffic.requests_per_month == 5000 * DAYS_PER_MONTH


def test_route_names_another_door_when_openai_is_shut_and_says_why():
    route = choose_route("fine_tune", demo(openai_access="no"))
    assert route.provider not in (None, "openai")
    assert "Not available to you: OpenAI fine-tuning (self-serve) is closed to new users" in route.sentence


def test_route_can_keep_openai_for_existing_customers_when_it_is_cheapest():
    comparison = demo(openai_access="yes", current_model="gpt-4.1-mini")
    openai = next(option for option in comparison.fine_tuned if option.provider == "openai")
    assert openai.available and openai.status.state == "closing" and "winding down" in openai.status.sentence


def test_no_route_when_the_verdict_is_not_to_fine_tune():
    route = choose_route("use_retrieval", demo())
    assert route.provider is None and "Azure OpenAI fine-tuning" in route.sentence


def test_with_nothing_to_train_on_the_route_asks_for_data_not_prices():
    comparison = demo(input_tokens=0, output_tokens=0)
    assert comparison.data.tokens_per_epoch == 0
    route = choose_route("fine_tune", comparison)
    assert route.provider is None and "Nothing to train on yet" in route.sentence
    assert "enter your price" not in route.sentence


def test_each_door_is_billed_for_the_dataset_counted_with_its_own_tokenizer():
    """The guide's scenario prices gpt-3.5-turbo (cl100k_base) at OpenAI and Azure and other models (o200k_base)
    elsewhere: each option's training bill uses the count made with its model's tokenizer."""
    answers = demo_answers()
    o200k = training_data(answers, [1_000] * 10, 3, None, 3, "o200k_base")
    cl100k = training_data(answers, [1_200] * 10, 3, None, 3, "cl100k_base")
    both = replace(o200k, other_counts={"cl100k_base": cl100k})
    comparison = compare(answers, both, replace(GUIDE, as_of=TODAY), load_prices())
    by_provider = {option.provider: option for option in comparison.fine_tuned if option.training.usd is not None}
    assert "12,000 tokens" in by_provider["openai"].training.formula
    assert "10,000 tokens" in by_provider["vertex"].training.formula
    assert both.for_model("gpt-3.5-turbo") is cl100k and both.for_model("gemini-2.5-flash") is both


def test_an_analysed_dataset_is_totalled_once_however_often_links_and_prices_ask():
    from lib.dataset.analysis import analyze
    from lib.dataset.reading import from_path
    from lib.paths import SAMPLES_DIR

    report = analyze(from_path(SAMPLES_DIR / "recipes.jsonl"), "gpt-4.1-mini")
    assert report.valid_tokens is report.valid_tokens  # cached on the report
    assert dataset_training(report.valid_tokens, report.n_epochs, None, report.encoding) == training_data(
        demo_answers(), report.valid_example_tokens, report.n_epochs, report.training_context, None, report.encoding)
    assert report.valid_tokens.capped_total == report.tokens_per_epoch
