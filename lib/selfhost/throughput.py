"""How many requests one serving replica answers a second: a roofline model of a transformer served with
continuous batching (vLLM and the like), from the model's shape and the GPU's datasheet figures.

Generation is bound by memory bandwidth: each decoding step reads the weights once for the whole batch plus every
request's key-value cache. Reading a prompt (prefill) is bound by compute. data/serving.toml holds the constants,
the formula in words, and the published runs the model is tested against (within their stated tolerance).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lib.paths import data_file
from lib.selfhost.shapes import Architecture, Gpu

GB = 1e9


@dataclass(frozen=True)
class ServingModel:
    concurrency: int
    decode_efficiency: float
    prefill_mfu: float
    step_overhead_seconds: float
    usable_memory_share: float
    runtime_reserve_gb: float
    weights_headroom: float
    source: str


@dataclass(frozen=True)
class Shape:
    """What serving needs to know of a model: its weights and its key-value cache per token."""

    params: int  # every parameter that must be resident (all experts of a mixture)
    active_params: int  # the parameters one token goes through
    layers: int
    kv_heads: int
    head_dim: int

    @property
    def weights_gb(self) -> float:
        return self.params * 2 / GB  # 16-bit

    @property
    def kv_bytes_per_token(self) -> int:
        return 2 * self.layers * self.kv_heads * self.head_dim * 2  # keys and values, 16-bit

    @classmethod
    def of(cls, architecture: Architecture) -> Shape:
        heads = max(architecture.heads, 1)
        head_dim = architecture.head_dim or architecture.hidden // heads
        return cls(architecture.params, architecture.active, architecture.layers, architecture.kv_heads or heads,
                   head_dim)


@dataclass(frozen=True)
class Replica:
    """One serving replica: `gpus` GPUs of one kind holding one copy of the model."""

    gpu: Gpu
    gpus: int
    concurrency: int
    output_tokens_per_second: float
    input_tokens_per_second: float
    requests_per_second: float

    @property
    def sentence(self) -> str:
        group = f"{self.gpus} x {self.gpu.label}" if self.gpus > 1 else f"one {self.gpu.label}"
        return (f"{group} serves about {self.requests_per_second:,.1f} requests a second at this request size "
                f"({self.output_tokens_per_second:,.0f} generated tokens a second with {self.concurrency} requests "
                "at a time; an estimate)")


@cache
def load_serving_model(path: Path | None = None) -> ServingModel:
    with (path or data_file("serving.toml")).open("rb") as file:
        return ServingModel(**tomllib.load(file)["model"])


def gpus_to_hold(shape: Shape, gpu: Gpu, model: ServingModel | None = None) -> int:
    """GPUs one replica needs to hold the 16-bit weights with room for the key-value cache."""
    model = model or load_serving_model()
    return max(1, math.ceil(shape.weights_gb * model.weights_headroom / gpu.memory_gb))


def replica(shape: Shape, gpu: Gpu, input_tokens: int, output_tokens: int, gpus: int | None = None,
            concurrency: int | None = None, model: ServingModel | None = None) -> Replica | None:
    """The replica's throughput for requests of this size; None when the GPU's bandwidth is unknown or the model
    leaves no room for a single request's cache."""
    model = model or load_serving_model()
    if gpu.memory_bandwidth_gbs <= 0 or gpu.bf16_tflops <= 0:
        return None
    gpus = gpus or gpus_to_hold(shape, gpu, model)
    tokens = max(input_tokens + output_tokens, 1)
    free_gb = gpus * gpu.memory_gb * model.usable_memory_share - shape.weights_gb - model.runtime_reserve_gb
    fits = int(free_gb * GB // (shape.kv_bytes_per_token * tokens)) if shape.kv_bytes_per_token else 10**6
    batch = min(concurrency or model.concurrency, fits)
    if batch < 1:
        return None
    context = input_tokens + output_tokens / 2  # the average length of a request's cache while it generates
    step = ((shape.weights_gb * GB + batch * context * shape.kv_bytes_per_token)
            / (model.decode_efficiency * gpu.memory_bandwidth_gbs * GB * gpus) + model.step_overhead_seconds)
    output_rate = batch / step
    input_rate = model.prefill_mfu * gpu.bf16_tflops * 1e12 * gpus / (2 * shape.active_params)
    seconds = input_tokens / input_rate + output_tokens / output_rate
    if seconds <= 0:
        return None
    return Replica(gpu, gpus, batch, output_tokens / seconds if output_tokens else output_rate,
                   input_rate, 1 / seconds)
