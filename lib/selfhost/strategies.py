"""The fine-tuning strategies explained on the Strategies page, read from data/strategies.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lib.paths import data_file

KINDS = ("method", "efficiency")


@dataclass(frozen=True)
class Strategy:
    id: str
    name: str
    kind: str
    what: str
    when: str
    paper: str
    url: str


@dataclass(frozen=True)
class Combination:
    methods: str
    why: str


@cache
def load_strategies(path: Path | None = None) -> tuple[tuple[Strategy, ...], tuple[Combination, ...]]:
    path = path or data_file("strategies.toml")
    with path.open("rb") as file:
        data = tomllib.load(file)
    strategies = tuple(Strategy(**row) for row in data["strategies"])
    for strategy in strategies:
        if strategy.kind not in KINDS or not strategy.url.startswith("https://"):
            raise ValueError(f"strategy {strategy.id!r}: kind must be method or efficiency, with an https paper link")
    return strategies, tuple(Combination(**row) for row in data.get("combinations", []))
