"""The cost engine's typed view of the answers, checked against the questionnaire."""

from dataclasses import replace

import pytest

from lib.advice import team
from lib.advice.questionnaire import load_questionnaire
from lib.advice.team import TeamAnswers, check_against


def test_answers_become_typed_fields_and_silence_becomes_zero():
    read = TeamAnswers.from_answers({"requests_per_day": 20_000, "cloud": "aws", "few_shot_examples": True,
                                     "input_tokens": "500"})
    assert read.requests_per_day == 20_000 and read.cloud == "aws"
    assert read.few_shot_examples == 0 and read.input_tokens == 0  # a boolean or text is not a count
    assert TeamAnswers.from_answers({}) == TeamAnswers()


def test_a_renamed_question_stops_the_engine_instead_of_pricing_zero():
    questionnaire = load_questionnaire()
    renamed = replace(questionnaire, steps=tuple(
        replace(step, questions=tuple(replace(question, id="daily_requests") if question.id == "requests_per_day"
                                      else question for question in step.questions))
        for step in questionnaire.steps))
    team._checked.cache_clear()
    with pytest.raises(ValueError, match="'requests_per_day'"):
        check_against(renamed)
    check_against(questionnaire)
