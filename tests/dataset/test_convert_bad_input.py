"""Bad input to `analyze` and `convert` gets one sentence, with its line number, never a traceback."""

import csv
import io
import json

from lib.cli import main
from lib.dataset.analysis import analyze
from lib.dataset.reading import from_bytes
from tests.dataset.helpers import chat, jsonl


def test_a_lone_surrogate_is_refused_at_its_line_by_analyze_and_convert(tmp_path, capsys):
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(chat()) + "\n" + json.dumps(chat(user="\ud800")) + "\n"
                    + json.dumps(chat(user="\ud83d\ude00 pairs are fine")) + "\n", encoding="utf-8")
    report = analyze(from_bytes(path.read_bytes()))
    assert report.n_valid == 2 and [p.line for p in report.problems if p.key == "invalid_json"] == [2]
    assert "lone surrogate" in next(p.message for p in report.problems if p.key == "invalid_json")
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(path), "--to", "vertex", "-o", str(out)]) == 0
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err and len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_formula_cells_are_neutralised_in_a_converted_csv(tmp_path, capsys):
    path = tmp_path / "train.jsonl"
    path.write_bytes(jsonl(chat(user='=HYPERLINK("http://evil.example","click")', reply="+cmd|' /C calc'!A0"),
                           chat(user="@SUM(1+1)*cmd|' /C calc'!A0", reply="-2+3", system="=1+1")))
    out = tmp_path / "out.csv"
    assert main(["convert", str(path), "--to", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    cells = [cell for row in rows for cell in row.values() if cell]
    assert cells and all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    # read back, the app gives the original text
    back = analyze(from_bytes(out.read_bytes()), file_name="out.csv")
    assert back.n_valid == 2
    capsys.readouterr()
    again = tmp_path / "again.jsonl"
    assert main(["convert", str(out), "--to", "chat_jsonl", "-o", str(again)]) == 0
    first = json.loads(again.read_text(encoding="utf-8").splitlines()[0])
    assert first["messages"][1]["content"] == '=HYPERLINK("http://evil.example","click")'


def test_convert_refuses_to_write_over_its_input(tmp_path, capsys):
    path = tmp_path / "train.jsonl"
    data = jsonl(chat(), chat(user="Stew?"))
    path.write_bytes(data)
    for output in (str(path), str(tmp_path / "." / "train.jsonl")):
        assert main(["convert", str(path), "--to", "vertex", "-o", output]) != 0
        err = capsys.readouterr().err
        assert "is the file being converted" in err and "Traceback" not in err and err.count("\n") == 1
    assert path.read_bytes() == data


def test_a_nul_character_is_not_written_into_a_csv(tmp_path, capsys):
    path = tmp_path / "train.jsonl"
    path.write_bytes(jsonl(chat(), chat(user="nul \u0000 here")))
    out = tmp_path / "out.csv"
    assert main(["convert", str(path), "--to", "csv", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "NUL character" in printed and "line 2" in printed
    back = analyze(from_bytes(out.read_bytes()), file_name="out.csv")
    assert back.n_valid == 1 and back.n_examples == 1


def test_convert_for_a_door_counts_what_was_not_fully_converted(tmp_path, capsys):
    image = {"messages": [
        {"role": "user", "content": [{"type": "text", "text": "Which bird?"},
                                     {"type": "image_url", "image_url": {"url": "https://example.com/heron.jpg"}}]},
        {"role": "assistant", "content": "A heron."}]}
    path = tmp_path / "train.jsonl"
    path.write_bytes(jsonl(*[image] * 4, *[chat(user=f"q{n}") for n in range(6)]))
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(path), "--to", "bedrock", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "6 of 10 example(s) valid and fully converted (4 lost something" in printed
    assert "4 of 10 written example(s) are not fully converted" in printed


def test_converting_preference_pairs_for_openai_keeps_them(tmp_path, capsys):
    pair = {"input": {"messages": [{"role": "user", "content": "Soup?"}]},
            "preferred_output": [{"role": "assistant", "content": "Tomato soup."}],
            "non_preferred_output": [{"role": "assistant", "content": "No."}]}
    path = tmp_path / "pairs.jsonl"
    path.write_bytes(jsonl(*[pair] * 10))
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(path), "--to", "openai", "-o", str(out)]) == 0
    assert [json.loads(line) for line in out.read_text().splitlines()] == [pair] * 10
    assert "10 of 10 example(s) valid and fully converted." in capsys.readouterr().out
    assert main(["convert", str(path), "--to", "vertex", "-o", str(out)]) == 0
    assert "non-preferred" in capsys.readouterr().out


def test_convert_for_nova_2_lite_keeps_reasoning_and_an_unknown_model_is_one_sentence(tmp_path, capsys):
    reasoning = {"messages": [{"role": "user", "content": "Is 91 prime?"},
                              {"role": "assistant", "content": "No.", "reasoning_content": "91 = 7 x 13."}]}
    path = tmp_path / "train.jsonl"
    path.write_bytes(jsonl(*[reasoning] * 8))
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(path), "--to", "bedrock", "--model", "nova-2-lite", "-o", str(out)]) == 0
    first = json.loads(out.read_text().splitlines()[0])
    assert first["messages"][1]["content"][0] == {"reasoningContent": {"reasoningText": {"text": "91 = 7 x 13."}}}
    capsys.readouterr()
    assert main(["convert", str(path), "--to", "bedrock", "-o", str(out)]) == 0  # Nova Micro: no reasoning
    assert "reasoning" in capsys.readouterr().out and "reasoningContent" not in out.read_text()
    assert main(["convert", str(path), "--to", "bedrock", "--model", "nova-9", "-o", str(out)]) != 0
    err = capsys.readouterr().err
    assert "nova-9" in err and "Traceback" not in err
