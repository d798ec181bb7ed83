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


def test_azure_global_training_example(capsys):
    data = run_json(capsys, "cost", "--provider", "azure", "--model", "gpt-4.1", "--tier", "global",
                    "--training-tokens", "1000000", "--epochs", "2")
    assert data["training_usd"] == 4.0


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
