"""A model's shape from its Hugging Face config.json, every field bounded and checked.

Reads dense models (Llama, Mistral, Qwen), mixtures of experts (Mixtral `num_local_experts`, Qwen3-MoE
`num_experts` and `moe_intermediate_size`, DeepSeek `n_routed_experts`, `n_shared_experts` and
`first_k_dense_replace` dense first layers, its multi-head latent attention), an explicit `head_dim`, tied
embeddings and a multimodal config's nested `text_config` (Gemma 3). The parameter count is computed: every
expert is resident in memory; a token passes through `num_experts_per_tok` of them (the active count).
Fields a config leaves out take the defaults of its transformers config class, listed in DEFAULTS.
"""

from __future__ import annotations

from lib.numbers import shown
from lib.selfhost.shapes import Architecture, MemoryInputError

LIMIT = 10_000_000  # above any real dimension; a slip or a hostile file stops here
# transformers' Gemma3TextConfig defaults (gemma-3-4b-it's config.json states only hidden_size,
# intermediate_size and num_hidden_layers); PretrainedConfig ties the embeddings unless a config says not.
DEFAULTS = {"gemma3_text": {"vocab_size": 262_208, "num_attention_heads": 8, "num_key_value_heads": 4,
                            "head_dim": 256, "tie_word_embeddings": True}}


def _whole(config: dict, key: str, default: int | None = None, low: int = 1) -> int:
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value < LIMIT:
        raise MemoryInputError(f"config.json needs a {'positive ' if low else ''}whole number for {key!r}; "
                               f"got {shown(value)}.")
    return value


def _text_config(config: object) -> dict:
    if not isinstance(config, dict):
        raise MemoryInputError("config.json must be a JSON object, as Hugging Face publishes it.")
    inner = config.get("text_config")
    if inner is not None:
        if not isinstance(inner, dict):
            raise MemoryInputError(f"config.json's 'text_config' must be an object; got {shown(inner)}.")
        # the language model's own fields win; the outer config may hold what the inner one leaves out
        config = {**{k: v for k, v in config.items() if k != "text_config"}, **inner}
    defaults = DEFAULTS.get(str(config.get("model_type", "")), {})
    return {**defaults, **config}


def _attention(config: dict, h: int, heads: int, kv: int, head_dim: int) -> int:
    """One layer's attention weights; DeepSeek's multi-head latent attention when the config has it."""
    if "kv_lora_rank" in config:
        kv_rank = _whole(config, "kv_lora_rank")
        q_rank = _whole(config, "q_lora_rank", 0, 0) if config.get("q_lora_rank") is not None else 0
        rope, nope = _whole(config, "qk_rope_head_dim"), _whole(config, "qk_nope_head_dim")
        v_dim = _whole(config, "v_head_dim")
        q = h * q_rank + q_rank * heads * (rope + nope) if q_rank else h * heads * (rope + nope)
        return q + h * (kv_rank + rope) + kv_rank * heads * (nope + v_dim) + heads * v_dim * h
    return 2 * h * heads * head_dim + 2 * h * kv * head_dim


def architecture_from_config(config: object) -> Architecture:
    """A model's shape from its Hugging Face config.json; the parameter counts are computed from it."""
    config = _text_config(config)
    h, layers, heads = (_whole(config, key) for key in ("hidden_size", "num_hidden_layers", "num_attention_heads"))
    vocab = _whole(config, "vocab_size")
    kv = config.get("num_key_value_heads", heads)
    if isinstance(kv, bool) or not isinstance(kv, int) or not 0 < kv <= heads:
        raise MemoryInputError(f"config.json has an unusable 'num_key_value_heads': {shown(kv)}.")
    head_dim = _whole(config, "head_dim", h // heads) if config.get("head_dim") is not None else h // heads
    tied = config.get("tie_word_embeddings", False) is True
    experts = next((_whole(config, key) for key in ("num_local_experts", "num_experts", "n_routed_experts")
                    if config.get(key) is not None), 0)
    dense_ffn = _whole(config, "intermediate_size", None if not experts else 0, 0 if experts else 1)
    attention = _attention(config, h, heads, kv, head_dim) + 2 * h  # and two norms
    if not experts:
        if not dense_ffn:
            raise MemoryInputError("config.json needs a positive whole number for 'intermediate_size'.")
        per_layer = attention + 3 * h * dense_ffn
        params = active = layers * per_layer + vocab * h * (1 if tied else 2) + h
        return Architecture(params, layers, h, dense_ffn, heads, kv, vocab, tied, head_dim)
    per_token = _whole(config, "num_experts_per_tok", 2)
    if per_token > experts:
        raise MemoryInputError(f"config.json routes each token to {per_token:,} experts of {experts:,}.")
    expert_ffn = (_whole(config, "moe_intermediate_size") if config.get("moe_intermediate_size") is not None
                  else dense_ffn)
    if not expert_ffn:
        raise MemoryInputError("config.json needs 'moe_intermediate_size' or 'intermediate_size' for its experts.")
    shared = _whole(config, "n_shared_experts", 0, 0) if config.get("n_shared_experts") is not None else 0
    shared_ffn = shared * expert_ffn
    if config.get("shared_expert_intermediate_size") is not None:  # Qwen2-MoE: one shared expert of its own size
        shared_ffn = _whole(config, "shared_expert_intermediate_size")
    dense_layers = _whole(config, "first_k_dense_replace", 0, 0) if config.get("first_k_dense_replace") else 0
    if dense_layers > layers or (dense_layers and not dense_ffn):
        raise MemoryInputError("config.json's 'first_k_dense_replace' needs that many layers and an "
                               "'intermediate_size' for them.")
    moe_layers = layers - dense_layers
    router = h * experts
    moe_resident = attention + router + 3 * h * (experts * expert_ffn + shared_ffn)
    moe_active = attention + router + 3 * h * (per_token * expert_ffn + shared_ffn)
    dense = attention + 3 * h * dense_ffn
    embeddings = vocab * h * (1 if tied else 2) + h
    params = dense_layers * dense + moe_layers * moe_resident + embeddings
    active = dense_layers * dense + moe_layers * moe_active + embeddings
    return Architecture(params, layers, h, expert_ffn, heads, kv, vocab, tied, head_dim, active, experts, per_token)
