"""One widget per questionnaire question, writing its answer to session state as soon as it changes."""

from __future__ import annotations

import streamlit as st

from lib.advice.questionnaire import AnswerValue, Question
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
