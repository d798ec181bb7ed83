"""Every session-state key in one place, and the only code that writes the scenario's answers.

Widget keys vanish when their page is not shown, so answers live under ANSWERS, copied there by the
widgets' callbacks. What a shared link must restore also lives in the URL's query parameters.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from lib.advice.questionnaire import Answers, AnswerValue


class Keys:
    """Every session-state key the app sets, in one place; pages change state only through the accessors of
    ui/state.py, ui/scenario.py, ui/costs.py and ui/dataset.py (a test holds them to it)."""

    INITIALISED = "initialised"
    ANSWERS = "answers"
    WIZARD_STEP = "wizard_step"
    WIDGET_GENERATION = "widget_generation"  # bumped when answers are replaced, so widgets show the new ones
    CONFIRM_RESET = "confirm_reset"
    URL_NOTES = "url_notes"  # why parts of a shared link were not used
    LINK_UNREAD = "link_unread"  # why a whole shared link could not be read (Streamlit dropped it), or ""
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
    PROJECT = "cost_project_usd"  # one-off project cost; absent: data/costs.toml's default
    PEAK = "cost_peak_to_average"  # busiest hour over the average; absent: data/serving.toml's
    MIN_REPLICAS = "cost_min_replicas"  # replicas kept running; absent: 2, or 1 for an internal tool
    OPS_HOURS = "cost_ops_hours"  # an engineer's hours a month running a self-hosted service
    CACHING = "cost_caching"  # False: price today's model without prompt caching (the guide's 2023 preset)
    HIT_RATE = "cost_cache_hit_rate"  # share of requests that find the few-shot prefix cached
    EDITED_PRICES = "edited_prices"  # a tuple of Price rows, or absent for the table as shipped
    LINKED_DATASET = "linked_dataset"  # a shared link's dataset summary (data_examples, ...), without the file
    TEAM_PRICES = "team_prices"  # the team's own price rows (a loaded price file or a link's), beside the catalog
    TEAM_PRICE_NOTES = "team_price_notes"  # one sentence per row of the last price file that was refused
    TEAM_UPLOADS = "team_price_uploads"  # how many price files were loaded: names a fresh, empty uploader
    # What a page draws, kept for the session (`remembered`)
    REMEMBERED = "remembered"  # fingerprint of what a result was made from -> the result, the newest last




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




def renew_widgets() -> None:
    """New keys for every widget, so each shows the state's value rather than what it held before."""
    st.session_state[Keys.WIDGET_GENERATION] += 1


def widget_key(name: str) -> str:
    return f"w{st.session_state[Keys.WIDGET_GENERATION]}_{name}"


T = TypeVar("T")
REMEMBER_AT_MOST = 6  # results kept per session: a page's charts at the last few scenarios and Present or not


def remembered(inputs: object, make: Callable[[], T]) -> T:
    """What `make` returns for `inputs`, made once per session while it is among the REMEMBER_AT_MOST newest.

    For work a rerun would repeat with the same inputs (a page's chart specs): `inputs` must hold everything the
    result depends on, and is fingerprinted by its pickled bytes. Kept in this session's state, so nothing passes
    between sessions; inputs that cannot be pickled are simply made again each time.
    """
    try:
        fingerprint = hashlib.sha256(pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    except (pickle.PicklingError, TypeError, AttributeError):
        return make()
    kept: dict[str, Any] = st.session_state.setdefault(Keys.REMEMBERED, {})
    if fingerprint in kept:
        kept[fingerprint] = kept.pop(fingerprint)  # now the newest
        return kept[fingerprint]
    result = make()
    kept[fingerprint] = result
    while len(kept) > REMEMBER_AT_MOST:
        kept.pop(next(iter(kept)))
    return result






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
