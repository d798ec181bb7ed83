"""The worked examples as the README shows them, and bad input as one sentence."""

import json

import pytest

from lib.cli import main


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_guide_training_example(capsys):
    data = run_json(capsys, "cost", "--model", "gpt-3.5-turbo", "--as-of", "2023-11-06",
                    "--training-tokens", "100000", "--epochs", "3")
    assert data["training_usd"] == 2.4 and data["total_usd"] == 2.4
    assert data["price"]["as_of"] == "2023-11-06" and "DevDay" in data["price"]["source"]


def test_azure_global_training_at_the_meter(capsys):
    data = run_json(capsys, "cost", "--provider", "azure", "--model", "gpt-4.1", "--tier", "global",
                    "--training-tokens", "1000000", "--epochs", "2")
    assert data["training_usd"] == 50.0  # $25 per 1M (retail meter), not the $2 "example purposes only"
    assert data["price"]["confidence"] == "own_page" and data["price"]["read_on"] == "2026-11-24"


def test_the_same_with_a_price_flag(capsys):
    data = run_json(capsys, "cost", "--model", "anything", "--training-price", "2", "--training-tokens", "1000000",
                    "--epochs", "2")
    assert data["training_usd"] == 4.0 and data["price"]["source"].startswith("prices given on the command line")


def test_azure_hosted_month_example(capsys):
    data = run_json(capsys, "cost", "--provider", "azure", "--model", "o4-mini", "--hours", "720",
                    "--input-tokens", "20000000", "--output-tokens", "40000000")
    assert (data["inference_usd"], data["hosting_usd"], data["total_usd"]) == (198.0, 1224.0, 1422.0)


def test_flags_override_the_table(capsys):
    data = run_json(capsys, "cost", "--provider", "azure", "--model", "o4-mini", "--hours", "720",
                    "--input-tokens", "20000000", "--output-tokens", "40000000", "--hosting-price", "0")
    assert data["total_usd"] == 198.0 and "edited: hosting_per_hour" in data["price"]["source"]


def test_breakeven_reproduces_the_guide(capsys):
    data = run_json(capsys, "breakeven", "--model", "gpt-3.5-turbo", "--as-of", "2023-11-06",
                    "--input-share", "0.5")
    assert round(data["tokens_per_hour"]) == 2_545_455


def test_breakeven_never_is_null_with_a_reason(capsys):
    data = run_json(capsys, "breakeven", "--model", "gpt-4.1-mini", "--tier", "developer", "--input-share", "1")
    assert data["tokens_per_hour"] == 0 and "any volume" in data["reason"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["cost", "--model", "gpt-9"], "No fine-tuned price for openai gpt-9"),
        (["cost", "--as-of", "2023-02-30"], "is not a date"),
        (["cost", "--epochs", "-1"], "must be between 1 and 50"),
        (["cost", "--input-price", "cheap"], "must be a number"),
        (["cost", "--provider", "acme"], "invalid choice"),
        (["breakeven", "--input-share", "2"], "must be at most 1"),
        (["breakeven", "--model", "gpt-4.1", "--as-of", "2024-01-01"], "No fine-tuned price"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(capsys, args, says):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


@pytest.mark.parametrize(("provider", "model", "per_1m"), [
    ("openai", "gpt-4.1-mini", 5.00), ("azure", "gpt-4.1-mini", 5.00), ("vertex", "gemini-2.5-flash", 5.00),
    ("bedrock", "nova-micro", 1.00), ("together", "llama-3.1-8b", 0.48), ("fireworks", "llama-3.1-8b", 0.50),
])
def test_training_is_priced_at_every_hosted_door(capsys, provider, model, per_1m):
    data = run_json(capsys, "cost", "--provider", provider, "--model", model, "--training-tokens", "1000000",
                    "--epochs", "3")
    assert data["training_usd"] == pytest.approx(3 * per_1m)
    assert data["price"]["provider"] == provider and data["price"]["source"]


def test_full_fine_tuning_is_priced_where_a_door_offers_it(capsys):
    data = run_json(capsys, "cost", "--provider", "together", "--model", "llama-3.1-8b", "--method", "full",
                    "--training-tokens", "1000000", "--epochs", "3")
    assert data["training_usd"] == pytest.approx(3 * 0.54) and data["price"]["method"] == "full"


def test_self_hosted_training_is_gpu_hours_at_an_hourly_price(capsys):
    data = run_json(capsys, "cost", "--provider", "self_hosted", "--model", "llama-3.1-8b",
                    "--training-tokens", "1000000", "--epochs", "3")
    assert 0 < data["training_usd"] < 5 and data["price"]["confidence"] == "inferred"


def test_closed_and_unknown_doors_are_said_in_one_sentence(capsys):
    assert main(["cost", "--provider", "mistral", "--model", "open-mistral-7b", "--training-tokens", "1"]) == 2
    assert "deprecated" in capsys.readouterr().err.lower()
    assert main(["cost", "--provider", "together", "--model", "gpt-4.1", "--training-tokens", "1"]) == 2
    assert "give --model as one of" in capsys.readouterr().err


def test_compare_prints_every_option_with_the_names_scripts_rely_on(capsys):
    data = run_json(capsys, "compare", "--answers", "data/samples/demo_answers.json", "--today", "2026-11-24")
    assert set(data) >= {"verdict", "reasons", "route", "baseline", "options"}
    assert set(data["route"]) >= {"provider", "model", "option_id"}
    assert data["baseline"]["kind"] == "base" and data["baseline"]["model"] == "gpt-4.1-mini"
    keys = {"id", "provider", "model", "kind", "availability", "training_usd", "monthly_usd", "horizon_usd",
            "payback_months", "break_even_requests_per_month"}
    for option in data["options"]:
        assert keys <= set(option) and option["availability"] in ("open", "existing_customers_only", "closed")
    openai = next(option for option in data["options"]
                  if option["provider"] == "openai" and option["kind"] == "fine_tuned")
    assert openai["availability"] == "closed"  # the demo team has no OpenAI access
    assert data["route"]["provider"] != "openai"


def test_compare_answers_files_written_before_the_new_questions_still_work(tmp_path, capsys):
    old = {"scope": "narrow", "requests_per_day": 1000, "input_tokens": 100, "output_tokens": 100,
           "n_examples": 100}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    data = run_json(capsys, "compare", "--answers", str(path))
    assert data["baseline"]["model"] == "gpt-4.1-mini"
