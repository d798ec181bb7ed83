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

from lib.advice.team import TeamAnswers
from lib.catalog.availability import PathStatus, json_state, load_availability, path_status
from lib.catalog.base_prices import base_price
from lib.catalog.models import load_models
from lib.catalog.prices import Price, price_on
from lib.costs.money import (
    HOURS_PER_MONTH,
    BreakEven,
    MonthlyCost,
    Option,
    Traffic,
    TrainingCost,
    hourly_crossover,
    monthly_cost,
    payback_months,
    training_cost,
    volume_break_even,
)
from lib.costs.settings import DEFAULT_CURRENT_MODEL, CostSettings, project_cost
from lib.dataset.report import ValidTokens
from lib.dataset.tokens import default_epochs
from lib.selfhost.plan import PROVIDER as SELF_HOSTED
from lib.selfhost.plan import plan as self_hosted_plan
from lib.selfhost.shapes import params_billions

CURRENT, LARGER, FINE_TUNED = "current", "larger", "fine_tuned"



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
