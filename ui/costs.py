"""Cost settings and the edited price table, kept in session state; the comparison both cost pages show."""

from __future__ import annotations

from datetime import date

import streamlit as st

from lib.comparison import Comparison, CostSettings, compare, training_data
from lib.models import load_models
from lib.pricing import Price, load_prices
from ui import dataset, state

AS_OF = "cost_as_of"
SMALL_MODEL = dataset.MODEL  # one model to fine-tune across the Dataset and cost pages
LARGER_MODEL = "cost_larger_model"
AZURE_TIER = "cost_azure_tier"
HORIZON = "cost_horizon_months"
TRAINING_HOURS = "cost_training_hours"
EDITED_PRICES = "edited_prices"  # a tuple of Price rows, or absent for the table as shipped
PRESENT = "present_mode"


def settings() -> CostSettings:
    defaults = CostSettings(as_of=date.today())
    return CostSettings(
        as_of=st.session_state.get(AS_OF, defaults.as_of),
        small_model=dataset.chosen_model(),
        larger_model=st.session_state.get(LARGER_MODEL, defaults.larger_model),
        azure_tier=st.session_state.get(AZURE_TIER, defaults.azure_tier),
        horizon_months=st.session_state.get(HORIZON, defaults.horizon_months),
        training_hours=st.session_state.get(TRAINING_HOURS),
        epochs=dataset.chosen_epochs(),
    )


def prices() -> tuple[Price, ...]:
    return st.session_state.get(EDITED_PRICES) or load_prices()


def prices_edited() -> bool:
    return EDITED_PRICES in st.session_state


def current_comparison() -> Comparison:
    chosen = settings()
    report = dataset.current_report()
    facts = load_models().get(chosen.small_model)
    if report is not None and report.valid_example_tokens:
        data = training_data(state.answers(), report.valid_example_tokens, report.n_epochs,
                             facts.training_context if facts else None, chosen.epochs)
    else:
        data = training_data(state.answers(), None, None, None, chosen.epochs)
    return compare(state.answers(), data, chosen, prices())


def present_mode() -> bool:
    return bool(st.session_state.get(PRESENT, False))
