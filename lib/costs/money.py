"""The cost model: training, monthly inference per option, and the break-even points between them.

Every result carries the formula it was computed with, so the page can show where a number came from.
Conventions: a month is 30 days and 720 hours (as Azure's own worked examples count); prices are per 1M
tokens; amounts are Decimal and rounded only for display.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from lib.catalog.prices import MILLION, Price
from lib.costs.capacity import Capacity
from lib.costs.month import DAYS_PER_MONTH, HOURS_PER_MONTH

ZERO = Decimal(0)


def dollars(amount: Decimal | None) -> str:
    """Money as people read it: cents rounded half up ($0.125 is $0.13, as a bill would show it)."""
    if amount is None:
        return "unknown"
    if 0 < amount < Decimal("0.005"):
        return "under $0.01"  # not "$0.00", which reads as free
    return f"${Decimal(amount).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def rate(amount: Decimal | None) -> str:
    """A published unit price as people write it: $8.00, $0.075, $1.875."""
    if amount is None:
        return "unknown"
    exponent = amount.normalize().as_tuple().exponent
    places = min(max(2, -exponent), 4) if isinstance(exponent, int) else 2
    return f"${amount:,.{places}f}"


def months_text(months: Decimal) -> str:
    return "under a month" if months < 1 else f"{months:,.1f} months"


def _tokens(count: Decimal | int) -> str:
    return f"{Decimal(count):,.0f}"


@dataclass(frozen=True)
class Traffic:
    """What one month of the product's use looks like."""

    requests_per_day: int
    input_tokens: int  # per request, without few-shot examples
    output_tokens: int  # per request
    few_shot_examples: int  # worked examples the current prompt carries
    example_tokens: int  # tokens of one worked example
    monthly_requests: int | None = None  # exact, when a curve asks for a month that is not whole days

    @property
    def requests_per_month(self) -> int:
        if self.monthly_requests is not None:
            return self.monthly_requests
        return self.requests_per_day * DAYS_PER_MONTH

    def with_requests_per_month(self, requests: Decimal | int) -> Traffic:
        return replace(self, requests_per_day=int(Decimal(requests) / DAYS_PER_MONTH),
                       monthly_requests=int(requests))

    def prompt_tokens(self, few_shot: bool) -> int:
        return self.input_tokens + (self.few_shot_examples * self.example_tokens if few_shot else 0)


@dataclass(frozen=True)
class TrainingCost:
    usd: Decimal | None
    formula: str


def training_cost(
    price: Price, training_tokens: int, epochs: int, training_hours: Decimal | None = None
) -> TrainingCost:
    """Per-token: tokens x epochs x price per token. Per-hour: estimated compute hours x hourly price."""
    if training_tokens == 0 and training_hours is None:
        return TrainingCost(None, "no valid training examples yet, so there is nothing to price")
    if price.training_per_1m is not None:
        usd = Decimal(training_tokens) * epochs * price.training_per_1m / MILLION
        formula = (f"{_tokens(training_tokens)} tokens x {epochs} epochs x {rate(price.training_per_1m)} per 1M "
                   f"= {dollars(usd)}")
    elif price.training_per_hour is not None:
        if training_hours is None:
            return TrainingCost(None, f"billed per compute hour ({rate(price.training_per_hour)}/hour); "
                                      "enter the hours you expect")
        usd = training_hours * price.training_per_hour
        formula = f"{hours_text(training_hours)} x {rate(price.training_per_hour)} per hour = {dollars(usd)}"
    else:
        return TrainingCost(None, f"no training price for {price.label} is published in a source we could check; "
                                  "enter your contract price")
    if usd < price.training_minimum:
        return TrainingCost(price.training_minimum, f"{formula}, below the {dollars(price.training_minimum)} "
                                                    "minimum per job, so the minimum is billed")
    return TrainingCost(usd, formula)


def hours_text(hours: Decimal | float) -> str:
    """Hours as people say them: minutes under an hour, "under a minute" below that."""
    minutes = round(hours * 60)
    if minutes < 1:
        return "under a minute"
    if hours < 1:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{hours:,.1f} hours"


def per_request_usd(price: Price, input_tokens: int, output_tokens: int) -> Decimal:
    """Token cost of one request (prompt caching is an option's CachedPrefix, priced in monthly_cost)."""
    return inference_usd(price, Decimal(input_tokens), Decimal(output_tokens))


@dataclass(frozen=True)
class CachedPrefix:
    """Prompt caching of the part of every prompt that never changes (the few-shot examples).

    A request that finds the prefix cached pays the cached-input price for it; one that does not pays the
    cache-write price (the input price times the provider's write premium) to put it there."""

    tokens: int
    hit_rate: Decimal
    read_per_1m: Decimal
    write_per_1m: Decimal

    def usd(self) -> Decimal:
        return Decimal(self.tokens) * (self.hit_rate * self.read_per_1m
                                       + (1 - self.hit_rate) * self.write_per_1m) / MILLION

    @property
    def sentence(self) -> str:
        return (f"{self.tokens:,} prompt tokens cached, {self.hit_rate:.0%} of requests reading them at "
                f"{rate(self.read_per_1m)} per 1M and the rest writing them at {rate(self.write_per_1m)}")


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    price: Price
    few_shot: bool
    hosted_hours: int = 0  # hours per month a hosting fee is paid (Azure deployments)
    capacity: Capacity | None = None  # serving billed by replica-hours, sized by traffic (replaces hosted_hours)
    cached_prefix: CachedPrefix | None = None  # prompt caching of the static prefix
    batch_discount: Decimal = ZERO  # share off every token price when answers go through a batch API


@dataclass(frozen=True)
class MonthlyCost:
    option: Option
    requests: int
    prompt_tokens: int
    input_tokens: Decimal
    output_tokens: Decimal
    inference_usd: Decimal
    hosting_usd: Decimal
    per_request_usd: Decimal
    storage_usd: Decimal = ZERO
    replicas: int | None = None  # serving replicas at this traffic, for options billed by replica-hours
    operations_usd: Decimal = ZERO  # an engineer's time running a self-hosted service

    @property
    def fixed_usd(self) -> Decimal:
        """What the month costs besides tokens: hosting, storage and operations (hosting steps up with traffic
        where it is billed by replicas)."""
        return self.hosting_usd + self.storage_usd + self.operations_usd

    @property
    def total_usd(self) -> Decimal:
        return self.inference_usd + self.fixed_usd

    @property
    def formula(self) -> str:
        price = self.option.price
        text = (f"{self.requests:,} requests x ({self.prompt_tokens:,} input tokens x {rate(price.input_per_1m)} + "
                f"{_tokens(self.output_tokens / max(self.requests, 1))} output tokens x {rate(price.output_per_1m)}) "
                f"per 1M = {dollars(self.inference_usd)}")
        capacity = self.option.capacity
        if capacity is not None and self.replicas is not None:
            text += (f"; serving {self.replicas:,} replica(s) of {capacity.what} x 720 hours x "
                     f"{rate(capacity.replica_usd_per_hour)} = {dollars(self.hosting_usd)}")
        elif self.hosting_usd:
            text += (f"; hosting {self.option.hosted_hours:,} hours x {rate(price.hosting_per_hour)} = "
                     f"{dollars(self.hosting_usd)}")
        if self.operations_usd:
            text += f"; running it yourself {dollars(self.operations_usd)} a month"
        if self.option.cached_prefix is not None:
            text += f"; {self.option.cached_prefix.sentence}"
        if self.option.batch_discount:
            text += f"; batch API {self.option.batch_discount:.0%} off every token"
        if self.storage_usd:
            text += f"; storage {dollars(self.storage_usd)} a month"
        return text


def monthly_cost(option: Option, traffic: Traffic) -> MonthlyCost:
    requests = traffic.requests_per_month
    prompt = traffic.prompt_tokens(option.few_shot)
    cached = option.cached_prefix
    if cached is not None:
        fresh = max(prompt - cached.tokens, 0)
        per_request = inference_usd(option.price, fresh, traffic.output_tokens) + cached.usd()
    else:
        per_request = per_request_usd(option.price, prompt, traffic.output_tokens)
    per_request *= 1 - option.batch_discount
    operations, replicas = ZERO, None
    if option.capacity is not None:
        replicas = option.capacity.replicas(requests)
        hosting = option.capacity.hosting_usd(requests)
        operations = option.capacity.ops_usd_per_month
    else:
        hosting = Decimal(option.hosted_hours) * option.price.hosting_per_hour
    return MonthlyCost(option, requests, prompt, Decimal(requests) * prompt, Decimal(requests) * traffic.output_tokens,
                       per_request * requests, hosting, per_request, option.price.storage_per_month, replicas,
                       operations)


def inference_usd(price: Price, input_tokens: Decimal | int, output_tokens: Decimal | int,
                  cached_input_tokens: Decimal | int = 0) -> Decimal:
    """Token cost: fresh input, cached input (at the cached price where there is one) and output, per 1M."""
    input_price = price.input_per_1m or ZERO
    cached_price = price.cached_input_per_1m if price.cached_input_per_1m is not None else input_price
    fresh = Decimal(input_tokens) - Decimal(cached_input_tokens)
    return (fresh * input_price + Decimal(cached_input_tokens) * cached_price
            + Decimal(output_tokens) * (price.output_per_1m or ZERO)) / MILLION


# --- Break-even ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BreakEven:
    value: Decimal | None  # None: never, with the reason in `sentence`
    sentence: str


def volume_break_even(base: MonthlyCost, tuned: MonthlyCost, one_off_usd: Decimal, horizon_months: int,
                      what: str = "training") -> BreakEven:
    """The fewest monthly requests at which the fine-tuned option, its one-off cost (`what`) spread over
    `horizon_months`, costs no more than `base`.

    Per-token and hourly-fee options cost a fixed amount plus a price per request, so the two lines cross once.
    An option billed by replicas steps up each time another replica is needed: between steps it is a line, and the
    crossing is found step by step (a replica that saves less than it costs means it never catches up)."""
    saving = base.per_request_usd - tuned.per_request_usd
    spread = one_off_usd / horizon_months
    if saving <= 0:
        return BreakEven(None, f"{tuned.option.label} costs as much or more per request than "
                               f"{base.option.label}, so it is never cheaper at these prices.")
    capacity = tuned.option.capacity
    if capacity is None:
        requests = max((spread + tuned.fixed_usd - base.fixed_usd) / saving, ZERO)
    else:
        found = _stepped_crossing(base, tuned, spread, saving)
        if found is None:
            return BreakEven(None, f"{tuned.option.label} saves less per request than each extra replica costs, so "
                                   f"it never becomes cheaper than {base.option.label} at these prices.")
        requests = found
    requests = requests.to_integral_value(rounding=ROUND_CEILING)
    return BreakEven(requests, f"Above {requests:,.0f} requests a month ({requests / DAYS_PER_MONTH:,.0f} a day), "
                               f"{tuned.option.label} is cheaper than {base.option.label}, with {what} spread "
                               f"over {horizon_months} months.")


def _stepped_crossing(base: MonthlyCost, tuned: MonthlyCost, spread: Decimal, saving: Decimal) -> Decimal | None:
    capacity = tuned.option.capacity
    assert capacity is not None
    replica_month = capacity.replica_usd_per_hour * HOURS_PER_MONTH
    other_fixed = spread + tuned.storage_usd + tuned.operations_usd - base.fixed_usd
    per_replica = Decimal(capacity.most_requests(1))  # requests one more replica adds, at the stated peak

    def crossing(replicas: int) -> Decimal:
        return (other_fixed + replicas * replica_month) / saving

    replicas = capacity.min_replicas
    if crossing(replicas) > capacity.most_requests(replicas):
        gain = per_replica - replica_month / saving  # how much closer each step brings the crossing
        if gain <= 0:
            return None
        behind = crossing(replicas) - capacity.most_requests(replicas)
        replicas += max(1, int((behind / gain).to_integral_value(rounding=ROUND_CEILING)))
        while crossing(replicas) > capacity.most_requests(replicas):  # floor rounding of the steps
            replicas += 1
    start = capacity.most_requests(replicas - 1) + 1 if replicas > capacity.min_replicas else 0
    return max(crossing(replicas), Decimal(start))


def payback_months(base: MonthlyCost, tuned: MonthlyCost, one_off_usd: Decimal, what: str = "training") -> BreakEven:
    """Months for the monthly saving to repay a one-off cost (`what` names it: "training", "training and project")."""
    saving = base.total_usd - tuned.total_usd
    if saving <= 0:
        return BreakEven(None, f"{tuned.option.label} never pays back its {what} at this volume: it costs "
                               f"{dollars(-saving)} a month more than {base.option.label}.")
    months = one_off_usd / saving
    return BreakEven(months, f"{tuned.option.label} pays back its {dollars(one_off_usd)} {what} in "
                             f"{months_text(months)}, saving {dollars(saving)} a month.")


def blended_per_1m(price: Price, input_share: Decimal) -> Decimal:
    return input_share * (price.input_per_1m or ZERO) + (1 - input_share) * (price.output_per_1m or ZERO)


def hourly_crossover(per_token: MonthlyCost, hourly: MonthlyCost, input_share: Decimal) -> BreakEven:
    """Tokens per hour above which the option with an hourly fee beats the one billed by tokens only.

    hourly fee / per-token saving, at the traffic's input/output mix; the client's guide's OpenAI-versus-
    Azure crossover is this with the same model at both.
    """
    a, b = per_token.option, hourly.option
    fee = (hourly.fixed_usd - per_token.fixed_usd) / HOURS_PER_MONTH
    saving = blended_per_1m(a.price, input_share) - blended_per_1m(b.price, input_share)
    if fee <= 0:
        if saving >= 0:
            return BreakEven(ZERO, f"{b.label} has no higher fixed fee and is not dearer per token than "
                                   f"{a.label}, so it is cheaper at any volume.")
        return BreakEven(None, f"{b.label} is never cheaper than {a.label}: dearer per token.")
    if saving <= 0:
        return BreakEven(None, f"{b.label} is never cheaper than {a.label} at these prices: its tokens cost as much "
                               f"or more, and it adds {rate(fee)}/hour.")
    tokens = fee / saving * MILLION
    return BreakEven(tokens, f"{b.label} is cheaper than {a.label} above {tokens:,.0f} tokens per hour: "
                             f"{rate(fee)}/hour fixed / {rate(saving)} per 1M tokens saved at {input_share:.0%} input.")


def azure_crossover(openai: Price, azure: Price, input_share: Decimal) -> BreakEven:
    """The guide's comparison as prices only (the CLI's `breakeven`): a month of hosting at each price."""
    zero = Traffic(0, 0, 0, 0, 0)
    return hourly_crossover(monthly_cost(Option("openai", "OpenAI", openai, False, 0), zero),
                            monthly_cost(Option("azure", "Azure", azure, False, HOURS_PER_MONTH), zero), input_share)
