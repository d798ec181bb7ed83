"""Cost settings and the edited price table, kept in session state; the comparison both cost pages show."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import streamlit as st

from lib import clock
from lib.advice.advise import Advice, advise, what_the_dataset_changed
from lib.advice.scenario import (
    DATASET_SUMMARY,
    settings_from_query,
    settings_to_query,
    team_prices_from_query,
    team_prices_to_query,
)
from lib.catalog.availability import serving_note
from lib.catalog.freshness import with_team_prices
from lib.catalog.models import load_models
from lib.catalog.prices import Price, edits_from_query, edits_to_query, load_prices
from lib.costs.alternatives import larger_model
from lib.costs.comparison import Comparison
from lib.costs.fine_tuned import models_fine_tuned
from lib.costs.guide import GUIDE_DATE, GUIDE_PROVIDERS
from lib.costs.options import FINE_TUNED, TrainingData, dataset_training, training_data
from lib.costs.settings import DEFAULT_CURRENT_MODEL, DEFAULT_FINE_TUNE_MODEL, DEFAULT_LARGER_MODEL, CostSettings
from lib.dataset.reading import UnreadableFile
from lib.dataset.report import DatasetReport
from ui import dataset, state
from ui.state import Keys

AS_OF, CURRENT_MODEL, LARGER_MODEL = Keys.AS_OF, Keys.CURRENT_MODEL, Keys.LARGER_MODEL
MODELS, TIERS, HORIZON, PROJECT = Keys.MODELS, Keys.TIERS, Keys.HORIZON, Keys.PROJECT
TRAINING_HOURS, CHOSEN, EDITED_PRICES = Keys.TRAINING_HOURS, Keys.CHOSEN, Keys.EDITED_PRICES
SMALL_MODEL = Keys.FINE_TUNE_MODEL  # one model to fine-tune across the Dataset and cost pages


def settings() -> CostSettings:
    today = clock.today()
    return CostSettings(
        as_of=st.session_state.get(AS_OF, today),
        today=today,
        small_model=dataset.chosen_model(),
        current_model=st.session_state.get(CURRENT_MODEL),
        larger_model=st.session_state.get(LARGER_MODEL) or default_larger(),
        models=dict(st.session_state.get(MODELS, {})),
        tiers=dict(st.session_state.get(TIERS, {})),
        horizon_months=st.session_state.get(HORIZON, 12),
        training_hours=dict(st.session_state.get(TRAINING_HOURS, {})),
        epochs=dataset.chosen_epochs(),
        project_usd=st.session_state.get(PROJECT),
        peak_to_average=st.session_state.get(Keys.PEAK),
        min_replicas=st.session_state.get(Keys.MIN_REPLICAS),
        ops_hours=st.session_state.get(Keys.OPS_HOURS),
        caching=st.session_state.get(Keys.CACHING, True),
        cache_hit_rate=st.session_state.get(Keys.HIT_RATE),
    )


def default_larger() -> str:
    """A model larger than today's; today's own model (nothing larger drawn) when the catalog knows none larger."""
    today = st.session_state.get(CURRENT_MODEL) or state.answers().get("current_model") or DEFAULT_CURRENT_MODEL
    return larger_model(str(today), DEFAULT_LARGER_MODEL) or str(today)


def remember(setting: str, widget_key: str) -> None:
    """A widget's callback: its value becomes the setting before the page runs."""
    st.session_state[setting] = st.session_state[widget_key]


def remember_amount(setting: str, widget_key: str) -> None:
    st.session_state[setting] = Decimal(str(st.session_state[widget_key]))


def set_for_provider(key: str, provider: str, value: str | Decimal | None) -> None:
    chosen = dict(st.session_state.get(key, {}))
    if value is None:
        chosen.pop(provider, None)
    else:
        chosen[provider] = value
    st.session_state[key] = chosen


_LINKED = {AS_OF: "as_of", HORIZON: "horizon", PROJECT: "project", LARGER_MODEL: "larger",
           CURRENT_MODEL: "current", SMALL_MODEL: "dataset_model", MODELS: "models", TIERS: "tiers", CHOSEN: "show",
           Keys.PEAK: "peak", Keys.MIN_REPLICAS: "replicas", Keys.OPS_HOURS: "ops_hours", Keys.CACHING: "caching",
           Keys.HIT_RATE: "hit_rate"}


def link_settings() -> dict[str, str]:
    """The cost settings chosen in this session, as query parameters (defaults are left out of the link), with
    any edited prices."""
    query = settings_to_query({name: st.session_state[key] for key, name in _LINKED.items()
                               if st.session_state.get(key) not in (None, {})})
    if prices_edited():
        query.update(edits_to_query(prices(), load_prices()))
    query.update(team_prices_to_query(team_prices()))
    query.update({key: str(value) for key, value in dataset_summary().items()})
    return query


def dataset_summary() -> dict[str, int]:
    """What a link carries of the analysed dataset (its numbers, never the file), or of the one it came with."""
    report = dataset.current_report()
    if report is None or not report.n_valid:
        return dict(st.session_state.get(Keys.LINKED_DATASET, {}))
    data = _from_report(report, settings())
    return {"data_examples": data.examples, "data_tokens": data.tokens_per_epoch,
            "data_average": max(1, data.example_tokens), "data_longest": data.longest_example or 1,
            "data_epochs": data.epochs}


def _linked_training(chosen: CostSettings) -> TrainingData | None:
    summary = st.session_state.get(Keys.LINKED_DATASET)
    if not summary:
        return None
    examples, tokens = summary["data_examples"], summary["data_tokens"]
    epochs = chosen.epochs or summary["data_epochs"]
    return TrainingData(examples, tokens, summary["data_average"], epochs,
                        f"the dataset summary in the shared link: {examples:,} valid examples, {tokens:,} tokens "
                        "per epoch (the file itself stays with whoever analysed it)", summary["data_longest"])


def restore_from_link(params: dict[str, str | list[str]]) -> list[str]:
    """A shared link's cost settings into this new session; a sentence for each that could not be used."""
    settings, dropped = settings_from_query(params)
    for key, name in _LINKED.items():
        if settings.get(name) not in (None, {}):
            st.session_state[key] = settings[name]
    edited, not_used = edits_from_query(params, load_prices())
    if edited is not None:
        set_edited_prices(edited)
    team, refused = team_prices_from_query(params)
    if team:
        st.session_state[Keys.TEAM_PRICES] = team
    not_used += refused
    summary = settings.get("dataset") or {}
    if summary and set(summary) == set(DATASET_SUMMARY):
        st.session_state[Keys.LINKED_DATASET] = summary
    elif summary:
        not_used.append("the link's dataset summary is incomplete, so the questionnaire's estimates are used.")
    return dropped + not_used


def reproduce_the_guide() -> None:
    """The client's guide's scenario: prices of 6 November 2023, gpt-3.5-turbo at OpenAI and Azure."""
    st.session_state[AS_OF] = GUIDE_DATE
    st.session_state[SMALL_MODEL] = "gpt-3.5-turbo"
    st.session_state[CURRENT_MODEL] = "gpt-3.5-turbo"
    st.session_state[LARGER_MODEL] = "gpt-4-turbo"
    st.session_state[MODELS] = {"openai": "gpt-3.5-turbo", "azure": "gpt-3.5-turbo"}
    st.session_state[TIERS] = {"azure": "standard"}
    st.session_state[Keys.CACHING] = False  # the guide's 2023 figures price every prompt in full
    # the guide compared OpenAI with Azure; drawn even where OpenAI is now closed to the team, so its figures show
    st.session_state[CHOSEN] = [option.id for option in current_comparison().options
                                if option.role != FINE_TUNED or option.provider in GUIDE_PROVIDERS]
    state.renew_widgets()  # the pickers must show the preset, not what they held before


def back_to_today() -> None:
    for key in (AS_OF, CURRENT_MODEL, LARGER_MODEL, MODELS, TIERS, CHOSEN, Keys.CACHING):
        st.session_state.pop(key, None)
    st.session_state[SMALL_MODEL] = DEFAULT_FINE_TUNE_MODEL
    state.renew_widgets()


def prices() -> tuple[Price, ...]:
    """The price table in use: the published one or its edited copy, with the team's own rows beside it."""
    table = st.session_state.get(EDITED_PRICES) or load_prices()
    team = team_prices()
    return with_team_prices(table, team) if team else table


def team_prices() -> tuple[Price, ...]:
    return tuple(st.session_state.get(Keys.TEAM_PRICES, ()))


def load_team_prices(loaded: tuple[Price, ...], refused: list[str]) -> None:
    """A price file's good rows replace the team's previous ones; its refused rows are said on the next run."""
    if loaded:
        st.session_state[Keys.TEAM_PRICES] = loaded
    st.session_state[Keys.TEAM_PRICE_NOTES] = refused
    st.session_state[Keys.TEAM_UPLOADS] = st.session_state.get(Keys.TEAM_UPLOADS, 0) + 1


def team_price_notes() -> list[str]:
    return list(st.session_state.get(Keys.TEAM_PRICE_NOTES, []))


def team_uploader_key() -> str:
    return state.widget_key(f"team_prices_{st.session_state.get(Keys.TEAM_UPLOADS, 0)}")


def forget_team_prices() -> None:
    st.session_state.pop(Keys.TEAM_PRICES, None)
    st.session_state.pop(Keys.TEAM_PRICE_NOTES, None)


def prices_edited() -> bool:
    return EDITED_PRICES in st.session_state


def replace_price(old: Price, new: Price) -> None:
    st.session_state[EDITED_PRICES] = tuple(new if price == old else price for price in prices())


def reset_prices() -> None:
    st.session_state.pop(EDITED_PRICES, None)


def model_label(model_id: str, provider: str) -> str:
    """A model's name for a picker, marked when its fine-tuned models have stopped (or will stop) serving."""
    facts = load_models().get(model_id)
    name = facts.label if facts else model_id
    note = serving_note(provider, model_id, clock.today())
    return f"{name} · {note}" if note else name


def set_edited_prices(edited: tuple[Price, ...]) -> None:
    st.session_state[EDITED_PRICES] = edited


def choose_options(option_ids: list[str]) -> None:
    st.session_state[CHOSEN] = option_ids


def chosen_options() -> list[str] | None:
    return st.session_state.get(CHOSEN)


def _from_report(report: DatasetReport, chosen: CostSettings) -> TrainingData:
    return dataset_training(report.valid_tokens, report.n_epochs, chosen.epochs, report.encoding)


def _training(report: DatasetReport | None, chosen: CostSettings) -> TrainingData:
    """The dataset's counts for the model being priced, and with every other tokenizer a priced door bills by."""
    if report is None or not report.n_valid:
        return _linked_training(chosen) or training_data(state.answers(), None, None, None, chosen.epochs)
    primary = _from_report(report, chosen)
    others: dict[str, TrainingData] = {}
    for model in sorted(models_fine_tuned(chosen, prices())):
        facts = load_models().get(model)
        if facts is None or facts.encoding == report.encoding or facts.encoding in others:
            continue
        try:
            with st.spinner(f"Counting your dataset's tokens with {facts.encoding} for {facts.label}..."):
                counted = dataset.report(model, chosen.epochs)
        except UnreadableFile:
            continue
        if counted.n_valid:
            others[counted.encoding] = _from_report(counted, chosen)
    return replace(primary, other_counts=others)


def _report() -> DatasetReport | None:
    """The dataset's report for the current model; made here if the model changed after the analysis, so
    changing the model never silently drops the dataset from the costs."""
    chosen = settings()
    report = dataset.current_report()
    if report is None and dataset.stored() is not None:
        try:
            with st.spinner("Counting your dataset's tokens for this model..."):
                report = dataset.report(chosen.small_model, chosen.epochs)
        except UnreadableFile:
            report = None
    return report


def current_advice() -> Advice:
    """The comparison, verdict and door at the current settings, the dataset's counts replacing estimates."""
    chosen = settings()
    report = _report()
    with st.spinner("Pricing every way to run your product at your traffic..."):
        return advise(state.answers(), _training(report, chosen), chosen, prices(),
                      dataset_analysed=report is not None or Keys.LINKED_DATASET in st.session_state)


def dataset_change(advice: Advice) -> str | None:
    """What the dataset changed compared with the questionnaire's estimates, when it changed anything."""
    if not advice.facts.values.get("dataset_analysed"):
        return None
    chosen = settings()
    questionnaire_only = training_data(state.answers(), None, None, None, chosen.epochs)
    estimated = advise(state.answers(), questionnaire_only, chosen, prices())
    return what_the_dataset_changed(estimated, advice)


def current_comparison() -> Comparison:
    return current_advice().comparison

