"""Training and serving an open-weight model on GPUs you rent, priced as one more row of the catalog.

Training: the cheapest GPU in data/gpus.toml that fits the job (lib/selfhost/memory.py's estimate) and has an
hourly price, for the hours the estimator gives at the stated utilisation. Serving: replicas of the GPU kind that
serves the team's traffic for least, each holding the 16-bit weights with room for the key-value cache, as many
as the busiest hour needs (lib/selfhost/throughput.py, lib/costs/capacity.py), plus an engineer's hours to run
them. Every assumption is in data/self_hosting.toml and data/serving.toml, and on screen.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lib.catalog.prices import Price
from lib.costs.capacity import Capacity, ServingAssumptions, load_serving_assumptions
from lib.costs.money import hours_text
from lib.paths import data_file
from lib.selfhost.memory import Setup, estimate, training_hours
from lib.selfhost.shapes import Gpu, MemoryInputError, OpenModel, load_gpus, open_model
from lib.selfhost.throughput import Replica, Shape, replica

PROVIDER = "self_hosted"
METHOD_NAMES = {"lora": "LoRA", "qlora": "QLoRA (4-bit weights)"}


@dataclass(frozen=True)
class Assumptions:
    method: str
    lora_rank: int
    lora_targets: tuple[str, ...]
    sequence_length: int
    training_mfu: float
    source: str


@cache
def load_assumptions(path: Path | None = None) -> Assumptions:
    path = path or data_file("self_hosting.toml")
    with path.open("rb") as file:
        data = tomllib.load(file)
    return Assumptions(**{**data, "lora_targets": tuple(data["lora_targets"])})


@dataclass(frozen=True)
class SelfHostedPlan:
    """What the self-hosted option assumes, for the page and the report."""

    model: OpenModel
    method: str  # lora, or qlora when the 16-bit weights do not fit
    training_gpu: Gpu
    training_hours: Decimal
    replica: Replica
    capacity: Capacity
    price: Price

    @property
    def sentence(self) -> str:
        return (f"Training {self.model.label} with {METHOD_NAMES[self.method]} on one {self.training_gpu.label} "
                f"takes about {hours_text(self.training_hours)} at ${self.training_gpu.price_per_hour:,.2f} an hour; "
                f"to serve it, {self.replica.sentence}, at ${self.capacity.replica_usd_per_hour:,.2f} an hour per "
                f"replica, at least {self.capacity.min_replicas} running.")


def _sequence_length(longest_example: int | None, default: int) -> int:
    if not longest_example:
        return default
    return max(256, 1 << (longest_example - 1).bit_length())


def serving_capacity(shape: Shape, gpus: tuple[Gpu, ...], input_tokens: int, output_tokens: int,
                     requests_per_month: int, serving: ServingAssumptions, ops_usd_per_month: Decimal = Decimal(0),
                     prices: dict[str, Decimal] | None = None) -> tuple[Replica, Capacity] | None:
    """The GPU kind that serves this traffic for least (its replicas at the peak, each hour billed), or None when no
    priced GPU can hold the model. `prices` overrides a GPU's hourly price (a provider's endpoint price)."""
    best: tuple[Decimal, int, Replica, Capacity] | None = None
    for gpu in gpus:
        hourly = (prices or {}).get(gpu.id) or (Decimal(str(gpu.price_per_hour)) if gpu.price_per_hour else None)
        found = replica(shape, gpu, max(input_tokens, 1), max(output_tokens, 1)) if hourly else None
        if found is None or hourly is None:
            continue
        what = f"{found.gpus} x {gpu.label}" if found.gpus > 1 else f"1 x {gpu.label}"
        capacity = Capacity(hourly * found.gpus, Decimal(str(found.requests_per_second)).quantize(Decimal("0.0001")),
                            serving.min_replicas, serving.peak_to_average, what, ops_usd_per_month)
        cost = capacity.hosting_usd(requests_per_month)
        if best is None or (cost, found.gpus) < (best[0], best[1]):
            best = (cost, found.gpus, found, capacity)
    return None if best is None else (best[2], best[3])


def plan(model_id: str, training_tokens: int, input_tokens: int, output_tokens: int, requests_per_month: int,
         on: date, longest_example: int | None = None, gpus: tuple[Gpu, ...] | None = None,
         serving: ServingAssumptions | None = None, ops_usd_per_month: Decimal = Decimal(0)) -> SelfHostedPlan | None:
    """The cheapest self-hosted plan at this traffic, or None when no GPU with a price can train or hold the model."""
    assumptions = load_assumptions()
    serving = serving or load_serving_assumptions()
    try:
        model = open_model(model_id)
    except MemoryInputError:
        return None
    # a GPU price counts from the date it was read: the 2023 scenario has no self-hosted price
    priced = tuple(sorted((gpu for gpu in (gpus or load_gpus()) if gpu.price_per_hour
                           and (gpu.price_read_on is None or gpu.price_read_on <= on)),
                          key=lambda gpu: gpu.price_per_hour or 0))
    sequence = _sequence_length(longest_example, assumptions.sequence_length)
    for method in dict.fromkeys((assumptions.method, "qlora")):  # 4-bit weights when 16-bit do not fit
        setup = Setup(method=method, rank=assumptions.lora_rank, targets=assumptions.lora_targets, seq_len=sequence)
        try:
            result = estimate(setup, model.architecture)
            needed = result.gib(result.total_gb)
        except MemoryInputError:
            return None
        trainers = [gpu for gpu in priced if needed <= gpu.memory_gb]
        if trainers:
            break
    else:
        return None
    trainer = trainers[0]
    hours = Decimal(str(training_hours(setup, model.architecture, max(training_tokens, 1), trainer.bf16_tflops,
                                       assumptions.training_mfu))).quantize(Decimal("0.0001"))
    found = serving_capacity(Shape.of(model.architecture), priced, input_tokens, output_tokens, requests_per_month,
                             serving, ops_usd_per_month)
    if found is None:
        return None
    server, capacity = found
    price = Price(
        provider=PROVIDER, model=model_id, kind="fine_tuned", method="lora", effective=on,
        source=(f"GPU prices: {trainer.label} {trainer.price_note or trainer.source}; serving on replicas of "
                f"{capacity.what}. {assumptions.source}"),
        training_per_hour=Decimal(str(trainer.price_per_hour)), input_per_1m=Decimal(0), output_per_1m=Decimal(0),
        hosting_per_hour=capacity.replica_usd_per_hour, serving="dedicated",
        read_on=trainer.price_read_on, confidence="inferred",
        note=f"Estimated: {METHOD_NAMES[setup.method]} training needs about {needed:,.1f} GiB of GPU memory; the "
             "assumptions are in data/self_hosting.toml and data/serving.toml.")
    return SelfHostedPlan(model, setup.method, trainer, hours, server, capacity, price)
