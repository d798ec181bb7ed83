"""The sentences said about a comparison: what an option's one-off cost is made of, and one takeaway per chart."""

from __future__ import annotations

from collections.abc import Sequence

from lib.costs.comparison import Comparison
from lib.costs.frames import amortised_monthly, drawn_crossovers, shown
from lib.costs.money import dollars, months_text
from lib.costs.options import LARGER, PricedOption


def one_off_words(option: PricedOption) -> str:
    """'$2,000.04 (training $0.04 and a $2,000.00 project)', or '$0.04 training' without a project cost."""
    if not option.project_usd:
        return f"{dollars(option.training_usd)} training"
    return (f"{dollars(option.one_off_usd)} (training {dollars(option.training_usd)} and a "
            f"{dollars(option.project_usd)} project)")


def takeaways(comparison: Comparison, drawn: Sequence[PricedOption] | None = None) -> dict[str, str]:
    """One sentence for each chart; the crossover sentence speaks of the drawn crossovers only."""
    traffic = comparison.traffic
    current, best = comparison.current, comparison.best
    out: dict[str, str] = {}
    priced = [option for option in shown(comparison)]
    if priced:
        horizon = comparison.settings.horizon_months
        cheapest = min(priced, key=lambda option: amortised_monthly(option, traffic, horizon))
        out["volume"] = (f"At {traffic.requests_per_month:,} requests a month the cheapest option you can use is "
                         f"{cheapest.label}, at {dollars(amortised_monthly(cheapest, traffic, horizon))} a month "
                         f"with its one-off costs spread over {horizon} months.")
        if best and best.volume:
            out["volume"] += f" {best.volume.sentence}"
    if best and best.payback:
        if best.payback.value is not None:
            out["cumulative"] = (f"{best.label} pays back its {one_off_words(best)} in "
                                 f"{months_text(best.payback.value)} against {current.label if current else 'today'}.")
        else:
            out["cumulative"] = best.payback.sentence
    crossovers = drawn_crossovers(comparison, drawn)
    if crossovers:
        out["crossover"] = " ".join(crossover.break_even.sentence for crossover in crossovers)
    larger = next((option for option in comparison.options if option.role == LARGER), None)
    if larger and best:
        out["larger"] = (f"{larger.label} would cost {dollars(larger.monthly.total_usd)} a month, "
                         f"{dollars(larger.monthly.total_usd - best.monthly.total_usd)} more than {best.label}.")
    return out
