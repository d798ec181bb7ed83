"""A team's current model may be any model the bundled genai-prices snapshot prices, or its own prices."""

import json
from datetime import date
from pathlib import Path

import pytest

from lib.advice.questionnaire import AnswersError, load_questionnaire
from lib.advice.scenario import settings_from_query
from lib.catalog.base_prices import base_price, catalog_models, custom_id, knows, snapshot_date
from lib.cli import main

DEMO = json.loads(Path("data/samples/demo_answers.json").read_text(encoding="utf-8"))
QUESTION = load_questionnaire().question("current_model")
ON = date(2026, 12, 5)


@pytest.mark.parametrize("model", ["gpt-5-mini", "gemini-3.5-flash", "gpt-5.6-sol", "claude-opus-4-5",
                                   "gpt-oss-20b", "aws/global.amazon.nova-2-lite-v1:0"])
def test_models_of_the_snapshot_are_priced_with_its_date(model):
    price = base_price(model, ON)
    assert price is not None and price.input_per_1m and price.output_per_1m
    assert f"snapshot of {snapshot_date().isoformat()}" in price.source and price.read_on == snapshot_date()
    assert QUESTION.coerce(model) == model


def test_the_usual_models_keep_their_ids_and_old_answers_still_load():
    for option in QUESTION.options:
        assert QUESTION.coerce(option.value) == option.value and knows(option.value)
    assert base_price("gpt-4.1-mini", ON).provider == "openai"
    assert base_price("nova-micro", ON).provider == "bedrock"  # models.toml's door, as before


def test_first_party_price_wins_for_a_bare_id():
    assert "anthropic/claude-haiku-4-5" in base_price("claude-haiku-4-5", ON).source


@pytest.mark.parametrize("raw", ["gpt-99-imaginary", "", 5, None, "custom:abc:1", "custom:1", "x" * 500])
def test_unknown_models_are_refused_in_one_sentence(raw):
    with pytest.raises(AnswersError, match="genai-prices .* snapshot prices"):
        QUESTION.coerce(raw)


def test_own_prices_travel_as_an_id():
    model = custom_id(0.5, 2)
    assert model == "custom:0.5:2" and QUESTION.coerce(model) == model
    price = base_price(model, ON)
    assert (price.input_per_1m, price.output_per_1m, price.source) == (0.5, 2, "your own prices")


def test_picker_is_grouped_by_provider_newest_first():
    rows = catalog_models(ON)
    assert len(rows) > 1000
    providers = list(dict.fromkeys(row.provider for row in rows))
    assert providers[:3] == ["OpenAI", "Anthropic", "Google"]
    openai = [row.value for row in rows if row.provider == "OpenAI"]
    assert openai.index("gpt-5.6-sol") < openai.index("gpt-5.5") < openai.index("gpt-5-mini") < openai.index(
        "gpt-4.1-mini")
    assert "gemini-3.5-flash" in {row.value for row in rows} and "gpt-4.1-mini" in openai


@pytest.mark.parametrize("model", ["gpt-5-mini", "gemini-3.5-flash", "custom:0.5:2"])
def test_compare_takes_any_current_model(tmp_path, capsys, model):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**DEMO, "current_model": model}))
    assert main(["compare", "--answers", str(path), "--today", "2026-12-05", "--json"]) == 0
    baseline = json.loads(capsys.readouterr().out)["baseline"]
    assert baseline["model"] == model and baseline["monthly_usd"] > 0


def test_a_link_may_name_any_current_model():
    settings, dropped = settings_from_query({"current": "gpt-5-mini"})
    assert settings["current"] == "gpt-5-mini" and not dropped
    _, dropped = settings_from_query({"current": "gpt-99"})
    assert dropped
