"""Every formula against hand-computed cases, the published worked examples, and properties of the curves."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.catalog.prices import load_prices, parse_price, price_on
from lib.costs.guide import monthly_table
from lib.costs.money import (
    MonthlyCost,
    Option,
    Traffic,
    azure_crossover,
    dollars,
    hours_text,
    inference_usd,
    monthly_cost,
    payback_months,
    per_request_usd,
    rate,
    training_cost,
    volume_break_even,
)

PRICES = load_prices()
LATE_2023 = date(2023, 11, 6)


def price(**money):
    return parse_price({"provider": "openai", "model": "m", "kind": "fine_tuned", "effective": "2025-01-01",
                        "source": "test", **money})


# --- The published worked examples ----------------------------------------------------------------

def test_guide_training_example_is_2_40():
    gpt35 = price_on(PRICES, "openai", "gpt-3.5-turbo", "fine_tuned", LATE_2023)
    cost = training_cost(gpt35, 100_000, 3)
    assert cost.usd == Decimal("2.40") and dollars(cost.usd) == "$2.40"


def test_azure_global_training_is_priced_at_the_meter():
    # Microsoft Learn's "$2 per 1M, for example purposes only" gave $4.00; the retail meter is $25 per 1M
    azure = price_on(PRICES, "azure", "gpt-4.1", "fine_tuned", date(2026, 11, 24), "global")
    assert training_cost(azure, 1_000_000, 2).usd == Decimal("50.00")


def test_azure_hosted_month_example_is_1422():
    azure = price_on(PRICES, "azure", "o4-mini", "fine_tuned", date(2026, 11, 24), "global")
    total = inference_usd(azure, 20_000_000, 40_000_000) + 720 * azure.hosting_per_hour
    assert total == Decimal("1422.00")


def test_azure_beats_openai_near_2_5_million_tokens_an_hour_at_late_2023_prices():
    openai = price_on(PRICES, "openai", "gpt-3.5-turbo", "fine_tuned", LATE_2023)
    azure = price_on(PRICES, "azure", "gpt-3.5-turbo", "fine_tuned", LATE_2023)
    crossover = azure_crossover(openai, azure, Decimal("0.5"))
    # $7/hour / (($3 + $6)/2 - ($1.50 + $2)/2 per 1M) = 2,545,455 tokens/hour, the guide's "~2.5 million"
    assert round(crossover.value) == 2_545_455


def test_guide_monthly_table_at_one_million_tokens_an_hour():
    rows = {row.label: row for row in monthly_table(PRICES)}
    assert rows["gpt-3.5-turbo, base"].average_per_1k == Decimal("0.0015")
    assert rows["gpt-3.5-turbo, base"].monthly_usd == 1080
    assert rows["gpt-3.5-turbo, fine-tuned"].average_per_1k == Decimal("0.0045")
    assert rows["gpt-3.5-turbo, fine-tuned"].monthly_usd == 3240
    assert rows["gpt-4-turbo, base"].average_per_1k == Decimal("0.02")
    assert rows["gpt-4-turbo, base"].monthly_usd == 14400


# --- Formulas -----------------------------------------------------------------------------------

def test_hourly_training_needs_hours_and_says_so():
    hourly = price_on(PRICES, "azure", "gpt-3.5-turbo", "fine_tuned", LATE_2023)
    assert training_cost(hourly, 1_000_000, 3).usd is None
    assert training_cost(hourly, 1_000_000, 3, Decimal("2.5")).usd == Decimal("255.0")


def test_missing_training_price_is_unknown_not_zero():
    cost = training_cost(price(input_per_1m=1, output_per_1m=2), 1000, 3)
    assert cost.usd is None and "enter your contract price" in cost.formula


def test_per_request_cost_by_hand():
    p = price(input_per_1m=2, cached_input_per_1m="0.5", output_per_1m=8)
    assert per_request_usd(p, 1000, 500) == Decimal("0.006")
    # 400 of 1,000 input tokens cached: 600 x 2 + 400 x 0.5 + 500 x 8 per 1M
    assert inference_usd(p, 1000, 500, 400) == Decimal("0.0054")


def test_monthly_cost_with_few_shot_prompt_and_hosting():
    traffic = Traffic(requests_per_day=1000, input_tokens=100, output_tokens=50, few_shot_examples=4,
                      example_tokens=200)
    p = price(input_per_1m=1, output_per_1m=2, hosting_per_hour="1.70")
    cost = monthly_cost(Option("x", "x", p, few_shot=True, hosted_hours=720), traffic)
    assert cost.requests == 30_000 and cost.prompt_tokens == 900
    assert cost.inference_usd == Decimal(30_000) * (900 * 1 + 50 * 2) / 1_000_000
    assert cost.hosting_usd == Decimal("1224.00") and cost.total_usd == Decimal("30") + Decimal("1224.00")


def _costs(per_request_base, per_request_tuned, hosting=Decimal(0), base_hosting=Decimal(0)):
    p = price(input_per_1m=1, output_per_1m=1)
    base = MonthlyCost(Option("b", "base", p, True), 1000, 0, Decimal(0), Decimal(0),
                       per_request_base * 1000, base_hosting, per_request_base)
    tuned = MonthlyCost(Option("t", "tuned", p, False), 1000, 0, Decimal(0), Decimal(0),
                        per_request_tuned * 1000, hosting, per_request_tuned)
    return base, tuned


def test_volume_break_even_by_hand():
    base, tuned = _costs(Decimal("0.003"), Decimal("0.001"))
    result = volume_break_even(base, tuned, Decimal(120), horizon_months=12)
    assert result.value == Decimal(5000)  # $10/month of training / $0.002 saved per request


def test_never_cheaper_is_said_in_words():
    base, tuned = _costs(Decimal("0.001"), Decimal("0.002"))
    assert volume_break_even(base, tuned, Decimal(10), 12).value is None
    payback = payback_months(base, tuned, Decimal(10))
    assert payback.value is None and "never pays back" in payback.sentence


def test_payback_by_hand():
    base, tuned = _costs(Decimal("0.003"), Decimal("0.001"))
    assert payback_months(base, tuned, Decimal(6)).value == Decimal(3)  # $6 / $2 a month


def test_azure_never_cheaper_when_its_tokens_cost_more():
    result = azure_crossover(price(input_per_1m=1, output_per_1m=1),
                             price(input_per_1m=2, output_per_1m=2, hosting_per_hour=1), Decimal("0.5"))
    assert result.value is None and "never cheaper" in result.sentence


def test_rates_are_written_as_published():
    assert (rate(Decimal("8")), rate(Decimal("0.075")), rate(Decimal("1.875"))) == ("$8.00", "$0.075", "$1.875")


# --- Properties ---------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=100, places=3)
counts = st.integers(min_value=0, max_value=100_000)


@settings(max_examples=200, deadline=None)
@given(money, money, money, counts, counts, counts, counts, counts)
def test_costs_are_never_negative_and_grow_with_volume(inp, out, hosting, requests, extra, tokens_in, tokens_out,
                                                        shots):
    p = price(input_per_1m=inp, output_per_1m=out, hosting_per_hour=hosting)
    option = Option("x", "x", p, few_shot=True, hosted_hours=720)
    traffic = Traffic(requests, tokens_in, tokens_out, shots % 20, 100)
    more = Traffic(requests + extra, tokens_in, tokens_out, shots % 20, 100)
    low, high = monthly_cost(option, traffic), monthly_cost(option, more)
    assert low.total_usd >= 0 and high.total_usd >= low.total_usd


@settings(max_examples=200, deadline=None)
@given(money, money, money, money, money, st.decimals(min_value=0, max_value=1, places=2))
def test_azure_crossover_agrees_with_the_curves(o_in, o_out, a_in, a_out, hosting, share):
    openai = price(input_per_1m=o_in, output_per_1m=o_out)
    azure = price(input_per_1m=a_in, output_per_1m=a_out, hosting_per_hour=hosting)
    result = azure_crossover(openai, azure, share)

    def monthly(p, tokens_per_hour, with_hosting):
        blended = share * p.input_per_1m + (1 - share) * p.output_per_1m
        return tokens_per_hour * 720 * blended / 1_000_000 + (p.hosting_per_hour * 720 if with_hosting else 0)

    if result.value is None:
        for tokens in (Decimal(10) ** 3, Decimal(10) ** 6, Decimal(10) ** 9):
            assert monthly(azure, tokens, True) >= monthly(openai, tokens, False)
    elif result.value > 0:
        above = result.value * Decimal("1.01") + 1
        assert monthly(azure, above, True) <= monthly(openai, above, False) + Decimal("0.000001")
        below = result.value * Decimal("0.99")
        assert monthly(azure, below, True) >= monthly(openai, below, False) - Decimal("0.000001")


def test_volume_break_even_with_hosting_fees_on_both_sides_by_hand():
    # tuned: $0.001 a request, $50 a month hosting, $120 training over 12 months; base: $0.003, $20 hosting.
    # fixed difference $10 + $50 - $20 = $40 a month, saved at $0.002 a request: 20,000 requests a month
    base, tuned = _costs(Decimal("0.003"), Decimal("0.001"), hosting=Decimal(50), base_hosting=Decimal(20))
    result = volume_break_even(base, tuned, Decimal(120), horizon_months=12)
    assert result.value == Decimal(20_000)
    assert result.sentence.startswith("Above 20,000 requests a month (667 a day), tuned is cheaper than base")
    # a base with the larger fee: the tuned option is cheaper from the first request
    base, tuned = _costs(Decimal("0.003"), Decimal("0.001"), hosting=Decimal(0), base_hosting=Decimal(500))
    assert volume_break_even(base, tuned, Decimal(120), 12).value == Decimal(0)


def test_payback_with_hosting_and_storage_on_both_sides_by_hand():
    base, tuned = _costs(Decimal("0.003"), Decimal("0.001"), hosting=Decimal(1), base_hosting=Decimal(3))
    # base $3 + $3 hosting = $6 a month, tuned $1 + $1 = $2: $4 saved, $10 repaid in 2.5 months
    result = payback_months(base, tuned, Decimal(10))
    assert result.value == Decimal("2.5") and "in 2.5 months, saving $4.00 a month" in result.sentence
    base, tuned = _costs(Decimal("0.003"), Decimal("0.001"), hosting=Decimal(2))  # $5 vs $3... and $2 more
    assert payback_months(base, tuned, Decimal(10)).value is None  # saves nothing: never


fees = st.decimals(min_value=0, max_value=500, places=2)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=1, places=4), st.decimals(min_value=0, max_value=1, places=4),
       st.decimals(min_value=0, max_value=10_000, places=2), st.integers(1, 36), fees, fees)
def test_volume_break_even_agrees_with_the_curves(per_base, per_tuned, training, horizon, tuned_fee, base_fee):
    """The break-even N is where the curves cross: from N requests a month on the tuned option costs no more
    (training spread over the horizon, each side's monthly fee), and one request fewer it costs more."""
    base, tuned = _costs(per_base, per_tuned, hosting=tuned_fee, base_hosting=base_fee)
    result = volume_break_even(base, tuned, training, horizon)

    def tuned_month(requests):
        return per_tuned * requests + training / horizon + tuned_fee

    def base_month(requests):
        return per_base * requests + base_fee

    tolerance = Decimal("0.000001")
    if result.value is None:
        assert per_tuned >= per_base
        return
    assert result.value >= 0 and result.value == result.value.to_integral_value()
    assert tuned_month(result.value) <= base_month(result.value) + tolerance
    assert tuned_month(result.value + 1000) <= base_month(result.value + 1000) + tolerance
    if result.value > 0:
        assert tuned_month(result.value - 1) > base_month(result.value - 1) - tolerance


def test_dollars_round_half_up_as_a_bill_does():
    assert dollars(Decimal("0.125")) == "$0.13" and dollars(Decimal("0.124")) == "$0.12"
    assert dollars(Decimal("1234567.005")) == "$1,234,567.01" and dollars(None) == "unknown"


@pytest.mark.parametrize(("hours", "said"), [(Decimal("0.001"), "under a minute"), (Decimal(1) / 60, "1 minute"),
                                             (Decimal("0.5"), "30 minutes"), (Decimal("2.5"), "2.5 hours"),
                                             (0.004, "under a minute")])
def test_times_read_as_people_say_them(hours, said):
    assert hours_text(hours) == said


@pytest.mark.parametrize(("amount", "said"), [(Decimal("0.0001"), "under $0.01"), (Decimal("0.005"), "$0.01"),
                                              (Decimal(0), "$0.00"), (Decimal("1234.5"), "$1,234.50")])
def test_a_cost_under_a_cent_is_not_shown_as_free(amount, said):
    assert dollars(amount) == said
