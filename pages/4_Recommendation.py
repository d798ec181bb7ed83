"""Recommendation: the verdict with its reasons and next steps."""

import streamlit as st

from lib.decision import evaluate
from ui import bootstrap, state
from ui.pages import QUESTIONNAIRE
from ui.verdict import show_verdict

bootstrap("Recommendation", ":material/verified:")

st.title("Recommendation")
verdict = evaluate(state.answers())
show_verdict(verdict)
if verdict.missing:
    st.page_link(QUESTIONNAIRE.path, label="Answer the remaining questions", icon=":material/checklist:",
                 query_params=state.scenario_query())

st.subheader("Costs")
st.info(
    "Coming next: the monthly cost of each option at your traffic, break-even charts and the providers still "
    "open to you. This section is not built yet."
)
