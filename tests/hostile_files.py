"""A corpus of hostile and broken files, made on the fly (nothing large is committed)."""

from __future__ import annotations

import codecs
import json

from tests.dataset.helpers import chat, jsonl

UPLOAD_LIMIT_BYTES = 200 * 1024 * 1024  # server.maxUploadSize = 200 (Streamlit counts MiB)


def at_the_upload_limit(size: int = UPLOAD_LIMIT_BYTES) -> bytes:
    """Just under `size` bytes (by default 200 MiB, the largest upload the app accepts) of valid chat JSONL."""
    line = jsonl(chat(user="Plan a week of vegetarian dinners for two. " * 4, reply="Monday: lentil soup. " * 30))
    return line * ((size - 1024) // len(line))


# name -> (file name, content, what the user must be told: a problem key in the report or words in the refusal)
CORPUS: dict[str, tuple[str, bytes, str]] = {
    "empty": ("empty.jsonl", b"", "The file is empty"),
    "blank": ("blank.jsonl", b"\n \n\t\n", "only blank space"),
    "binary": ("model.jsonl", bytes(range(256)) * 40, "binary file"),
    "zip": ("data.xlsx", b"PK\x03\x04" + bytes(200), "ZIP archive"),
    "huge_single_line": ("one-line.jsonl", b'{"messages": "' + b"x" * 25_000_000 + b'"}', "far more than any"),
    "deep_nesting": ("deep.jsonl", b"[" * 200_000 + b"]" * 200_000 + b"\n" + jsonl(chat()), "nested too deeply"),
    "invalid_utf8": ("latin1.jsonl", '{"messages": "Crème brûlée"}\n'.encode("latin-1"), "not UTF-8"),
    "utf16": ("utf16.jsonl", codecs.BOM_UTF16_LE + jsonl(*[chat(user=f"Soupe {i} à l'oignon") for i in range(12)])
              .decode().encode("utf-16-le"), "UTF-16"),
    "json_array": ("array.json", json.dumps([chat(user=str(i)) for i in range(12)]).encode(),
                   "one JSON object per line"),
    "scalars": ("scalars.jsonl", b'1\ntrue\n"text"\nnull\n3.5\n', "data_type"),
    "wrong_columns": ("people.csv", b"name,age\nann,3\nbob,4\n", "needs a prompt column"),
    "huge_integer": ("huge-int.jsonl", b'{"messages": [], "n": ' + b"9" * 5000 + b"}\n"
                     + jsonl(*[chat(user=f"q{i}") for i in range(12)]), "thousands of digits"),
    "nan_literal": ("nan.jsonl", b'{"messages": [{"role": "user", "content": "a"}], "w": NaN}\n'
                    + jsonl(*[chat(user=f"q{i}") for i in range(12)]), "NaN is not a JSON number"),
    "million_spaces": ("spaces.jsonl", jsonl(chat(user=" " * 1_000_000, system=None),
                                                  *[chat(user=f"q{i}") for i in range(11)]),
                       "missing_system_message"),
    "mixed_blank_run": ("tabs.jsonl", jsonl(chat(user="a" + " \t" * 500_000 + "b"),
                                            *[chat(user=f"q{i}") for i in range(11)]), "tokens_approximate"),
    "utf16_line_separators": ("u2028.jsonl", codecs.BOM_UTF16_LE + jsonl(*[
        chat(user=f"one\u2028two\u0085three {i}") for i in range(12)]).decode().encode("utf-16-le"),
        "decoded as such"),
    "cr_only": ("mac.jsonl", jsonl(*[chat(user=f"q{i}") for i in range(12)]).replace(b"\n", b"\r"),
                "carriage return only"),
    "jsonl_named_csv": ("export.csv", jsonl(*[chat(user=f"Hello, friend {i}", system=None)
                                                                for i in range(12)]),
                        "missing_system_message"),
    "bad_tool_calls": ("tools.jsonl", jsonl(*[{"messages": [
        {"role": "user", "content": "Weather?"},
        {"role": "assistant", "tool_calls": "get_weather"}]} for _ in range(12)]), "invalid_tool_calls"),
    "html_in_content": ("<img src=x onerror=alert(3)>.jsonl", jsonl(*[
        chat(user="<script>alert(1)</script> <img src=x onerror=alert(2)>") for _ in range(12)]),
        "duplicate_example"),
}
