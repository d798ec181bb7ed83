"""Welcome: what the tool does, and the way in (start the questionnaire, or load the demo)."""

import streamlit as st

from lib.scenario import demo_answers
from ui import bootstrap, state
from ui.pages import DATASET, QUESTIONNAIRE, RECOMMENDATION

bootstrap("Welcome", ":material/home:")

st.title("Should we fine-tune an LLM for this, and what will it cost?")
st.markdown(
    """
Fine-Tune Advisor walks your team through the questions that decide whether fine-tuning a language
model is worth it, checks the dataset you would train on, and compares the costs of the options at
your own traffic. It takes about **5 minutes**; every number it shows says where it came from.

1. **Questionnaire**: six short steps: prompting, data and privacy, freshness, scope, goals, and traffic.
2. **Dataset** (optional): upload the JSONL or CSV file you would train on; it is validated line by line
   and its tokens counted exactly, on this machine. Nothing you upload leaves it.
3. **Costs**: monthly cost of each option at your traffic, break-even points and the providers still open to you.
4. **Recommendation**: a verdict with its reasons, next steps and a report to share.
5. **Strategies**: how open-weight models are fine-tuned, and what training one yourself needs and costs.
"""
)

start, demo = st.columns(2)
with start:
    st.page_link(QUESTIONNAIRE.path, label="Start the questionnaire", icon=":material/arrow_forward:",
                 query_params=state.scenario_query())
    st.page_link(DATASET.path, label="Just check a dataset", icon=":material/dataset:",
                 query_params=state.scenario_query())
with demo:
    if st.button("Load the demo scenario", icon=":material/play_circle:", type="primary",
                 help="Fills in realistic answers for a recipe-generation assistant, for a live demo."):
        state.replace_answers(demo_answers())
        state.flash("Demo scenario loaded: a recipe-generation assistant.")
        st.switch_page(RECOMMENDATION.path, query_params=state.scenario_query())
    st.caption("A recipe-generation assistant: 80 examples, prompting close but inconsistent, 5,000 requests a day.")
