"""Small builders for dataset tests."""

from __future__ import annotations

import json

from lib.dataset.analysis import analyze
from lib.dataset.reading import from_bytes
from lib.dataset.report import DatasetReport


def chat(user: str = "Soup?", reply: str = "Tomato soup.", system: str | None = "You are a chef.") -> dict:
    messages = [{"role": "system", "content": system}] if system else []
    return {"messages": [*messages, {"role": "user", "content": user}, {"role": "assistant", "content": reply}]}


def jsonl(*records: object) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode()


def many(n: int) -> bytes:
    return jsonl(*(chat(user=f"Recipe number {index}?") for index in range(n)))


def run(data: bytes, model: str = "gpt-4o-mini", name: str = "data.jsonl", epochs: int | None = None) -> DatasetReport:
    return analyze(from_bytes(data), model, epochs=epochs, file_name=name)
