"""A rules file is refused at load when it could not give a verdict the pages can show (lib/advice/rules.py),
and evaluation's notes, styles and filled-in sentences are pinned (with conditions.py's edge cases)."""

import tomllib

import pytest

from lib.advice.conditions import parse_condition
from lib.advice.facts import FACTS, VerdictFacts
from lib.advice.questionnaire import load_questionnaire
from lib.advice.rules import STYLES, evaluate, load_rules, parse_rules
from lib.paths import data_file

Q = load_questionnaire()


def document(**changes):
    with data_file("rules.toml").open("rb") as file:
        raw = tomllib.load(file)
    raw.update(changes)
    return raw


def test_the_shipped_rules_file_loads_and_each_verdict_has_a_known_style():
    rules = parse_rules(document(), Q)
    assert rules == load_rules()
    assert {info.style for info in rules.verdicts.values()} <= set(STYLES)
    assert rules.verdicts["fine_tune"].style == "success" and rules.verdicts["resolve_privacy_first"].style == "error"


def test_a_verdict_with_an_unknown_style_is_refused_at_load():
    raw = document()
    raw["verdicts"]["fine_tune"]["style"] = "danger"
    with pytest.raises(ValueError, match="verdict 'fine_tune' has style 'danger'; use one of success, info, "
                                         "warning, error"):
        parse_rules(raw, Q)


def test_a_verdict_without_a_style_is_shown_as_info():
    raw = document()
    del raw["verdicts"]["collect_data"]["style"]
    assert parse_rules(raw, Q).verdicts["collect_data"].style == "info"


def test_rules_without_a_fine_tune_verdict_are_refused_at_load():
    raw = document()
    del raw["verdicts"]["fine_tune"]
    raw["precedence"] = [verdict for verdict in raw["precedence"] if verdict != "fine_tune"]
    raw["rules"] = [rule for rule in raw["rules"] if rule["verdict"] != "fine_tune"]
    with pytest.raises(ValueError, match="rules need a fine_tune verdict and a default_verdict among the verdicts"):
        parse_rules(raw, Q)


def test_a_default_verdict_that_is_not_a_verdict_is_refused_at_load():
    with pytest.raises(ValueError, match="rules need a fine_tune verdict and a default_verdict among the verdicts"):
        parse_rules(document(default_verdict="buy_gpus"), Q)


def test_precedence_naming_a_verdict_twice_is_refused_even_when_the_set_matches():
    raw = document()
    with pytest.raises(ValueError, match="precedence must list every verdict exactly once"):
        parse_rules({**raw, "precedence": [*raw["precedence"], "fine_tune"]}, Q)


def test_an_advice_rule_votes_for_nothing_and_params_are_kept():
    rules = load_rules()
    advice = next(rule for rule in rules.rules if rule.id == "enough_examples")
    assert advice.verdict == ""
    assert rules.params and all(isinstance(value, int) for value in rules.params.values())


def test_with_no_vote_the_default_verdict_is_given_with_its_own_style_and_the_unanswered_note():
    result = evaluate({"scope": "narrow"})
    rules = load_rules()
    assert result.id == rules.default_verdict
    assert result.style == rules.verdicts[rules.default_verdict].style
    assert result.note == "No rule fired yet: answer the questionnaire to get a verdict grounded in your situation."


def test_a_vote_with_every_question_answered_has_no_note():
    answers = {"prompting_tried": ["few_shot"], "prompting_result": "poor", "n_examples": 500,
               "personal_data": "none", "fresh_facts": "no", "scope": "narrow", "goals": ["best_quality"],
               "openai_access": "no", "current_model": "gpt-4.1-mini", "cloud": "azure", "data_may_leave": "yes",
               "requests_per_day": 1000, "input_tokens": 500, "output_tokens": 200, "few_shot_examples": 0,
               "answers_can_wait": "no", "audience": "customers"}
    result = evaluate(answers)
    assert result.missing == () and result.note == ""
    assert result.id == "fine_tune" and result.style == "success"


def test_a_vote_with_questions_unanswered_counts_them_in_the_note():
    result = evaluate({"personal_data": "raw", "scope": "narrow"})
    assert result.note == (f"Based on partial answers: {len(Q.ids()) - 2} question(s) unanswered may change this "
                           "verdict.")


def test_sentences_fill_answers_with_thousands_separators_facts_words_and_unknown_names_as_question_marks():
    rules = load_rules()
    facts = VerdictFacts({"pays_back": True, "monthly_saving_usd": 100, "door_available": True},
                         {"door": "Azure", "saving": "$100.00", "payback": "3.0 months"})
    result = evaluate({"n_examples": 12_345, "goals": ["lower_cost_latency"], "prompting_result": "good"},
                      rules, Q, facts)
    enough = next(reason for reason in result.reasons if reason.rule_id == "enough_examples")
    assert enough.message.startswith("12,345 examples")
    assert all("{" not in reason.message and "{" not in reason.next_step for reason in result.reasons)
    data = result.to_dict()
    assert next(row for row in data["reasons"] if row["rule"] == "enough_examples")["votes_for"] is None
    assert data["missing"] == list(result.missing) and data["note"] == result.note


def test_a_sentence_naming_something_unknown_shows_a_question_mark():
    from lib.advice.rules import _fill

    assert _fill("{n_examples} and {nothing}", {"n_examples": 1000}, {}, None) == "1,000 and ?"
    assert _fill("{a} {b}", {}, {"a": 1}, {"b": "x"}) == "1 x"


def parsed(raw):
    return parse_condition(raw, set(Q.ids()), set(FACTS), "test")


@pytest.mark.parametrize(("raw", "answers", "facts", "holds"), [
    ({"question": "n_examples", "below": 10}, {"n_examples": "9"}, {}, False),  # text is not a number
    ({"question": "n_examples", "at_least": 10}, {"n_examples": True}, {}, False),  # nor is a boolean
    ({"question": "n_examples", "at_least": 10}, {"n_examples": 11}, {}, True),
    ({"question": "n_examples", "at_least": 10}, {"n_examples": 9}, {}, False),
    ({"question": "goals", "includes": "x"}, {"goals": "x"}, {}, False),  # a string is not a list
    ({"question": "goals", "includes_any": ["x"]}, {"goals": ["y"]}, {}, False),
    ({"question": "goals", "is_empty": False}, {"goals": ["x"]}, {}, True),
    ({"question": "goals", "is_empty": True}, {"goals": ["x"]}, {}, False),
    ({"question": "scope", "in": ["a"]}, {"scope": "b"}, {}, False),
    ({"any": [{"question": "scope", "equals": "a"}, {"question": "scope", "equals": "b"}]}, {"scope": "c"}, {},
     False),
    ({"all": [{"question": "scope", "equals": "a"}, {"fact": "pays_back", "equals": True}]}, {"scope": "a"},
     {"pays_back": True}, True),
    ({"not": {"all": [{"question": "scope", "equals": "a"}, {"question": "fresh_facts", "equals": "no"}]}},
     {"scope": "b"}, {}, False),  # one part unanswered: silence is not an answer
    ({"not": {"all": [{"question": "scope", "equals": "a"}, {"question": "fresh_facts", "equals": "no"}]}},
     {"scope": "b", "fresh_facts": "no"}, {}, True),
    ({"not": {"question": "scope", "known": True}}, {}, {}, True),  # `known` is always answered
    ({"fact": "pays_back", "equals": True}, {"pays_back": True}, {}, False),  # facts are not answers
    ({"question": "scope", "known": True}, {}, {"scope": "a"}, False),  # nor answers facts
])
def test_condition_edge_cases(raw, answers, facts, holds):
    assert parsed(raw).holds(answers, facts) is holds


@pytest.mark.parametrize(("raw", "says"), [
    ("scope", "a condition must be a table"),
    ({"any": "x"}, "'any' needs a non-empty list"),
    ({"fact": "vibes", "equals": 1}, "unknown fact 'vibes'; known: alternative_saves, "
     "dataset_analysed, distillation, door_available"),
    ({"question": "scope", "equals": "a", "below": 1}, "exactly one operator of equals, in, below"),
    ({"question": "scope"}, "exactly one operator"),
])
def test_malformed_conditions_say_what_is_wrong(raw, says):
    with pytest.raises(ValueError, match=f"^test: .*{says}"):
        parsed(raw)


def test_not_of_not_reads_the_inner_answer():
    twice = parsed({"not": {"not": {"question": "scope", "equals": "a"}}})
    assert twice.holds({"scope": "a"}, {}) is True
    assert twice.holds({"scope": "b"}, {}) is False
    assert twice.holds({}, {}) is False and twice.answered({}, {}) is False
