"""GPU memory, time and cost of fine-tuning an open-weight model yourself, by method.

Model states (the papers' accounting, bytes per parameter, 1 GB = 10^9 bytes):
- Full fine-tuning in mixed precision with AdamW (ZeRO paper, K = 12): 16-bit weights 2, 16-bit
  gradients 2, fp32 master weights + momentum + variance 12 -> 16 bytes per parameter. In fp32: 4 + 4 + 8.
  8-bit AdamW keeps momentum and variance in 1 byte each (2 instead of 8).
- ZeRO partitions across N GPUs: stage 1 the optimizer states, stage 2 also the gradients, stage 3 also
  the weights; whatever is partitioned counts 1/N per GPU.
- Parameter-efficient methods keep the base weights frozen (2 bytes in 16-bit, 0.5 bytes in 4-bit plus
  QLoRA's double-quantised constants, 0.127 bits per parameter) and train only small added weights,
  held in 16-bit with 32-bit AdamW moments: 2 + 2 + 8 = 12 bytes per trainable parameter.
Trainable parameters: LoRA r x (d_in + d_out) per adapted matrix per layer; IA3 one vector per key,
value and feed-forward projection per layer; prompt tuning virtual tokens x hidden size.
Activations (Korthikanti et al. 2022, 16-bit): per layer s*b*h*(34 + 5*a*s/h) bytes; FlashAttention
drops the attention-score term (5*a*s/h); gradient checkpointing keeps only each layer's input
(2*s*b*h bytes) plus one layer recomputed at a time.
Time: training FLOPs = 6 x parameters x tokens for full fine-tuning; for the frozen-base methods we
assume 4 x parameters x tokens (forward plus the backward pass through activations, no weight
gradients for the frozen base), divided by GPUs x peak x model FLOPs utilisation (MFU, default 35%).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lib.numbers import shown
from lib.paths import data_file

GB = 1e9
METHODS = ("full", "lora", "qlora", "ia3", "prompt_tuning")
PRECISIONS = ("bf16", "fp32")
OPTIMIZERS = ("adamw", "adamw_8bit")
LORA_TARGETS = ("q", "k", "v", "o", "gate", "up", "down")
QLORA_CONSTANTS_BITS = 0.127  # QLoRA paper, double quantisation: 0.127 bits per parameter
DEFAULT_MFU = 0.35


class MemoryInputError(ValueError):
    """Inputs the estimator cannot use; the message is meant for the user."""


@dataclass(frozen=True)
class Architecture:
    params: int
    layers: int = 0
    hidden: int = 0
    ffn: int = 0
    heads: int = 0
    kv_heads: int = 0

    @classmethod
    def from_billions(cls, billions: float) -> Architecture:
        """A model known only by its size, as people say it: "7B"."""
        return cls(int(billions * 1_000_000_000))

    @property
    def known(self) -> bool:
        return bool(self.layers and self.hidden)

    def matrix_shape(self, target: str) -> tuple[int, int]:
        head_dim = self.hidden // max(self.heads, 1)
        kv = head_dim * (self.kv_heads or self.heads)
        return {
            "q": (self.hidden, self.hidden), "k": (self.hidden, kv), "v": (self.hidden, kv),
            "o": (self.hidden, self.hidden), "gate": (self.hidden, self.ffn), "up": (self.hidden, self.ffn),
            "down": (self.ffn, self.hidden),
        }[target]


@dataclass(frozen=True)
class Setup:
    method: str = "lora"
    precision: str = "bf16"
    optimizer: str = "adamw"
    rank: int = 16
    targets: tuple[str, ...] = ("q", "v")
    virtual_tokens: int = 20
    seq_len: int = 2048
    micro_batch: int = 1
    checkpointing: bool = True
    flash_attention: bool = True
    zero_stage: int = 0
    gpus: int = 1


@dataclass(frozen=True)
class MemoryEstimate:
    total_params: int
    trainable_params: int
    weights_gb: float
    gradients_gb: float
    optimizer_gb: float
    activations_gb: float

    @property
    def model_states_gb(self) -> float:
        return self.weights_gb + self.gradients_gb + self.optimizer_gb

    @property
    def total_gb(self) -> float:
        return self.model_states_gb + self.activations_gb

    @property
    def trainable_share(self) -> float:
        return self.trainable_params / self.total_params


def check(setup: Setup, architecture: Architecture) -> None:
    if setup.method not in METHODS:
        raise MemoryInputError(f"Method must be one of {', '.join(METHODS)}; got {setup.method!r}.")
    if setup.precision not in PRECISIONS:
        raise MemoryInputError(f"Precision must be bf16 or fp32; got {setup.precision!r}.")
    if setup.optimizer not in OPTIMIZERS:
        raise MemoryInputError(f"Optimizer must be adamw or adamw_8bit; got {setup.optimizer!r}.")
    if setup.zero_stage not in (0, 1, 2, 3):
        raise MemoryInputError(f"ZeRO stage must be 0, 1, 2 or 3; got {setup.zero_stage}.")
    if setup.gpus < 1 or setup.seq_len < 1 or setup.micro_batch < 1 or setup.rank < 1:
        raise MemoryInputError("GPUs, sequence length, micro-batch and rank must be at least 1.")
    if architecture.params <= 0:
        raise MemoryInputError("The parameter count must be positive.")
    unknown = [target for target in setup.targets if target not in LORA_TARGETS]
    if unknown:
        raise MemoryInputError(f"Unknown LoRA target {shown(unknown[0])}; use {', '.join(LORA_TARGETS)}.")
    if setup.method in ("lora", "qlora") and not setup.targets:
        raise MemoryInputError(f"LoRA needs at least one target matrix, from {', '.join(LORA_TARGETS)}.")
    if setup.method in ("lora", "qlora") and architecture.known and setup.rank > architecture.hidden:
        # a rank above the hidden size adds parameters without adding anything the matrix can express
        raise MemoryInputError(f"LoRA rank {setup.rank:,} is above the model's hidden size "
                               f"({architecture.hidden:,}); ranks of 8 to 64 are usual.")
    if architecture.known and trainable_params(setup, architecture) > architecture.params:
        raise MemoryInputError(f"{architecture.params:,} parameters is fewer than this model's layers hold "
                               "even for the trainable part; check the parameter count.")
    if setup.method in ("lora", "qlora", "ia3", "prompt_tuning") and not architecture.known:
        raise MemoryInputError(f"{setup.method} needs the model's layers and hidden size; pick a model from the "
                               "table or give them.")


def trainable_params(setup: Setup, architecture: Architecture) -> int:
    if setup.method == "full":
        return architecture.params
    if setup.method in ("lora", "qlora"):
        per_layer = sum(setup.rank * sum(architecture.matrix_shape(target)) for target in setup.targets)
        return per_layer * architecture.layers
    if setup.method == "ia3":
        _, kv = architecture.matrix_shape("k")
        return architecture.layers * (2 * kv + architecture.ffn)
    return setup.virtual_tokens * architecture.hidden


def _activations_gb(setup: Setup, architecture: Architecture) -> float:
    if not architecture.known:
        return 0.0
    s, b, h, a = setup.seq_len, setup.micro_batch, architecture.hidden, max(architecture.heads, 1)
    per_layer = s * b * h * (34 + (0 if setup.flash_attention else 5 * a * s / h))
    # with checkpointing only each layer's input is kept, and one layer is recomputed at a time
    kept = 2 * s * b * h * architecture.layers + per_layer if setup.checkpointing else per_layer * architecture.layers
    return kept / GB


def estimate(setup: Setup, architecture: Architecture) -> MemoryEstimate:
    """Per-GPU memory, in 10^9 bytes as the papers count."""
    check(setup, architecture)
    params = architecture.params
    trainable = trainable_params(setup, architecture)
    n = setup.gpus if setup.zero_stage else 1
    moments = 2 if setup.optimizer == "adamw_8bit" else 8
    if setup.method == "full":
        weight_bytes = 2 if setup.precision == "bf16" else 4
        weights = params * weight_bytes
        gradients = params * weight_bytes
        optimizer = params * (moments + (4 if setup.precision == "bf16" else 0))
    else:
        frozen_bytes = 0.5 + QLORA_CONSTANTS_BITS / 8 if setup.method == "qlora" else (
            2 if setup.precision == "bf16" else 4)
        weights = params * frozen_bytes + trainable * 2
        gradients = trainable * 2
        optimizer = trainable * moments
    if setup.zero_stage >= 1:
        optimizer /= n
    if setup.zero_stage >= 2:
        gradients /= n
    if setup.zero_stage >= 3:
        weights /= n
    return MemoryEstimate(params, trainable, weights / GB, gradients / GB, optimizer / GB,
                          _activations_gb(setup, architecture))


def training_flops(setup: Setup, architecture: Architecture, tokens: int) -> float:
    per_token = 6 if setup.method == "full" else 4
    return per_token * architecture.params * tokens


def training_hours(setup: Setup, architecture: Architecture, tokens: int, tflops_per_gpu: float,
                   mfu: float = DEFAULT_MFU) -> float:
    if tflops_per_gpu <= 0 or not 0 < mfu <= 1:
        raise MemoryInputError("Peak TFLOPS must be positive and utilisation between 0 and 1.")
    return training_flops(setup, architecture, tokens) / (setup.gpus * tflops_per_gpu * 1e12 * mfu) / 3600


@dataclass(frozen=True)
class Gpu:
    id: str
    label: str
    memory_gb: float
    bf16_tflops: float
    source: str
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
        row["params"], row["layers"], row["hidden"], row["ffn"], row["heads"], row["kv_heads"])) for row in rows)


def open_model(model_id: str) -> OpenModel:
    for model in load_open_models():
        if model.id == model_id:
            return model
    raise MemoryInputError(f"Unknown model {model_id!r}; known: {', '.join(m.id for m in load_open_models())}.")


@dataclass(frozen=True)
class GpuOption:
    gpu: Gpu
    fits: bool
    hours: float
    cost_usd: Decimal | None  # None when no hourly price is known; money is Decimal, as everywhere


def gpu_options(setup: Setup, architecture: Architecture, tokens: int, gpus: tuple[Gpu, ...],
                prices: dict[str, float | None] | None = None, mfu: float = DEFAULT_MFU) -> list[GpuOption]:
    """For each GPU type: does the job fit in its memory, how long it takes, what it costs on setup.gpus GPUs."""
    per_gpu = estimate(setup, architecture).total_gb
    rows = []
    for gpu in gpus:
        price = (prices or {}).get(gpu.id, gpu.price_per_hour)
        hours = training_hours(setup, architecture, tokens, gpu.bf16_tflops, mfu)
        cost = None if price is None else Decimal(str(round(hours, 6))) * setup.gpus * Decimal(str(price))
        rows.append(GpuOption(gpu, per_gpu <= gpu.memory_gb, hours, cost))
    return rows
