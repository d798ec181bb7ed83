"""Whole reports on a varied generated file stay exactly what they were: every count, every problem, every example's
tokens and the personal data found. The expected digests were written by the pass before it was made faster; a
change that alters anything the report says fails here (regenerate only for a change meant to alter reports:
`python -m tests.dataset.test_report_golden`)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from lib.dataset.analysis import analyze
from lib.dataset.reading import from_bytes
from tests.dataset.varied import varied_file

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "varied_reports.json"
CASES = [("openai", "gpt-4o-mini"), ("openai", "gpt-3.5-turbo"), ("bedrock", "nova-lite"),
         ("together", "llama-3.1-8b"), ("vertex", "gemini-2.5-flash")]


def summary(provider: str | None, model: str) -> dict:
    report = analyze(from_bytes(varied_file()), model, provider=provider, file_name="varied.jsonl")
    whole = json.dumps(dataclasses.asdict(report), sort_keys=True, default=str, ensure_ascii=False)
    return {"digest": hashlib.sha256(whole.encode("utf-8", "surrogatepass")).hexdigest(),
            "n_examples": report.n_examples, "n_valid": report.n_valid, "total_tokens": report.total_tokens,
            "assistant_tokens": report.assistant_tokens, "problems_total": report.problems_total,
            "errors": dict(sorted(report.errors.items())), "warnings": dict(sorted(report.warnings.items())),
            "pii": report.pii.counts, "n_duplicates": report.n_duplicates}


@pytest.mark.parametrize(("provider", "model"), CASES)
def test_whole_report_is_unchanged(provider, model):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))[f"{provider}/{model}"]
    got = summary(provider, model)
    assert {key: value for key, value in got.items() if key != "digest"} == {
        key: value for key, value in expected.items() if key != "digest"}
    assert got["digest"] == expected["digest"], "a problem's text, an example's tokens or a note differs"


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps({f"{provider}/{model}": summary(provider, model) for provider, model in CASES},
                                 indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
