"""The sidebar every page shows: the journey's pages, questionnaire progress and "Start over"."""

from __future__ import annotations

import streamlit as st

from lib.questionnaire import load_questionnaire
from ui import state
from ui.pages import JOURNEY


def draw_sidebar() -> None:
    questionnaire = load_questionnaire()
    answered = questionnaire.answered_count(state.answers())
    total = len(questionnaire.ids())
    with st.sidebar:
        st.markdown("### Fine-Tune Advisor")
        query = state.scenario_query()
        for page in JOURNEY:
            st.page_link(page.path, label=page.label, icon=page.icon, query_params=query)
        st.divider()
        st.caption(f"Questionnaire: {answered} of {total} answered")
        st.progress(answered / total)
        _start_over()


def _start_over() -> None:
    if not st.session_state[state.Keys.CONFIRM_RESET]:
        if st.button("Start over", icon=":material/restart_alt:", key="start_over"):
            st.session_state[state.Keys.CONFIRM_RESET] = True
            st.rerun()
        return
    st.warning("Clear every answer and start again? This cannot be undone.")
    confirm, cancel = st.columns(2)
    if confirm.button("Yes, clear", type="primary", key="start_over_confirm"):
        state.start_over()
        state.flash("Everything was cleared. You are starting a new scenario.")
        st.rerun()
    if cancel.button("Cancel", key="start_over_cancel"):
        st.session_state[state.Keys.CONFIRM_RESET] = False
        st.rerun()
