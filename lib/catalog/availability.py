"""Which fine-tuning paths are open to a team today: data/availability.toml compared with a date.

The date is always passed in (the app passes today's), so nothing here ages with the code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from lib.paths import data_file

OPEN, CLOSING, CLOSED = "open", "closing", "closed"


CLOUDS = ("azure", "gcp", "aws", "none")


@dataclass(frozen=True)
class PathRule:
    provider: str
    label: str
    status: str
    source: str
    verified: bool
    default_model: str
    default_tier: str = ""
    cloud: str = "none"
    in_house: bool = False
    open_weight: bool = False
    new_users_closed_on: date | None = None
    new_jobs_until: date | None = None
    read_on: date | None = None
    confidence: str = "own_page"
    note: str = ""


@dataclass(frozen=True)
class ServingRule:
    provider: str
    models: tuple[str, ...]
    serving_until: date
    source: str
    verified: bool
    note: str = ""


@dataclass(frozen=True)
class PathStatus:
    provider: str
    label: str
    state: str  # open | closing | closed
    sentence: str
    source: str
    verified: bool

    @property
    def usable(self) -> bool:
        return self.state != CLOSED


@cache
def load_availability(
    path: Path | None = None,
) -> tuple[tuple[PathRule, ...], tuple[ServingRule, ...]]:
    path = path or data_file("availability.toml")
    with path.open("rb") as file:
        data = tomllib.load(file)
    paths = tuple(PathRule(**row) for row in data["paths"])
    for rule in paths:
        if rule.status not in ("open", "existing_customers_only", "closed"):
            raise ValueError(f"availability: unknown status {rule.status!r} for {rule.provider}")
        if rule.cloud not in CLOUDS:
            raise ValueError(f"availability: unknown cloud {rule.cloud!r} for {rule.provider}")
    if len({rule.provider for rule in paths}) != len(paths):
        raise ValueError("availability: a provider is listed twice")
    serving = tuple(ServingRule(**{**row, "models": tuple(row["models"])}) for row in data.get("serving", []))
    return paths, serving


def rule_for(provider: str) -> PathRule:
    paths, _ = load_availability()
    for rule in paths:
        if rule.provider == provider:
            return rule
    raise KeyError(provider)


def serving_until(provider: str, model: str) -> ServingRule | None:
    _, serving = load_availability()
    return next((rule for rule in serving if rule.provider == provider and model in rule.models), None)


def serving_note(provider: str, model: str, today: date) -> str:
    """"retired on <date>" or "retires on <date>" for a fine-tuned model with a published end, else ""."""
    rule = serving_until(provider, model)
    if rule is None:
        return ""
    verb = "retired" if rule.serving_until <= today else "retires"
    return f"{verb} on {rule.serving_until.isoformat()}"


def path_status(provider: str, today: date, has_access: str | None = None, model: str | None = None) -> PathStatus:
    """Whether this team can fine-tune (and then serve) `model` with `provider`, said in one sentence.

    has_access is the questionnaire's answer to "do you already have fine-tuning access": yes / no / unsure.
    """
    rule = rule_for(provider)
    reported = "" if rule.verified else " (reported; not yet confirmed by the provider)"
    if model:
        serving = serving_until(provider, model)
        if serving and today >= serving.serving_until:
            return PathStatus(provider, rule.label, CLOSED,
                              f"Fine-tuned {model} models stopped serving on {serving.serving_until.isoformat()}; "
                              f"choose another base model.", serving.source, serving.verified)
    if rule.status == "closed":
        return PathStatus(provider, rule.label, CLOSED, f"{rule.label} is closed.{reported}", rule.source,
                          rule.verified)
    if rule.status == "existing_customers_only":
        if rule.new_jobs_until and today > rule.new_jobs_until:
            return PathStatus(provider, rule.label, CLOSED,
                              f"{rule.label} stopped accepting new training jobs after "
                              f"{rule.new_jobs_until.isoformat()}.", rule.source, rule.verified)
        if has_access != "yes":
            since = f" since {rule.new_users_closed_on.isoformat()}" if rule.new_users_closed_on else ""
            answer = "you are not sure you have" if has_access == "unsure" else "you do not have"
            return PathStatus(provider, rule.label, CLOSED,
                              f"{rule.label} is closed to new users{since}, and {answer} existing access.",
                              rule.source, rule.verified)
        days = (rule.new_jobs_until - today).days if rule.new_jobs_until else None
        when = "today" if days == 0 else "1 day from today" if days == 1 else f"{days} days from today"
        until = f" until {rule.new_jobs_until.isoformat()} ({when})" if days is not None else ""
        sentence = f"{rule.label} is winding down: existing customers can start training jobs{until}."
        if model:
            serving = serving_until(provider, model)
            if serving:
                sentence += (f" Fine-tuned {model} models serve until {serving.serving_until.isoformat()}"
                             f"{'' if serving.verified else ' (reported)'}.")
        if rule.note:
            sentence += f" {rule.note}"
        return PathStatus(provider, rule.label, CLOSING, sentence, rule.source, rule.verified)
    sentence = f"{rule.label} is open."
    if rule.note:
        sentence += f" {rule.note}"
    return PathStatus(provider, rule.label, OPEN, sentence, rule.source, rule.verified)


def all_paths(today: date, has_access: str | None, models: dict[str, str] | None = None) -> list[PathStatus]:
    """Every door's status; `models` names the model priced at each provider (default: its default model)."""
    paths, _ = load_availability()
    return [path_status(rule.provider, today, has_access, (models or {}).get(rule.provider, rule.default_model))
            for rule in paths]


def json_state(status: PathStatus) -> str:
    """The CLI's word for a state: open | existing_customers_only | closed."""
    return {OPEN: "open", CLOSING: "existing_customers_only"}.get(status.state, "closed")
