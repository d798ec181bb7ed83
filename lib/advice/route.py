"""Which door to use: the fine-tuned option this team can use with the lowest cost over the horizon.

The route is chosen from the same comparison the page shows, so the advice and its numbers are one story:
never a closed door, never one that breaks the team's constraints, never one whose cost is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.catalog.availability import CLOSED, PathStatus
from lib.costs.comparison import Comparison
from lib.costs.money import dollars
from lib.costs.options import PricedOption


@dataclass(frozen=True)
class Route:
    provider: str | None  # None when the verdict is not to fine-tune (yet), or no door is usable
    sentence: str
    chosen: PricedOption | None
    open_paths: tuple[PathStatus, ...]
    closed_paths: tuple[PathStatus, ...]

    @property
    def model(self) -> str | None:
        return self.chosen.model if self.chosen else None

    @property
    def option_id(self) -> str | None:
        return self.chosen.id if self.chosen else None


def _paths(comparison: Comparison) -> tuple[tuple[PathStatus, ...], tuple[PathStatus, ...]]:
    statuses = [option.status for option in comparison.fine_tuned if option.status is not None]
    return (tuple(status for status in statuses if status.state != CLOSED),
            tuple(status for status in statuses if status.state == CLOSED))


def choose_route(verdict_id: str, comparison: Comparison) -> Route:
    usable, closed = _paths(comparison)
    best = comparison.best
    months = comparison.settings.horizon_months
    if verdict_id != "fine_tune":
        names = ", ".join(status.label for status in usable) or "none"
        return Route(None, "No fine-tuning is recommended yet. If that changes, these fine-tuning services are open "
                           f"to you: {names}.", None, usable, closed)
    if best is None and not comparison.data.tokens_per_epoch:
        return Route(None, "Nothing to train on yet, so no fine-tuning service can be priced: say how many examples "
                           "you have and how long they are, or analyse your dataset.", None, usable, closed)
    if best is None:
        unknown = [option.label for option in comparison.fine_tuned
                   if option.usable and option.training_usd is None]
        if unknown:
            return Route(None, "No fine-tuning service open to you has a known training price yet: enter your "
                               "price for " + ", ".join(unknown) + " on the Costs page.", None, usable, closed)
        return Route(None, "No fine-tuning service we know of is open to you and fits your constraints.", None,
                     usable, closed)
    sentence = (f"Fine-tune {best.model} with {best.provider_label}: the lowest cost over {months} months of the "
                f"services open to you ({dollars(best.horizon_usd(months))}: {dollars(best.training_usd)} training, "
                + (f"a {dollars(best.project_usd)} project " if best.project_usd else "")
                + f"and {dollars(best.monthly.total_usd)} a month).")
    sentence += _limits(comparison, best, months)
    shut = [option for option in comparison.fine_tuned if not option.available]
    if shut:
        sentence += " Not available to you: " + "; ".join(option.status.sentence for option in shut
                                                          if option.status) + "."
    return Route(best.provider, sentence.replace("..", "."), best, usable, closed)


def _limits(comparison: Comparison, best: PricedOption, months: int) -> str:
    """What shaped the choice, said after it: serving capacity, an end of serving, the team's constraints."""
    said = ""
    capacity = best.monthly.option.capacity
    if capacity is not None and best.replicas is not None:
        said += (f" At your busiest hour it needs {best.replicas} replica(s) of {capacity.what}, so its monthly "
                 "cost grows in steps with traffic.")
    for option in comparison.fine_tuned:
        if option.ends and option.available and option.fits:
            said += f" {option.provider_label} is left out: {option.ends}."
    unfit = [option for option in comparison.fine_tuned if option.available and not option.fits
             and not option.ends and option.horizon_usd(months) is not None]
    cheaper = min(unfit, key=lambda option: option.horizon_usd(months) or 0, default=None)
    if cheaper is not None and (cheaper.horizon_usd(months) or 0) < (best.horizon_usd(months) or 0):
        said += (f" Because {'; '.join(cheaper.fit_notes)}, {cheaper.provider_label} is not an option: it would "
                 f"cost {dollars(cheaper.monthly.total_usd)} a month if it were.")
    return said
