"""The questionnaire: one topic per step, with Back/Next, and saving or loading a whole scenario."""

import streamlit as st

from lib.advice.questionnaire import AnswersError, load_questionnaire
from lib.advice.scenario import answers_from_json, answers_to_json
from ui import bootstrap, scenario, state
from ui.pages import QUESTIONNAIRE, RECOMMENDATION
from ui.questions import ask, record
from ui.safe import md
from ui.sidebar import back_and_next

bootstrap("Questionnaire")

questionnaire = load_questionnaire()
steps = questionnaire.steps
index = min(max(st.session_state[state.Keys.WIZARD_STEP], 0), len(steps) - 1)
step = steps[index]

st.title("Questionnaire")
st.progress((index + 1) / len(steps), text=f"Step {index + 1} of {len(steps)}: {step.title}")
st.subheader(step.title)
st.write(step.intro)

shown = {question.id: ask(question) for question in step.questions}


def _leave_step(offset: int) -> None:
    for question in step.questions:
        record(question, shown[question.id])
    state.set_step(index + offset)


# one row of buttons as wide as their words: a sixth of the page cut "See the verdict" short at 1280 px
back = forward = st.container(horizontal=True)
if index > 0 and back.button("Back", icon=":material/arrow_back:", key="wizard_back"):
    _leave_step(-1)
    st.rerun()
if index < len(steps) - 1:
    if forward.button("Next", icon=":material/arrow_forward:", type="primary", key="wizard_next"):
        _leave_step(+1)
        st.rerun()
elif forward.button("See the verdict", icon=":material/verified:", type="primary", key="wizard_finish"):
    _leave_step(0)
    st.switch_page(RECOMMENDATION.path, query_params=scenario.scenario_query())

st.divider()
with st.expander("Save or load this scenario"):
    st.write(
        "Download the answers as a JSON file to keep them or share them; load a file to continue where "
        "someone left off. The page address also carries the answers, so copying the link shares them too."
    )
    st.download_button(
        "Download answers (JSON)",
        data=lambda: answers_to_json(state.answers()),
        file_name="fine-tune-advisor-answers.json",
        mime="application/json",
        icon=":material/download:", on_click="ignore",
    )
    # No `type=` filter: a wrong file gets our own message rather than Streamlit's error.
    uploaded = st.file_uploader("Load answers from a JSON file", key=state.widget_key("answers_file"))
    if uploaded is not None:
        try:
            loaded = answers_from_json(uploaded.getvalue())
        except AnswersError as problem:
            st.error(f"{md(uploaded.name)} was not loaded, and your current answers are unchanged. {md(problem)}")
        else:
            state.replace_answers(loaded)
            state.flash(f"Loaded {len(loaded)} answers from {md(uploaded.name)}.")
            st.rerun()

back_and_next(QUESTIONNAIRE)
