"""The whole cost comparison for one scenario: options, training, break-evens and the curves the charts draw.

Inputs are the questionnaire's answers, the dataset report when there is one, and the settings chosen on
the Costs page. Everything that is missing is said in `gaps`, never filled with a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from lib.costs import (
    HOURS_PER_MONTH,
    BreakEven,
    MonthlyCost,
    Option,
    Traffic,
    TrainingCost,
    azure_crossover,
    blended_per_1m,
    dollars,
    monthly_cost,
    months_text,
    payback_months,
    training_cost,
    volume_break_even,
)
from lib.dataset.tokens import default_epochs
from lib.pricing import MILLION, Price, price_on

CUMULATIVE_MONTHS = 24
# The app's model to fine-tune until the user picks another: fine-tunable, priced and still serving.
DEFAULT_FINE_TUNE_MODEL = "gpt-4.1-mini"
MAX_EPOCHS_SHOWN = 25


@dataclass(frozen=True)
class CostSettings:
    as_of: date
    small_model: str = DEFAULT_FINE_TUNE_MODEL
    larger_model: str = "gpt-4.1"
    azure_tier: str = "standard"
    horizon_months: int = 12
    hosting_hours: int = HOURS_PER_MONTH
    training_hours: Decimal | None = None  # for hourly training billing
    epochs: int | None = None  # None: the dataset's, else the Cookbook's rule


@dataclass(frozen=True)
class TrainingData:
    """What the training bill is based on, and where it came from."""

    examples: int
    tokens_per_epoch: int
    example_tokens: int
    epochs: int
    source: str  # a sentence for the page

    @property
    def total_tokens(self) -> int:
        return self.tokens_per_epoch * self.epochs


def training_data(answers: dict, report_tokens: Sequence[int] | None, report_epochs: int | None,
                  training_context: int | None, chosen_epochs: int | None) -> TrainingData:
    """From the analysed dataset when there is one, else estimated from the questionnaire."""
    if report_tokens:
        capped = [min(tokens, training_context) if training_context else tokens for tokens in report_tokens]
        epochs = chosen_epochs or report_epochs or default_epochs(len(capped))
        return TrainingData(len(capped), sum(capped), round(sum(report_tokens) / len(report_tokens)), epochs,
                            f"the uploaded dataset: {len(capped):,} valid examples, {sum(capped):,} tokens per epoch")
    examples = int(answers.get("n_examples") or 0)
    per_example = int(answers.get("input_tokens") or 0) + int(answers.get("output_tokens") or 0)
    epochs = chosen_epochs or default_epochs(examples)
    return TrainingData(examples, examples * per_example, per_example, epochs,
                        f"the questionnaire: {examples:,} examples x {per_example:,} tokens (one request and its "
                        "answer per example; upload the dataset for exact counts)")


def traffic_from(answers: dict, data: TrainingData) -> Traffic:
    return Traffic(
        requests_per_day=int(answers.get("requests_per_day") or 0),
        input_tokens=int(answers.get("input_tokens") or 0),
        output_tokens=int(answers.get("output_tokens") or 0),
        few_shot_examples=int(answers.get("few_shot_examples") or 0),
        example_tokens=data.example_tokens,
    )


@dataclass(frozen=True)
class Comparison:
    settings: CostSettings
    traffic: Traffic
    data: TrainingData
    monthly: tuple[MonthlyCost, ...]
    training: TrainingCost
    training_azure: TrainingCost | None
    volume: BreakEven | None
    payback: BreakEven | None
    crossover: BreakEven | None
    input_share: Decimal
    gaps: tuple[str, ...] = field(default=())

    def option(self, option_id: str) -> MonthlyCost | None:
        return next((cost for cost in self.monthly if cost.option.id == option_id), None)

    @property
    def prices_used(self) -> list[Price]:
        return [cost.option.price for cost in self.monthly]


def _input_share(traffic: Traffic) -> Decimal:
    total = traffic.input_tokens + traffic.output_tokens
    return Decimal(traffic.input_tokens) / total if total else Decimal("0.5")


def compare(answers: dict, data: TrainingData, settings: CostSettings, prices: Sequence[Price]) -> Comparison:
    traffic = traffic_from(answers, data)
    on = settings.as_of
    gaps: list[str] = []
    wanted = [
        ("few_shot_base", f"{settings.small_model} base, few-shot prompt", "openai", settings.small_model, "base",
         True, None),
        ("fine_tuned", f"{settings.small_model} fine-tuned (OpenAI)", "openai", settings.small_model, "fine_tuned",
         False, None),
        ("larger_base", f"{settings.larger_model} base, few-shot prompt", "openai", settings.larger_model, "base",
         True, None),
        ("fine_tuned_azure", f"{settings.small_model} fine-tuned (Azure, {settings.azure_tier})", "azure",
         settings.small_model, "fine_tuned", False, settings.azure_tier),
    ]
    monthly = []
    for option_id, label, provider, model, kind, few_shot, tier in wanted:
        price = price_on(prices, provider, model, kind, on, tier)
        if price is None:
            gaps.append(f"No {kind.replace('_', '-')} price for {provider} {model}"
                        f"{f' ({tier})' if tier else ''} in force on {on.isoformat()}; that option is left out.")
            continue
        hours = settings.hosting_hours if price.hosting_per_hour else 0
        monthly.append(monthly_cost(Option(option_id, label, price, few_shot, hours), traffic))
    by_id = {cost.option.id: cost for cost in monthly}
    tuned, base, azure = by_id.get("fine_tuned"), by_id.get("few_shot_base"), by_id.get("fine_tuned_azure")
    training = (training_cost(tuned.option.price, data.tokens_per_epoch, data.epochs, settings.training_hours)
                if tuned else TrainingCost(None, "no OpenAI fine-tuning price for this model and date"))
    training_azure = (training_cost(azure.option.price, data.tokens_per_epoch, data.epochs, settings.training_hours)
                      if azure else None)
    volume = payback = crossover = None
    if tuned and base and training.usd is not None:
        volume = volume_break_even(base, tuned, training.usd, settings.horizon_months)
        payback = payback_months(base, tuned, training.usd)
    elif tuned and base:
        gaps.append(f"Training cost unknown ({training.formula}), so no payback can be computed.")
    share = _input_share(traffic)
    if tuned and azure:
        crossover = azure_crossover(tuned.option.price, azure.option.price, share)
    if not traffic.requests_per_day:
        gaps.append("Requests per day is 0 or unanswered: monthly costs are $0 until you give your traffic.")
    return Comparison(settings, traffic, data, tuple(monthly), training, training_azure, volume, payback, crossover,
                      share, tuple(gaps))


# --- Curves for the charts ------------------------------------------------------------------------

def volume_grid(current: int) -> list[int]:
    """Monthly request counts on a log scale around the team's own volume."""
    top = max(current * 100, 1_000_000)
    values, value = [], 100
    while value <= top:
        values += [value, value * 2, value * 5]
        value *= 10
    return sorted({v for v in values if v <= top} | ({current} if current else set()))


def volume_curve(comparison: Comparison) -> pd.DataFrame:
    """Monthly cost of each option against monthly requests; fine-tuned options carry training / horizon."""
    rows = []
    horizon = comparison.settings.horizon_months
    for cost in comparison.monthly:
        training = _training_for(comparison, cost.option.id)
        for requests in volume_grid(comparison.traffic.requests_per_month):
            at = monthly_cost(cost.option, comparison.traffic.with_requests_per_month(requests))
            amortised = (training or Decimal(0)) / horizon
            rows.append({"option": cost.option.label, "requests_per_month": requests,
                         "monthly_usd": float(at.total_usd + amortised)})
    return pd.DataFrame(rows, columns=["option", "requests_per_month", "monthly_usd"])


def volume_marks(comparison: Comparison) -> pd.DataFrame:
    rows = []
    if comparison.volume and comparison.volume.value is not None and comparison.volume.value > 0:
        tuned = comparison.option("fine_tuned")
        requests = int(comparison.volume.value)
        if tuned:
            at = monthly_cost(tuned.option, comparison.traffic.with_requests_per_month(requests))
            usd = at.total_usd + (comparison.training.usd or Decimal(0)) / comparison.settings.horizon_months
            rows.append({"requests_per_month": max(requests, 1), "monthly_usd": float(usd),
                         "label": f"break-even: {requests:,} requests/month"})
    if comparison.traffic.requests_per_month:
        rows.append({"requests_per_month": comparison.traffic.requests_per_month, "monthly_usd": None,
                     "label": f"your traffic: {comparison.traffic.requests_per_month:,}/month"})
    return pd.DataFrame(rows, columns=["requests_per_month", "monthly_usd", "label"])


def _training_for(comparison: Comparison, option_id: str) -> Decimal | None:
    if option_id == "fine_tuned":
        return comparison.training.usd
    if option_id == "fine_tuned_azure" and comparison.training_azure:
        return comparison.training_azure.usd
    return None


def cumulative_curve(comparison: Comparison, months: int = CUMULATIVE_MONTHS) -> pd.DataFrame:
    rows = []
    for cost in comparison.monthly:
        start = _training_for(comparison, cost.option.id) or Decimal(0)
        for month in range(0, months + 1):
            rows.append({"option": cost.option.label, "month": month,
                         "cumulative_usd": float(start + cost.total_usd * month)})
    return pd.DataFrame(rows, columns=["option", "month", "cumulative_usd"])


def payback_marks(comparison: Comparison) -> pd.DataFrame:
    payback = comparison.payback
    tuned = comparison.option("fine_tuned")
    if not payback or payback.value is None or not tuned or payback.value > CUMULATIVE_MONTHS:
        return pd.DataFrame(columns=["month", "cumulative_usd", "label"])
    month = float(payback.value)
    usd = (comparison.training.usd or Decimal(0)) + tuned.total_usd * payback.value
    return pd.DataFrame([{"month": month, "cumulative_usd": float(usd), "label": f"pays back in month {month:.1f}"}])


def azure_curve(comparison: Comparison) -> pd.DataFrame:
    tuned, azure = comparison.option("fine_tuned"), comparison.option("fine_tuned_azure")
    if not tuned or not azure:
        return pd.DataFrame(columns=["provider", "tokens_per_hour", "monthly_usd"])
    share = comparison.input_share
    openai_rate = blended_per_1m(tuned.option.price, share)
    azure_rate = blended_per_1m(azure.option.price, share)
    hosting = azure.option.price.hosting_per_hour * comparison.settings.hosting_hours
    crossover = comparison.crossover.value if comparison.crossover and comparison.crossover.value else None
    top = max(Decimal(10_000_000), (crossover or 0) * 4, _tokens_per_hour(comparison.traffic) * 4)
    rows = []
    for step in range(0, 41):
        tokens_per_hour = top * step / 40
        monthly_tokens = tokens_per_hour * HOURS_PER_MONTH
        rows.append({"provider": "OpenAI", "tokens_per_hour": float(tokens_per_hour),
                     "monthly_usd": float(monthly_tokens * openai_rate / MILLION)})
        rows.append({"provider": "Azure", "tokens_per_hour": float(tokens_per_hour),
                     "monthly_usd": float(hosting + monthly_tokens * azure_rate / MILLION)})
    return pd.DataFrame(rows)


def _tokens_per_hour(traffic: Traffic) -> Decimal:
    per_day = Decimal(traffic.requests_per_day) * (traffic.input_tokens + traffic.output_tokens)
    return per_day / 24


def azure_marks(comparison: Comparison) -> pd.DataFrame:
    rows = []
    crossover = comparison.crossover
    tuned = comparison.option("fine_tuned")
    if crossover and crossover.value and tuned:
        rate = blended_per_1m(tuned.option.price, comparison.input_share)
        usd = crossover.value * HOURS_PER_MONTH * rate / MILLION
        rows.append({"tokens_per_hour": float(crossover.value), "monthly_usd": float(usd),
                     "label": f"crossover: {crossover.value:,.0f} tokens/hour"})
    yours = _tokens_per_hour(comparison.traffic)
    if yours:
        rows.append({"tokens_per_hour": float(yours), "monthly_usd": None,
                     "label": f"your traffic: {yours:,.0f} tokens/hour"})
    return pd.DataFrame(rows, columns=["tokens_per_hour", "monthly_usd", "label"])


def epochs_curve(comparison: Comparison) -> pd.DataFrame:
    tuned = comparison.option("fine_tuned")
    if not tuned or tuned.option.price.training_per_1m is None:
        return pd.DataFrame(columns=["epochs", "training_usd"])
    price = tuned.option.price
    return pd.DataFrame([{"epochs": epochs, "training_usd": float(
        training_cost(price, comparison.data.tokens_per_epoch, epochs).usd or 0)}
        for epochs in range(1, MAX_EPOCHS_SHOWN + 1)])


# --- Takeaways: one sentence above each chart ---------------------------------------------------

def takeaways(comparison: Comparison) -> dict[str, str]:
    traffic = comparison.traffic
    tuned, base = comparison.option("fine_tuned"), comparison.option("few_shot_base")
    larger = comparison.option("larger_base")
    out: dict[str, str] = {}
    if tuned and base:
        cheaper = min(comparison.monthly, key=lambda cost: cost.total_usd)
        out["volume"] = (f"At {traffic.requests_per_month:,} requests/month the cheapest option is "
                         f"{cheaper.option.label} at {dollars(cheaper.total_usd)} a month."
                         + (f" {comparison.volume.sentence}" if comparison.volume else ""))
    if comparison.payback:
        if comparison.payback.value is not None:
            out["cumulative"] = (f"Fine-tuning pays back its training in {months_text(comparison.payback.value)} at "
                                 f"{traffic.requests_per_month:,} requests/month.")
        else:
            out["cumulative"] = comparison.payback.sentence
    if comparison.crossover:
        out["azure"] = comparison.crossover.sentence
    training = comparison.training.usd
    if comparison.data.tokens_per_epoch and training is not None and comparison.data.epochs:
        out["epochs"] = (f"Training on {comparison.data.tokens_per_epoch:,} tokens costs {dollars(training)} at "
                         f"{comparison.data.epochs} epochs; each extra epoch adds "
                         f"{dollars(training / comparison.data.epochs)}.")
    if larger and tuned:
        out["larger"] = (f"{larger.option.label} would cost {dollars(larger.total_usd)} a month, "
                         f"{dollars(larger.total_usd - tuned.total_usd)} more than the fine-tuned model.")
    return out


def summary_rows(comparison: Comparison) -> pd.DataFrame:
    """One row per option for tables and CSV export."""
    rows = []
    for cost in comparison.monthly:
        price = cost.option.price
        rows.append({
            "option": cost.option.label,
            "prompt_tokens_per_request": cost.prompt_tokens,
            "requests_per_month": cost.requests,
            "inference_usd_per_month": float(cost.inference_usd),
            "hosting_usd_per_month": float(cost.hosting_usd),
            "total_usd_per_month": float(cost.total_usd),
            "price": price.label,
            "price_in_force_from": price.effective.isoformat(),
            "source": price.source,
        })
    return pd.DataFrame(rows)
