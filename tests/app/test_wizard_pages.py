"""The questionnaire, the demo scenario, saving and loading answers, and shared links, as a user drives them."""

import json

from lib.advice.scenario import answers_to_query, demo_answers
from tests.app.conftest import button, go, open_app, texts
from tests.conftest import N_QUESTIONS, N_STEPS

Q = "pages/1_Questionnaire.py"
R = "pages/4_Recommendation.py"


def _answer_current_step(at, answers):
    for radio in at.radio:
        question_id = radio.key.split("_", 1)[1]
        if question_id in answers:
            radio.set_value(answers[question_id])
    for select in at.selectbox:
        question_id = select.key.split("_", 1)[1]
        if question_id in answers:
            select.set_value(answers[question_id])
    for multi in at.multiselect:
        question_id = multi.key.split("_", 1)[1]
        if question_id in answers:
            multi.set_value(answers[question_id])
    for number in at.number_input:
        question_id = number.key.split("_", 1)[1]
        if question_id in answers:
            number.set_value(answers[question_id])


def _walk(at, answers):
    while True:
        _answer_current_step(at, answers)
        at.run()
        labels = [b.label for b in at.button]
        if "Next" not in labels:
            return at
        button(at, "Next").click().run()
        assert not at.exception


def test_every_page_renders_with_the_shared_sidebar():
    at = open_app()
    for page in (Q, "pages/2_Dataset.py", "pages/3_Costs.py", R, "pages/5_Strategies.py"):
        go(at, page)
        assert [link.label for link in at.sidebar.get("page_link")] == [
            "Welcome", "Questionnaire", "Dataset", "Costs", "Recommendation", "Strategies"]
        assert f"0 of {N_QUESTIONS} answered" in texts(at)


def test_walking_the_whole_questionnaire_records_every_answer_and_reaches_the_verdict():
    at = go(open_app(), Q)
    assert f"Step 1 of {N_STEPS}: Prompt engineering" in [p.proto.text for p in at.main.get("progress")]
    _walk(at, demo_answers())
    assert at.session_state["answers"] == demo_answers()
    assert f"{N_QUESTIONS} of {N_QUESTIONS} answered" in texts(at)
    button(at, "See the verdict").click().run()
    assert "Verdict: Fine-tune" in texts(at)


def test_back_and_next_keep_answers():
    at = go(open_app(), Q)
    at.radio[0].set_value("poor").run()
    button(at, "Next").click().run()
    at.number_input[0].set_value(33).run()
    button(at, "Back").click().run()
    assert at.radio[0].value == "poor"
    button(at, "Next").click().run()
    assert at.number_input[0].value == 33


def test_answers_survive_leaving_the_questionnaire_for_another_page():
    at = go(open_app(), Q)
    at.radio[0].set_value("poor").run()
    go(at, "pages/3_Costs.py")
    go(at, Q)
    assert at.radio[0].value == "poor"
    assert at.session_state["answers"]["prompting_result"] == "poor"


def test_moving_on_with_no_technique_chosen_records_none_tried():
    at = go(open_app(), Q)
    button(at, "Next").click().run()
    assert at.session_state["answers"]["prompting_tried"] == []


def test_demo_scenario_lands_on_the_verdict():
    at = open_app()
    button(at, "Load the demo scenario").click().run()
    assert not at.exception
    assert at.session_state["answers"] == demo_answers()
    assert "Verdict: Fine-tune" in texts(at)
    assert "Lower cost with a smaller model" in texts(at) and "goal_smaller_model" not in texts(at)


def test_start_over_asks_before_clearing_and_then_clears_everything():
    at = open_app()
    button(at, "Load the demo scenario").click().run()
    go(at, "pages/2_Dataset.py")
    button(at, "Use the sample dataset").click().run()
    button(at, "Start over").click().run()
    assert at.session_state["answers"] == demo_answers()
    assert "Clear every answer" in texts(at)
    button(at, "Cancel").click().run()
    assert at.session_state["answers"] == demo_answers()
    button(at, "Start over").click().run()
    button(at, "Yes, clear").click().run()
    assert at.session_state["answers"] == {}
    assert f"0 of {N_QUESTIONS} answered" in texts(at)
    assert f"Step 1 of {N_STEPS}: Prompt engineering" in [p.proto.text for p in at.main.get("progress")]
    assert "Verdict" not in texts(at)  # a new scenario starts at step 1, not at a verdict for no answers
    assert at.query_params == {} or not any(at.query_params.values())
    go(at, "pages/2_Dataset.py")
    assert "No dataset yet" in texts(at)


def test_downloaded_answers_load_back():
    at = go(open_app(), Q)
    at.session_state["answers"] = demo_answers()
    at.run()
    downloaded = answers_file = json.dumps(demo_answers())
    at.session_state["answers"] = {}
    at.run()
    at.file_uploader[0].upload("answers.json", answers_file.encode(), "application/json").run()
    assert not at.exception
    assert at.session_state["answers"] == json.loads(downloaded)
    assert at.radio[0].value == "close"


def test_an_answers_file_with_another_extension_gets_our_message():
    at = go(open_app(), Q)
    at.file_uploader[0].upload("answers.xlsx", b"PK\x03\x04", "application/octet-stream").run()
    assert not at.exception and "was not loaded" in texts(at)


def test_a_broken_answers_file_keeps_current_answers():
    at = go(open_app(), Q)
    at.radio[0].set_value("poor").run()
    at.file_uploader[0].upload("answers.json", b"{broken", "application/json").run()
    assert not at.exception
    assert "were not loaded" in texts(at) or "was not loaded" in texts(at)
    assert at.session_state["answers"] == {"prompting_result": "poor"}


def test_a_shared_link_reopens_the_same_scenario():
    at = open_app(R, query=answers_to_query(demo_answers()))
    assert at.session_state["answers"] == demo_answers()
    assert "Verdict: Fine-tune" in texts(at)


def test_the_url_follows_the_answers():
    at = go(open_app(), Q)
    at.radio[0].set_value("poor").run()
    assert at.query_params["prompting_result"] == "poor"


def test_a_link_with_a_bad_value_keeps_the_rest_and_says_so():
    at = open_app(R, query={"scope": "broad", "n_examples": "lots"})
    assert at.session_state["answers"] == {"scope": "broad"}
    assert "Part of the shared link was not used" in texts(at)


def test_partial_answers_show_a_verdict_and_what_is_missing():
    at = open_app(R, query={"personal_data": "raw"})
    assert "Verdict: Resolve personal data first" in texts(at)
    assert f"{N_QUESTIONS - 1} question(s) not answered yet" in [e.label for e in at.expander]


def test_the_demo_asks_before_replacing_answers_and_can_be_undone():
    at = open_app()
    mine = {"scope": "broad", "n_examples": 7}
    at.session_state["answers"] = mine
    at.run()
    button(at, "Load the demo scenario").click().run()
    assert at.session_state["answers"] == mine and "The demo replaces your 2 answers" in texts(at)
    button(at, "Keep my answers").click().run()
    assert at.session_state["answers"] == mine
    button(at, "Load the demo scenario").click().run()
    button(at, "Load the demo anyway").click().run()
    assert at.session_state["answers"] == demo_answers()
    button(at, "Undo the demo").click().run()
    assert at.session_state["answers"] == mine
