"""Every session-state key in one place, and the only code that writes the scenario's answers.

Widget keys vanish when their page is not shown, so answers live under ANSWERS, copied there by the
widgets' callbacks. What a shared link must restore also lives in the URL's query parameters.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lib.questionnaire import Answers, AnswerValue
from lib.scenario import answers_from_query, answers_to_query


class Keys:
    """Every session-state key the app sets, in one place; pages change state only through the accessors of
    ui/state.py, ui/costs.py and ui/dataset.py (a test holds them to it)."""

    INITIALISED = "initialised"
    ANSWERS = "answers"
    WIZARD_STEP = "wizard_step"
    WIDGET_GENERATION = "widget_generation"  # bumped when answers are replaced, so widgets show the new ones
    CONFIRM_RESET = "confirm_reset"
    URL_NOTES = "url_notes"  # why parts of a shared link were not used
    FLASH = "flash"  # a message to show once on the next page run
    CONFIRM_DEMO = "confirm_demo"  # the demo would replace answers: ask first
    UNDO_ANSWERS = "undo_answers"  # the answers the demo replaced, until undone or changed
    PRESENT = "present_mode"  # larger type and one thing at a time, for a projector
    # The dataset (ui/dataset.py)
    FINE_TUNE_MODEL = "fine_tune_model"  # shared with the cost pages: tokens are counted for the model being priced
    EPOCHS = "dataset_epochs"  # None: the Cookbook's default rule
    DOOR = "dataset_door"  # the provider whose rules and tokenizer the dataset is checked for
    UPLOADS = "dataset_uploads"  # how many files this session has uploaded: names a fresh, empty uploader
    # The cost settings (ui/costs.py)
    AS_OF = "cost_as_of"
    CURRENT_MODEL = "cost_current_model"  # set by the guide preset; otherwise the questionnaire's answer
    LARGER_MODEL = "cost_larger_model"
    MODELS = "cost_models"  # provider -> model priced there
    TIERS = "cost_tiers"  # provider -> tier
    HORIZON = "cost_horizon_months"
    TRAINING_HOURS = "cost_training_hours"  # option id -> hours, for hourly-billed training
    CHOSEN = "cost_chosen_options"  # option ids drawn in the charts; absent: the defaults
    PROJECT = "cost_project_usd"  # one-off project cost; absent: the rules file's default
    EDITED_PRICES = "edited_prices"  # a tuple of Price rows, or absent for the table as shipped
    LINKED_DATASET = "linked_dataset"  # a shared link's dataset summary (data_examples, ...), without the file


def init_state() -> None:
    """Defaults for a new session; a shared link's answers and cost settings are read once, here."""
    if st.session_state.get(Keys.INITIALISED):
        return
    from ui import costs  # the cost settings' keys live there

    answers, dropped = answers_from_query(st.query_params.to_dict())
    dropped += costs.restore_from_link(st.query_params.to_dict())
    st.session_state[Keys.ANSWERS] = answers
    st.session_state[Keys.URL_NOTES] = dropped
    st.session_state[Keys.WIZARD_STEP] = 0
    st.session_state[Keys.WIDGET_GENERATION] = 0
    st.session_state[Keys.CONFIRM_RESET] = False
    st.session_state[Keys.FLASH] = ""
    st.session_state[Keys.INITIALISED] = True


def answers() -> Answers:
    return st.session_state[Keys.ANSWERS]


def set_answer(question_id: str, value: AnswerValue | None) -> None:
    current = dict(answers())
    if value is None:
        current.pop(question_id, None)
    else:
        current[question_id] = value
    st.session_state[Keys.ANSWERS] = current
    st.session_state.pop(Keys.UNDO_ANSWERS, None)  # the user moved on from the demo
    st.session_state[Keys.URL_NOTES] = []  # the user has moved on from the link


def replace_answers(new_answers: Answers, keep_undo: bool = False) -> None:
    if keep_undo and answers():
        st.session_state[Keys.UNDO_ANSWERS] = dict(answers())
    else:
        st.session_state.pop(Keys.UNDO_ANSWERS, None)
    st.session_state[Keys.ANSWERS] = dict(new_answers)
    renew_widgets()
    st.session_state[Keys.URL_NOTES] = []


def start_over() -> None:
    """Everything this session holds goes: answers, the uploaded dataset, cost settings, edited prices."""
    from ui import dataset  # held outside session state, so it is freed apart from it

    dataset.forget()
    generation = st.session_state.get(Keys.WIDGET_GENERATION, 0)
    st.session_state.clear()
    st.query_params.clear()
    init_state()
    # new widget keys, so no widget shows a value from before
    st.session_state[Keys.WIDGET_GENERATION] = generation + 1


def renew_widgets() -> None:
    """New keys for every widget, so each shows the state's value rather than what it held before."""
    st.session_state[Keys.WIDGET_GENERATION] += 1


def widget_key(name: str) -> str:
    return f"w{st.session_state[Keys.WIDGET_GENERATION]}_{name}"


def scenario_query() -> dict[str, str]:
    """What a link must carry to show the same scenario: the answers and the cost settings."""
    from ui import costs

    return {**answers_to_query(answers()), **costs.link_settings()}


def sync_url() -> None:
    """Keep the address bar equal to the scenario, so copying it shares the scenario."""
    wanted = scenario_query()
    # to_dict() keeps one value per key, so a link repeating a key with other values would look equal
    repeated = any(len(st.query_params.get_all(key)) > 1 for key in st.query_params)
    if repeated or st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def flash(message: str) -> None:
    st.session_state[Keys.FLASH] = message


def take_flash() -> str:
    message: Any = st.session_state.get(Keys.FLASH, "")
    st.session_state[Keys.FLASH] = ""
    return str(message)


def undo_demo() -> None:
    replace_answers(st.session_state.pop(Keys.UNDO_ANSWERS, {}))


def set_step(step: int) -> None:
    st.session_state[Keys.WIZARD_STEP] = step


def set_confirm_demo(asking: bool) -> None:
    st.session_state[Keys.CONFIRM_DEMO] = asking


def set_confirm_reset(asking: bool) -> None:
    st.session_state[Keys.CONFIRM_RESET] = asking


def present() -> bool:
    return bool(st.session_state.get(Keys.PRESENT))


def set_present(on: bool) -> None:
    st.session_state[Keys.PRESENT] = on
