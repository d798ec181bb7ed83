"""Every rule, and verdict precedence, as tables of answers -> expected outcome."""

import pytest

from lib.advice.conditions import parse_condition
from lib.advice.facts import FACTS, VerdictFacts
from lib.advice.questionnaire import load_questionnaire
from lib.advice.rules import evaluate, load_rules, parse_rules
from lib.advice.scenario import demo_answers

VERDICT_IDS = tuple(load_rules().verdicts)
PAYS = VerdictFacts({"pays_back": True, "monthly_saving_usd": 100, "door_available": True}, {})
DOES_NOT_PAY = VerdictFacts({"pays_back": False, "monthly_saving_usd": 1, "door_available": True}, {})
COSTS_MORE = VerdictFacts({"pays_back": False, "monthly_saving_usd": -5, "door_available": True}, {})

# A team for whom fine-tuning is right; each case below changes one thing.
READY = {
    "prompting_tried": ["zero_shot", "few_shot"],
    "prompting_result": "close",
    "n_examples": 120,
    "personal_data": "none",
    "fresh_facts": "no",
    "scope": "narrow",
    "goals": ["best_quality"],
}


def fired(answers):
    return {reason.rule_id for reason in evaluate(answers).reasons}


@pytest.mark.parametrize(
    ("change", "rule_id", "verdict"),
    [
        ({"personal_data": "raw"}, "personal_data_raw", "resolve_privacy_first"),
        ({"personal_data": "unsure"}, "personal_data_unsure", "resolve_privacy_first"),
        ({"fresh_facts": "yes"}, "fresh_facts_required", "use_retrieval"),
        ({"scope": "broad"}, "broad_scope", "keep_general_model"),
        ({"prompting_result": "not_tried"}, "prompting_not_tried", "try_prompting_first"),
        ({"prompting_tried": []}, "prompting_not_tried", "try_prompting_first"),
        ({"prompting_result": "good", "goals": []}, "prompting_good_enough", "try_prompting_first"),
        ({"n_examples": 9}, "too_few_examples", "collect_data"),
        ({"n_examples": 0}, "too_few_examples", "collect_data"),
        ({"n_examples": 10}, "few_examples", "collect_data"),
        ({"n_examples": 49}, "few_examples", "collect_data"),
        ({"prompting_result": "poor"}, "prompting_falls_short", "fine_tune"),
        ({"goals": ["best_quality"]}, "goal_best_quality", "fine_tune"),
        ({"goals": ["context_overflow"]}, "goal_context_overflow", "fine_tune"),
    ],
)
def test_each_rule_fires_on_its_answer_and_decides_alone(change, rule_id, verdict):
    result = evaluate({**READY, **change})
    assert rule_id in {reason.rule_id for reason in result.reasons}
    assert result.id == verdict


COST_ONLY = {**READY, "prompting_result": "good", "goals": ["lower_cost_latency"]}


@pytest.mark.parametrize(
    ("answers", "facts", "rule_id", "verdict"),
    [
        (COST_ONLY, PAYS, "goal_smaller_model", "fine_tune"),
        (COST_ONLY, DOES_NOT_PAY, "smaller_model_pays_back_too_slowly", "keep_current_model"),
        (COST_ONLY, COSTS_MORE, "smaller_model_costs_more", "keep_current_model"),
        ({**COST_ONLY, "goals": ["lower_cost_latency", "best_quality"]}, COSTS_MORE, "quality_costs_more",
         "fine_tune"),
        ({**READY, "input_tokens": 100, "output_tokens": 50}, VerdictFacts({"door_available": False}, {}),
         "no_usable_door", "fine_tune"),
    ],
)
def test_rules_on_the_numbers_decide_as_the_numbers_say(answers, facts, rule_id, verdict):
    result = evaluate(answers, facts=facts)
    assert rule_id in {reason.rule_id for reason in result.reasons} and result.id == verdict


def test_a_cost_goal_without_numbers_votes_for_nothing():
    result = evaluate(COST_ONLY)
    assert not {"goal_smaller_model", "smaller_model_costs_more"} & {reason.rule_id for reason in result.reasons}


@pytest.mark.parametrize(
    ("change", "rule_id"),
    [
        ({"n_examples": 50}, "enough_examples"),
        ({"fresh_facts": "some"}, "fresh_facts_partly"),
        ({"personal_data": "anonymised"}, "personal_data_anonymised"),
    ],
)
def test_advice_rules_fire_without_changing_the_verdict(change, rule_id):
    result = evaluate({**READY, **change})
    assert rule_id in fired({**READY, **change})
    assert result.id == "fine_tune"
    assert all(not reason.verdict for reason in result.reasons if reason.rule_id == rule_id)


@pytest.mark.parametrize(
    ("change", "verdict"),
    [
        # privacy beats everything
        ({"personal_data": "raw", "fresh_facts": "yes", "scope": "broad", "prompting_result": "not_tried",
          "n_examples": 3}, "resolve_privacy_first"),
        # retrieval beats scope, prompting and data
        ({"fresh_facts": "yes", "scope": "broad", "prompting_result": "not_tried", "n_examples": 3}, "use_retrieval"),
        # a broad product beats prompting and data
        ({"scope": "broad", "prompting_result": "not_tried", "n_examples": 3}, "keep_general_model"),
        # untried prompting beats missing data
        ({"prompting_result": "not_tried", "n_examples": 3}, "try_prompting_first"),
        # missing data beats every reason for fine-tuning
        ({"n_examples": 3, "goals": ["best_quality", "lower_cost_latency", "context_overflow"]}, "collect_data"),
    ],
)
def test_verdict_precedence_follows_the_rules_file(change, verdict):
    assert evaluate({**READY, **change}).id == verdict


def test_precedence_in_the_rules_file_is_the_documented_one():
    assert load_rules().precedence == (
        "resolve_privacy_first", "use_retrieval", "keep_general_model", "try_prompting_first", "collect_data",
        "fine_tune", "keep_current_model",
    )


def test_ready_team_gets_fine_tune_with_no_blocking_reason():
    result = evaluate(READY)
    assert result.id == "fine_tune"
    # no rule voted for any other verdict (one ranked above fine_tune would block it): every reason either
    # votes for fine-tuning or is advice that votes for nothing
    assert {reason.verdict for reason in result.reasons} <= {"fine_tune", ""}
    assert [reason.rule_id for reason in result.votes] == ["prompting_falls_short", "goal_best_quality"]
    assert [reason.rule_id for reason in result.advice] == ["enough_examples"]


def test_reasons_for_an_outranked_verdict_are_kept_as_things_to_know():
    result = evaluate({**COST_ONLY, "prompting_result": "close"}, facts=DOES_NOT_PAY)
    assert result.id == "fine_tune"
    assert [reason.rule_id for reason in result.votes] == ["prompting_falls_short"]
    outranked = {reason.rule_id: reason.verdict for reason in result.advice}
    assert outranked == {"smaller_model_pays_back_too_slowly": "keep_current_model", "enough_examples": "",
                         "no_traffic_yet": ""}  # COST_ONLY gives no traffic


def test_no_message_contradicts_its_heading():
    enough = next(r for r in evaluate({**READY, "n_examples": 80}).reasons if r.rule_id == "enough_examples")
    assert enough.heading == "Enough examples to start"
    good = next(r for r in evaluate({**READY, "prompting_result": "good", "goals": []}).reasons
                if r.rule_id == "prompting_good_enough")
    assert good.heading == "Prompting already works"  # its criterion in the guide reads "Cannot get good enough..."


def test_demo_scenario_recommends_fine_tuning():
    assert evaluate(demo_answers()).id == "fine_tune"


def test_no_answers_still_gives_a_verdict_with_a_note():
    result = evaluate({})
    assert result.id == "try_prompting_first"
    assert result.reasons == ()
    assert "answer the questionnaire" in result.note
    assert len(result.missing) == len(load_questionnaire().ids())


def test_partial_answers_give_a_verdict_and_say_what_is_missing():
    result = evaluate({"personal_data": "raw"})
    assert result.id == "resolve_privacy_first"
    assert "partial answers" in result.note
    assert "Which of these goals apply?" in result.missing


def test_an_unanswered_question_never_fires_a_rule_through_not():
    # prompting_good_enough needs "no goal"; with goals unanswered it must stay silent
    assert "prompting_good_enough" not in fired({"prompting_result": "good"})


def test_reasons_fill_in_the_answers_and_thresholds():
    result = evaluate({**READY, "n_examples": 1200})
    enough = next(r for r in result.reasons if r.rule_id == "enough_examples")
    assert enough.message.startswith("1,200 examples")
    few = next(r for r in evaluate({**READY, "n_examples": 12}).reasons if r.rule_id == "few_examples")
    assert "minimum of 10" in few.message and "the 50 that" in few.message


def test_every_reason_carries_rule_id_sentence_and_criterion():
    worst = {**READY, "personal_data": "raw", "fresh_facts": "yes", "scope": "broad", "n_examples": 5}
    for reason in evaluate(worst).reasons:
        assert reason.rule_id and reason.criterion and reason.message.endswith(".") and reason.next_step


def test_to_dict_has_verdict_and_reasons():
    data = evaluate(READY).to_dict()
    assert data["verdict"] in VERDICT_IDS
    assert data["reasons"][0].keys() >= {"rule", "criterion", "message", "next_step", "votes_for"}


@pytest.mark.parametrize(
    ("condition", "answers", "holds"),
    [
        ({"question": "n_examples", "below": 10}, {"n_examples": 9}, True),
        ({"question": "n_examples", "below": 10}, {"n_examples": 10}, False),
        ({"question": "n_examples", "at_least": 10}, {"n_examples": 10}, True),
        ({"question": "goals", "includes": "x"}, {"goals": ["x"]}, True),
        ({"question": "goals", "includes_any": ["y", "x"]}, {"goals": ["x"]}, True),
        ({"question": "goals", "is_empty": True}, {"goals": []}, True),
        ({"question": "scope", "in": ["a", "b"]}, {"scope": "b"}, True),
        ({"any": [{"question": "scope", "equals": "a"}, {"question": "scope", "equals": "b"}]}, {"scope": "b"}, True),
        ({"all": [{"question": "scope", "equals": "a"}, {"question": "scope", "equals": "b"}]}, {"scope": "b"}, False),
        ({"not": {"question": "scope", "equals": "a"}}, {"scope": "b"}, True),
        ({"not": {"question": "scope", "equals": "a"}}, {}, False),
        ({"question": "scope", "equals": "a"}, {}, False),
        ({"fact": "pays_back", "equals": True}, {}, False),
        ({"not": {"fact": "pays_back", "equals": True}}, {}, False),
    ],
)
def test_condition_operators(condition, answers, holds):
    assert parsed(condition).holds(answers, {}) is holds


@pytest.mark.parametrize(
    ("condition", "facts", "holds"),
    [
        ({"fact": "pays_back", "equals": True}, {"pays_back": True}, True),
        ({"fact": "payback_months", "below": 12}, {"payback_months": 11.5}, True),
        ({"fact": "monthly_saving_usd", "at_least": 0}, {"monthly_saving_usd": -1}, False),
        ({"not": {"fact": "pays_back", "equals": True}}, {"pays_back": False}, True),
        ({"fact": "few_shot_fits", "known": False}, {}, True),
        ({"fact": "few_shot_fits", "known": False}, {"few_shot_fits": False}, False),
        ({"fact": "few_shot_fits", "known": True}, {"few_shot_fits": False}, True),
        ({"not": {"fact": "few_shot_fits", "known": False}}, {}, False),
    ],
)
def test_conditions_on_facts(condition, facts, holds):
    assert parsed(condition).holds({}, facts) is holds


@pytest.mark.parametrize(("fits", "overflow_votes"), [(True, False), (False, True), (None, True)])
def test_few_shots_that_still_fit_are_not_called_overflowing(fits, overflow_votes):
    """The goal 'few-shots no longer fit' is taken at the team's word unless the numbers show they fit."""
    facts = VerdictFacts({} if fits is None else {"few_shot_fits": fits}, {"prompt_tokens": "2,970",
                                                                          "context_window": "1,047,576"})
    result = evaluate({**READY, "goals": ["context_overflow"]}, facts=facts)
    rules = {reason.rule_id for reason in result.reasons}
    assert ("goal_context_overflow" in rules) is overflow_votes
    assert ("few_shot_still_fits" in rules) is (fits is True)


def parsed(condition):
    return parse_condition(condition, set(load_questionnaire().ids()), set(FACTS), "test")


@pytest.mark.parametrize("condition", [{"question": "scope"}, {"question": "scope", "equals": 1, "in": [1]},
                                       {"all": []}, {"not": "scope"}, {"question": "nope", "equals": 1},
                                       {"question": "scope", "known": "no"}])
def test_a_malformed_condition_is_refused_when_the_rules_load(condition):
    with pytest.raises(ValueError, match="test: "):
        parsed(condition)


def test_a_rule_without_a_heading_is_refused_on_load():
    bad = {"id": "r", "criterion": "c", "verdict": "fine_tune", "reason": "r", "next_step": "n",
           "when": {"question": "scope", "equals": "narrow"}}
    with pytest.raises(ValueError, match="rule 'r' lacks heading"):
        parse_rules(_rules_document(rules=[bad]), load_questionnaire())


def test_rules_naming_an_unknown_fact_are_refused_on_load():
    bad = {"id": "r", "criterion": "c", "heading": "h", "verdict": "fine_tune", "reason": "r", "next_step": "n",
           "when": {"fact": "vibes", "equals": True}}
    with pytest.raises(ValueError, match="unknown fact 'vibes'"):
        parse_rules(_rules_document(rules=[bad]), load_questionnaire())


def _rules_document(**overrides):
    document = {
        "precedence": list(VERDICT_IDS),
        "default_verdict": "try_prompting_first",
        "verdicts": {v: {"title": v, "summary": v} for v in VERDICT_IDS},
        "rules": [],
    }
    document.update(overrides)
    return document


def test_rules_naming_an_unknown_question_are_refused_on_load():
    bad = {"id": "r", "criterion": "c", "heading": "h", "verdict": "fine_tune", "reason": "r", "next_step": "n",
           "when": {"question": "favourite_colour", "equals": "blue"}}
    with pytest.raises(ValueError, match="unknown question 'favourite_colour'"):
        parse_rules(_rules_document(rules=[bad]), load_questionnaire())


def test_rules_voting_for_an_unknown_verdict_are_refused_on_load():
    bad = {"id": "r", "criterion": "c", "heading": "h", "verdict": "buy_gpus", "reason": "r", "next_step": "n",
           "when": {"question": "scope", "equals": "broad"}}
    with pytest.raises(ValueError, match="unknown verdict 'buy_gpus'"):
        parse_rules(_rules_document(rules=[bad]), load_questionnaire())


def test_precedence_must_name_every_verdict():
    with pytest.raises(ValueError, match="precedence"):
        parse_rules(_rules_document(precedence=["fine_tune"]), load_questionnaire())
