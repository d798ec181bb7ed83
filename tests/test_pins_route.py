"""What the route says and picks, pinned branch by branch (lib/advice/route.py).

The comparison is a stand-in holding only what the route reads, so these tests pin the route's own logic
and stay true while the cost engine that builds real comparisons changes; one test runs the real CLI.
"""

import json
from decimal import Decimal
from types import SimpleNamespace

from lib.advice.route import choose_route
from lib.catalog.availability import CLOSED, CLOSING, OPEN, PathStatus
from lib.cli import main


def status(provider, state, sentence=""):
    return PathStatus(provider, provider.title(), state, sentence or f"{provider.title()} is {state}.", "src", True)


def door(provider, state=OPEN, training=Decimal(100), monthly=Decimal(10), fits=True, project=Decimal(0)):
    path = status(provider, state)
    available = state != CLOSED
    option = SimpleNamespace(
        provider=provider, provider_label=provider.title(), label=f"{provider.title()} fine-tuned",
        model=f"{provider}-model", id=f"{provider}/{provider}-model", status=path, available=available,
        usable=available and fits, fits=fits, fit_notes=() if fits else ("it does not fit",), ends="",
        replicas=None, training_usd=training, project_usd=project,
        monthly=SimpleNamespace(total_usd=monthly, option=SimpleNamespace(capacity=None)))
    option.horizon_usd = lambda months: None if training is None else training + project + monthly * months
    return option


def comparison(*doors, best=None, tokens=1000, months=12):
    return SimpleNamespace(fine_tuned=doors, best=best, settings=SimpleNamespace(horizon_months=months),
                           data=SimpleNamespace(tokens_per_epoch=tokens))


def test_not_fine_tuning_names_the_open_doors_and_lists_closing_ones_as_open():
    doors = (door("azure"), door("openai", CLOSED), door("vertex", CLOSING))
    route = choose_route("use_retrieval", comparison(*doors, best=doors[0]))
    assert route.provider is None and route.chosen is None and route.model is None and route.option_id is None
    assert route.sentence == ("No fine-tuning is recommended yet. If that changes, these fine-tuning services are "
                              "open to you: Azure, Vertex.")
    assert [path.provider for path in route.open_paths] == ["azure", "vertex"]
    assert [path.provider for path in route.closed_paths] == ["openai"]


def test_not_fine_tuning_with_every_door_shut_says_none():
    route = choose_route("keep_current", comparison(door("openai", CLOSED)))
    assert route.sentence.endswith("these fine-tuning services are open to you: none.")
    assert route.open_paths == () and len(route.closed_paths) == 1


def test_no_door_and_nothing_to_train_on_asks_for_the_data():
    route = choose_route("fine_tune", comparison(door("azure", training=None), tokens=0))
    assert route.provider is None and route.chosen is None
    assert route.sentence.startswith("Nothing to train on yet, so no fine-tuning service can be priced")
    assert [path.provider for path in route.open_paths] == ["azure"]


def test_no_door_with_unknown_training_prices_asks_for_each_usable_ones_price():
    doors = (door("azure", training=None), door("bedrock", training=None, fits=False),
             door("fireworks", training=None), door("openai", CLOSED, training=None), door("vertex"))
    route = choose_route("fine_tune", comparison(*doors))
    assert route.provider is None and route.model is None
    assert route.sentence == ("No fine-tuning service open to you has a known training price yet: enter your price for "
                              "Azure fine-tuned, Fireworks fine-tuned on the Costs page.")
    assert len(route.open_paths) == 4 and len(route.closed_paths) == 1


def test_no_usable_door_at_all_says_so():
    route = choose_route("fine_tune", comparison(door("azure", fits=False), door("openai", CLOSED)))
    assert route.provider is None and route.chosen is None
    assert route.sentence == "No fine-tuning service we know of is open to you and fits your constraints."


def test_the_best_door_is_named_with_its_model_costs_and_the_shut_doors():
    azure = door("azure", training=Decimal("120.5"), monthly=Decimal(30), project=Decimal(2000))
    doors = (azure, door("openai", CLOSED), door("together"))
    route = choose_route("fine_tune", comparison(*doors, best=azure, months=6))
    assert route.provider == "azure" and route.chosen is azure
    assert route.model == "azure-model" and route.option_id == "azure/azure-model"
    assert route.sentence == ("Fine-tune azure-model with Azure: the lowest cost over 6 months of the services open "
                              "to you ($2,300.50: $120.50 training, a $2,000.00 project and $30.00 a month). "
                              "Not available to you: Openai is closed.")
    assert [path.provider for path in route.open_paths] == ["azure", "together"]


def test_the_best_door_without_a_project_cost_or_shut_doors_says_neither():
    together = door("together", training=Decimal(10), monthly=Decimal(1))
    route = choose_route("fine_tune", comparison(together, best=together, months=12))
    assert route.sentence == ("Fine-tune together-model with Together: the lowest cost over 12 months of the services "
                              "open to you ($22.00: $10.00 training, and $1.00 a month).")


def test_compare_json_prints_the_routes_model_and_option(capsys):
    assert main(["compare", "--answers", "data/samples/demo_answers.json", "--today", "2026-11-24", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    route = printed["route"]
    assert route["provider"] is not None  # the demo team is told to fine-tune somewhere
    chosen = next(option for option in printed["options"] if option["id"] == route["option_id"])
    assert route["model"] == chosen["model"] and route["provider"] == chosen["provider"]
    assert f"Fine-tune {route['model']} with " in route["sentence"]
