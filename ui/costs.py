"""Cost settings and the edited price table, kept in session state; the comparison both cost pages show."""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from lib import clock
from lib.comparison import (
    DEFAULT_FINE_TUNE_MODEL,
    DEFAULT_LARGER_MODEL,
    Comparison,
    CostSettings,
    compare,
    training_data,
)
from lib.dataset.reading import UnreadableFile
from lib.guide_figures import GUIDE_DATE
from lib.models import load_models
from lib.pricing import Price, load_prices
from ui import dataset, state

AS_OF = "cost_as_of"
SMALL_MODEL = dataset.MODEL  # one model to fine-tune across the Dataset and cost pages
CURRENT_MODEL = "cost_current_model"  # set by the guide preset; otherwise the questionnaire's answer
LARGER_MODEL = "cost_larger_model"
MODELS = "cost_models"  # provider -> model priced there
TIERS = "cost_tiers"  # provider -> tier
HORIZON = "cost_horizon_months"
TRAINING_HOURS = "cost_training_hours"  # option id -> hours, for hourly-billed training
CHOSEN = "cost_chosen_options"  # option ids drawn in the charts; absent: the defaults
EDITED_PRICES = "edited_prices"  # a tuple of Price rows, or absent for the table as shipped
PRESENT = "present_mode"


def settings() -> CostSettings:
    today = clock.today()
    return CostSettings(
        as_of=st.session_state.get(AS_OF, today),
        today=today,
        small_model=dataset.chosen_model(),
        current_model=st.session_state.get(CURRENT_MODEL),
        larger_model=st.session_state.get(LARGER_MODEL, DEFAULT_LARGER_MODEL),
        models=dict(st.session_state.get(MODELS, {})),
        tiers=dict(st.session_state.get(TIERS, {})),
        horizon_months=st.session_state.get(HORIZON, 12),
        training_hours=dict(st.session_state.get(TRAINING_HOURS, {})),
        epochs=dataset.chosen_epochs(),
    )


def remember(setting: str, widget_key: str) -> None:
    """A widget's callback: its value becomes the setting before the page runs."""
    st.session_state[setting] = st.session_state[widget_key]


def set_for_provider(key: str, provider: str, value: str | Decimal | None) -> None:
    chosen = dict(st.session_state.get(key, {}))
    if value is None:
        chosen.pop(provider, None)
    else:
        chosen[provider] = value
    st.session_state[key] = chosen


def reproduce_the_guide() -> None:
    """The client's guide's scenario: prices of 6 November 2023, gpt-3.5-turbo at OpenAI and Azure."""
    st.session_state[AS_OF] = GUIDE_DATE
    st.session_state[SMALL_MODEL] = "gpt-3.5-turbo"
    st.session_state[CURRENT_MODEL] = "gpt-3.5-turbo"
    st.session_state[LARGER_MODEL] = "gpt-4-turbo"
    st.session_state[MODELS] = {"openai": "gpt-3.5-turbo", "azure": "gpt-3.5-turbo"}
    st.session_state[TIERS] = {"azure": "standard"}
    st.session_state.pop(CHOSEN, None)
    state.renew_widgets()  # the pickers must show the preset, not what they held before


def back_to_today() -> None:
    for key in (AS_OF, CURRENT_MODEL, LARGER_MODEL, MODELS, TIERS, CHOSEN):
        st.session_state.pop(key, None)
    st.session_state[SMALL_MODEL] = DEFAULT_FINE_TUNE_MODEL
    state.renew_widgets()


def prices() -> tuple[Price, ...]:
    return st.session_state.get(EDITED_PRICES) or load_prices()


def prices_edited() -> bool:
    return EDITED_PRICES in st.session_state


def replace_price(old: Price, new: Price) -> None:
    st.session_state[EDITED_PRICES] = tuple(new if price == old else price for price in prices())


def reset_prices() -> None:
    st.session_state.pop(EDITED_PRICES, None)


def chosen_options() -> list[str] | None:
    return st.session_state.get(CHOSEN)


def current_comparison() -> Comparison:
    """The comparison at the current settings; the dataset's counts replace estimates whenever one is stored.

    If the model was changed after the dataset was analysed, its report is made here, so changing the
    model never silently drops the dataset from the costs.
    """
    chosen = settings()
    report = dataset.current_report()
    if report is None and dataset.stored() is not None:
        try:
            with st.spinner("Counting your dataset's tokens for this model..."):
                report = dataset.report(chosen.small_model, chosen.epochs)
        except UnreadableFile:
            report = None
    facts = load_models().get(chosen.small_model)
    if report is not None and report.valid_example_tokens:
        data = training_data(state.answers(), report.valid_example_tokens, report.n_epochs,
                             facts.training_context if facts else None, chosen.epochs)
    else:
        data = training_data(state.answers(), None, None, None, chosen.epochs)
    return compare(state.answers(), data, chosen, prices())


def present_mode() -> bool:
    return bool(st.session_state.get(PRESENT, False))
