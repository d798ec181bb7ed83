"""Files the Dataset page offers: the cleaned dataset, a train/validation split, the problems as CSV."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterable

from lib.dataset.formats.base import safe_cell
from lib.dataset.reading import TextSource
from lib.dataset.records import iter_valid_records
from lib.dataset.report import DatasetReport, Problem

__all__ = ["cleaned_jsonl", "problems_csv", "safe_cell", "to_jsonl", "train_validation_split"]


def to_jsonl(records: Iterable[object]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def cleaned_jsonl(source: TextSource, report: DatasetReport) -> str:
    """Only the valid examples, as JSONL (tables and JSON arrays come out as chat JSONL)."""
    return to_jsonl(iter_valid_records(source, report))


def train_validation_split(
    source: TextSource, report: DatasetReport, validation_share: float, seed: int = 0
) -> tuple[str, str]:
    """Valid examples shuffled with a fixed seed (the same file always splits the same way)."""
    if not 0 < validation_share < 1:
        raise ValueError("validation_share must be between 0 and 1")
    records = list(iter_valid_records(source, report))
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    n_validation = max(1, round(len(records) * validation_share)) if len(records) > 1 else 0
    validation = set(order[:n_validation])
    train = [record for index, record in enumerate(records) if index not in validation]
    held_out = [record for index, record in enumerate(records) if index in validation]
    return to_jsonl(train), to_jsonl(held_out)


def problems_csv(problems: Iterable[Problem]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["line", "severity", "key", "message"])
    for problem in problems:
        writer.writerow([problem.line, problem.severity, safe_cell(problem.key), safe_cell(problem.message)])
    return buffer.getvalue()
