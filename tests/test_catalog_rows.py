"""The corrected and added catalog rows of December 2026, each with its source, date read and confidence."""

import json
from datetime import date

import pytest

from lib.catalog.availability import rule_for, serving_until
from lib.catalog.models import load_models
from lib.catalog.prices import load_prices, price_on
from lib.cli import main
from lib.selfhost.shapes import load_gpus

ON = date(2026, 12, 5)


def test_together_endpoint_is_an_h100_at_its_docs_price_with_the_june_price_noted():
    rows = [p for p in load_prices() if p.provider == "together"]
    assert rows and all(float(p.hosting_per_hour) == 3.99 for p in rows)
    assert all("H200 141GB is $5.49" in p.source and "$6.49" in p.note for p in rows)


@pytest.mark.parametrize(("model", "tier", "training", "hosting", "tokens"), [
    ("gpt-oss-20b", "global", 3.60, 0.30, (0.07, 0.30)),
    ("gpt-oss-20b", "data_zone", 4.00, 0.33, (0.07, 0.30)),
    ("llama-3.3-70b-instruct", "global", 4.50, 0.30, (0.71, 0.71)),
    ("ministral-3b", "standard", 1.10, 0.715, (0.05, 0.15)),
])
def test_azure_open_weight_fine_tuning(model, tier, training, hosting, tokens):
    price = price_on(load_prices(), "azure", model, "fine_tuned", ON, tier)
    assert (float(price.training_per_1m), float(price.hosting_per_hour)) == (training, hosting)
    assert (float(price.input_per_1m), float(price.output_per_1m)) == tokens
    assert price.read_on == date(2026, 12, 4) and "2026-03-05" in price.source


def test_qwen_32b_at_azure_has_no_price():
    assert price_on(load_prices(), "azure", "qwen-32b", "fine_tuned", ON) is None


def test_cli_prices_gpt_oss_at_azure(capsys):
    assert main(["cost", "--provider", "azure", "--model", "gpt-oss-20b", "--kind", "fine_tuned",
                 "--training-tokens", "1000000", "--hours", "720", "--as-of", "2026-12-05", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["training_usd"], data["hosting_usd"]) == (3.6, 216.0)


def test_o4_mini_developer_is_shown_with_its_conflict_but_not_by_default():
    developer = price_on(load_prices(), "azure", "o4-mini", "fine_tuned", ON, "developer")
    assert developer.training_per_hour == 50 and "not offered" in developer.note
    assert rule_for("azure").default_tier == "global"


@pytest.mark.parametrize("model", ["gemini-2.5-pro", "nova-micro", "nova-lite", "nova-pro", "gemini-3.5-flash",
                                   "gemini-3.5-flash-lite", "gemini-3.1-flash-lite", "nova-2-lite"])
def test_tunable_models_are_marked_so(model):
    facts = load_models()[model]
    assert facts.fine_tunable and facts.training_context > 0


def test_new_vertex_models_have_no_tuning_price_so_the_app_asks():
    for model in ("gemini-3.5-flash", "gemini-3.5-flash-lite", "gemini-3.1-flash-lite"):
        assert price_on(load_prices(), "vertex", model, "fine_tuned", ON) is None


def test_nova_2_lite_is_priced_at_its_base_rate_without_a_training_price():
    price = price_on(load_prices(), "bedrock", "nova-2-lite", "fine_tuned", ON)
    assert (float(price.input_per_1m), float(price.output_per_1m), price.training_per_1m) == (0.33, 2.75, None)


def test_a100_40gb_takes_the_cheapest_dated_price():
    a100 = next(gpu for gpu in load_gpus() if gpu.id == "a100-40gb")
    assert a100.price_per_hour == 1.99 and "Lambda" in a100.price_note and "2.7447" in a100.price_note


def test_reported_retirements_and_regions_are_said():
    assert not serving_until("azure", "gpt-4.1-nano").verified
    assert "North Central US and Sweden Central" in rule_for("azure").note
    assert "dedicated deployments" in rule_for("fireworks").note and "Reported" in rule_for("fireworks").note
