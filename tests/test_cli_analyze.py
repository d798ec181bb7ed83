import json
import subprocess
import sys

import pytest

from lib.catalog.models import DEFAULT_MODEL
from lib.cli import main
from tests.conftest import ROOT, SAMPLES
from tests.dataset.helpers import chat, jsonl

SAMPLE = str(SAMPLES / "recipes.jsonl")


def test_analyze_json_has_every_documented_field(capsys):
    assert main(["analyze", SAMPLE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "chat_jsonl" and data["encoding"] == "o200k_base" and data["model"] == DEFAULT_MODEL
    assert data["n_examples"] == data["n_valid"] == 64
    assert data["errors"] == {} and data["problems"] == []
    assert data["n_epochs"] == 3 and data["billed_tokens"] == 3 * data["total_tokens"]
    assert data["assistant_tokens"] < data["total_tokens"] and data["n_over_limit"] == 0


def test_model_and_epochs_flags(capsys):
    main(["analyze", SAMPLE, "--json"])
    default = json.loads(capsys.readouterr().out)
    main(["analyze", SAMPLE, "--model", "gpt-3.5-turbo", "--epochs", "2", "--json"])
    chosen = json.loads(capsys.readouterr().out)
    assert chosen["encoding"] == "cl100k_base" and chosen["n_epochs"] == 2
    assert chosen["total_tokens"] != default["total_tokens"]
    assert chosen["billed_tokens"] == 2 * chosen["total_tokens"]


def test_a_file_with_format_errors_exits_0_and_lists_them(tmp_path, capsys):
    path = tmp_path / "broken.jsonl"
    path.write_bytes(jsonl(chat()) + b"{nope\n" + jsonl({"messages": [{"role": "user", "content": "x"}]}))
    assert main(["analyze", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"]["invalid_json"] == 1 and data["errors"]["example_missing_assistant_message"] == 1
    assert {"line": 2, "key": "invalid_json"}.items() <= data["problems"][1].items() or any(
        p["line"] == 2 and p["key"] == "invalid_json" for p in data["problems"])


def test_text_output_reads_like_a_summary(capsys):
    assert main(["analyze", SAMPLE]) == 0
    out = capsys.readouterr().out
    assert "Examples: 64, valid: 64" in out and "billed training tokens" in out


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "No such file"),
        (b"", "The file is empty"),
        (b"\x00\x01\x02", "binary file"),
        (b'{"a": "\xe9"}\n', "not UTF-8"),
        (b"name,age\nann,3\n", "needs a prompt column"),
    ],
)
def test_unreadable_files_exit_2_with_one_sentence(tmp_path, capsys, content, says):
    path = tmp_path / ("data.csv" if content and b"," in content else "data.jsonl")
    if content is not None:
        path.write_bytes(content)
    assert main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and err.count("\n") == 1


def test_unknown_model_and_bad_epochs(capsys):
    assert main(["analyze", SAMPLE, "--model", "gpt-9"]) == 2
    assert "Unknown model 'gpt-9'" in capsys.readouterr().err
    assert main(["analyze", SAMPLE, "--epochs", "0"]) == 2
    assert main(["analyze", SAMPLE, "--epochs", "many"]) == 2


def test_the_module_runs_as_a_program():
    result = subprocess.run([sys.executable, "-m", "lib", "analyze", SAMPLE, "--json"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and json.loads(result.stdout)["n_valid"] == 64


def test_analyze_for_a_door_uses_its_rules_model_and_tokenizer(tmp_path, capsys):
    path = tmp_path / "bedrock.jsonl"
    path.write_bytes(jsonl(*[{"schemaVersion": "bedrock-conversation-2024", "system": [{"text": "Chef."}],
                              "messages": [{"role": "user", "content": [{"text": f"Soup {n}?"}]},
                                           {"role": "assistant", "content": [{"text": "Tomato."}]}]}
                             for n in range(8)]))  # Nova's documented minimum is 8 records
    assert main(["analyze", str(path), "--provider", "bedrock", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "bedrock_conversation_jsonl" and data["provider"] == "bedrock"
    assert data["model"] == "nova-micro" and data["n_valid"] == 8 and data["errors"] == {}
    assert data["tokens_exact"] is False and data["encoding"] == "o200k_base" and "estimate" in data["tokens_basis"]
    assert main(["analyze", str(path), "--provider", "openai", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"]["door_format"] == 1


def test_convert_writes_the_doors_format_and_says_what_it_left_out(tmp_path, capsys):
    source = tmp_path / "chat.jsonl"
    multi = {"messages": chat()["messages"] + [{"role": "user", "content": "More?"},
                                               {"role": "assistant", "content": "Yes."}]}
    source.write_bytes(jsonl(chat(), multi, chat(user="Bread?")))
    out = tmp_path / "vertex.jsonl"
    assert main(["convert", str(source), "--to", "vertex", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 3 and all("contents" in record for record in records)
    assert "Checked for Google Vertex AI" in printed
    table = tmp_path / "chat.csv"
    assert main(["convert", str(source), "--to", "csv", "-o", str(table)]) == 0
    printed = capsys.readouterr().out
    assert "Wrote 2 example(s)" in printed and "1 example(s) could not be converted" in printed
    assert "the first is at line 2" in printed
    back = tmp_path / "back.jsonl"
    assert main(["convert", str(out), "--to", "openai", "-o", str(back)]) == 0
    assert [json.loads(line) for line in back.read_text().splitlines()] == [chat(), multi, chat(user="Bread?")]


@pytest.mark.parametrize("argv", [["convert", "{path}", "--to", "nowhere", "-o", "{out}"],
                                  ["convert", "{path}", "--to", "text_jsonl", "-o", "{out}"],
                                  ["convert", "{path}", "--to", "vertex", "-o", "/nonexistent/dir/x.jsonl"],
                                  ["analyze", "{path}", "--provider", "nowhere"]])
def test_convert_and_analyze_mistakes_are_one_sentence(tmp_path, capsys, argv):
    path = tmp_path / "chat.jsonl"
    path.write_bytes(jsonl(chat()))
    argv = [part.format(path=path, out=tmp_path / "out.jsonl") for part in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
