"""Models and GPUs as the estimator sees them: an open-weight model's shape (from data/open_models.toml, a Hugging
Face config.json or a bare parameter count) and the GPUs of data/gpus.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from lib.paths import data_file


class MemoryInputError(ValueError):
    """Inputs the estimator cannot use; the message is meant for the user."""


@dataclass(frozen=True)
class Architecture:
    params: int  # every parameter the GPU holds (all experts of a mixture-of-experts model)
    layers: int = 0
    hidden: int = 0
    ffn: int = 0
    heads: int = 0
    kv_heads: int = 0
    vocab: int = 0  # 0: unknown, the output logits are not counted
    tied_embeddings: bool = False
    head_dim: int = 0  # 0: hidden / heads
    active_params: int = 0  # parameters one token passes through (0: all of them; fewer with experts)
    experts: int = 0  # routed experts per mixture-of-experts layer (0: a dense model)
    experts_per_token: int = 0

    @property
    def active(self) -> int:
        """Parameters each token is computed with: what training time depends on."""
        return self.active_params or self.params

    @property
    def embedding_params(self) -> int:
        """Input embedding plus output layer (one matrix when tied): QLoRA leaves them unquantised."""
        return self.vocab * self.hidden * (1 if self.tied_embeddings else 2)

    @classmethod
    def from_billions(cls, billions: float) -> Architecture:
        """A model known only by its size, as people say it: "7B"."""
        return cls(int(billions * 1_000_000_000))

    @property
    def known(self) -> bool:
        return bool(self.layers and self.hidden)

    def matrix_shape(self, target: str) -> tuple[int, int]:
        head_dim = self.head_dim or self.hidden // max(self.heads, 1)
        width = head_dim * max(self.heads, 1)
        kv = head_dim * (self.kv_heads or self.heads)
        return {
            "q": (self.hidden, width), "k": (self.hidden, kv), "v": (self.hidden, kv),
            "o": (width, self.hidden), "gate": (self.hidden, self.ffn), "up": (self.hidden, self.ffn),
            "down": (self.ffn, self.hidden),
        }[target]


@dataclass(frozen=True)
class Gpu:
    id: str
    label: str
    memory_gb: float
    bf16_tflops: float
    source: str
    memory_bandwidth_gbs: float = 0.0  # 0: unknown, the GPU is not offered for serving
    price_per_hour: float | None = None
    price_read_on: date | None = None
    price_confidence: str = "third_party"
    price_note: str = ""


@dataclass(frozen=True)
class OpenModel:
    id: str
    label: str
    source: str
    architecture: Architecture


@cache
def load_gpus(path: Path | None = None) -> tuple[Gpu, ...]:
    path = path or data_file("gpus.toml")
    with path.open("rb") as file:
        return tuple(Gpu(**row) for row in tomllib.load(file)["gpus"])


@cache
def load_open_models(path: Path | None = None) -> tuple[OpenModel, ...]:
    path = path or data_file("open_models.toml")
    with path.open("rb") as file:
        rows = tomllib.load(file)["models"]
    return tuple(OpenModel(row["id"], row["label"], row["source"], Architecture(
        row["params"], row["layers"], row["hidden"], row["ffn"], row["heads"], row["kv_heads"], row.get("vocab", 0),
        row.get("tied_embeddings", False), row.get("head_dim", 0), row.get("active_params", 0),
        row.get("experts", 0), row.get("experts_per_token", 0))) for row in rows)


def params_billions(model_id: str) -> float | None:
    """An open-weight model's size in billions, which decides a provider's price band; None if unknown."""
    found = next((entry for entry in load_open_models() if entry.id == model_id), None)
    return found.architecture.params / 1e9 if found else None


def open_model(model_id: str) -> OpenModel:
    for model in load_open_models():
        if model.id == model_id:
            return model
    raise MemoryInputError(f"Unknown model {model_id!r}; known: {', '.join(m.id for m in load_open_models())}.")


# Typical shapes of Llama-style models by size (hidden, layers); a bare parameter count takes the nearest
# and scales its layers to match, and is said to be an estimate.
_TYPICAL_SHAPES = ((3e9, 2560, 32), (9e9, 4096, 32), (15e9, 5120, 40), (40e9, 6656, 60), (80e9, 8192, 80),
                   (float("inf"), 12288, 96))


def architecture_from_params(params: int) -> Architecture:
    _, hidden, _ = next(shape for shape in _TYPICAL_SHAPES if params <= shape[0])
    ffn, vocab = int(hidden * 3.5), 128_256
    per_layer = 2 * hidden * hidden + 2 * hidden * hidden // 4 + 3 * hidden * ffn
    layers = max(1, round((params - 2 * vocab * hidden) / per_layer))
    return Architecture(params, layers, hidden, ffn, hidden // 128, hidden // 512, vocab)
