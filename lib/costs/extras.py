"""One-off costs a fine-tuned option carries besides training and the project: writing the missing examples with a
larger model (distillation), and evaluating a much cheaper model before trusting it (data/costs.toml)."""

from __future__ import annotations

import math
from decimal import Decimal

from lib.costs.alternatives import batch_discount
from lib.costs.options import PricedOption
from lib.costs.settings import cost_defaults


def distillation(n_examples: int, example_tokens: int, teacher: PricedOption | None) -> tuple[str, Decimal] | None:
    """Writing the examples the team lacks with the teacher model: examples x tokens at its price, batch-priced
    where its provider has a batch API (the answers need not be immediate)."""
    wanted = int(cost_defaults()["distillation"]["recommended_examples"])
    if teacher is None or n_examples >= wanted or not example_tokens:
        return None
    missing = wanted - n_examples
    per_example = teacher.monthly.per_request_usd  # one request and answer of the team's size, few-shot included
    batch = batch_discount(teacher.model)
    discount = batch.discount if batch else Decimal(0)
    usd = missing * per_example * (1 - discount)
    how = f" through its batch API ({discount:.0%} off)" if discount else ""
    return f"distil from {teacher.model}: writing {missing:,} more examples{how}", usd


def evaluation(option: PricedOption, current: PricedOption | None, n_examples: int) -> tuple[str, Decimal] | None:
    """An evaluation on a held-out share of the examples, run through both models, when the option costs far less a
    month than today's model (its quality on the task is then unproven)."""
    rules = cost_defaults()["evaluation"]
    if current is None or not current.monthly.total_usd:
        return None
    tuned = option.monthly.total_usd
    if tuned and current.monthly.total_usd / tuned <= Decimal(str(rules["price_ratio"])):
        return None
    held_out = max(int(rules["minimum_examples"]), math.ceil(n_examples * rules["held_out_share"]))
    usd = held_out * (current.monthly.per_request_usd + option.monthly.per_request_usd)
    return f"evaluate on {held_out:,} held-out examples against {current.model}", usd
