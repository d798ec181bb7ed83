import pytest

from lib.advice.questionnaire import AnswersError, load_questionnaire, parse_questionnaire

Q = load_questionnaire()


def test_every_criterion_of_the_guide_has_a_question():
    ids = set(Q.ids())
    assert {"prompting_tried", "prompting_result", "n_examples", "personal_data", "fresh_facts", "scope",
            "goals", "openai_access", "requests_per_day", "input_tokens", "output_tokens",
            "few_shot_examples"} <= ids


def test_every_question_explains_why_it_is_asked():
    for question in Q.questions:
        assert len(question.help) > 40, question.id


@pytest.mark.parametrize(
    ("question_id", "raw", "stored"),
    [
        ("prompting_result", "poor", "poor"),
        ("goals", ["context_overflow", "best_quality", "best_quality"], ["best_quality", "context_overflow"]),
        ("goals", [], []),
        ("n_examples", 80, 80),
        ("n_examples", "1,200", 1200),
        ("n_examples", 12.0, 12),
    ],
)
def test_answers_are_stored_in_one_canonical_form(question_id, raw, stored):
    assert Q.question(question_id).coerce(raw) == stored


@pytest.mark.parametrize(
    ("question_id", "raw", "says"),
    [
        ("prompting_result", "great", "must be one of"),
        ("prompting_result", 3, "must be one of"),
        ("goals", "best_quality", "must be a list"),
        ("goals", ["world_peace"], "unknown choice 'world_peace'"),
        ("n_examples", -1, "between 0 and"),
        ("n_examples", True, "whole number"),
        ("n_examples", 1.5, "whole number"),
        ("n_examples", "many", "whole number"),
    ],
)
def test_out_of_range_or_wrong_typed_answers_are_refused_with_a_sentence(question_id, raw, says):
    with pytest.raises(AnswersError, match=says):
        Q.question(question_id).coerce(raw)


def test_check_refuses_unknown_keys_and_non_objects():
    with pytest.raises(AnswersError, match="Unknown question id 'colour'"):
        Q.check({"colour": "blue"})
    with pytest.raises(AnswersError, match="JSON object"):
        Q.check([1, 2])


def test_salvage_keeps_what_fits_and_says_what_it_dropped():
    answers, dropped = Q.salvage({"scope": "narrow", "n_examples": "lots", "utm_source": "mail"})
    assert answers == {"scope": "narrow"}
    assert len(dropped) == 1 and "n_examples" in dropped[0]


def test_missing_lists_unanswered_questions_in_order():
    missing = Q.missing({"prompting_tried": []})
    assert missing[0].id == "prompting_result"
    assert len(missing) == len(Q.ids()) - 1


def test_duplicate_question_ids_are_refused():
    step = {"id": "s", "title": "S", "questions": [
        {"id": "a", "kind": "choice", "label": "A", "help": "h", "options": [{"value": "x", "label": "X"}]},
        {"id": "a", "kind": "integer", "label": "A", "help": "h"},
    ]}
    with pytest.raises(ValueError, match="duplicate"):
        parse_questionnaire({"steps": [step]})
