import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.advice.questionnaire import AnswersError, load_questionnaire
from lib.advice.scenario import (
    MAX_SHOWN_OPTIONS,
    OPTION_ID,
    answers_from_json,
    answers_from_query,
    answers_to_json,
    answers_to_query,
    demo_answers,
    settings_from_query,
    settings_to_query,
)

Q = load_questionnaire()


def test_demo_answers_answer_every_question():
    assert set(demo_answers()) == set(Q.ids())


def test_json_round_trip_keeps_every_answer():
    assert answers_from_json(answers_to_json(demo_answers())) == demo_answers()


def test_query_round_trip_keeps_every_answer_including_empty_lists():
    answers = {**demo_answers(), "goals": []}
    back, dropped = answers_from_query(answers_to_query(answers))
    assert back == answers and dropped == []


def test_query_is_readable():
    query = answers_to_query({"goals": ["best_quality", "context_overflow"], "n_examples": 80})
    assert query == {"n_examples": "80", "goals": "best_quality,context_overflow"}


def test_query_ignores_foreign_parameters_and_reports_bad_values():
    answers, dropped = answers_from_query({"utm_source": "mail", "scope": "galactic", "n_examples": ["5", "7"]})
    assert answers == {"n_examples": 7}
    assert len(dropped) == 1 and "scope" in dropped[0]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1]", "JSON object"),
        (b'{"n_examples": -4}', "between 0 and"),
        (b'{"x": 1}', "Unknown question id 'x'"),
        (b"[" * 100_001, "too large"),
        (b"[" * 50_000, "nested too deeply"),
    ],
)
def test_bad_answers_files_give_one_sentence(content, says):
    with pytest.raises(AnswersError, match=says.replace("(", r"\(").replace(")", r"\)")):
        answers_from_json(content)


def test_utf8_bom_is_accepted():
    assert answers_from_json(b'\xef\xbb\xbf{"scope": "narrow"}') == {"scope": "narrow"}


@given(st.dictionaries(st.text(max_size=20), st.one_of(st.text(max_size=30), st.lists(st.text(max_size=10)))))
def test_url_decoder_never_raises_on_arbitrary_parameters(params):
    answers, dropped = answers_from_query(params)
    assert Q.check(answers) == answers  # whatever it keeps is valid


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children,
                                                                                        max_size=4), max_leaves=20))
def test_answers_loader_raises_only_answers_error_on_arbitrary_json(value):
    with contextlib.suppress(AnswersError):
        answers_from_json(json.dumps(value))


@given(st.binary(max_size=300))
def test_answers_loader_raises_only_answers_error_on_arbitrary_bytes(data):
    with contextlib.suppress(AnswersError):
        answers_from_json(data)


def _valid_answers():
    strategies = {}
    for question in Q.questions:
        if question.kind in ("choice", "model"):
            strategies[question.id] = st.sampled_from(question.option_values())
        elif question.kind == "multi":
            strategies[question.id] = st.lists(st.sampled_from(question.option_values()), unique=True).map(
                lambda chosen, q=question: [value for value in q.option_values() if value in chosen])
        else:
            strategies[question.id] = st.integers(question.minimum, question.maximum)
    return st.fixed_dictionaries({}, optional=strategies)


@given(_valid_answers())
def test_valid_answers_round_trip_through_json_and_the_url(answers):
    assert answers_from_json(answers_to_json(answers)) == answers
    back, dropped = answers_from_query(answers_to_query(answers))
    assert back == answers and dropped == []


def test_the_options_drawn_in_the_charts_travel_in_the_link():
    ids = ["current/gpt-3.5-turbo", "openai/gpt-3.5-turbo/full", "azure/gpt-3.5-turbo/full/standard"]
    query = settings_to_query({"show": ids})
    assert query == {"show": ",".join(ids)}
    assert settings_from_query(query) == ({"models": {}, "tiers": {}, "show": ids}, [])


@given(st.text(max_size=300))
def test_a_links_list_of_drawn_options_is_kept_whole_or_refused_in_one_sentence(text):
    settings, dropped = settings_from_query({"show": text})
    if dropped:
        [sentence] = dropped
        assert sentence.startswith("'show' must list") and len(sentence) < 200
        assert "show" not in settings
    else:
        ids = settings["show"]
        assert len(ids) <= MAX_SHOWN_OPTIONS and all(OPTION_ID.fullmatch(option_id) for option_id in ids)
