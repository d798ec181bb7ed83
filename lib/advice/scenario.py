"""A scenario's answers in the two forms they travel in: a JSON file and a shareable URL."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from lib.advice.questionnaire import Answers, AnswersError, Questionnaire, load_questionnaire
from lib.catalog.prices import Price
from lib.numbers import NumberError, parse_amount, parse_whole, shown
from lib.paths import SAMPLES_DIR

# An answers file is a few hundred bytes; anything far larger is not one.
MAX_ANSWERS_BYTES = 100_000


def answers_from_json(text: str | bytes, questionnaire: Questionnaire | None = None) -> Answers:
    """Strictly read an answers file; AnswersError carries one sentence for the user."""
    questionnaire = questionnaire or load_questionnaire()
    if len(text) > MAX_ANSWERS_BYTES:
        raise AnswersError("This file is too large to be an answers file (over 100 KB).")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AnswersError("This answers file is not UTF-8 text.") from None
    try:
        raw = json.loads(text, object_pairs_hook=_no_repeated_keys)
    except json.JSONDecodeError as error:
        raise AnswersError(
            f"This answers file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise AnswersError("This answers file is nested too deeply to be an answers file.") from None
    except ValueError:
        raise AnswersError("This answers file holds a number with thousands of digits; no answer is that "
                           "large.") from None
    except _RepeatedKey as repeated:
        raise AnswersError(f"This answers file gives {shown(str(repeated))} more than once; keep the one you "
                           "mean.") from None
    return questionnaire.check(raw)


class _RepeatedKey(Exception):
    pass


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise _RepeatedKey(key)
        found[key] = value
    return found


def answers_to_json(answers: Answers, questionnaire: Questionnaire | None = None) -> str:
    """Answers in questionnaire order, so saved files diff cleanly."""
    questionnaire = questionnaire or load_questionnaire()
    ordered = {key: answers[key] for key in questionnaire.ids() if key in answers}
    return json.dumps(ordered, indent=2) + "\n"


def answers_to_query(answers: Answers, questionnaire: Questionnaire | None = None) -> dict[str, str]:
    """URL query parameters: readable and hand-editable (`goals=best_quality,context_overflow`)."""
    questionnaire = questionnaire or load_questionnaire()
    query: dict[str, str] = {}
    for key in questionnaire.ids():
        if key not in answers:
            continue
        value = answers[key]
        query[key] = ",".join(value) if isinstance(value, list) else str(value)
    return query


def answers_from_query(
    params: Mapping[str, str | list[str]], questionnaire: Questionnaire | None = None
) -> tuple[Answers, list[str]]:
    """Answers found in a URL, keeping each that fits; also the sentences for those dropped."""
    questionnaire = questionnaire or load_questionnaire()
    raw: dict[str, object] = {}
    dropped: list[str] = []
    for key, value in params.items():
        if key not in questionnaire.ids():
            continue  # other parameters (the wizard's step, say) are not answers
        text = _last_value(key, value)
        if not isinstance(text, str):
            dropped.append(text.sentence)
            continue
        if questionnaire.question(key).kind == "multi":
            raw[key] = [item.strip() for item in text.split(",") if item.strip()]
        else:
            raw[key] = text
    answers, refused = questionnaire.salvage(raw)
    return answers, dropped + refused


@dataclass(frozen=True)
class _NoValue:
    sentence: str


def _last_value(key: str, value: object) -> str | _NoValue:
    """The value a parameter carries (the last, when a link repeats it), or why there is none: a link may
    carry `?key=` several times, never, or (from code) as an empty list or a non-text value."""
    if isinstance(value, list | tuple):
        if not value:
            return _NoValue(f"{shown(key)} was given without a value, so it was left out.")
        value = value[-1]
    if isinstance(value, str):
        return value
    return _NoValue(f"{shown(key)} must be text, not {type(value).__name__}, so it was left out.")


def demo_answers() -> Answers:
    """The recipe-generation assistant used in live demos."""
    return answers_from_json((SAMPLES_DIR / "demo_answers.json").read_bytes())


# --- Cost settings in the link -----------------------------------------------------------------------
# Besides the answers, a shared link carries what was chosen on the Costs page, so a colleague sees the
# same numbers: prices' date, horizon, project cost, the models, and the model and tier at each door.
# Everything is checked against the data; what does not fit is dropped and said, like a bad answer.

EARLIEST_PRICES, LATEST_PRICES = date(2023, 1, 1), date(2030, 12, 31)
# The options a link asks the charts to draw: ids as the comparison writes them ("azure/gpt-4.1-mini/lora/global").
MAX_SHOWN_OPTIONS = 40
OPTION_ID = re.compile(r"[a-z0-9][a-z0-9._/-]{0,99}")
# What a link carries of an analysed dataset (the file itself never travels): name -> allowed range.
DATASET_SUMMARY = {"data_examples": (1, 100_000_000), "data_tokens": (1, 10**13), "data_average": (1, 10**8),
                   "data_longest": (1, 10**8), "data_epochs": (1, 50)}


def settings_to_query(settings: Mapping[str, object]) -> dict[str, str]:
    query: dict[str, str] = {}
    for key, value in settings.items():
        if key in ("models", "tiers") and isinstance(value, Mapping):
            query.update({f"{key[:-1]}.{provider}": str(choice) for provider, choice in sorted(value.items())})
        elif key == "show" and isinstance(value, list | tuple):
            query[key] = ",".join(str(option_id) for option_id in value)
        elif key == "caching" and isinstance(value, bool):
            query[key] = "on" if value else "off"
        elif value is not None:
            query[key] = value.isoformat() if isinstance(value, date) else str(value)
    return query


def settings_from_query(params: Mapping[str, str | list[str]]) -> tuple[dict[str, object], list[str]]:
    """The cost settings a link carries, each checked; and a sentence for each one that was dropped."""
    from lib.catalog.base_prices import knows
    from lib.catalog.models import fine_tunable_models, load_models
    from lib.catalog.prices import load_prices, models_priced, provider_ids, tiers_of
    from lib.selfhost.shapes import load_open_models

    settings: dict[str, object] = {"models": {}, "tiers": {}}
    dropped: list[str] = []
    for key, raw in params.items():
        if not _is_setting(key):
            continue
        text = _last_value(key, raw)
        if not isinstance(text, str):
            dropped.append(text.sentence)
            continue
        try:
            if key == "as_of":
                try:
                    day = date.fromisoformat(text)
                except ValueError:
                    raise NumberError(f"'as_of' must be a date (YYYY-MM-DD); got {shown(text)}.") from None
                if not EARLIEST_PRICES <= day <= LATEST_PRICES:
                    raise NumberError(f"'as_of' must be between {EARLIEST_PRICES} and {LATEST_PRICES}.")
                settings["as_of"] = day
            elif key == "horizon":
                settings["horizon"] = parse_whole(text, "'horizon'", 1, 36)
            elif key == "project":
                settings["project"] = parse_amount(text, "'project'", 0, 10_000_000)
            elif key in SERVING_SETTINGS:
                parse, low, high = SERVING_SETTINGS[key]
                settings[key] = parse(text, f"'{key}'", low, high)
            elif key == "caching":
                if text not in ("on", "off"):
                    raise NumberError(f"'caching' must be on or off; got {shown(text)}.")
                settings["caching"] = text == "on"
            elif key in ("larger", "current", "dataset_model"):
                known = load_models() if key != "dataset_model" else {facts.id: facts for facts in
                                                                      fine_tunable_models()}
                if text not in known and not (key == "current" and knows(text)):
                    raise NumberError(f"'{key}' must be a model the app knows; got {shown(text)}.")
                settings[key] = text
            elif key == "show":
                settings["show"] = _option_ids(text)
            elif key in DATASET_SUMMARY:
                low, high = DATASET_SUMMARY[key]
                summary = settings.setdefault("dataset", {})
                summary[key] = parse_whole(text, f"'{key}'", low, high)  # type: ignore[index]
            elif key.startswith(("model.", "tier.")):
                kind, _, provider = key.partition(".")
                if provider not in provider_ids():
                    raise NumberError(f"{shown(key)} names no service the app knows.")
                allowed = (tiers_of(load_prices(), provider) if kind == "tier" else
                           models_priced(load_prices(), provider, "fine_tuned", LATEST_PRICES)
                           + [model.id for model in load_open_models()])
                if text not in allowed:
                    raise NumberError(f"{shown(key)} must be one of {', '.join(allowed[:8])}; got {shown(text)}.")
                settings[f"{kind}s"][provider] = text  # type: ignore[index]
        except NumberError as problem:
            dropped.append(str(problem))
    summary = settings.get("dataset")
    if isinstance(summary, dict) and set(summary) == set(DATASET_SUMMARY):
        problem = summary_problem(summary)
        if problem:
            settings.pop("dataset")
            dropped.append(f"the link's dataset summary does not add up ({problem}), so it was not used and the "
                           "questionnaire's estimates are.")
    return settings, dropped


def summary_problem(summary: Mapping[str, int]) -> str:
    """Why a dataset summary cannot describe one dataset, checked as a whole ("" when it can): every example has
    a token, the average is within the longest, and the tokens within examples x longest and examples x average."""
    examples, tokens = summary["data_examples"], summary["data_tokens"]
    average, longest = summary["data_average"], summary["data_longest"]
    if tokens < examples:
        return f"{tokens:,} tokens cannot hold {examples:,} examples"
    if average > longest:
        return f"an average of {average:,} tokens is longer than the longest example, {longest:,}"
    if tokens > examples * longest:
        return f"{tokens:,} tokens is more than {examples:,} examples of at most {longest:,} tokens"
    if tokens > examples * (average + 1):
        return f"{tokens:,} tokens is more than {examples:,} examples of {average:,} tokens on average"
    return ""


def repeated_parameters(params: Mapping[str, list[str]]) -> list[str]:
    """A sentence for each parameter a link gives more than once: the last value is the one used."""
    return [f"{shown(key)} is given {len(values)} times; the last value, {shown(values[-1])}, is used."
            for key, values in params.items() if len(values) > 1]


# Serving and caching settings a link may carry: (parser, lowest, highest)
SERVING_SETTINGS = {"peak": (parse_amount, 1, 100), "replicas": (parse_whole, 1, 1000),
                    "ops_hours": (parse_amount, 0, 744), "hit_rate": (parse_amount, 0, 1)}


def _is_setting(key: str) -> bool:
    return key in ("as_of", "horizon", "project", "larger", "current", "dataset_model", "show", "caching") \
        or key in SERVING_SETTINGS or key in DATASET_SUMMARY or key.startswith(("model.", "tier."))


def _option_ids(text: str) -> list[str]:
    ids = text.split(",") if text else []
    if len(ids) > MAX_SHOWN_OPTIONS or not all(OPTION_ID.fullmatch(option_id) for option_id in ids):
        raise NumberError(f"'show' must list up to {MAX_SHOWN_OPTIONS} options, separated by commas; got "
                          f"{shown(text)}.")
    return ids


def default_provider(providers: list[str], answers: Mapping[str, object], today: date,
                     model: str | None = None) -> str:
    """The provider a team that has not chosen one starts with: open to it (its answer on OpenAI access), needing
    no cloud account it said it does not use, taking its examples if they must stay in-house; among those one that
    fine-tunes `model`. Else the first provider open to it, else the first of `providers`."""
    from lib.catalog.availability import path_status, rule_for
    from lib.catalog.models import load_models

    access = answers.get("openai_access")
    cloud, leave = answers.get("cloud"), answers.get("data_may_leave")
    open_ = [provider for provider in providers
             if path_status(provider, today, access if isinstance(access, str) else None, model).usable]
    fitting = [provider for provider in open_
               if (not cloud or rule_for(provider).cloud in ("none", cloud))
               and (leave != "no" or rule_for(provider).in_house)]
    facts = load_models().get(model or "")
    trains = [provider for provider in fitting
              if (facts is not None and facts.provider == provider) or rule_for(provider).default_model == model]
    return next(iter(trains or fitting or open_ or providers))


# A team's own price rows travel in a link as `team.N` parameters, one billed amount each, in the price file's CSV
# columns: provider|model|kind|tier|method|serving|date|billed|amount|source (the source last: it may hold "|").
TEAM_PARAM = "team."
MAX_LINKED_TEAM_AMOUNTS = 100
_TEAM_COLUMNS = ("provider", "model", "kind", "tier", "method", "serving", "date", "billed", "amount", "source")


def read_team_prices(text: str, name: str) -> tuple[tuple[Price, ...], list[str]]:
    """A team's price file (CSV or TOML, as `python -m lib prices --prices FILE` reads it) row by row: the good
    rows, and one sentence, with its line (CSV) or row (TOML), for each row refused."""
    from lib.catalog.freshness import parse_price_file
    from lib.catalog.prices import PriceError, parse_price

    if name.lower().endswith(".toml"):
        try:
            rows = tomllib.loads(text).get("prices")
        except tomllib.TOMLDecodeError as problem:
            return (), [f"{shown(name)} is not valid TOML: {problem}."]
        if not isinstance(rows, list) or not rows:
            return (), [f"{shown(name)} needs [[prices]] rows as in data/prices.toml."]
        good: list[Price] = []
        problems: list[str] = []
        starts = [number for number, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[prices]]"]
        for number, row in enumerate(rows, start=1):
            where = f"Line {starts[number - 1]}" if len(starts) == len(rows) else f"Price row {number}"
            try:
                if not isinstance(row, dict):
                    raise PriceError(f"{where}: not a table of columns.")
                good.append(parse_price(row, where))
            except PriceError as problem:
                problems.append(str(problem))
        return tuple(good), problems
    reader = csv.reader(io.StringIO(text))
    lines = [(reader.line_num, row) for row in reader]
    if not lines:
        return (), [f"{shown(name)} is empty."]
    header = [column.strip() for column in lines[0][1]]
    try:
        parse_price_file(_csv_text(header, []), name)
    except PriceError as problem:
        if str(problem).startswith("Line 1"):
            return (), [str(problem)]
    groups: dict[tuple[str, ...], list[tuple[int, list[str]]]] = {}
    for number, row in lines[1:]:
        if not any(cell.strip() for cell in row):
            continue
        values = dict(zip(header, (cell.strip() for cell in row), strict=False))
        key = tuple(values.get(column, "") for column in ("provider", "model", "kind", "tier", "method", "date"))
        groups.setdefault(key, []).append((number, row))
    good, problems = [], []
    for group in groups.values():
        try:
            good.extend(parse_price_file(_csv_text(header, [row for _, row in group]), name))
        except PriceError as problem:  # "Line k" of the group's own text: said with the file's line
            problems.append(_file_line(str(problem), [number for number, _ in group]))
    if not good and not problems:
        problems.append(f"{shown(name)} has a header but no price lines.")
    return tuple(good), problems


def _file_line(sentence: str, numbers: list[int]) -> str:
    """A sentence about "Line k" of one row's own CSV text, said with that line's number in the file."""
    found = re.match(r"Line (\d+)", sentence)
    index = int(found[1]) - 2 if found else -1
    return f"Line {numbers[index]}{sentence[found.end():]}" if found and 0 <= index < len(numbers) else sentence


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def team_prices_to_query(prices: tuple[Price, ...]) -> dict[str, str]:
    """A team's own price rows as link parameters, one billed amount each."""
    from lib.catalog.prices import MONEY_FIELDS

    query: dict[str, str] = {}
    for price in prices:
        for billed in MONEY_FIELDS:
            amount = getattr(price, billed)
            if amount is None or (not amount and billed in ("hosting_per_hour", "storage_per_month",
                                                            "training_minimum")):
                continue
            query[f"{TEAM_PARAM}{len(query) + 1}"] = "|".join((
                price.provider, price.model, price.kind, price.tier, price.method, price.serving,
                price.effective.isoformat(), billed, format(amount, "f"), price.source))
    return query


def team_prices_from_query(params: Mapping[str, str | list[str]]) -> tuple[tuple[Price, ...], list[str]]:
    """A link's own price rows, checked as a price file is; a sentence for each that could not be used."""
    carried = [(key, raw[-1] if isinstance(raw, list) else raw) for key, raw in params.items()
               if key.startswith(TEAM_PARAM)]
    if not carried:
        return (), []
    dropped = []
    if len(carried) > MAX_LINKED_TEAM_AMOUNTS:
        dropped.append(f"The link carries {len(carried):,} of your own prices; only the first "
                       f"{MAX_LINKED_TEAM_AMOUNTS} were used.")
    rows = []
    for key, text in carried[:MAX_LINKED_TEAM_AMOUNTS]:
        parts = str(text).split("|", len(_TEAM_COLUMNS) - 1)
        if len(parts) != len(_TEAM_COLUMNS):
            dropped.append(f"{shown(key)} is not one of your prices as the app writes it; it was ignored.")
            continue
        rows.append(parts)
    prices, problems = read_team_prices(_csv_text(list(_TEAM_COLUMNS), rows), "the link's own prices")
    return prices, dropped + [f"Your own prices in the link: {problem}" for problem in problems]
