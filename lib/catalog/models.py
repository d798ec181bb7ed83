"""Model facts (encoding, training and inference context limits) read from data/models.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lib.catalog.encodings import encoding_files
from lib.paths import data_file

# The model to fine-tune until the user picks another, for the app and the CLI alike: fine-tunable, priced
# at OpenAI and Azure, and still serving (until 2027-01-14 at OpenAI).
DEFAULT_MODEL = "gpt-4.1-mini"


class UnknownModel(KeyError):
    def __str__(self) -> str:
        return f"Unknown model {self.args[0]!r}; known models: {', '.join(load_models())}."


@dataclass(frozen=True)
class ModelFacts:
    id: str
    label: str
    encoding: str
    training_context: int
    context_window: int
    fine_tunable: bool
    source: str
    as_of: str
    provider: str = "openai"
    price_ref: str = ""
    tokens_exact: bool = True


@cache
def load_models(path: Path | None = None) -> dict[str, ModelFacts]:
    path = path or data_file("models.toml")
    with path.open("rb") as file:
        rows = tomllib.load(file)["models"]
    models = {}
    for row in rows:
        facts = ModelFacts(**row)
        if facts.encoding not in encoding_files():
            raise ValueError(f"model {facts.id!r} names unknown encoding {facts.encoding!r}")
        if facts.context_window <= 0 or facts.training_context < 0:
            raise ValueError(f"model {facts.id!r} has a non-positive context limit")
        models[facts.id] = facts
    return models


def model_facts(model_id: str) -> ModelFacts:
    try:
        return load_models()[model_id]
    except KeyError:
        raise UnknownModel(model_id) from None


def fine_tunable_models() -> list[ModelFacts]:
    return [facts for facts in load_models().values() if facts.fine_tunable]
