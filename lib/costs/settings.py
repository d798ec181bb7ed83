"""The cost settings a comparison is run with: dates, models per provider, the horizon and the one-off project
cost, whose default and its basis are read from data/costs.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from lib.catalog.models import DEFAULT_MODEL
from lib.costs.money import HOURS_PER_MONTH
from lib.paths import data_file

DEFAULT_FINE_TUNE_MODEL = DEFAULT_MODEL  # one default for the app and the CLI
DEFAULT_CURRENT_MODEL = "gpt-4.1-mini"  # assumed, and said, when the questionnaire has no answer
DEFAULT_LARGER_MODEL = "gpt-4.1"


@dataclass(frozen=True)
class CostSettings:
    as_of: date  # prices in force on this date
    today: date  # availability judged on this date
    small_model: str = DEFAULT_FINE_TUNE_MODEL  # the model the dataset's tokens were counted for
    current_model: str | None = None  # None: the questionnaire's answer
    larger_model: str = DEFAULT_LARGER_MODEL
    models: Mapping[str, str] = field(default_factory=dict)  # provider -> model priced there
    tiers: Mapping[str, str] = field(default_factory=dict)  # provider -> tier
    methods: Mapping[str, str] = field(default_factory=dict)  # provider -> lora | full
    horizon_months: int = 12
    hosting_hours: int = HOURS_PER_MONTH
    training_hours: Mapping[str, Decimal] = field(default_factory=dict)  # option id -> hours (hourly billing)
    epochs: int | None = None  # None: the dataset's, else the Cookbook's rule
    project_usd: Decimal | None = None  # one-off project cost; None: data/costs.toml's default
    # Serving billed by time (data/serving.toml holds the defaults used when these are None)
    peak_to_average: Decimal | None = None
    min_replicas: int | None = None  # None: 2, or 1 when the team says the product is an internal tool
    ops_hours: Decimal | None = None  # hours a month an engineer runs a self-hosted service
    # The alternatives to fine-tuning: prompt caching of the static prefix (off in the guide's 2023 preset)
    caching: bool = True
    cache_hit_rate: Decimal | None = None  # None: data/alternatives.toml's default


def engineer_usd_per_hour() -> Decimal:
    """The hourly rate of the engineer's time the project cost and self-hosted operations are priced at."""
    return Decimal(str(cost_defaults()["project"]["engineer_usd_per_hour"]))


@cache
def cost_defaults() -> dict[str, object]:
    with data_file("costs.toml").open("rb") as handle:
        return tomllib.load(handle)


def project_cost(chosen: Decimal | None = None) -> Decimal:
    """The one-off cost of a fine-tuning project besides training: the team's figure, else data/costs.toml's default
    (its basis is written there)."""
    if chosen is not None:
        return chosen
    return Decimal(str(cost_defaults()["project"]["cost_usd"]))
