"""The scenario as a whole: started from a shared link, written back to the address bar, and cleared.
It joins the answers (ui/state.py), the cost settings (ui/costs.py) and the held dataset (ui/dataset.py)."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.advice.scenario import answers_from_query, answers_to_query, repeated_parameters
from ui import costs, dataset, long_links, state
from ui.state import Keys


def init_state() -> None:
    """Defaults for a new session; a shared link's answers and cost settings are read once, here."""
    if st.session_state.get(Keys.INITIALISED):
        return
    answers, dropped = answers_from_query(st.query_params.to_dict())
    context = get_script_run_ctx()
    unread = long_links.take(context.session_id if context else None)
    st.session_state[Keys.LINK_UNREAD] = unread or ""
    dropped += repeated_parameters({key: st.query_params.get_all(key) for key in st.query_params})
    dropped += costs.restore_from_link(st.query_params.to_dict())
    st.session_state[Keys.ANSWERS] = answers
    st.session_state[Keys.URL_NOTES] = dropped
    st.session_state[Keys.WIZARD_STEP] = 0
    st.session_state[Keys.WIDGET_GENERATION] = 0
    st.session_state[Keys.CONFIRM_RESET] = False
    st.session_state[Keys.FLASH] = ""
    st.session_state[Keys.INITIALISED] = True


long_links.install()  # before any session's first page run, so a link Streamlit could not read is heard


def start_over() -> None:
    """Everything this session holds goes: answers, the uploaded dataset, cost settings, edited prices."""
    dataset.forget()
    generation = st.session_state.get(Keys.WIDGET_GENERATION, 0)
    st.session_state.clear()
    st.query_params.clear()
    init_state()
    # new widget keys, so no widget shows a value from before
    st.session_state[Keys.WIDGET_GENERATION] = generation + 1


def scenario_query() -> dict[str, str]:
    """What a link must carry to show the same scenario: the answers and the cost settings."""
    return {**answers_to_query(state.answers()), **costs.link_settings()}


def sync_url() -> None:
    """Keep the address bar equal to the scenario, so copying it shares the scenario."""
    wanted = scenario_query()
    # to_dict() keeps one value per key, so a link repeating a key with other values would look equal
    repeated = any(len(st.query_params.get_all(key)) > 1 for key in st.query_params)
    if repeated or st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
