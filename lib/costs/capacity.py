"""Serving billed by time, sized by traffic: replicas = max(minimum, ceil(busiest-hour requests a second / what one
replica answers a second)), each billed by the hour, plus the hours an engineer spends running it where it is
yours. The same function prices the team's own traffic and every point of every curve, so time-priced options grow
in steps with traffic."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from pathlib import Path

from lib.costs.month import HOURS_PER_MONTH, SECONDS_PER_MONTH
from lib.paths import data_file


@dataclass(frozen=True)
class ServingAssumptions:
    peak_to_average: Decimal
    min_replicas: int
    ops_hours_per_month: Decimal
    source: str


@cache
def load_serving_assumptions(path: Path | None = None) -> ServingAssumptions:
    with (path or data_file("serving.toml")).open("rb") as file:
        row = tomllib.load(file)["assumptions"]
    return ServingAssumptions(Decimal(str(row["peak_to_average"])), int(row["min_replicas"]),
                              Decimal(str(row["ops_hours_per_month"])), row["source"])


@dataclass(frozen=True)
class Capacity:
    """How a time-priced option grows with traffic."""

    replica_usd_per_hour: Decimal  # one replica: every GPU of it
    requests_per_second: Decimal  # what one replica answers, at the option's request size
    min_replicas: int
    peak_to_average: Decimal
    what: str  # "1 x NVIDIA H100 80GB" per replica, for sentences
    ops_usd_per_month: Decimal = Decimal(0)  # an engineer's time running it (self-hosting only)

    def replicas(self, requests_per_month: Decimal | int) -> int:
        peak = Decimal(requests_per_month) / SECONDS_PER_MONTH * self.peak_to_average
        needed = (peak / self.requests_per_second).to_integral_value(rounding=ROUND_CEILING) if peak else 0
        return max(self.min_replicas, int(needed))

    def hosting_usd(self, requests_per_month: Decimal | int) -> Decimal:
        return self.replicas(requests_per_month) * self.replica_usd_per_hour * HOURS_PER_MONTH

    def most_requests(self, replicas: int) -> int:
        """The most requests a month `replicas` replicas serve at the stated peak."""
        return math.floor(Decimal(replicas) * self.requests_per_second * SECONDS_PER_MONTH / self.peak_to_average)
