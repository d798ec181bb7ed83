import json

import pytest

from lib.cli import main
from tests.conftest import ROOT

DEMO = str(ROOT / "data/samples/demo_answers.json")


def test_recommend_prints_verdict_and_reasons(capsys):
    assert main(["recommend", "--answers", DEMO]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Verdict: Fine-tune (fine_tune)")
    assert "[goal_smaller_model]" in out


def test_recommend_json_has_verdict_and_reasons(capsys):
    assert main(["recommend", "--answers", DEMO, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "fine_tune"
    assert [r["rule"] for r in data["reasons"]][:1] == ["prompting_falls_short"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "No such answers file"),
        ("{oops", "not valid JSON"),
        ('{"speed": "fast"}', "Unknown question id 'speed'"),
        ('{"requests_per_day": -5}', "between 0 and"),
    ],
)
def test_recommend_bad_input_is_one_sentence_and_exit_2(tmp_path, capsys, content, says):
    path = tmp_path / "answers.json"
    if content is not None:
        path.write_text(content)
    assert main(["recommend", "--answers", str(path)]) == 2
    captured = capsys.readouterr()
    assert says in captured.err
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1


def test_missing_arguments_are_a_sentence_with_a_hint(capsys):
    assert main(["recommend"]) == 2
    assert "--answers" in capsys.readouterr().err


def test_folder_instead_of_file(tmp_path, capsys):
    assert main(["recommend", "--answers", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_a_huge_answers_file_is_refused_without_reading_it_all(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_bytes(b" " * 5_000_000)
    assert main(["recommend", "--answers", str(path)]) == 2
    assert "too large to be an answers file" in capsys.readouterr().err
