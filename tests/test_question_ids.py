"""Every question id the code reads by name exists in the questionnaire, so renaming one in the TOML fails
here instead of turning costs silently into $0."""

import re
from dataclasses import fields

from lib.advice.questionnaire import load_questionnaire
from lib.advice.team import TeamAnswers
from tests.conftest import ROOT

# answers.get("x"), answers["x"], _answer(answers, "x"), state.answers().get("x"), question("x")
READS = re.compile(r"""(?:answers(?:\(\))?\.get\(|answers(?:\(\))?\[|_answer\(\w+, |question\()["']([a-z_]+)["']""")


def test_every_question_id_read_by_the_code_is_in_the_questionnaire():
    ids = set(load_questionnaire().ids())
    found: dict[str, set[str]] = {}
    for folder in ("lib", "ui", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            for question_id in READS.findall(path.read_text()):
                found.setdefault(question_id, set()).add(str(path.relative_to(ROOT)))
    for field in fields(TeamAnswers):  # the cost engine's typed reads
        found.setdefault(field.name, set()).add("lib/advice/team.py")
    assert {"requests_per_day", "input_tokens", "output_tokens", "few_shot_examples", "n_examples"} <= set(found)
    unknown = {question_id: sorted(paths) for question_id, paths in found.items() if question_id not in ids}
    assert not unknown, f"ids read by the code but not in data/questionnaire.toml: {unknown}"
