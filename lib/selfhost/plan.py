"""Training and serving an open-weight model on GPUs you rent, priced as one more row of the catalog.

Training: the cheapest GPU in data/gpus.toml that fits the job (lib/selfhost/memory.py's estimate) and has an
hourly price, for the hours the estimator gives at the stated utilisation. Serving: always-on GPUs of
the cheapest kind that holds the 16-bit weights with room for the key-value cache, as many as the
traffic needs at the stated throughput. Every assumption is in data/self_hosting.toml and on screen.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lib.catalog.prices import Price
from lib.costs.money import hours_text
from lib.paths import data_file
from lib.selfhost.memory import Setup, estimate, training_hours
from lib.selfhost.shapes import Gpu, MemoryInputError, OpenModel, load_gpus, open_model

PROVIDER = "self_hosted"
METHOD_NAMES = {"lora": "LoRA", "qlora": "QLoRA (4-bit weights)"}


@dataclass(frozen=True)
class Assumptions:
    method: str
    lora_rank: int
    lora_targets: tuple[str, ...]
    sequence_length: int
    training_mfu: float
    serving_mfu: float
    serving_memory_headroom: float
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
    serving_gpu: Gpu
    serving_gpus: int
    tokens_per_second_per_gpu: float
    price: Price

    @property
    def sentence(self) -> str:
        return (f"Training {self.model.label} with {METHOD_NAMES[self.method]} on one {self.training_gpu.label} "
                f"takes about {hours_text(self.training_hours)} at ${self.training_gpu.price_per_hour:,.2f} an hour; "
                f"serving it needs {self.serving_gpus} always-on {self.serving_gpu.label} (about "
                f"{self.tokens_per_second_per_gpu:,.0f} generated tokens a second each, an assumption) at "
                f"${self.serving_gpu.price_per_hour:,.2f} an hour each.")


def _sequence_length(longest_example: int | None, default: int) -> int:
    if not longest_example:
        return default
    return max(256, 1 << (longest_example - 1).bit_length())


def plan(model_id: str, training_tokens: int, output_tokens_per_hour: float, on: date,
         longest_example: int | None = None, gpus: tuple[Gpu, ...] | None = None) -> SelfHostedPlan | None:
    """The cheapest self-hosted plan, or None when no GPU with a price can train or hold the model."""
    assumptions = load_assumptions()
    try:
        model = open_model(model_id)
    except MemoryInputError:
        return None
    # a GPU price counts from the date it was read: the 2023 scenario has no self-hosted price
    priced = sorted((gpu for gpu in (gpus or load_gpus()) if gpu.price_per_hour
                     and (gpu.price_read_on is None or gpu.price_read_on <= on)), key=lambda gpu: gpu.price_per_hour)
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
    weights_gb = model.architecture.params * 2 / 2**30 * assumptions.serving_memory_headroom  # GiB, as cards

    def serving(gpu: Gpu) -> tuple[int, float]:
        per_second = gpu.bf16_tflops * 1e12 * assumptions.serving_mfu / (2 * model.architecture.params)
        to_hold = math.ceil(weights_gb / gpu.memory_gb)  # the weights split across GPUs (tensor parallel)
        return max(to_hold, math.ceil(output_tokens_per_hour / (per_second * to_hold * 3600)) * to_hold), per_second

    server = min(priced, key=lambda gpu: serving(gpu)[0] * (gpu.price_per_hour or 0))
    count, per_second = serving(server)
    price = Price(
        provider=PROVIDER, model=model_id, kind="fine_tuned", method="lora", effective=on,
        source=(f"GPU prices: {trainer.label} {trainer.price_note or trainer.source}; serving on {count} x "
                f"{server.label}. {assumptions.source}"),
        training_per_hour=Decimal(str(trainer.price_per_hour)), input_per_1m=Decimal(0), output_per_1m=Decimal(0),
        hosting_per_hour=Decimal(str(server.price_per_hour)) * count, serving="dedicated",
        read_on=trainer.price_read_on, confidence="inferred",
        note=f"Estimated: {METHOD_NAMES[setup.method]} training needs about {needed:,.1f} GiB of GPU memory; the "
             "assumptions are in data/self_hosting.toml.")
    return SelfHostedPlan(model, setup.method, trainer, hours, server, count, per_second, price)

