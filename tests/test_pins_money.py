"""The arithmetic's edges (lib/costs/money.py): the per-job training minimum, unknown and long rates, how
hours, months and cents are written, and the crossover's branches, each by hand."""

from decimal import Decimal

import pytest

from lib.catalog.prices import parse_price
from lib.costs.money import (
    BreakEven,
    MonthlyCost,
    Option,
    Traffic,
    dollars,
    hourly_crossover,
    hours_text,
    inference_usd,
    monthly_cost,
    months_text,
    payback_months,
    rate,
    training_cost,
    volume_break_even,
)


def price(**money):
    return parse_price({"provider": "together", "model": "m", "kind": "fine_tuned", "effective": "2025-01-01",
                        "source": "test", **money})


def test_a_job_below_the_minimum_is_billed_the_minimum_and_says_so():
    row = price(training_per_1m=2, training_minimum=5, input_per_1m=1, output_per_1m=1)
    cost = training_cost(row, 1_000_000, 2)  # $4.00 at the rate
    assert cost.usd == Decimal(5)
    assert cost.formula == ("1,000,000 tokens x 2 epochs x $2.00 per 1M = $4.00, below the $5.00 minimum per job, "
                            "so the minimum is billed")


def test_a_job_at_the_minimum_is_billed_at_the_rate():
    row = price(training_per_1m=2, training_minimum=4, input_per_1m=1, output_per_1m=1)
    cost = training_cost(row, 1_000_000, 2)
    assert cost.usd == Decimal(4) and cost.formula == "1,000,000 tokens x 2 epochs x $2.00 per 1M = $4.00"


def test_an_hourly_job_below_the_minimum_is_billed_the_minimum():
    row = price(training_per_hour=10, training_minimum=30, input_per_1m=1, output_per_1m=1)
    cost = training_cost(row, 0, 1, Decimal("0.5"))
    assert cost.usd == Decimal(30)
    assert cost.formula.startswith("30 minutes x $10.00 per hour = $5.00, below the $30.00 minimum")


def test_no_tokens_and_no_hours_is_nothing_to_price():
    cost = training_cost(price(training_per_1m=2, training_minimum=5), 0, 3)
    assert cost.usd is None and cost.formula == "no valid training examples yet, so there is nothing to price"


def test_an_hourly_price_asks_for_the_hours():
    cost = training_cost(price(training_per_hour="12.5"), 1000, 3)
    assert cost.usd is None and cost.formula == ("billed per compute hour ($12.50/hour); enter the hours you "
                                                 "expect")


@pytest.mark.parametrize(("amount", "written"), [
    (None, "unknown"),
    (Decimal("8"), "$8.00"),
    (Decimal("0.5"), "$0.50"),  # at least two places
    (Decimal("0.075"), "$0.075"),
    (Decimal("0.0001"), "$0.0001"),  # four places: the cap
    (Decimal("0.00012345"), "$0.0001"),  # more is cut at four
    (Decimal("1E+2"), "$100.00"),
    (Decimal("1234.5"), "$1,234.50"),
])
def test_rates_are_written_with_two_to_four_places(amount, written):
    assert rate(amount) == written


@pytest.mark.parametrize(("amount", "written"), [
    (Decimal("0.0049"), "under $0.01"), (Decimal("0.005"), "$0.01"), (Decimal("-1"), "$-1.00"),
    (Decimal("2.345"), "$2.35"), (Decimal("1000"), "$1,000.00"),
])
def test_dollars_edges(amount, written):
    assert dollars(amount) == written


@pytest.mark.parametrize(("months", "written"), [
    (Decimal("0.99"), "under a month"), (Decimal(1), "1.0 months"), (Decimal("12.34"), "12.3 months"),
    (Decimal(1234), "1,234.0 months"),
])
def test_months_as_written(months, written):
    assert months_text(months) == written


@pytest.mark.parametrize(("hours", "written"), [
    (Decimal("0.0083"), "under a minute"),  # 0.5 minutes rounds to 0
    (Decimal("0.0084"), "1 minute"),  # 0.504 rounds to 1
    (Decimal(2) / 60, "2 minutes"), (Decimal("0.999"), "60 minutes"), (Decimal(1), "1.0 hours"),
    (Decimal(1500), "1,500.0 hours"),
])
def test_hours_as_written(hours, written):
    assert hours_text(hours) == written


def test_traffic_by_the_month():
    traffic = Traffic(100, 10, 20, 3, 50)
    assert traffic.requests_per_month == 3000
    assert traffic.prompt_tokens(True) == 160 and traffic.prompt_tokens(False) == 10
    exact = traffic.with_requests_per_month(Decimal(95))
    assert exact.requests_per_month == 95 and exact.requests_per_day == 3  # 95 / 30, whole days
    assert traffic.with_requests_per_month(0).requests_per_month == 0


def test_inference_bills_cached_input_at_the_cached_price_or_the_input_price():
    cached = price(input_per_1m=2, cached_input_per_1m="0.5", output_per_1m=8)
    assert inference_usd(cached, 1_000_000, 1_000_000, 400_000) == Decimal("1.2") + Decimal("0.2") + 8
    plain = price(input_per_1m=2, output_per_1m=8)
    assert inference_usd(plain, 1_000_000, 0, 400_000) == Decimal(2)
    assert inference_usd(price(), 1000, 1000) == 0  # no prices: nothing, not an error


def test_the_monthly_formula_names_every_part():
    row = price(input_per_1m=1, output_per_1m=2, hosting_per_hour="1.5", storage_per_month=3)
    cost = monthly_cost(Option("x", "x", row, False, 720), Traffic(100, 1000, 500, 0, 0))
    assert cost.fixed_usd == Decimal(1080) + 3 and cost.total_usd == Decimal(6) + 1080 + 3
    assert cost.formula == ("3,000 requests x (1,000 input tokens x $1.00 + 500 output tokens x $2.00) per 1M = "
                            "$6.00; hosting 720 hours x $1.50 = $1,080.00; storage $3.00 a month")
    assert "hosting" not in monthly_cost(Option("y", "y", price(input_per_1m=1), False, 0),
                                         Traffic(1, 1, 1, 0, 0)).formula


def _month(label, per_request, fixed=Decimal(0), row=None):
    row = row or price(input_per_1m=1, output_per_1m=1)
    return MonthlyCost(Option(label, label, row, False), 1000, 0, Decimal(0), Decimal(0), per_request * 1000, fixed,
                       per_request)


def test_payback_of_nothing_costs_nothing_and_equal_costs_never_pay():
    assert payback_months(_month("b", Decimal(2)), _month("t", Decimal(1)), Decimal(0)).value == 0
    never = payback_months(_month("b", Decimal(1)), _month("t", Decimal(1)), Decimal(10), "training and project")
    assert never == BreakEven(None, "t never pays back its training and project at this volume: it costs $0.00 a "
                                    "month more than b.")


def test_equal_prices_per_request_are_never_cheaper():
    result = volume_break_even(_month("b", Decimal(1)), _month("t", Decimal(1)), Decimal(0), 12)
    assert result.value is None and "costs as much or more per request" in result.sentence


@pytest.mark.parametrize(("per_token", "hourly", "fee", "value", "says"), [
    ((1, 1), (1, 1), 0, Decimal(0), "no higher fixed fee and is not dearer per token"),  # equal: cheaper anywhere
    ((1, 1), (2, 2), 0, None, "never cheaper than a: dearer per token."),
    ((1, 1), (1, 1), 720, None, "its tokens cost as much or more, and it adds $1.00/hour"),
    ((3, 3), (1, 1), 720, Decimal(500_000), "above 500,000 tokens per hour"),  # $1/hour / $2 per 1M
])
def test_hourly_crossover_branches(per_token, hourly, fee, value, says):
    a = _month("a", Decimal(0), row=price(input_per_1m=per_token[0], output_per_1m=per_token[1]))
    b = _month("b", Decimal(0), Decimal(fee), row=price(input_per_1m=hourly[0], output_per_1m=hourly[1]))
    result = hourly_crossover(a, b, Decimal("0.5"))
    assert result.value == value and says in result.sentence


def test_an_option_pays_no_hosting_unless_given_hours():
    row = price(input_per_1m=1, output_per_1m=1, hosting_per_hour=2)
    assert monthly_cost(Option("x", "x", row, False), Traffic(1, 1, 1, 0, 0)).hosting_usd == 0
