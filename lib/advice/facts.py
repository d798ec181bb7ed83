"""What the numbers say, as facts the decision rules can read: the verdict and the costs tell one story.

Rules in data/rules.toml test these with `{ fact = NAME, ... }` exactly as they test answers; a fact
that cannot be computed (no traffic, no usable door) is absent, and a rule on an absent fact never fires.
Every fact is computed from the same comparison the page shows, for the door the route would choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.catalog.models import load_models
from lib.costs.comparison import Comparison
from lib.costs.money import DAYS_PER_MONTH, BreakEven, dollars, months_text
from lib.costs.options import PricedOption
from lib.costs.settings import project_cost

# The facts and what they mean; rules.toml documents the same names for whoever writes rules.
FACTS = {
    "door_available": "some fine-tuning provider is open to the team, fits its constraints and has a known cost",
    "pays_back": "the cheapest usable provider repays its training plus the project cost within the horizon",
    "payback_months": "months until that provider repays training plus project cost (absent: never)",
    "monthly_saving_usd": "the baseline's monthly cost minus the provider's (negative: the provider costs more); the "
                          "baseline is today's model run the cheapest way without fine-tuning (plain, prompt cached "
                          "or batched)",
    "alternative_saves": "caching the few-shot prompt or a batch API already runs today's model for less",
    "quality_unproven": "the chosen provider's model costs a small fraction of today's: test its quality first",
    "distillation": "the team has fewer examples than recommended, so the larger model writes the rest",
    "serving_ends": "a fine-tuned option was left out because its model stops serving within the horizon",
    "few_shot_fits": "the current model's few-shot prompt fits in its context window",
    "dataset_analysed": "token counts come from an analysed dataset, not questionnaire estimates",
}


@dataclass(frozen=True)
class VerdictFacts:
    values: dict[str, object]  # for conditions
    words: dict[str, str]  # for sentences: {door}, {saving}, {extra}, {payback}, {break_even_per_day} ...


def _lowest_break_even(volumes: list[BreakEven | None]) -> str:
    """The lowest daily traffic at which a usable door breaks even, in words; chosen by value, written once."""
    per_day = [volume.value / DAYS_PER_MONTH for volume in volumes if volume is not None and volume.value is not None]
    if per_day:
        return f"about {min(per_day):,.0f} requests a day"
    if any(volume is not None for volume in volumes[:1]):
        return "no traffic: each request costs more fine-tuned than with your current prompt"
    return "no traffic we can compute"


def facts_from(comparison: Comparison, dataset_analysed: bool) -> VerdictFacts:
    """The facts of the door the route would choose, read from the comparison's own numbers (its payback repays
    training plus the project cost), so the verdict and the page cannot disagree."""
    values: dict[str, object] = {"dataset_analysed": dataset_analysed}
    project = project_cost(comparison.settings.project_usd)
    words: dict[str, str] = {"project": dollars(project), "horizon": f"{comparison.settings.horizon_months}"}
    current, best, baseline = comparison.current, comparison.best, comparison.baseline
    if current is not None:
        facts = load_models().get(current.model)
        if facts:
            values["few_shot_fits"] = current.monthly.prompt_tokens + comparison.traffic.output_tokens <= \
                facts.context_window
            words["prompt_tokens"] = f"{current.monthly.prompt_tokens:,}"
            words["context_window"] = f"{facts.context_window:,}"
    values["door_available"] = best is not None
    _ended(comparison, values, words)
    if current is None or baseline is None or not comparison.traffic.requests_per_day:
        return VerdictFacts(values, words)
    alternative_saving = current.monthly.total_usd - baseline.monthly.total_usd
    values["alternative_saves"] = baseline is not current and alternative_saving > 0
    words.update(alternative=baseline.label, alternative_saving=dollars(alternative_saving),
                 plain_monthly=dollars(current.monthly.total_usd))
    if best is None:
        return VerdictFacts(values, words)
    for what, usd in best.extra_one_off:
        key = "distillation" if what.startswith("distil") else "quality_unproven"
        values[key] = True
        words[key] = f"{what} ({dollars(usd)})"
    saving = baseline.monthly.total_usd - best.monthly.total_usd
    values["monthly_saving_usd"] = saving
    months = best.payback.value if best.payback else None
    if months is not None:
        values["payback_months"] = months
    values["pays_back"] = months is not None and months <= comparison.settings.horizon_months
    words.update(
        door=best.label, door_monthly=dollars(best.monthly.total_usd),
        current=_described(baseline),
        current_monthly=dollars(baseline.monthly.total_usd), saving=dollars(abs(saving)),
        extra=dollars(-saving) if saving < 0 else "$0.00",
        payback="never" if months is None else months_text(months),
        one_off=dollars(best.one_off_usd),
        # the lowest break-even among the usable doors: "at what traffic it would"
        break_even_per_day=_lowest_break_even([option.volume for option in comparison.candidates]),
    )
    return VerdictFacts(values, words)


def _described(option: PricedOption) -> str:
    """Today's model as the baseline runs it, in words for sentences."""
    if option.monthly.option.cached_prefix is not None:
        return f"{option.model} with your few-shot prompt cached"
    if option.monthly.option.batch_discount:
        return f"{option.model} through its batch API"
    return f"{option.model} with your current prompt"


def _ended(comparison: Comparison, values: dict[str, object], words: dict[str, str]) -> None:
    """Options left out because their fine-tuned model stops serving within the horizon, named with the date."""
    ended = [option for option in comparison.fine_tuned if option.ends and option.available and option.fits]
    if ended:
        values["serving_ends"] = True
        words["serving_ends"] = "; ".join(f"{option.label}: {option.ends}" for option in ended)
