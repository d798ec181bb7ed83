"""Stale price rows, and a team's own price file beside the catalog."""

import json
from datetime import date

import pytest

from lib.catalog.freshness import load_price_file, parse_price_file, stale_rows, with_team_prices
from lib.catalog.prices import PriceError, load_prices
from lib.cli import main

HEADER = "provider,model,kind,tier,billed,amount,source,date\n"
GOOD = HEADER + ("azure,gpt-4.1-mini,fine_tuned,global,training_per_1m,4.50,our contract,2026-12-01\n"
                 "azure,gpt-4.1-mini,fine_tuned,global,input_per_1m,0.3,our contract,2026-12-01\n")


def test_rows_read_over_90_days_ago_are_stale():
    rows = load_prices()
    assert stale_rows(rows, date(2026, 12, 5)) == []
    stale = stale_rows(rows, date(2027, 3, 1))  # 90 days before is 2026-11-30
    assert stale and all(price.read_on < date(2026, 11, 30) for price in stale)
    assert len(stale) == sum(price.read_on < date(2026, 11, 30) for price in rows) < len(rows)


def test_prices_stale_command_uses_the_given_today(capsys):
    assert main(["prices", "--stale", "--today", "2027-06-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2027-06-01" and len(data["rows"]) == len(load_prices())


def test_a_team_file_groups_lines_into_rows(tmp_path):
    prices = parse_price_file(GOOD, "ours.csv")
    assert len(prices) == 1 and str(prices[0].training_per_1m) == "4.50" and str(prices[0].input_per_1m) == "0.3"
    merged = with_team_prices(load_prices(), prices)
    assert len(merged) == len(load_prices()) + 1


@pytest.mark.parametrize(("text", "says"), [
    ("provider,model\n", "Line 1: the header needs"),
    (HEADER.replace("date", "date,colour") + "azure,m,fine_tuned,,input_per_1m,1,s,2026-01-01,red\n", "colour"),
    (HEADER + "azure,m,fine_tuned,,training_per_1m,abc,s,2026-01-01\n", "Line 2: training_per_1m"),
    (HEADER + "azure,m,fine_tuned,,input_per_1m,1,s,2026-01-01\nnowhere,m,base,,input_per_1m,1,s,2026-01-01\n",
     "Line 3: provider"),
    (HEADER + "azure,m,fine_tuned,,price,1,s,2026-01-01\n", "Line 2: billed"),
    (HEADER + "azure,m,fine_tuned,,input_per_1m,1,s,01/02/2026\n", "Line 2: effective must be a date"),
    (HEADER + "azure,m,fine_tuned,,input_per_1m,1,s,2026-01-01\nazure,m,fine_tuned,,input_per_1m,2,s,2026-01-01\n",
     "Line 3: input_per_1m is given twice"),
    (HEADER, "no price lines"),
])
def test_each_bad_line_is_one_sentence_with_its_line(text, says):
    with pytest.raises(PriceError, match=says):
        parse_price_file(text, "ours.csv")


def test_toml_uses_the_catalog_schema(tmp_path):
    path = tmp_path / "ours.toml"
    path.write_text('[[prices]]\nprovider = "azure"\nmodel = "m"\nkind = "base"\ninput_per_1m = 1\n'
                    'effective = 2026-12-01\nsource = "ours"\n')
    assert load_price_file(path)[0].input_per_1m == 1
    path.write_text('[[prices]]\nprovider = "azure"\n')
    with pytest.raises(PriceError, match="price row 1: model is required"):
        load_price_file(path)


def test_cost_and_compare_take_the_file(tmp_path, capsys):
    path = tmp_path / "ours.csv"
    path.write_text(GOOD)
    assert main(["cost", "--provider", "azure", "--model", "gpt-4.1-mini", "--prices", str(path),
                 "--training-tokens", "1000000", "--as-of", "2026-12-05", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["training_usd"] == 4.5
    assert main(["compare", "--answers", "data/samples/demo_answers.json", "--prices", str(path), "--json"]) == 0
    path.write_text(HEADER + "azure,m,fine_tuned,,input_per_1m,-1,s,2026-01-01\n")
    assert main(["compare", "--answers", "data/samples/demo_answers.json", "--prices", str(path)]) == 2
    assert "Line 2" in capsys.readouterr().err
