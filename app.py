"""Welcome: what the tool does, and the way in (start the questionnaire, or load the demo)."""

import streamlit as st

from lib.advice.scenario import demo_answers
from ui import bootstrap, scenario, state
from ui.pages import DATASET, QUESTIONNAIRE, RECOMMENDATION, WELCOME
from ui.sidebar import back_and_next

bootstrap("Welcome")

st.title("Should we fine-tune an LLM for this, and what will it cost?")
st.markdown(
    """
Fine-Tune Advisor walks your team through the questions that decide whether fine-tuning a language
model is worth it, checks the dataset you would train on, and compares the costs of the options at
your own traffic. It takes about **5 minutes**; every number it shows says where it came from.

1. **Questionnaire**: seven short steps: prompting, data and privacy, freshness, scope, goals, what you run
   today, and traffic.
2. **Dataset** (optional): upload the JSONL or CSV file you would train on; it is validated line by line
   and its tokens counted exactly, on this machine. Nothing you upload leaves it.
3. **Costs**: every fine-tuning service you can still use, priced at your traffic against the model you run
   today, with break-even points.
4. **Recommendation**: a verdict with its reasons, next steps and a report to share.
5. **Strategies**: how open-weight models are fine-tuned, and what training one yourself needs and costs.
"""
)

start, demo = st.columns(2)
with start:
    st.page_link(QUESTIONNAIRE.path, label="Start the questionnaire", icon=":material/arrow_forward:",
                 query_params=scenario.scenario_query())
    st.page_link(DATASET.path, label="Just check a dataset", icon=":material/dataset:",
                 query_params=scenario.scenario_query())
with demo:
    def load_demo() -> None:
        had_answers = bool(state.answers())
        state.replace_answers(demo_answers(), keep_undo=True)
        # "Undo the demo" is offered only when there were answers to bring back
        state.flash("Demo scenario loaded: a recipe-generation assistant."
                    + (" \"Undo the demo\" in the sidebar brings your answers back." if had_answers else ""))
        st.switch_page(RECOMMENDATION.path, query_params=scenario.scenario_query())

    own = state.answers()
    if st.session_state.get(state.Keys.CONFIRM_DEMO):
        st.warning(f"The demo replaces your {len(own)} answers. You can undo it from the sidebar.")
        confirm, cancel = st.columns(2)
        if confirm.button("Load the demo anyway", type="primary", key="demo_confirm"):
            state.set_confirm_demo(False)
            with st.spinner("Loading the demo scenario..."):
                load_demo()
        if cancel.button("Keep my answers", key="demo_cancel"):
            state.set_confirm_demo(False)
            st.rerun()
    elif st.button("Load the demo scenario", icon=":material/play_circle:", type="primary",
                   help="Fills in realistic answers for a recipe-generation assistant, for a live demo."):
        if own and own != demo_answers():
            state.set_confirm_demo(True)
            st.rerun()
        with st.spinner("Loading the demo scenario..."):
            load_demo()
    st.caption("A recipe-generation assistant: 64 examples (the sample dataset), prompting close but inconsistent, "
               "20,000 requests a day.")

back_and_next(WELCOME)
