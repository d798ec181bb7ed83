"""The sidebar every page shows: the journey's pages, questionnaire progress and "Start over"."""

from __future__ import annotations

import streamlit as st

from lib.advice.questionnaire import load_questionnaire
from ui import scenario, state
from ui.page_scripts import script_tag
from ui.pages import JOURNEY, QUESTIONNAIRE, PageInfo, neighbours


def draw_sidebar() -> None:
    questionnaire = load_questionnaire()
    answered = questionnaire.answered_count(state.answers())
    total = len(questionnaire.ids())
    with st.sidebar:
        st.markdown("### Fine-Tune Advisor")
        query = scenario.scenario_query()
        for page in JOURNEY:
            st.page_link(page.path, label=page.label, icon=page.icon, query_params=query)
        st.html(script_tag("close_menu_on_phone"), unsafe_allow_javascript=True)
        st.divider()
        _present_toggle()
        st.caption(f"Questionnaire: {answered} of {total} answered")
        st.progress(answered / total)
        if st.session_state.get(state.Keys.UNDO_ANSWERS) and st.button(
                "Undo the demo", icon=":material/undo:", key="undo_demo",
                help="Bring back the answers you had before loading the demo scenario."):
            state.undo_demo()
            state.flash("Your own answers are back.")
            st.rerun()
        _start_over()


def _start_over() -> None:
    if not st.session_state[state.Keys.CONFIRM_RESET]:
        if st.button("Start over", icon=":material/restart_alt:", key="start_over"):
            state.set_confirm_reset(True)
            st.rerun()
        return
    st.warning("Clear every answer and start again? This cannot be undone.")
    confirm, cancel = st.columns(2)
    if confirm.button("Yes, clear", type="primary", key="start_over_confirm"):
        scenario.start_over()
        state.flash("Everything was cleared. You are starting a new scenario.")
        # a new scenario starts at step 1, not at a verdict for zero answers
        st.switch_page(QUESTIONNAIRE.path)
    if cancel.button("Cancel", key="start_over_cancel"):
        state.set_confirm_reset(False)
        st.rerun()


def back_and_next(page: PageInfo) -> None:
    """Links to the previous and next pages at the foot of every page, so a phone never needs the sidebar."""
    before, after = neighbours(page)
    st.divider()
    left, right = st.columns(2)
    query = scenario.scenario_query()
    if before:
        left.page_link(before.path, label=f"Back: {before.label}", icon=":material/arrow_back:", query_params=query)
    if after:
        right.page_link(after.path, label=f"Next: {after.label}", icon=":material/arrow_forward:",
                        query_params=query)


def _present_toggle() -> None:
    """Present mode for a meeting: stays on from page to page (the widget's own key would not)."""

    key = "present_toggle"
    st.toggle("Present", value=state.present(), key=key,
              on_change=lambda: state.set_present(st.session_state[key]),
              help="For a projector: hides the inputs and details, collapses this sidebar on the next page and "
                   "gives each chart and its sentence a screen of its own.")
