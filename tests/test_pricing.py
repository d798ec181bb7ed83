"""The price table: every row sourced and valid; lookups by date; edits checked like table rows."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.pricing import (
    PriceError,
    apply_edits,
    current_rows,
    load_prices,
    parse_price,
    parse_prices,
    price_on,
    to_row,
    with_overrides,
)

PRICES = load_prices()
ROW = {"provider": "openai", "model": "m", "kind": "fine_tuned", "effective": "2025-01-01", "source": "s",
       "training_per_1m": 1.5, "input_per_1m": 0.2, "output_per_1m": 0.8}


def test_every_row_has_a_source_and_a_date():
    for price in PRICES:
        assert len(price.source) > 20 and price.effective <= date(2026, 11, 24)


def test_the_table_covers_what_the_issue_asks_for():
    today = date(2026, 11, 24)
    for model in ("gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-3.5-turbo"):
        for kind in ("base", "fine_tuned"):
            assert price_on(PRICES, "openai", model, kind, today), (model, kind)
    tiers = {p.tier for p in PRICES if p.provider == "azure" and p.kind == "fine_tuned"}
    assert {"standard", "global", "developer"} <= tiers
    assert any(p.provider == "fireworks" and p.training_per_1m for p in PRICES)
    assert price_on(PRICES, "azure", "gpt-3.5-turbo", "fine_tuned", date(2023, 11, 6)).training_per_hour == 102


def test_the_row_in_force_on_a_date_is_used():
    late_2023 = price_on(PRICES, "openai", "gpt-3.5-turbo", "base", date(2023, 11, 6))
    today = price_on(PRICES, "openai", "gpt-3.5-turbo", "base", date(2026, 11, 24))
    assert (late_2023.input_per_1m, today.input_per_1m) == (Decimal("1.0"), Decimal("0.5"))
    assert price_on(PRICES, "openai", "gpt-4.1", "base", date(2024, 1, 1)) is None


def test_azure_prefers_standard_then_global_then_developer_without_a_tier():
    assert price_on(PRICES, "azure", "gpt-4.1", "fine_tuned", date(2026, 11, 24)).tier == "global"
    assert price_on(PRICES, "azure", "gpt-4.1", "fine_tuned", date(2026, 11, 24), "developer").hosting_per_hour == 0


def test_prices_are_exact_decimals():
    price = parse_price(ROW)
    assert price.training_per_1m == Decimal("1.5") and str(price.input_per_1m) == "0.2"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"provider": "acme"}, "provider must be one of"),
        ({"kind": "tuned"}, "kind must be base or fine_tuned"),
        ({"tier": "gold"}, "tier must be one of"),
        ({"effective": "yesterday"}, "effective must be a date"),
        ({"input_per_1m": -1}, "non-negative"),
        ({"input_per_1m": "lots"}, "must be a number"),
        ({"input_per_1m": float("nan")}, "must be a number"),
        ({"input_per_1m": True}, "must be a number"),
        ({"colour": "red"}, "unknown column 'colour'"),
        ({"source": ""}, "source is required"),
        ({"training_per_hour": 3}, "not both"),
        ({"kind": "base"}, "base model row has no training price"),
    ],
)
def test_invalid_rows_are_refused_with_a_sentence(change, says):
    with pytest.raises(PriceError, match=says):
        parse_price({**ROW, **change})


def test_duplicate_rows_are_refused():
    with pytest.raises(PriceError, match="Two rows"):
        parse_prices([ROW, ROW])


def test_overrides_are_checked_and_named_in_the_source():
    price = with_overrides(parse_price(ROW), input_per_1m="0.5")
    assert price.input_per_1m == Decimal("0.5") and "edited: input_per_1m" in price.source
    with pytest.raises(PriceError, match="non-negative"):
        with_overrides(parse_price(ROW), hosting_per_hour=-2)


def test_edits_replace_only_the_rows_they_change():
    rows = [to_row(p) for p in current_rows(PRICES, date(2026, 11, 24))]
    target = next(row for row in rows if row["model"] == "gpt-4.1-mini" and row["kind"] == "fine_tuned"
                  and row["provider"] == "openai")
    target["training_per_1m"] = 4.0
    edited = apply_edits(PRICES, rows)
    assert len(edited) == len(PRICES)
    price = price_on(edited, "openai", "gpt-4.1-mini", "fine_tuned", date(2026, 11, 24))
    assert price.training_per_1m == Decimal("4.0") and "edited in the app" in price.source
    target["training_per_1m"] = -4.0
    with pytest.raises(PriceError, match="non-negative"):
        apply_edits(PRICES, rows)


@given(st.dictionaries(st.sampled_from(["provider", "model", "kind", "tier", "effective", "source",
                                        "input_per_1m", "training_per_1m", "hosting_per_hour", "x"]),
                       st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 5), st.floats(), st.booleans()),
                       max_size=8))
def test_the_loader_raises_only_price_error_on_arbitrary_rows(row):
    try:
        price = parse_price(row)
    except PriceError:
        return
    assert all((getattr(price, name) or 0) >= 0 for name in ("input_per_1m", "training_per_1m", "hosting_per_hour"))


@given(st.sampled_from(PRICES))
def test_every_row_round_trips_through_its_flat_form(price):
    row = {key: value for key, value in to_row(price).items() if value is not None and value != ""}
    assert parse_price(row) == price
