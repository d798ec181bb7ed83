"""Distribution summaries, as numpy's default (linear) quantiles.

p5 and p95 are the true 5th and 95th percentiles. The Cookbook's data-prep notebook prints its 10th and 90th
percentiles under the labels "p5" and "p95", so its figures there differ from ours by design; min, max, mean
and median are computed the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Distribution:
    count: int
    min: int
    max: int
    mean: float
    median: float
    p5: float
    p95: float

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def quantile(ordered: Sequence[int], q: float) -> float:
    """The q-quantile of sorted values by linear interpolation (numpy's default method)."""
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(values: Sequence[int]) -> Distribution | None:
    if not values:
        return None
    ordered = sorted(values)
    return Distribution(
        count=len(ordered),
        min=ordered[0],
        max=ordered[-1],
        mean=sum(ordered) / len(ordered),
        median=quantile(ordered, 0.5),
        p5=quantile(ordered, 0.05),
        p95=quantile(ordered, 0.95),
    )
