"""The price table: every row sourced and valid; lookups by date; edits checked like table rows."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.catalog.base_prices import base_price
from lib.catalog.prices import (
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
        assert price_on(PRICES, "openai", model, "fine_tuned", today), model
        assert base_price(model, today), model  # today's base prices come from genai-prices
    tiers = {p.tier for p in PRICES if p.provider == "azure" and p.kind == "fine_tuned"}
    assert {"standard", "global", "developer", "data_zone"} <= tiers
    for provider in ("vertex", "bedrock", "together", "fireworks"):
        assert any(p.provider == provider and p.training_per_1m for p in PRICES), provider
    assert price_on(PRICES, "azure", "gpt-3.5-turbo", "fine_tuned", date(2023, 11, 6)).training_per_hour == 102


def test_every_row_says_when_it_was_read_and_how_sure_we_are():
    for price in PRICES:
        assert price.read_on and price.confidence in ("own_page", "third_party", "inferred"), price.label


def test_azure_training_is_the_meter_not_the_example_figure():
    today = date(2026, 11, 24)
    tiers = {tier: price_on(PRICES, "azure", "gpt-4.1", "fine_tuned", today, tier).training_per_1m
             for tier in ("global", "standard", "data_zone", "developer")}
    assert tiers == {"global": Decimal("25.0"), "standard": Decimal("27.5"), "data_zone": Decimal("27.5"),
                     "developer": Decimal("12.5")}


def test_open_weight_doors_price_by_the_models_size_band():
    today = date(2026, 11, 24)
    assert price_on(PRICES, "together", "llama-3.1-8b", "fine_tuned", today, params_b=8.03).training_per_1m == \
        Decimal("0.48")
    assert price_on(PRICES, "fireworks", "llama-3.1-70b", "fine_tuned", today, method="full",
                    params_b=70.6).training_per_1m == Decimal("6.0")
    assert price_on(PRICES, "together", "x", "fine_tuned", today, params_b=400) is None  # no band that large


def test_the_row_in_force_on_a_date_is_used():
    late_2023 = price_on(PRICES, "openai", "gpt-3.5-turbo", "base", date(2023, 11, 6))
    today = base_price("gpt-3.5-turbo", date(2026, 11, 24))
    assert (late_2023.input_per_1m, today.input_per_1m) == (Decimal("1.0"), Decimal("0.5"))
    assert price_on(PRICES, "openai", "gpt-4.1", "fine_tuned", date(2024, 1, 1)) is None


def test_a_tier_can_be_asked_for_and_developer_has_no_hosting_fee():
    assert price_on(PRICES, "azure", "gpt-4.1", "fine_tuned", date(2026, 11, 24), "global").tier == "global"
    assert price_on(PRICES, "azure", "gpt-4.1", "fine_tuned", date(2026, 11, 24), "developer").hosting_per_hour == 0


def test_prices_are_exact_decimals():
    price = parse_price(ROW)
    assert price.training_per_1m == Decimal("1.5") and str(price.input_per_1m) == "0.2"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"provider": "acme"}, "provider must be one of"),
        ({"kind": "tuned"}, "kind must be one of base, fine_tuned"),
        ({"tier": "Gold tier!"}, "tier must be a short lowercase name"),
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


def test_edited_prices_travel_in_a_link_and_come_back_the_same():
    from lib.catalog.prices import apply_edits, edits_from_query, edits_to_query, to_row

    published = load_prices()
    rows = [to_row(price) for price in published if price.provider == "azure" and price.model == "gpt-4.1"]
    rows[0]["training_per_1m"] = 20.5
    rows[1]["hosting_per_hour"] = None
    edited = apply_edits(published, rows[:2])
    query = edits_to_query(edited, published)
    assert len(query) == 2 and all(key.startswith("edit.") for key in query)
    again, dropped = edits_from_query(query, published)
    assert again == edited and dropped == []
    assert edits_from_query({}, published) == (None, [])


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["edit.1", "edit.2", "edit.x"]),
                       st.text(max_size=80) | st.sampled_from([
                           "azure|gpt-4.1|fine_tuned|full|global|2025-04-01|training_per_1m|-5",
                           "azure|gpt-4.1|fine_tuned|full|global|2025-04-01|training_per_1m|1e400",
                           "azure|gpt-4.1|fine_tuned|full|global|2025-04-01|source|free",
                           "azure|gpt-4.1|fine_tuned|full|global|2025-04-01|training_per_1m|20"]), max_size=3))
def test_any_edit_in_a_link_is_used_or_refused_in_one_sentence(params):
    from lib.catalog.prices import edits_from_query

    edited, dropped = edits_from_query(params, load_prices())
    assert edited is None or len(edited) == len(load_prices())
    assert all(sentence.endswith(".") and "\n" not in sentence for sentence in dropped)


def test_a_link_with_too_many_edits_uses_the_first_fifty():
    from lib.catalog.prices import MAX_LINKED_EDITS, edits_from_query

    params = {f"edit.{n}": "azure|gpt-4.1|fine_tuned|full|global|2025-04-01|training_per_1m|20" for n in range(500)}
    edited, dropped = edits_from_query(params, load_prices())
    assert edited is not None and f"only the first {MAX_LINKED_EDITS}" in dropped[0]


def test_an_edit_equal_to_the_published_price_is_not_an_edit():
    from lib.catalog.prices import apply_edits, edits_from_query, to_row

    published = load_prices()
    price = next(price for price in published if price.training_per_1m is not None)
    row = to_row(price)
    amount = format(price.training_per_1m, "f") + "0"  # "3.000": the same amount written another way
    assert apply_edits(published, [{**row, "training_per_1m": amount}]) == published
    key = "|".join(str(row[name] or "") for name in ("provider", "model", "kind", "method", "tier", "effective"))
    assert edits_from_query({"edit.1": f"{key}|training_per_1m|{amount}"}, published) == (None, [])
