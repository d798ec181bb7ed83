"""One widget per questionnaire question, writing its answer to session state as soon as it changes."""

from __future__ import annotations

import streamlit as st

from lib import clock
from lib.advice.questionnaire import AnswerValue, Question
from lib.catalog.base_prices import catalog_models, custom_id, custom_prices, snapshot_date
from ui import state

# Longer lists are easier to scan in a dropdown than as a column of radio buttons.
MAX_RADIO_OPTIONS = 6


def _store(question_id: str, key: str) -> None:
    value = st.session_state.get(key)
    state.set_answer(question_id, None if value is None else value)


def ask(question: Question) -> AnswerValue | None:
    """Draw the question with its current answer and why we ask it; return what the widget now shows."""
    shown = _widget(question)
    st.caption(f":material/help: Why we ask: {question.help}")
    return shown


def _widget(question: Question) -> AnswerValue | None:
    key = state.widget_key(question.id)
    current = state.answers().get(question.id)
    common = {"key": key, "on_change": _store, "args": (question.id, key)}
    if question.kind == "choice":
        values = question.option_values()
        if len(values) > MAX_RADIO_OPTIONS:
            return st.selectbox(question.label, values, index=values.index(current) if current in values else None,
                                format_func=question.option_label, placeholder="Choose one", **common)
        return st.radio(
            question.label,
            values,
            index=values.index(current) if current in values else None,
            format_func=question.option_label,
            **common,
        )
    if question.kind == "model":
        return _model_picker(question, current, key)
    if question.kind == "multi":
        return st.multiselect(
            question.label,
            question.option_values(),
            default=current if isinstance(current, list) else [],
            format_func=question.option_label,
            placeholder="None of these",
            **common,
        )
    return st.number_input(
        question.display_label,
        min_value=question.minimum,
        max_value=question.maximum,
        value=current if isinstance(current, int) else None,
        step=1,
        placeholder="Type a number",
        **common,
    )


def record(question: Question, shown: AnswerValue | None) -> None:
    """Moving on counts as answering: an empty multi-choice means "none of these"."""
    if shown is None:
        return
    state.set_answer(question.id, list(shown) if isinstance(shown, list) else shown)


OWN_PRICES = "custom"  # the picker's "another model: enter its prices"


def _store_model(question_id: str, key: str) -> None:
    if st.session_state.get(key) != OWN_PRICES:
        _store(question_id, key)
        return
    prices = (st.session_state.get(f"{key}.in"), st.session_state.get(f"{key}.out"))
    if None not in prices:
        state.set_answer(question_id, custom_id(*prices))  # type: ignore[arg-type]


def _model_picker(question: Question, current: AnswerValue | None, key: str) -> AnswerValue | None:
    """Every model the price snapshot knows: grouped by provider, newest first, searchable by typing; the
    questionnaire's usual models first; and "another model", priced by the team."""
    listed = {row.value: row.label for row in catalog_models(clock.today())}
    labels = {**listed, **{option.value: option.label for option in question.options}}  # the usual ones as named
    values = [*question.option_values(), *(value for value in listed if value not in question.option_values())]
    own = custom_prices(current) if isinstance(current, str) else None
    if isinstance(current, str) and own is None and current not in labels:
        values.append(current)
    values.append(OWN_PRICES)
    labels[OWN_PRICES] = "Another model: enter its prices"
    chosen = OWN_PRICES if own is not None else current
    picked = st.selectbox(question.label, values, index=values.index(chosen) if chosen in values else None,
                          format_func=lambda value: labels.get(value, value), placeholder="Type to search",
                          key=key, on_change=_store_model, args=(question.id, key),
                          help=f"Base prices from the genai-prices snapshot of {snapshot_date().isoformat()}.")
    if picked != OWN_PRICES:
        return picked
    left, right = st.columns(2)
    common = {"min_value": 0.0, "max_value": 10_000.0, "step": 0.01, "format": "%.4f",
              "on_change": _store_model, "args": (question.id, key)}
    left.number_input("Input, USD per 1M tokens", value=float(own[0]) if own else None, key=f"{key}.in", **common)
    right.number_input("Output, USD per 1M tokens", value=float(own[1]) if own else None, key=f"{key}.out", **common)
    prices = (st.session_state.get(f"{key}.in"), st.session_state.get(f"{key}.out"))
    return custom_id(*prices) if None not in prices else None
