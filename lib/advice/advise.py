"""The whole advice for a scenario in one call: the comparison, the facts it implies, the verdict, the door.

The page, the CLI and the report all come through here, so they cannot tell different stories.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from lib.advice.facts import VerdictFacts, facts_from
from lib.advice.route import Route, choose_route
from lib.advice.rules import Verdict, evaluate
from lib.catalog.prices import Price
from lib.costs.comparison import Comparison, compare
from lib.costs.options import TrainingData
from lib.costs.settings import CostSettings, project_cost


@dataclass(frozen=True)
class Advice:
    comparison: Comparison
    facts: VerdictFacts
    verdict: Verdict
    route: Route


def default_project_usd() -> Decimal:
    return project_cost()


def advise(answers: Mapping[str, object], data: TrainingData, settings: CostSettings, prices: Sequence[Price],
           dataset_analysed: bool = False) -> Advice:
    comparison = compare(answers, data, settings, prices)
    facts = facts_from(comparison, dataset_analysed)
    verdict = evaluate(dict(answers), facts=facts)  # type: ignore[arg-type]
    return Advice(comparison, facts, verdict, choose_route(verdict.id, comparison))


def what_the_dataset_changed(estimated: Advice, exact: Advice) -> str | None:
    """One sentence on why the numbers moved when the dataset replaced the questionnaire's estimates; None when
    nothing moved that a reader would notice (the same example size and under 1% more or less to train on)."""
    before, after = estimated.comparison.data, exact.comparison.data
    parts = []
    if after.example_tokens != before.example_tokens:
        direction = "cheaper" if after.example_tokens < before.example_tokens else "dearer"
        parts.append(f"your examples are {after.example_tokens:,} tokens each, not the {before.example_tokens:,} the "
                     f"questionnaire implied, so few-shot prompts are {direction}")
    if parts or abs(after.tokens_per_epoch - before.tokens_per_epoch) * 100 > before.tokens_per_epoch:
        parts.append(f"training is billed on {after.tokens_per_epoch:,} tokens an epoch, not "
                     f"{before.tokens_per_epoch:,}")
    was, now = estimated.facts.values.get("pays_back"), exact.facts.values.get("pays_back")
    if was is True and now is False:
        parts.append("fine-tuning no longer pays back within your horizon")
    elif was is False and now is True:
        parts.append("fine-tuning now pays back within your horizon")
    if estimated.verdict.id != exact.verdict.id:
        parts.append(f"the verdict changes from \"{estimated.verdict.title}\" to \"{exact.verdict.title}\"")
    if not parts:
        return None
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]
