"""The pieces a cost comparison is made of: what the training bill is based on, and one priced option, a way to run
the product (today's model, an alternative to fine-tuning, or a fine-tuned model at one provider)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from lib.advice.team import TeamAnswers
from lib.catalog.availability import PathStatus, json_state
from lib.catalog.models import load_models
from lib.catalog.prices import Price
from lib.costs.money import BreakEven, MonthlyCost, Traffic, TrainingCost, monthly_cost
from lib.dataset.report import ValidTokens
from lib.dataset.tokens import default_epochs

CURRENT, ALTERNATIVE, SMALLER, LARGER, FINE_TUNED = "current", "alternative", "smaller", "larger", "fine_tuned"
# Roles of options that run today's model as it is, so they are the baseline fine-tuning must beat
BASELINE_ROLES = (CURRENT, ALTERNATIVE)


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
    role: str  # current | alternative | smaller | larger | fine_tuned
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
    serving_until: date | None = None  # the day its fine-tuned model stops serving, where one is published
    serving_months: Decimal | None = None  # months of serving within the horizon, when it ends inside it
    ends: str = ""  # why it cannot serve the whole horizon, a sentence; "" when it can
    extra_one_off: tuple[tuple[str, Decimal], ...] = ()  # other one-off costs: (what, dollars), e.g. distillation

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
        """Open to this team, fitting its constraints, and serving the whole horizon."""
        return self.available and self.fits and not self.ends

    @property
    def replicas(self) -> int | None:
        return self.monthly.replicas

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
        """Training, the project and any other one-off cost: what the monthly saving must repay."""
        training = self.training_usd
        if training is None:
            return None
        return training + self.project_usd + sum((usd for _, usd in self.extra_one_off), Decimal(0))

    @property
    def repaid_words(self) -> str:
        """What the monthly saving repays, in words: "training", "training and project" or "one-off costs"."""
        return "one-off costs" if self.extra_one_off else "training and project" if self.project_usd else "training"

    def horizon_usd(self, months: int) -> Decimal | None:
        """One-off plus the months it serves within `months` (it cannot be paid for past its end of serving)."""
        one_off = self.one_off_usd
        if one_off is None:
            return None
        serving = months if self.serving_months is None else min(Decimal(months), self.serving_months)
        return one_off + self.monthly.total_usd * serving

    def monthly_at(self, traffic: Traffic) -> MonthlyCost:
        return monthly_cost(self.monthly.option, traffic)


@dataclass(frozen=True)
class Crossover:
    per_token: PricedOption
    hourly: PricedOption
    break_even: BreakEven
