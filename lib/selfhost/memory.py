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
What real runs also hold, calibrated against measured peaks (data/memory_calibration.toml; median error
about 5%, largest about 8%, checked by tests/test_memory_calibration.py):
- Output logits and the loss: batch x sequence x vocabulary scores in bf16, plus 2 fp32 copies (the
  upcast in transformers' ForCausalLMLoss and its gradient); a chunked loss (torchtune, Unsloth) holds
  one chunk only. The largest term at Llama 3's 128k vocabulary. (Research notes, section 1.)
- QLoRA quantises only the blocks' linear layers; the embeddings and output layer stay unquantised
  (transformers' get_keys_to_not_convert) and PEFT's prepare_model_for_kbit_training casts them to fp32.
  Adapters train in fp32: 16 bytes per trainable parameter with AdamW. (Notes, sections 2 and 5.)
- Eager attention keeps one layer's batch x heads x sequence^2 scores at the peak under checkpointing
  (Korthikanti's 5as/h term); FlashAttention and SDPA do not. (Notes, section 4.)
- The CUDA context (0.5 GiB) and the caching allocator's reserve (10% of live tensors) are not counted by
  torch.cuda.max_memory_allocated() but must fit on the card. (Notes, section 3.)
- A paged 8-bit optimizer keeps its states in unified memory that spills to CPU RAM (QLoRA paper, section 3).
Memory is reported in GiB (2^30 bytes), the unit cards and PyTorch use; the papers' model-state figures
above are in 10^9 bytes, as the papers count.
Every parameter counts for memory (a mixture-of-experts model holds all its experts); time counts the
active ones, those a token passes through. Time: training FLOPs = 6 x active parameters x tokens for
full fine-tuning; for the frozen-base methods we assume 4 x active parameters x tokens (forward plus
the backward pass through activations, no weight gradients for the frozen base), divided by GPUs x
peak x model FLOPs utilisation (MFU, default 35%).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from lib.numbers import shown
from lib.selfhost.shapes import Architecture, Gpu, MemoryInputError

GB = 1e9
GIB = 2**30  # the unit cards and PyTorch report in
LOSSES = ("full_logits", "chunked")
# Calibrated against measured peaks (data/memory_calibration.toml, tests/test_memory_calibration.py):
LOGIT_FP32_COPIES = 2  # the fp32 upcast of the logits and its gradient (Hugging Face ForCausalLMLoss)
CUDA_CONTEXT_GIB = 0.5  # the per-process CUDA context, not counted by max_memory_allocated()
ALLOCATOR_RESERVE = 0.10  # caching-allocator memory reserved beyond live tensors (fragmentation)
METHODS = ("full", "lora", "qlora", "ia3", "prompt_tuning")
PRECISIONS = ("bf16", "fp32")
OPTIMIZERS = ("adamw", "adamw_8bit", "paged_adamw_8bit")
LORA_TARGETS = ("q", "k", "v", "o", "gate", "up", "down")
QLORA_CONSTANTS_BITS = 0.127  # QLoRA paper, double quantisation: 0.127 bits per parameter
DEFAULT_MFU = 0.35


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
    flash_attention: bool = True  # False: eager attention, which stores the scores
    zero_stage: int = 0
    gpus: int = 1
    loss: str = "full_logits"  # full_logits (Hugging Face Trainer) | chunked (torchtune, Unsloth)


@dataclass(frozen=True)
class MemoryEstimate:
    total_params: int
    trainable_params: int
    weights_gb: float
    gradients_gb: float
    optimizer_gb: float
    activations_gb: float
    logits_gb: float = 0.0  # output logits and the loss's copies of them
    overhead_gb: float = 0.0  # CUDA context and what the allocator reserves beyond live tensors

    @property
    def model_states_gb(self) -> float:
        return self.weights_gb + self.gradients_gb + self.optimizer_gb

    @property
    def allocated_gb(self) -> float:
        """Live tensors at the peak: what torch.cuda.max_memory_allocated() counts."""
        return self.model_states_gb + self.activations_gb + self.logits_gb

    @property
    def total_gb(self) -> float:
        """What the card must hold: live tensors plus the context and the allocator's reserve."""
        return self.allocated_gb + self.overhead_gb

    def gib(self, gigabytes: float) -> float:
        return gigabytes * GB / GIB

    @property
    def trainable_share(self) -> float:
        return self.trainable_params / self.total_params


def check(setup: Setup, architecture: Architecture) -> None:
    if setup.method not in METHODS:
        raise MemoryInputError(f"Method must be one of {', '.join(METHODS)}; got {setup.method!r}.")
    if setup.precision not in PRECISIONS:
        raise MemoryInputError(f"Precision must be bf16 or fp32; got {setup.precision!r}.")
    if setup.optimizer not in OPTIMIZERS:
        raise MemoryInputError(f"Optimizer must be one of {', '.join(OPTIMIZERS)}; got {shown(setup.optimizer)}.")
    if setup.loss not in LOSSES:
        raise MemoryInputError(f"Loss must be one of {', '.join(LOSSES)}; got {shown(setup.loss)}.")
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
    # paged optimizers keep their states in unified memory and move them to CPU RAM when the GPU is full
    # (QLoRA paper, section 3), so they do not add to the GPU's peak
    moments = {"adamw": 8, "adamw_8bit": 2, "paged_adamw_8bit": 0}[setup.optimizer]
    if setup.method == "full":
        weight_bytes = 2 if setup.precision == "bf16" else 4
        weights = params * weight_bytes
        gradients = params * weight_bytes
        optimizer = params * (moments + (4 if setup.precision == "bf16" else 0))
    else:
        frozen_bytes = 0.5 + QLORA_CONSTANTS_BITS / 8 if setup.method == "qlora" else (
            2 if setup.precision == "bf16" else 4)
        unquantised = architecture.embedding_params if setup.method == "qlora" else 0
        # QLoRA quantises the block's linear layers only; PEFT then casts the embeddings and the output
        # layer to fp32. Adapters are trained in fp32: 4 bytes each for weight and gradient.
        weights = (params - unquantised) * frozen_bytes + unquantised * 4 + trainable * 4
        gradients = trainable * 4
        optimizer = trainable * moments
    if setup.zero_stage >= 1:
        optimizer /= n
    if setup.zero_stage >= 2:
        gradients /= n
    if setup.zero_stage >= 3:
        weights /= n
    allocated = MemoryEstimate(params, trainable, weights / GB, gradients / GB, optimizer / GB,
                               _activations_gb(setup, architecture), _logits_gb(setup, architecture))
    overhead = (CUDA_CONTEXT_GIB * GIB + ALLOCATOR_RESERVE * allocated.allocated_gb * GB) / GB
    return replace(allocated, overhead_gb=overhead)


def _logits_gb(setup: Setup, architecture: Architecture) -> float:
    """The output layer's scores for every token: bf16 logits, plus LOGIT_FP32_COPIES fp32 copies (the
    upcast for the loss and its gradient) when the loss takes them whole; a chunked loss holds one chunk."""
    tokens = setup.seq_len * setup.micro_batch
    bytes_per_score = 2 + (4 * LOGIT_FP32_COPIES if setup.loss == "full_logits" else 0)
    return tokens * architecture.vocab * bytes_per_score / GB


def training_flops(setup: Setup, architecture: Architecture, tokens: int) -> float:
    per_token = 6 if setup.method == "full" else 4
    return per_token * architecture.active * tokens  # a mixture of experts computes only the routed experts


def training_hours(setup: Setup, architecture: Architecture, tokens: int, tflops_per_gpu: float,
                   mfu: float = DEFAULT_MFU) -> float:
    if tflops_per_gpu <= 0 or not 0 < mfu <= 1:
        raise MemoryInputError("Peak TFLOPS must be positive and utilisation between 0 and 1.")
    return training_flops(setup, architecture, tokens) / (setup.gpus * tflops_per_gpu * 1e12 * mfu) / 3600


@dataclass(frozen=True)
class GpuOption:
    gpu: Gpu
    fits: bool
    hours: float
    cost_usd: Decimal | None  # None when no hourly price is known; money is Decimal, as everywhere


def gpu_options(setup: Setup, architecture: Architecture, tokens: int, gpus: tuple[Gpu, ...],
                prices: dict[str, float | None] | None = None, mfu: float = DEFAULT_MFU) -> list[GpuOption]:
    """For each GPU type: does the job fit in its memory, how long it takes, what it costs on setup.gpus GPUs."""
    result = estimate(setup, architecture)
    per_gpu = result.gib(result.total_gb)  # cards are sold in GiB: an "80GB" A100 reports 81,920 MiB
    rows = []
    for gpu in gpus:
        price = (prices or {}).get(gpu.id, gpu.price_per_hour)
        hours = training_hours(setup, architecture, tokens, gpu.bf16_tflops, mfu)
        cost = None if price is None else Decimal(str(round(hours, 6))) * setup.gpus * Decimal(str(price))
        rows.append(GpuOption(gpu, per_gpu <= gpu.memory_gb, hours, cost))
    return rows


@dataclass(frozen=True)
class CardFit:
    card_gib: float
    needed_gib: float
    fits: bool
    largest_seq_len: int  # at this batch; 0 when not even the shortest fits
    largest_batch: int  # at this sequence length
    advice: tuple[str, ...]

    @property
    def headroom_gib(self) -> float:
        return self.card_gib - self.needed_gib


def _needed_gib(setup: Setup, architecture: Architecture) -> float:
    result = estimate(setup, architecture)
    return result.gib(result.total_gb)


def _largest(setup: Setup, architecture: Architecture, card_gib: float, field: str, top: int) -> int:
    """The largest value of `field` (seq_len or micro_batch) whose run still fits; 0 when even 1 does not."""
    low, high = 0, top
    while low < high:
        middle = (low + high + 1) // 2
        if _needed_gib(replace(setup, **{field: middle}), architecture) <= card_gib:
            low = middle
        else:
            high = middle - 1
    return low


def fit_on_card(setup: Setup, architecture: Architecture, card_gib: float) -> CardFit:
    """Whether the run fits a card of `card_gib`, with its headroom, the limits that fit, and what to change."""
    needed = _needed_gib(setup, architecture)
    advice: list[str] = []
    if needed > card_gib:
        if setup.method in ("full", "lora"):
            advice.append("use QLoRA (4-bit base weights)")
        if setup.loss == "full_logits" and architecture.vocab:
            advice.append("use a chunked loss (torchtune, Unsloth) so the full logits are never held")
        if not setup.checkpointing:
            advice.append("turn gradient checkpointing on")
        if not setup.flash_attention:
            advice.append("use FlashAttention or SDPA instead of eager attention")
        if setup.micro_batch > 1:
            advice.append("lower the micro-batch and raise gradient accumulation")
        advice.append("use shorter sequences")
        if setup.method == "full" or setup.zero_stage < 3:
            advice.append("spread the model over more GPUs with ZeRO stage 3")
    return CardFit(card_gib, needed, needed <= card_gib, _largest(setup, architecture, card_gib, "seq_len", 1 << 20),
                   _largest(setup, architecture, card_gib, "micro_batch", 4096), tuple(advice))
