"""What a person reads about the comparison, built from its values: why an option cannot be used, its payback in
words, the constraint that shaped the choice, the four headline figures, and plain names for internal keys.
Numbers stay numbers in the comparison; these functions only write them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lib.catalog.availability import PathStatus
from lib.catalog.freshness import STALE_AFTER_DAYS
from lib.costs.comparison import Comparison
from lib.costs.money import dollars, months_text
from lib.costs.options import FINE_TUNED, PricedOption


def service_name(option: PricedOption) -> str:
    """A provider's short name: "Amazon Bedrock", not "Amazon Bedrock (model customization)"."""
    return option.provider_label.split(" (")[0]


def why_not(option: PricedOption, horizon_months: int) -> str:
    """Why the team cannot use this option, in a few words ("" when it can): closed, a constraint, an end of
    serving, or an unknown price."""
    if not option.available:
        return "not available to you"
    if not option.fits:
        return "your data may not go there" if _in_house(option) \
            else "breaks your constraints: " + "; ".join(option.fit_notes)
    if option.ends:
        return f"stops serving on {option.serving_until.isoformat()}" if option.serving_until else option.ends
    if option.role == FINE_TUNED and option.horizon_usd(horizon_months) is None:
        return "price unknown: enter it on the Costs page"
    return ""


def can_use(option: PricedOption, horizon_months: int) -> str:
    """The table's "Can you use it?" column: "yes", or why not."""
    return why_not(option, horizon_months) or "yes"


def payback_words(option: PricedOption) -> str:
    """The payback column: months, "under a month", "never at this traffic", or why there is none."""
    if option.role != FINE_TUNED:
        return "n/a: not fine-tuned"
    if option.one_off_usd is None:
        return "unknown: no training price"
    if option.payback is None:
        return "n/a: nothing to compare with"
    return "never at this traffic" if option.payback.value is None else months_text(option.payback.value)


def path_words(status: PathStatus, option: PricedOption | None) -> str:
    """A service's status as the services list says it: open but closed to this team's data where it is."""
    if status.usable and option is not None and not option.fits:
        reason = "your data may not go there" if _in_house(option) else "; ".join(option.fit_notes)
        return f"open, but {reason}"
    return {"open": "open", "closing": "closing"}.get(status.state, "not available to you")


def _in_house(option: PricedOption) -> bool:
    return any("in-house" in note for note in option.fit_notes)


def constraint_sentence(comparison: Comparison) -> str:
    """The constraint that shaped the choice, with what the cheapest service it rules out would cost ("Your examples
    must stay in-house, so only Self-hosted training fits; Amazon Bedrock would cost $15.08 a month ... if they
    could leave."); "" when no constraint ruled out a service open to the team."""
    months = comparison.settings.horizon_months
    unfit = [option for option in comparison.fine_tuned if option.available and not option.fits]
    if not unfit:
        return ""
    fitting = list(dict.fromkeys(service_name(option) for option in comparison.candidates))
    if not fitting:
        allowed = "no fine-tuning service fits"
    elif len(fitting) == 1:
        allowed = f"only {fitting[0]} fits"
    else:
        allowed = f"only {', '.join(fitting[:-1])} and {fitting[-1]} fit"
    in_house = any(_in_house(option) for option in unfit)
    sentence = (f"Your examples must stay in-house, so {allowed}" if in_house
                else f"Because {unfit[0].fit_notes[0]}, {allowed}")
    priced = [option for option in unfit if option.horizon_usd(months) is not None]
    cheapest = min(priced, key=lambda option: (option.horizon_usd(months), option.label), default=None)
    if cheapest is None:
        return sentence + "."
    lifted = "if they could leave" if _in_house(cheapest) else "without that constraint"
    return (sentence + f"; {service_name(cheapest)} would cost {dollars(cheapest.monthly.total_usd)} a month "
            f"({dollars(cheapest.horizon_usd(months))} over {months} months) {lifted}.")


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    help: str


def baseline_words(comparison: Comparison) -> str:
    """What "today" means in the headline: the plain prompt, or the cheaper way to run it without training."""
    baseline = comparison.baseline
    if baseline is None or baseline is comparison.current:
        return "today"
    if baseline.monthly.option.cached_prefix is not None:
        return "today with prompt caching"
    if baseline.monthly.option.batch_discount:
        return "today through the batch API"
    return f"today ({baseline.label})"


def headline(comparison: Comparison, payback: str | None = None) -> tuple[Figure, ...]:
    """The four figures a meeting reads first: the cheapest usable option, its one-off cost, its monthly cost against
    the baseline (the cheapest way to run today's model), and its payback (`payback`: the verdict's own words)."""
    best, baseline = comparison.best, comparison.baseline
    if best is None:
        return (Figure("Cheapest fine-tuning open to you", "none",
                       "No fine-tuning service open to you fits your constraints with a known price."),
                Figure("Its one-off cost", "-", ""), Figure("Monthly, fine-tuned vs today", "-", ""),
                Figure("Pays back in", "-", ""))
    extras = "".join(f", {what} {dollars(usd)}" for what, usd in best.extra_one_off)
    one_off_help = (f"Training {dollars(best.training_usd)}, project {dollars(best.project_usd)}{extras}.")
    today = baseline_words(comparison)
    monthly = f"{dollars(best.monthly.total_usd)} vs {dollars(baseline.monthly.total_usd)}" if baseline else \
        dollars(best.monthly.total_usd)
    return (
        Figure("Cheapest fine-tuning open to you", service_name(best), best.label),
        Figure("Its one-off cost", dollars(best.one_off_usd), one_off_help),
        Figure(f"Monthly, fine-tuned vs {today}", monthly,
               f"At your traffic; {today} = {baseline.label}." if baseline else "At your traffic."),
        Figure("Pays back its one-off cost in", payback or payback_words(best),
               best.payback.sentence if best.payback else ""),
    )


# Plain names for the estimator's methods; the keys stay in hover help, exports and the command line.
METHOD_NAMES = {"full": "Full fine-tuning", "lora": "LoRA", "qlora": "QLoRA (4-bit base model)",
                "ia3": "IA3 (scaling vectors)", "prompt_tuning": "Prompt tuning (soft prompts)"}

# Short names for the dataset checks' problem keys (the keys stay in the CSV export).
PROBLEM_NAMES = {
    "missing_system_message": "No system message",
    "missing_user_message": "No user message",
    "example_missing_assistant_message": "No assistant reply",
    "missing_messages_list": "No list of messages",
    "missing_content": "A message without content",
    "message_missing_key": "A message lacks a field",
    "message_not_object": "A message is not an object",
    "message_unrecognized_key": "A message has an unknown field",
    "unrecognized_role": "Unknown role",
    "duplicate_example": "Duplicate example",
    "too_few_examples": "Too few examples",
    "few_examples": "Few examples",
    "data_type": "Not a JSON object",
    "empty_line": "Empty line",
    "invalid_json": "Not valid JSON",
    "door_alternate": "Provider: turns must alternate",
    "door_first_turn": "Provider: wrong first turn",
    "door_last_turn": "Provider: wrong last turn",
    "door_format": "Provider: file format not taken",
    "door_images": "Provider: images not taken",
    "door_reserved_word": "Provider: reserved word",
    "door_role": "Provider: role not taken",
    "door_system_position": "Provider: system message out of place",
    "door_too_many_examples": "Provider: too many examples",
    "door_tools": "Provider: tools not trained",
    "door_weight_ignored": "Provider: weights ignored",
}


def problem_name(key: str) -> str:
    """A problem key as a person reads it: its short name, else the key's words ("door" said as "provider")."""
    if key in PROBLEM_NAMES:
        return PROBLEM_NAMES[key]
    words = key.replace("door_", "provider_").replace("_", " ").strip()
    return words[:1].upper() + words[1:]



def unknown_ids(comparison: Comparison, ids: list[str] | None) -> list[str]:
    """The option ids a link asked to draw that this comparison does not have."""
    known = {option.id for option in comparison.options}
    return [option_id for option_id in ids or () if option_id not in known]


def read_ago(read_on: date | None, today: date, stale_after: int = STALE_AFTER_DAYS) -> str:
    """How old a price is, as its row says it: "read 12 days ago", marked when it is older than `stale_after` days
    ("read 120 days ago: over 90 days, check it"), or that no date is known."""
    if read_on is None:
        return "date read unknown: check it"
    days = (today - read_on).days
    when = "today" if days <= 0 else "yesterday" if days == 1 else f"{days:,} days ago"
    return f"read {when}: over {stale_after} days, check it" if days > stale_after else f"read {when}"
