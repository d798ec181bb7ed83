"""A scenario's answers in the two forms they travel in: a JSON file and a shareable URL."""

from __future__ import annotations

import json
from collections.abc import Mapping

from lib.paths import SAMPLES_DIR
from lib.questionnaire import Answers, AnswersError, Questionnaire, load_questionnaire

# An answers file is a few hundred bytes; anything far larger is not one.
MAX_ANSWERS_BYTES = 100_000


def answers_from_json(text: str | bytes, questionnaire: Questionnaire | None = None) -> Answers:
    """Strictly read an answers file; AnswersError carries one sentence for the user."""
    questionnaire = questionnaire or load_questionnaire()
    if len(text) > MAX_ANSWERS_BYTES:
        raise AnswersError("This file is too large to be an answers file (over 100 KB).")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AnswersError("This answers file is not UTF-8 text.") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise AnswersError(
            f"This answers file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise AnswersError("This answers file is nested too deeply to be an answers file.") from None
    except ValueError:
        raise AnswersError("This answers file holds a number with thousands of digits; no answer is that "
                           "large.") from None
    return questionnaire.check(raw)


def answers_to_json(answers: Answers, questionnaire: Questionnaire | None = None) -> str:
    """Answers in questionnaire order, so saved files diff cleanly."""
    questionnaire = questionnaire or load_questionnaire()
    ordered = {key: answers[key] for key in questionnaire.ids() if key in answers}
    return json.dumps(ordered, indent=2) + "\n"


def answers_to_query(answers: Answers, questionnaire: Questionnaire | None = None) -> dict[str, str]:
    """URL query parameters: readable and hand-editable (`goals=best_quality,context_overflow`)."""
    questionnaire = questionnaire or load_questionnaire()
    query: dict[str, str] = {}
    for key in questionnaire.ids():
        if key not in answers:
            continue
        value = answers[key]
        query[key] = ",".join(value) if isinstance(value, list) else str(value)
    return query


def answers_from_query(
    params: Mapping[str, str | list[str]], questionnaire: Questionnaire | None = None
) -> tuple[Answers, list[str]]:
    """Answers found in a URL, keeping each that fits; also the sentences for those dropped."""
    questionnaire = questionnaire or load_questionnaire()
    raw: dict[str, object] = {}
    for key, value in params.items():
        if key not in questionnaire.ids():
            continue  # other parameters (the wizard's step, say) are not answers
        text = value[-1] if isinstance(value, list) else value
        if not isinstance(text, str):
            continue
        if questionnaire.question(key).kind == "multi":
            raw[key] = [item.strip() for item in text.split(",") if item.strip()]
        else:
            raw[key] = text
    return questionnaire.salvage(raw)


def demo_answers() -> Answers:
    """The recipe-generation assistant used in live demos."""
    return answers_from_json((SAMPLES_DIR / "demo_answers.json").read_bytes())
