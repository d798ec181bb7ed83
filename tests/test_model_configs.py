"""2026 model shapes from config.json: experts, head_dim, tied embeddings, nested text_config."""

import json
from pathlib import Path

import pytest

from lib.cli import main
from lib.selfhost.configs import architecture_from_config
from lib.selfhost.memory import Setup, fit_on_card, training_flops
from lib.selfhost.shapes import MemoryInputError, open_model

FIXTURES = Path(__file__).parent / "fixtures" / "configs"


def config(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


@pytest.mark.parametrize(("name", "total_b", "active_b"), [
    ("mixtral-8x7b", 46.7, 12.9),  # Mistral AI: 46.7B total, 12.9B active
    ("qwen3-30b-a3b", 30.5, 3.3),  # Qwen: 30.5B total, 3.3B active
    ("deepseek-v3", 671, 37),  # DeepSeek: 671B total, 37B active (without the prediction module)
    ("gemma-3-4b-it", 3.88, 3.88),  # the language model of Gemma 3 4B
])
def test_published_totals_within_a_few_percent(name, total_b, active_b):
    shape = architecture_from_config(config(name))
    assert shape.params / 1e9 == pytest.approx(total_b, rel=0.03)
    assert shape.active / 1e9 == pytest.approx(active_b, rel=0.03)


def test_gemma_reads_text_config_defaults_and_ties_embeddings():
    shape = architecture_from_config(config("gemma-3-4b-it"))
    assert (shape.heads, shape.kv_heads, shape.head_dim, shape.vocab, shape.tied_embeddings) == (
        8, 4, 256, 262_208, True)
    assert shape.matrix_shape("q") == (2560, 2048) and shape.matrix_shape("o") == (2048, 2560)


def test_memory_counts_every_expert_and_time_the_active_ones():
    mixtral = architecture_from_config(config("mixtral-8x7b"))
    lora = Setup(method="lora", targets=("q", "v"))
    assert not fit_on_card(lora, mixtral, 24).fits  # 16-bit LoRA of Mixtral: ~94 GB of weights
    assert training_flops(lora, mixtral, 1000) == 4 * mixtral.active * 1000 < 4 * mixtral.params * 1000


def test_cli_reads_mixtral_at_its_real_size(capsys):
    assert main(["memory", "--config", str(FIXTURES / "mixtral-8x7b.json"), "--gpu-gib", "24", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["params"] == pytest.approx(46.7e9, rel=0.01) and data["card"]["fits"] is False


@pytest.mark.parametrize(("change", "says"), [
    ({"num_local_experts": -1}, "num_local_experts"),
    ({"num_local_experts": True}, "num_local_experts"),
    ({"num_experts_per_tok": 9}, "routes each token"),
    ({"head_dim": 10**9}, "head_dim"),
    ({"moe_intermediate_size": "big"}, "moe_intermediate_size"),
    ({"first_k_dense_replace": 99}, "first_k_dense_replace"),
    ({"n_shared_experts": -2}, "n_shared_experts"),
])
def test_every_new_field_is_bounded(change, says):
    with pytest.raises(MemoryInputError, match=says):
        architecture_from_config({**config("mixtral-8x7b"), **change})


def test_text_config_must_be_an_object():
    with pytest.raises(MemoryInputError, match="text_config"):
        architecture_from_config({"text_config": [1, 2]})


@pytest.mark.parametrize(("model", "total_b"), [
    ("gpt-oss-20b", 20.9), ("gpt-oss-120b", 116.8), ("qwen3-8b", 8.2), ("qwen3-32b", 32.8),
    ("qwen3-30b-a3b", 30.5), ("gemma-3-4b", 3.88), ("llama-3.3-70b", 70.6), ("mistral-small-24b", 23.6),
    ("gemma-3-27b", 27.0),
])
def test_open_models_table_has_2026_models(model, total_b):
    assert open_model(model).architecture.params / 1e9 == pytest.approx(total_b, rel=0.02)
