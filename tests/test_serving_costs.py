"""Costs an engineer would sign: serving billed by time grows with traffic, nothing is priced past its end of
serving, prompt caching and batch are priced like the rest and move the verdict, and the curves are the
comparison at each volume."""

from __future__ import annotations

import math
import tomllib
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lib.advice.advise import advise
from lib.advice.route import choose_route
from lib.advice.scenario import demo_answers
from lib.catalog.prices import load_prices
from lib.costs.capacity import Capacity
from lib.costs.comparison import compare
from lib.costs.frames import amortised_monthly, volume_curve, volume_grid, volume_marks
from lib.costs.options import training_data
from lib.costs.settings import CostSettings
from lib.paths import data_file
from lib.selfhost.shapes import load_gpus
from lib.selfhost.throughput import Shape, replica
from tests.conftest import TODAY

NOW = CostSettings(as_of=TODAY, today=TODAY)


def comparison_for(settings: CostSettings = NOW, **answers):
    merged = {**demo_answers(), **answers}
    return compare(merged, training_data(merged, None, None, None, None), settings, load_prices())


def advice_for(settings: CostSettings = NOW, **answers):
    merged = {**demo_answers(), **answers}
    return advise(merged, training_data(merged, None, None, None, None), settings, load_prices())


def test_the_throughput_model_holds_to_each_published_run_within_its_tolerance():
    """Each [[calibration]] row of data/serving.toml is a published vLLM run (source in the row)."""
    with data_file("serving.toml").open("rb") as handle:
        rows = tomllib.load(handle)["calibration"]
    gpus = {gpu.id: gpu for gpu in load_gpus()}
    assert len(rows) >= 5
    for row in rows:
        shape = Shape(row["params"], row["params"], row["layers"], row["kv_heads"], row["head_dim"])
        found = replica(shape, gpus[row["gpu"]], row["input_tokens"], row["output_tokens"], gpus=1,
                        concurrency=row["concurrency"])
        measured = row["output_tokens_per_second"]
        assert found is not None
        assert abs(found.output_tokens_per_second - measured) / measured <= row["tolerance"], row["label"]


def test_time_priced_options_grow_with_traffic_in_the_table_and_the_cli_numbers():
    quiet, busy = comparison_for(requests_per_day=500_000), comparison_for(requests_per_day=50_000_000)
    for provider in ("together", "fireworks", "self_hosted"):
        small = next(option for option in quiet.fine_tuned if option.provider == provider)
        big = next(option for option in busy.fine_tuned if option.provider == provider)
        assert big.replicas > small.replicas >= 2
        assert big.monthly.total_usd > small.monthly.total_usd
    # an internal tool keeps one replica, not two
    internal = comparison_for(requests_per_day=10, audience="internal")
    assert next(option for option in internal.fine_tuned if option.provider == "self_hosted").replicas == 1


def test_self_hosting_charges_the_engineer_who_runs_it():
    option = next(option for option in comparison_for().fine_tuned if option.provider == "self_hosted")
    assert option.monthly.operations_usd == 8 * 125  # data/serving.toml hours x data/costs.toml rate
    none = next(option for option in comparison_for(replace(NOW, ops_hours=Decimal(0))).fine_tuned
                if option.provider == "self_hosted")
    assert none.monthly.operations_usd == 0


@settings(max_examples=25, deadline=None)
@given(requests_per_day=st.integers(0, 5_000_000), few_shot=st.integers(0, 20))
@example(requests_per_day=200_000, few_shot=12)
def test_the_curve_at_the_teams_traffic_is_the_tables_monthly_cost(requests_per_day, few_shot):
    comparison = comparison_for(requests_per_day=requests_per_day, few_shot_examples=few_shot)
    curve = volume_curve(comparison, comparison.options)
    horizon = comparison.settings.horizon_months
    own = comparison.traffic.requests_per_month
    for option in comparison.options:
        assert option.monthly_at(comparison.traffic) == option.monthly
        if own:
            [usd] = curve[(curve["option"] == option.label) & (curve["requests_per_month"] == own)]["monthly_usd"]
            assert usd == pytest.approx(float(amortised_monthly(option, comparison.traffic, horizon)))


@settings(max_examples=25, deadline=None)
@given(requests_per_day=st.integers(1, 2_000_000), few_shot=st.integers(0, 20))
def test_no_options_monthly_cost_falls_as_traffic_grows(requests_per_day, few_shot):
    comparison = comparison_for(requests_per_day=requests_per_day, few_shot_examples=few_shot)
    grid = volume_grid(comparison.traffic.requests_per_month, comparison.options)
    for option in comparison.options:
        costs = [option.monthly_at(comparison.traffic.with_requests_per_month(volume)).total_usd for volume in grid]
        assert costs == sorted(costs), option.label


def test_replica_steps_are_drawn_as_steps():
    comparison = comparison_for(requests_per_day=2_000_000)
    option = next(option for option in comparison.fine_tuned if option.provider == "together")
    capacity = option.monthly.option.capacity
    edge = capacity.most_requests(capacity.min_replicas)
    grid = volume_grid(comparison.traffic.requests_per_month, [option])
    assert edge in grid and edge + 1 in grid
    at_edge = option.monthly_at(comparison.traffic.with_requests_per_month(edge))
    past_edge = option.monthly_at(comparison.traffic.with_requests_per_month(edge + 1))
    assert past_edge.replicas == at_edge.replicas + 1
    assert past_edge.hosting_usd - at_edge.hosting_usd == capacity.replica_usd_per_hour * 720


@settings(max_examples=30, deadline=None)
@given(requests_per_day=st.integers(1, 3_000_000), few_shot=st.integers(0, 20),
       ops=st.sampled_from([Decimal(0), Decimal(8)]))
def test_break_even_marks_sit_where_stepped_curves_cross(requests_per_day, few_shot, ops):
    comparison = comparison_for(replace(NOW, ops_hours=ops), requests_per_day=requests_per_day,
                                few_shot_examples=few_shot)
    base, horizon = comparison.baseline, comparison.settings.horizon_months
    for option in comparison.fine_tuned:
        if option.volume is None or option.volume.value is None or option.volume.value == 0:
            continue
        at = int(option.volume.value)

        def gap(volume, option=option):
            traffic = comparison.traffic.with_requests_per_month(volume)
            return amortised_monthly(option, traffic, horizon) - amortised_monthly(base, traffic, horizon)

        assert gap(at) <= Decimal("0.000001"), option.label  # cheaper at the mark
        assert gap(at - 1) > -Decimal("0.000001"), option.label  # and not one request before it
    best = comparison.best
    marks = volume_marks(comparison)
    if best and best.volume and best.volume.value:
        assert marks["requests_per_month"].iloc[0] == int(best.volume.value)


def test_a_replica_that_saves_less_than_it_costs_never_breaks_even():
    from lib.catalog.prices import Price
    from lib.costs.money import Option, Traffic, monthly_cost, volume_break_even

    traffic = Traffic(1000, 100, 100, 0, 0)
    dear = Price("openai", "m", "base", TODAY, "test", input_per_1m=Decimal(1), output_per_1m=Decimal(1))
    cheap = Price("self_hosted", "m", "fine_tuned", TODAY, "test", input_per_1m=Decimal(0), output_per_1m=Decimal(0),
                  hosting_per_hour=Decimal(1))
    # one replica answers 0.001 requests a second: about 2,592 a month, saving $0.52 for $720 of GPU time
    capacity = Capacity(Decimal(1), Decimal("0.001"), 1, Decimal(1), "1 x test GPU")
    base = monthly_cost(Option("base", "base", dear, False), traffic)
    tuned = monthly_cost(Option("tuned", "tuned", cheap, False, capacity=capacity), traffic)
    assert volume_break_even(base, tuned, Decimal(0), 12).value is None
    # a replica that answers 100 a second pays for itself: the break-even is finite and where the costs cross
    fast = replace(capacity, requests_per_second=Decimal(100))
    tuned = monthly_cost(Option("tuned", "tuned", cheap, False, capacity=fast), traffic)
    found = volume_break_even(base, tuned, Decimal(0), 12).value
    assert found == math.ceil(Decimal(720) / (Decimal(200) / Decimal(1_000_000)))


def test_a_crossing_past_the_first_replicas_is_found_on_the_step_where_it_happens():
    """$0.001 saved a request; a replica answers 1 a second (2,592,000 a month) for $720; $120,000 one-off over 12
    months. One replica would cross at 10,720,000 but serves only 2,592,000: six replicas serve up to 15,552,000
    and cross at (10,000 + 6 x 720) / 0.001 = 14,320,000."""
    from lib.catalog.prices import Price
    from lib.costs.money import Option, Traffic, monthly_cost, volume_break_even

    traffic = Traffic(1000, 500, 500, 0, 0)
    dear = Price("openai", "m", "base", TODAY, "test", input_per_1m=Decimal(1), output_per_1m=Decimal(1))
    cheap = Price("self_hosted", "m", "fine_tuned", TODAY, "test", input_per_1m=Decimal(0), output_per_1m=Decimal(0))
    capacity = Capacity(Decimal(1), Decimal(1), 1, Decimal(1), "1 x test GPU")
    base = monthly_cost(Option("base", "base", dear, False), traffic)
    tuned = monthly_cost(Option("tuned", "tuned", cheap, False, capacity=capacity), traffic)
    assert volume_break_even(base, tuned, Decimal(120_000), 12).value == 14_320_000


def test_nothing_is_priced_past_its_end_of_serving():
    """On 2027-01-06 an existing OpenAI customer's fine-tuned gpt-4.1-mini stops serving eight days later."""
    on = date(2027, 1, 6)
    advice = advice_for(CostSettings(as_of=on, today=on), openai_access="yes")
    openai = next(option for option in advice.comparison.fine_tuned if option.provider == "openai")
    assert openai.serving_until == date(2027, 1, 14) and not openai.usable
    assert openai.serving_months < 1 and "2027-01-14" in openai.ends
    assert openai.horizon_usd(12) == openai.one_off_usd + openai.monthly.total_usd * openai.serving_months
    assert advice.route.provider != "openai" and "2027-01-14" in advice.route.sentence
    assert advice.facts.values.get("serving_ends") is True
    assert any("2027-01-14" in reason.message for reason in advice.verdict.reasons)


@settings(max_examples=40, deadline=None)
@given(today=st.dates(date(2026, 6, 1), date(2027, 6, 1)), horizon=st.integers(1, 36))
def test_the_route_never_picks_an_option_that_stops_serving_within_the_horizon(today, horizon):
    comparison = comparison_for(CostSettings(as_of=today, today=today, horizon_months=horizon), openai_access="yes")
    route = choose_route("fine_tune", comparison)
    if route.chosen is not None:
        until = route.chosen.serving_until
        assert until is None or (until - today).days / 30 >= horizon


def test_caching_and_batch_are_options_of_kind_base_with_the_names_scripts_use():
    comparison = comparison_for(answers_can_wait="yes")
    cached = comparison.option("current/gpt-4.1-mini/cached")
    batch = comparison.option("current/gpt-4.1-mini/batch")
    current = comparison.current
    assert cached.kind == batch.kind == "base"
    assert cached.monthly.total_usd < current.monthly.total_usd
    assert batch.monthly.total_usd == current.monthly.total_usd / 2
    # batch only when answers may wait
    assert comparison_for(answers_can_wait="no").option("current/gpt-4.1-mini/batch") is None


def test_caching_prices_the_few_shot_prefix_at_the_cached_rate():
    """12 few-shot examples of 229 tokens: 2,748 cached tokens; 90% read at $0.10, 10% written at $0.40 per 1M."""
    comparison = comparison_for(few_shot_examples=12)
    cached, plain = comparison.option("current/gpt-4.1-mini/cached"), comparison.current
    prefix = 12 * comparison.traffic.example_tokens
    saving_per_request = prefix * (Decimal("0.40") - (Decimal("0.9") * Decimal("0.10") + Decimal("0.1")
                                                       * Decimal("0.40"))) / 1_000_000
    assert plain.monthly.per_request_usd - cached.monthly.per_request_usd == saving_per_request
    assert comparison.baseline is cached


def test_a_short_prefix_is_not_cached_and_says_why():
    comparison = comparison_for(few_shot_examples=1)
    assert comparison.option("current/gpt-4.1-mini/cached") is None
    assert any("1,024" in gap for gap in comparison.gaps)


def test_a_cost_only_goal_that_caching_already_meets_does_not_get_fine_tune():
    """A big few-shot prompt on gpt-4.1-mini: fine-tuning looks worth it against the full prompt, but caching the
    prompt takes most of the saving, and the rest does not repay the project within the year."""
    answers = dict(goals=["lower_cost_latency"], prompting_result="good", few_shot_examples=20, requests_per_day=5000)
    without = advice_for(replace(NOW, caching=False), **answers)
    with_caching = advice_for(NOW, **answers)
    assert without.verdict.id == "fine_tune"
    assert with_caching.verdict.id == "keep_current_model"
    assert with_caching.facts.values["alternative_saves"] is True
    assert any("cached" in reason.message for reason in with_caching.verdict.reasons)


def test_a_much_cheaper_model_is_not_trusted_without_an_evaluation_priced_in():
    advice = advice_for(current_model="gpt-4.1", requests_per_day=200_000)
    best = advice.comparison.best
    assert best.monthly.total_usd * 10 < advice.comparison.current.monthly.total_usd
    [(what, usd)] = [(what, usd) for what, usd in best.extra_one_off if what.startswith("evaluate")]
    assert usd > 0 and best.one_off_usd == best.training_usd + best.project_usd + usd
    assert any(reason.rule_id == "quality_unproven" for reason in advice.verdict.reasons)


def test_too_few_examples_are_written_by_the_larger_model_and_priced():
    comparison = comparison_for(n_examples=20)
    best = comparison.best
    [(what, usd)] = [(what, usd) for what, usd in best.extra_one_off if what.startswith("distil")]
    larger = comparison.larger
    assert "gpt-4.1" in what and "30 more examples" in what and "through its batch API (50% off)" in what
    assert usd == 30 * larger.monthly.per_request_usd * Decimal("0.5")  # OpenAI's batch API: half price


def test_the_in_house_team_is_told_which_service_its_constraint_ruled_out():
    route = advice_for(data_may_leave="no").route
    assert route.provider == "self_hosted"
    assert "must stay in-house" in route.sentence and "Amazon Bedrock" in route.sentence


def test_a_current_model_known_only_to_genai_prices_gets_its_providers_caching_and_batch():
    comparison = comparison_for(current_model="gpt-5-mini", answers_can_wait="yes")
    assert comparison.option("current/gpt-5-mini/cached") is not None
    assert comparison.option("current/gpt-5-mini/batch") is not None
    assert not any("caching" in gap for gap in comparison.gaps)


def test_distillation_stops_at_the_recommended_number_of_examples():
    assert not any(what.startswith("distil") for what, _ in comparison_for(n_examples=50).best.extra_one_off)
    [(what, _)] = [(w, u) for w, u in comparison_for(n_examples=49).best.extra_one_off if w.startswith("distil")]
    assert "writing 1 more examples" in what


def test_the_smaller_model_is_priced_once_and_never_twice():
    comparison = comparison_for()
    smaller = comparison.option("smaller/gpt-4.1-nano")
    assert smaller is not None and smaller.monthly.total_usd < comparison.current.monthly.total_usd
    assert smaller.monthly.prompt_tokens == comparison.current.monthly.prompt_tokens  # the same few-shot prompt
    # when the smaller model is also the larger one chosen to compare, it is priced once, as the larger
    same = comparison_for(replace(NOW, larger_model="gpt-4.1-nano"))
    assert same.option("smaller/gpt-4.1-nano") is None and same.option("larger/gpt-4.1-nano") is not None


def test_a_dedicated_row_without_a_known_gpu_is_priced_as_one_fixed_endpoint():
    from lib.advice.team import TeamAnswers
    from lib.catalog.prices import Price
    from lib.costs.fine_tuned import _dedicated_capacity
    from lib.costs.fine_tuned import serving_assumptions as assumptions

    row = Price("together", "up-to-16b", "fine_tuned", TODAY, "test", hosting_per_hour=Decimal(4),
                serving="dedicated")
    traffic = comparison_for().traffic
    assert _dedicated_capacity(row, "llama-3.1-8b", traffic, assumptions(NOW, TeamAnswers())) is None
    priced = replace(row, gpu="h100-80gb")
    assert _dedicated_capacity(priced, "llama-3.1-8b", traffic, assumptions(NOW, TeamAnswers())) is not None
    assert _dedicated_capacity(replace(priced, hosting_per_hour=Decimal(0)), "llama-3.1-8b", traffic,
                               assumptions(NOW, TeamAnswers())) is None


def test_no_traffic_is_said_not_priced_as_free():
    comparison = comparison_for(requests_per_day=0)
    assert any("Requests per day is 0" in gap for gap in comparison.gaps)
    assert not any("Requests per day is 0" in gap for gap in comparison_for().gaps)


def test_a_current_model_without_a_price_is_said():
    comparison = comparison_for(current_model="made-up-model")
    assert comparison.current is None and comparison.baseline is None
    assert any(gap.startswith("No base price for made-up-model in force on") for gap in comparison.gaps)
