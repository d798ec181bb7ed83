"""The whole cost comparison for one scenario: every door priced next to the model the team runs today.

Options are built from data, not named in code: the team's current model with its few-shot prompt (the
baseline), a larger base model, and for every provider in data/availability.toml the fine-tuned model it
would train there, priced from data/prices.toml (base models from genai-prices, self-hosting from the GPU
estimator). Each option carries its own training, monthly and horizon cost, and each fine-tuned option its
payback and break-even volume against the baseline. Every curve loops over the options, so a provider
added to the data appears in the table, the charts and the CLI with no code change.
Whatever is missing is said in `gaps`, never filled with a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from lib.availability import PathStatus, json_state, load_availability, path_status
from lib.base_prices import base_price
from lib.costs import (
    HOURS_PER_MONTH,
    BreakEven,
    MonthlyCost,
    Option,
    Traffic,
    TrainingCost,
    blended_per_1m,
    dollars,
    hourly_crossover,
    monthly_cost,
    months_text,
    payback_months,
    training_cost,
    volume_break_even,
)
from lib.dataset.report import ValidTokens
from lib.dataset.tokens import default_epochs
from lib.memory import params_billions
from lib.models import DEFAULT_MODEL, load_models
from lib.pricing import MILLION, Price, price_on
from lib.self_hosted import PROVIDER as SELF_HOSTED
from lib.self_hosted import plan as self_hosted_plan
from lib.team import TeamAnswers

CUMULATIVE_MONTHS = 24
DEFAULT_FINE_TUNE_MODEL = DEFAULT_MODEL  # one default for the app and the CLI
DEFAULT_CURRENT_MODEL = "gpt-4.1-mini"  # assumed, and said, when the questionnaire has no answer
DEFAULT_LARGER_MODEL = "gpt-4.1"
CURRENT, LARGER, FINE_TUNED = "current", "larger", "fine_tuned"


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
    project_usd: Decimal | None = None  # one-off project cost; None: the rules file's default


def project_cost(chosen: Decimal | None = None) -> Decimal:
    """The one-off cost of a fine-tuning project besides training: the team's figure, else the rules file's default
    (its basis is written there)."""
    if chosen is not None:
        return chosen
    from lib.decision import load_rules  # here, not at the top: the rules read facts built from this module

    return Decimal(load_rules().params["project_cost_usd"])


@dataclass(frozen=True)
class TrainingData:
    """What the training bill is based on, and where it came from."""

    examples: int
    tokens_per_epoch: int
    example_tokens: int
    epochs: int
    source: str  # a sentence for the page
    longest_example: int | None = None
    encoding: str = ""  # the tokenizer the dataset was counted with ("" for the questionnaire's estimate)
    # the same dataset counted with other doors' tokenizers, by encoding name
    other_counts: Mapping[str, TrainingData] = field(default_factory=dict)

    @property
    def total_tokens(self) -> int:
        return self.tokens_per_epoch * self.epochs

    def for_model(self, model_id: str) -> TrainingData:
        """The counts a door training `model_id` bills: the dataset counted with that model's tokenizer."""
        facts = load_models().get(model_id)
        if facts is None or not self.encoding or facts.encoding == self.encoding:
            return self
        return self.other_counts.get(facts.encoding, self)


def training_data(answers: Mapping[str, object], report_tokens: Sequence[int] | None, report_epochs: int | None,
                  training_context: int | None, chosen_epochs: int | None, encoding: str = "") -> TrainingData:
    """From the analysed dataset when there is one, else estimated from the questionnaire."""
    if report_tokens:
        return dataset_training(ValidTokens.of(report_tokens, training_context), report_epochs, chosen_epochs,
                                encoding)
    team = TeamAnswers.from_answers(answers)
    examples = team.n_examples
    per_example = team.input_tokens + team.output_tokens
    epochs = chosen_epochs or default_epochs(examples)
    return TrainingData(examples, examples * per_example, per_example, epochs,
                        f"the questionnaire: {examples:,} examples x {per_example:,} tokens (one request and its "
                        "answer per example; upload the dataset for exact counts)", per_example or None)


def dataset_training(valid: ValidTokens, report_epochs: int | None, chosen_epochs: int | None,
                     encoding: str = "") -> TrainingData:
    """An analysed dataset's training data, from its valid examples' totals."""
    epochs = chosen_epochs or report_epochs or default_epochs(valid.examples)
    counted = f" counted with {encoding}" if encoding else ""
    return TrainingData(valid.examples, valid.capped_total, round(valid.total / valid.examples), epochs,
                        f"the uploaded dataset: {valid.examples:,} valid examples, {valid.capped_total:,} tokens per "
                        f"epoch{counted}", valid.longest, encoding)


def traffic_from(answers: Mapping[str, object], data: TrainingData) -> Traffic:
    team = TeamAnswers.from_answers(answers)
    return Traffic(
        requests_per_day=team.requests_per_day,
        input_tokens=team.input_tokens,
        output_tokens=team.output_tokens,
        few_shot_examples=team.few_shot_examples,
        example_tokens=data.example_tokens,
    )


@dataclass(frozen=True)
class PricedOption:
    """One way to run the product, priced at the team's traffic."""

    id: str
    role: str  # current | larger | fine_tuned
    provider: str
    provider_label: str
    model: str
    label: str
    monthly: MonthlyCost
    status: PathStatus | None = None  # None for base models (they are not a fine-tuning door)
    fits: bool = True
    fit_notes: tuple[str, ...] = ()
    training: TrainingCost | None = None
    payback: BreakEven | None = None
    volume: BreakEven | None = None
    plan_note: str = ""
    project_usd: Decimal = Decimal(0)  # the one-off project cost a fine-tuned option carries besides training

    @property
    def price(self) -> Price:
        return self.monthly.option.price

    @property
    def kind(self) -> str:
        return self.price.kind

    @property
    def available(self) -> bool:
        return self.status is None or self.status.usable

    @property
    def usable(self) -> bool:
        """Open to this team and fitting its constraints."""
        return self.available and self.fits

    @property
    def availability(self) -> str:
        return "open" if self.status is None else json_state(self.status)

    @property
    def training_usd(self) -> Decimal | None:
        if self.role != FINE_TUNED:
            return Decimal(0)
        return self.training.usd if self.training else None

    @property
    def one_off_usd(self) -> Decimal | None:
        """Training plus the one-off project cost: what the monthly saving must repay."""
        training = self.training_usd
        return None if training is None else training + self.project_usd

    def horizon_usd(self, months: int) -> Decimal | None:
        one_off = self.one_off_usd
        return None if one_off is None else one_off + self.monthly.total_usd * months

    def monthly_at(self, traffic: Traffic) -> MonthlyCost:
        return monthly_cost(self.monthly.option, traffic)


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
        return next((option for option in self.options if option.role == CURRENT), None)

    @property
    def fine_tuned(self) -> tuple[PricedOption, ...]:
        return tuple(option for option in self.options if option.role == FINE_TUNED)

    @property
    def candidates(self) -> tuple[PricedOption, ...]:
        """Fine-tuned options this team can use: open to it, fitting its constraints, with a known cost."""
        months = self.settings.horizon_months
        return tuple(option for option in self.fine_tuned
                     if option.usable and option.horizon_usd(months) is not None)

    @property
    def best(self) -> PricedOption | None:
        """The candidate with the lowest cost over the horizon (training plus months x monthly)."""
        months = self.settings.horizon_months
        return min(self.candidates, key=lambda option: (option.horizon_usd(months), option.label), default=None)

    @property
    def prices_used(self) -> list[Price]:
        return [option.price for option in self.options]


def _input_share(traffic: Traffic) -> Decimal:
    total = traffic.input_tokens + traffic.output_tokens
    return Decimal(traffic.input_tokens) / total if total else Decimal("0.5")


def _base_row(prices: Sequence[Price], model: str, on: date) -> Price | None:
    """Our own dated row when one is in force (the guide's 2023 prices), else genai-prices."""
    facts = load_models().get(model)
    provider = facts.provider if facts else "openai"
    return price_on(prices, provider, model, "base", on) or base_price(model, on, facts)


def _fit(rule_in_house: bool, rule_cloud: str, team: TeamAnswers) -> tuple[bool, tuple[str, ...]]:
    notes: list[str] = []
    fits = True
    if team.data_may_leave == "no" and not rule_in_house:
        fits = False
        notes.append("your examples must stay in-house, and this service needs them uploaded")
    cloud = team.cloud
    if rule_cloud != "none" and cloud and cloud != rule_cloud:
        notes.append(f"needs a {CLOUD_NAMES[rule_cloud]} account, which you said you do not use yet")
    return fits, tuple(notes)


CLOUD_NAMES = {"azure": "Microsoft Azure", "gcp": "Google Cloud", "aws": "AWS"}


def model_at(provider: str, default_model: str, settings: CostSettings, prices: Sequence[Price]) -> str:
    """The model a door is priced for: the team's pick, else the dataset's model if priced there, else the
    door's default."""
    chosen = settings.models.get(provider)
    if chosen:
        return chosen
    priced = price_on(prices, provider, settings.small_model, "fine_tuned", settings.as_of)
    return settings.small_model if priced else default_model


def models_fine_tuned(settings: CostSettings, prices: Sequence[Price]) -> set[str]:
    """Every model the comparison prices fine-tuning for, so a dataset can be counted with each one's tokenizer."""
    return {model_at(rule.provider, rule.default_model, settings, prices) for rule in load_availability()[0]}


def _fine_tuned_options(answers: Mapping[str, object], all_data: TrainingData, traffic: Traffic,
                        settings: CostSettings, prices: Sequence[Price],
                        gaps: list[str]) -> list[tuple[PricedOption, Decimal | None]]:
    on = settings.as_of
    team = TeamAnswers.from_answers(answers)
    found = []
    for rule in load_availability()[0]:
        provider = rule.provider
        model = model_at(provider, rule.default_model, settings, prices)
        data = all_data.for_model(model)
        hours: Decimal | None = None
        note = ""
        if provider == SELF_HOSTED:
            output_per_hour = traffic.requests_per_month * traffic.output_tokens / HOURS_PER_MONTH
            plan = self_hosted_plan(model, data.total_tokens, output_per_hour, on, data.longest_example)
            price = plan.price if plan else None
            hours, note = (plan.training_hours, plan.sentence) if plan else (None, "")
            if not data.tokens_per_epoch:
                hours = None  # nothing to train on: no estimate of the hours either
        else:
            tier = settings.tiers.get(provider) or rule.default_tier or None
            price = price_on(prices, provider, model, "fine_tuned", on, tier,
                             settings.methods.get(provider), params_billions(model) if rule.open_weight else None)
            if price is None and tier and not settings.tiers.get(provider):
                price = price_on(prices, provider, model, "fine_tuned", on, None, settings.methods.get(provider))
        status = path_status(provider, settings.today, team.openai_access or None, model)
        if price is None:
            if status.usable:
                gaps.append(f"{rule.label}: no price for fine-tuning {model} in force on {on.isoformat()}, so it "
                            "is left out.")
            continue
        option_id = "/".join(filter(None, (provider, model, price.method, price.tier)))
        hosted = settings.hosting_hours if price.hosting_per_hour else 0
        label = f"{model} fine-tuned, {rule.label.split(' (')[0]}" + (f" ({price.tier})" if price.tier else "")
        fits, notes = _fit(rule.in_house, rule.cloud, team)
        cost = monthly_cost(Option(option_id, label, price, False, hosted), traffic)
        found.append((PricedOption(option_id, FINE_TUNED, provider, rule.label, model, label, cost, status, fits,
                                   notes, plan_note=note), settings.training_hours.get(option_id, hours)))
    return found


def compare(answers: Mapping[str, object], data: TrainingData, settings: CostSettings,
            prices: Sequence[Price]) -> Comparison:
    traffic = traffic_from(answers, data)
    on = settings.as_of
    gaps: list[str] = []
    options: list[PricedOption] = []
    current_model = settings.current_model or TeamAnswers.from_answers(answers).current_model or DEFAULT_CURRENT_MODEL
    for role, model in ((CURRENT, current_model), (LARGER, settings.larger_model)):
        if role == LARGER and model == current_model:
            continue
        price = _base_row(prices, model, on)
        if price is None:
            gaps.append(f"No base price for {model} in force on {on.isoformat()}; it is left out.")
            continue
        what = "your current model" if role == CURRENT else "a larger model"
        label = f"{model}, {what}, few-shot prompt"
        options.append(PricedOption(f"{role}/{model}", role, price.provider, price.provider, model, label,
                                    monthly_cost(Option(f"{role}/{model}", label, price, True, 0), traffic)))
    current = options[0] if options and options[0].role == CURRENT else None
    project = project_cost(settings.project_usd)
    repaid = "training and project" if project else "training"
    for option, hours in _fine_tuned_options(answers, data, traffic, settings, prices, gaps):
        billed = data.for_model(option.model)
        training = training_cost(option.price, billed.tokens_per_epoch, billed.epochs, hours)
        payback = volume = None
        if current and training.usd is not None:
            # the saving must repay the whole one-off cost, as the verdict reads it
            payback = payback_months(current.monthly, option.monthly, training.usd + project, repaid)
            volume = volume_break_even(current.monthly, option.monthly, training.usd + project,
                                       settings.horizon_months, repaid)
        options.append(PricedOption(option.id, option.role, option.provider, option.provider_label, option.model,
                                    option.label, option.monthly, option.status, option.fits, option.fit_notes,
                                    training, payback, volume, option.plan_note, project))
    share = _input_share(traffic)
    crossovers = tuple(
        Crossover(per_token, hourly, hourly_crossover(per_token.monthly, hourly.monthly, share))
        for hourly in options if hourly.role == FINE_TUNED and hourly.monthly.fixed_usd
        for per_token in options if per_token.role == FINE_TUNED and not per_token.monthly.fixed_usd
        and per_token.model == hourly.model)
    if not traffic.requests_per_day:
        gaps.append("Requests per day is 0 or unanswered: monthly costs are $0 until you give your traffic.")
    return Comparison(settings, traffic, data, tuple(options), share, crossovers, tuple(gaps))


# --- Curves for the charts: each loops over the options -------------------------------------------

def volume_grid(current: int) -> list[int]:
    """Monthly request counts on a log scale around the team's own volume."""
    top = max(current * 100, 1_000_000)
    values, value = [], 100
    while value <= top:
        values += [value, value * 2, value * 5]
        value *= 10
    return sorted({v for v in values if v <= top} | ({current} if current else set()))


def shown(comparison: Comparison, chosen: Sequence[str] | None = None) -> tuple[PricedOption, ...]:
    """The options to draw: the chosen ids, else every option the team can use plus its current model."""
    if chosen is not None:
        return tuple(option for option in comparison.options if option.id in chosen)
    return tuple(option for option in comparison.options if option.role != FINE_TUNED or option.usable)


def decision_options(comparison: Comparison) -> tuple[PricedOption, ...]:
    """What the verdict weighs: the model run today, the larger model and the chosen door; every usable option when
    there is no door. Drawn alone, the lines a meeting talks about are not squeezed by the dearest services."""
    best = comparison.best
    if best is None:
        return shown(comparison)
    return tuple(option for option in comparison.options if option.role != FINE_TUNED or option is best)


def amortised_monthly(option: PricedOption, traffic: Traffic, horizon: int) -> Decimal:
    """The monthly cost with training and the project spread over the horizon, as the break-even volume counts it."""
    return option.monthly_at(traffic).total_usd + ((option.training_usd or Decimal(0)) + option.project_usd) / horizon


def volume_curve(comparison: Comparison, options: Sequence[PricedOption] | None = None) -> pd.DataFrame:
    rows = []
    horizon = comparison.settings.horizon_months
    for option in options if options is not None else shown(comparison):
        for requests in volume_grid(comparison.traffic.requests_per_month):
            at = comparison.traffic.with_requests_per_month(requests)
            rows.append({"option": option.label, "requests_per_month": requests,
                         "monthly_usd": float(amortised_monthly(option, at, horizon))})
    return pd.DataFrame(rows, columns=["option", "requests_per_month", "monthly_usd"])


def volume_marks(comparison: Comparison, best: PricedOption | None = None) -> pd.DataFrame:
    rows = []
    best = best or comparison.best
    volume = best.volume if best else None
    if best and volume and volume.value is not None and volume.value > 0:
        requests = int(volume.value)
        at = comparison.traffic.with_requests_per_month(requests)
        rows.append({"requests_per_month": requests,
                     "monthly_usd": float(amortised_monthly(best, at, comparison.settings.horizon_months)),
                     "label": f"break-even: {requests:,} requests/month"})
    if comparison.traffic.requests_per_month:
        rows.append({"requests_per_month": comparison.traffic.requests_per_month, "monthly_usd": None,
                     "label": f"your traffic: {comparison.traffic.requests_per_month:,}/month"})
    return pd.DataFrame(rows, columns=["requests_per_month", "monthly_usd", "label"])


def cumulative_curve(comparison: Comparison, options: Sequence[PricedOption] | None = None,
                     months: int = CUMULATIVE_MONTHS) -> pd.DataFrame:
    rows = []
    for option in options if options is not None else shown(comparison):
        start = (option.training_usd or Decimal(0)) + option.project_usd
        for month in range(0, months + 1):
            rows.append({"option": option.label, "month": month,
                         "cumulative_usd": float(start + option.monthly.total_usd * month)})
    return pd.DataFrame(rows, columns=["option", "month", "cumulative_usd"])


def payback_marks(comparison: Comparison, best: PricedOption | None = None) -> pd.DataFrame:
    best = best or comparison.best
    payback = best.payback if best else None
    if not best or not payback or payback.value is None or payback.value > CUMULATIVE_MONTHS:
        return pd.DataFrame(columns=["month", "cumulative_usd", "label"])
    month = float(payback.value)
    usd = (best.one_off_usd or Decimal(0)) + best.monthly.total_usd * payback.value
    repaid = "training and project" if best.project_usd else "training"
    return pd.DataFrame([{"month": month, "cumulative_usd": float(usd),
                          "label": f"{repaid} paid back in {months_text(payback.value)}"}])


def tokens_per_hour(traffic: Traffic) -> Decimal:
    return Decimal(traffic.requests_per_month) * (traffic.input_tokens + traffic.output_tokens) / HOURS_PER_MONTH


def one_off_words(option: PricedOption) -> str:
    """'$2,000.04 (training $0.04 and a $2,000.00 project)', or '$0.04 training' without a project cost."""
    if not option.project_usd:
        return f"{dollars(option.training_usd)} training"
    return (f"{dollars(option.one_off_usd)} (training {dollars(option.training_usd)} and a "
            f"{dollars(option.project_usd)} project)")


def drawn_crossovers(comparison: Comparison, drawn: Sequence[PricedOption] | None = None) -> tuple[Crossover, ...]:
    """The crossovers between two options that are drawn (by default those the team can use): a crossover with a
    door closed to the team is advice it cannot follow, unless it asked to see that door."""
    drawn = shown(comparison) if drawn is None else drawn
    return tuple(crossover for crossover in comparison.crossovers
                 if crossover.per_token in drawn and crossover.hourly in drawn)


def crossover_options(crossovers: Sequence[Crossover]) -> tuple[PricedOption, ...]:
    return tuple(dict.fromkeys(option for crossover in crossovers
                               for option in (crossover.per_token, crossover.hourly)))


def crossover_curve(comparison: Comparison, drawn: Sequence[PricedOption] | None = None) -> pd.DataFrame:
    """Monthly cost against tokens per hour for each option in a drawn crossover: fixed fee plus tokens."""
    crossovers = drawn_crossovers(comparison, drawn)
    options = crossover_options(crossovers)
    if not options:
        return pd.DataFrame(columns=["option", "tokens_per_hour", "monthly_usd"])
    found = [crossover.break_even.value for crossover in crossovers if crossover.break_even.value]
    top = max(Decimal(10_000_000), max(found, default=Decimal(0)) * 4, tokens_per_hour(comparison.traffic) * 4)
    rows = []
    for step in range(0, 41):
        per_hour = top * step / 40
        for option in options:
            rate = blended_per_1m(option.price, comparison.input_share)
            rows.append({"option": option.label, "tokens_per_hour": float(per_hour),
                         "monthly_usd": float(option.monthly.fixed_usd + per_hour * HOURS_PER_MONTH * rate / MILLION)})
    return pd.DataFrame(rows, columns=["option", "tokens_per_hour", "monthly_usd"])


def crossover_marks(comparison: Comparison, drawn: Sequence[PricedOption] | None = None) -> pd.DataFrame:
    rows = []
    for crossover in drawn_crossovers(comparison, drawn):
        value = crossover.break_even.value
        if value:
            rate = blended_per_1m(crossover.per_token.price, comparison.input_share)
            rows.append({"tokens_per_hour": float(value),
                         "monthly_usd": float(crossover.per_token.monthly.fixed_usd
                                              + value * HOURS_PER_MONTH * rate / MILLION),
                         "label": f"crossover: {value:,.0f} tokens/hour"})
    yours = tokens_per_hour(comparison.traffic)
    if yours and rows:
        rows.append({"tokens_per_hour": float(yours), "monthly_usd": None,
                     "label": f"your traffic: {yours:,.0f} tokens/hour"})
    return pd.DataFrame(rows, columns=["tokens_per_hour", "monthly_usd", "label"])


# --- Takeaways: one sentence above each chart ---------------------------------------------------

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


def summary_rows(comparison: Comparison, options: Sequence[PricedOption] | None = None) -> pd.DataFrame:
    """One row per option, dollars first, for tables and the CSV export."""
    rows = []
    horizon = comparison.settings.horizon_months
    for option in options if options is not None else comparison.options:
        price = option.price
        horizon_usd = option.horizon_usd(horizon)
        rows.append({
            "option": option.label,
            "monthly_usd": float(option.monthly.total_usd),
            "training_usd": None if option.training_usd is None else float(option.training_usd),
            "project_usd": float(option.project_usd),
            "horizon_usd": None if horizon_usd is None else float(horizon_usd),
            "payback_months": (None if not option.payback or option.payback.value is None
                               else float(option.payback.value)),
            "break_even_requests_per_month": (None if not option.volume or option.volume.value is None
                                              else int(option.volume.value)),
            "availability": option.availability,
            "fits": option.fits,
            "inference_usd_per_month": float(option.monthly.inference_usd),
            "fixed_usd_per_month": float(option.monthly.fixed_usd),
            "prompt_tokens_per_request": option.monthly.prompt_tokens,
            "requests_per_month": option.monthly.requests,
            "price": price.label,
            "price_in_force_from": price.effective.isoformat(),
            "confidence": price.confidence,
            "source": price.source,
        })
    return pd.DataFrame(rows)
