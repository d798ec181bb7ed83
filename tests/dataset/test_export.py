import csv
import io
import json

from lib.dataset.export import cleaned_jsonl, problems_csv, safe_cell, train_validation_split
from lib.dataset.reading import from_bytes
from lib.dataset.report import Problem
from tests.dataset.helpers import chat, jsonl, run


def test_cleaned_file_keeps_valid_examples_unchanged_and_in_order():
    data = jsonl(chat(user="a")) + b"oops\n" + jsonl({"messages": []}, chat(user="b"))
    report = run(data)
    lines = cleaned_jsonl(from_bytes(data), report).splitlines()
    assert [json.loads(line) for line in lines] == [chat(user="a"), chat(user="b")]


def test_csv_is_converted_to_chat_jsonl():
    data = b"prompt,completion,system\nSoup?,Tomato.,Be brief.\n"
    report = run(data, name="x.csv")
    (line,) = cleaned_jsonl(from_bytes(data), report).splitlines()
    assert json.loads(line) == {"messages": [{"role": "system", "content": "Be brief."},
                                             {"role": "user", "content": "Soup?"},
                                             {"role": "assistant", "content": "Tomato."}]}


def test_split_is_deterministic_and_complete():
    data = jsonl(*[chat(user=str(i)) for i in range(20)])
    report = run(data)
    train, validation = train_validation_split(from_bytes(data), report, 0.2)
    assert (train, validation) == train_validation_split(from_bytes(data), report, 0.2)
    assert len(train.splitlines()) == 16 and len(validation.splitlines()) == 4
    assert sorted(train.splitlines() + validation.splitlines()) == sorted(cleaned_jsonl(from_bytes(data), report)
                                                                          .splitlines())


def test_formula_cells_are_neutralised():
    for dangerous in ("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"):
        assert safe_cell(dangerous).startswith("'")
    assert safe_cell("fine") == "fine"
    text = problems_csv([Problem(3, "invalid_json", "=cmd|' /C calc'!A0", "error")])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["3", "error", "invalid_json", "'=cmd|' /C calc'!A0"]
