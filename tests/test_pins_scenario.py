"""Links are edited by hand and built by code: whatever shape a parameter's value has, decoding it gives
answers that check and one sentence per parameter left out, never a traceback."""

from hypothesis import example, given
from hypothesis import strategies as st

from lib.advice.questionnaire import load_questionnaire
from lib.advice.scenario import answers_from_query, settings_from_query

Q = load_questionnaire()
KEYS = st.one_of(st.sampled_from(Q.ids()), st.sampled_from(["horizon", "show", "model.azure", "data_epochs"]),
                 st.text(max_size=12))
VALUES = st.one_of(st.text(max_size=20), st.lists(st.text(max_size=10), max_size=3))


def test_a_question_given_as_an_empty_list_is_left_out_with_a_sentence():
    answers, dropped = answers_from_query({"personal_data": [], "scope": "narrow"})
    assert answers == {"scope": "narrow"}
    assert dropped == ["'personal_data' was given without a value, so it was left out."]


def test_a_question_given_a_number_instead_of_text_is_left_out_with_a_sentence():
    answers, dropped = answers_from_query({"n_examples": 5})  # type: ignore[dict-item]
    assert answers == {}
    assert dropped == ["'n_examples' must be text, not int, so it was left out."]


def test_a_setting_given_as_an_empty_list_is_left_out_and_a_foreign_one_is_ignored():
    settings, dropped = settings_from_query({"horizon": [], "utm_source": []})
    assert settings == {"models": {}, "tiers": {}}
    assert dropped == ["'horizon' was given without a value, so it was left out."]


def test_the_last_of_repeated_values_counts():
    assert answers_from_query({"n_examples": ["5", "7"]}) == ({"n_examples": 7}, [])
    assert settings_from_query({"horizon": ["3", "12"]})[0]["horizon"] == 12


def _one_sentence(text: str) -> bool:
    return bool(text) and text.endswith(".") and "\n" not in text and "Traceback" not in text


@example({"personal_data": []})
@example({"goals": [], "horizon": []})
@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_any_query_gives_valid_answers_and_one_sentence_per_parameter_left_out(params):
    answers, dropped = answers_from_query(params)
    assert Q.check(answers) == answers
    assert all(_one_sentence(sentence) for sentence in dropped)
    questions = [key for key in params if key in Q.ids()]
    assert len(answers) + len(dropped) == len(questions)  # each question's parameter is kept or explained
    settings, refused = settings_from_query(params)
    assert all(_one_sentence(sentence) for sentence in refused)
