"""The whole cost comparison for one scenario: every way to run the product, priced at the team's traffic.

Options are built from data, not named in code: the team's current model with its few-shot prompt, the ways to run
it more cheaply without fine-tuning (prompt caching, a batch API, a smaller model) and a larger model
(lib/costs/baseline.py), and for every provider in data/availability.toml the fine-tuned model it would train
there (lib/costs/fine_tuned.py). Each option carries its training, monthly and horizon cost; each fine-tuned
option its payback and break-even volume against the baseline, the cheapest way to run today's model as it is.
Every curve loops over the options, so a provider added to the data appears in the table, the charts and the CLI
with no code change. Whatever is missing is said in `gaps`, never filled with a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from lib.advice.team import TeamAnswers
from lib.catalog.prices import Price
from lib.costs.baseline import base_options, baseline
from lib.costs.extras import distillation, evaluation
from lib.costs.fine_tuned import fine_tuned_options
from lib.costs.money import BreakEven, Traffic, hourly_crossover, payback_months, training_cost, volume_break_even
from lib.costs.options import CURRENT, FINE_TUNED, LARGER, PricedOption, TrainingData, traffic_from
from lib.costs.settings import CostSettings, project_cost


@dataclass(frozen=True)
class Crossover:
    per_token: PricedOption
    hourly: PricedOption
    break_even: BreakEven


@dataclass(frozen=True)
class Comparison:
    settings: CostSettings
    traffic: Traffic
    data: TrainingData
    options: tuple[PricedOption, ...]
    input_share: Decimal
    crossovers: tuple[Crossover, ...] = ()
    gaps: tuple[str, ...] = ()

    def option(self, option_id: str) -> PricedOption | None:
        return next((option for option in self.options if option.id == option_id), None)

    @property
    def current(self) -> PricedOption | None:
        """Today's model with its prompt as it is."""
        return next((option for option in self.options if option.role == CURRENT), None)

    @property
    def baseline(self) -> PricedOption | None:
        """The cheapest way to run today's model without fine-tuning (plain, cached or batched)."""
        return baseline(self.options)

    @property
    def larger(self) -> PricedOption | None:
        return next((option for option in self.options if option.role == LARGER), None)

    @property
    def fine_tuned(self) -> tuple[PricedOption, ...]:
        return tuple(option for option in self.options if option.role == FINE_TUNED)

    @property
    def candidates(self) -> tuple[PricedOption, ...]:
        """Fine-tuned options this team can use: open to it, fitting its constraints, serving the whole horizon,
        with a known cost."""
        months = self.settings.horizon_months
        return tuple(option for option in self.fine_tuned
                     if option.usable and option.horizon_usd(months) is not None)

    @property
    def best(self) -> PricedOption | None:
        """The candidate with the lowest cost over the horizon (one-off plus months x monthly)."""
        months = self.settings.horizon_months
        return min(self.candidates, key=lambda option: (option.horizon_usd(months), option.label), default=None)

    @property
    def prices_used(self) -> list[Price]:
        return [option.price for option in self.options]


def _input_share(traffic: Traffic) -> Decimal:
    total = traffic.input_tokens + traffic.output_tokens
    return Decimal(traffic.input_tokens) / total if total else Decimal("0.5")


def _priced(option: PricedOption, hours: Decimal | None, data: TrainingData, base: PricedOption | None,
            teacher: PricedOption | None, current: PricedOption | None, n_examples: int, project: Decimal,
            horizon: int) -> PricedOption:
    """A fine-tuned option with its training bill, its other one-off costs, and its payback against the baseline."""
    billed = data.for_model(option.model)
    training = training_cost(option.price, billed.tokens_per_epoch, billed.epochs, hours)
    extras = tuple(found for found in (distillation(n_examples, data.example_tokens, teacher),
                                       evaluation(option, current, n_examples)) if found is not None)
    option = replace(option, training=training, project_usd=project, extra_one_off=extras)
    payback = volume = None
    one_off = option.one_off_usd
    if base is not None and one_off is not None:
        # the saving must repay the whole one-off cost, as the verdict reads it
        payback = payback_months(base.monthly, option.monthly, one_off, option.repaid_words)
        volume = volume_break_even(base.monthly, option.monthly, one_off, horizon, option.repaid_words)
    return replace(option, payback=payback, volume=volume)


def compare(answers: Mapping[str, object], data: TrainingData, settings: CostSettings,
            prices: Sequence[Price]) -> Comparison:
    traffic = traffic_from(answers, data)
    gaps: list[str] = []
    options = base_options(answers, traffic, settings, prices, gaps)
    base = baseline(options)
    current = next((option for option in options if option.role == CURRENT), None)
    teacher = next((option for option in options if option.role == LARGER), None) or current
    project = project_cost(settings.project_usd)
    n_examples = data.examples or TeamAnswers.from_answers(answers).n_examples
    for option, hours in fine_tuned_options(answers, data, traffic, settings, prices, gaps):
        options.append(_priced(option, hours, data, base, teacher, current, n_examples, project,
                               settings.horizon_months))
    share = _input_share(traffic)
    # the guide's comparison: the same model billed by tokens at one door and with a fixed hourly fee at another
    crossovers = tuple(
        Crossover(per_token, hourly, hourly_crossover(per_token.monthly, hourly.monthly, share))
        for hourly in options if hourly.role == FINE_TUNED and hourly.monthly.fixed_usd
        and hourly.monthly.option.capacity is None
        for per_token in options if per_token.role == FINE_TUNED and not per_token.monthly.fixed_usd
        and per_token.model == hourly.model)
    if not traffic.requests_per_day:
        gaps.append("Requests per day is 0 or unanswered: monthly costs are $0 until you give your traffic.")
    return Comparison(settings, traffic, data, tuple(options), share, crossovers, tuple(gaps))
