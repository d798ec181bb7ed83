"""The estimator's figures by hand on a small made-up model (lib/selfhost/memory.py): trainable parameters by
method, each memory part, the loss setting, ZeRO partitioning, and what it advises when a run does not fit."""

import pytest

from lib.selfhost.memory import GB, GIB, Setup, estimate, fit_on_card, gpu_options, trainable_params, training_hours
from lib.selfhost.shapes import Architecture, Gpu, MemoryInputError

# 10 layers, hidden 1024, 16 heads of 64 with 4 key/value heads (kv width 256), feed-forward 4096, vocab 32,000
MODEL = Architecture(params=1_000_000_000, layers=10, hidden=1024, ffn=4096, heads=16, kv_heads=4, vocab=32_000)


@pytest.mark.parametrize(("setup", "count"), [
    (Setup(method="ia3"), 10 * (2 * 256 + 4096)),  # one vector per key, value and feed-forward projection
    (Setup(method="prompt_tuning", virtual_tokens=20), 20 * 1024),
    (Setup(method="prompt_tuning", virtual_tokens=7), 7 * 1024),
    (Setup(method="lora", rank=8, targets=("q", "v")), 10 * 8 * ((1024 + 1024) + (1024 + 256))),
    (Setup(method="qlora", rank=4, targets=("down",)), 10 * 4 * (4096 + 1024)),
    (Setup(method="full"), 1_000_000_000),
])
def test_trainable_parameters_by_hand(setup, count):
    assert trainable_params(setup, MODEL) == count
    assert estimate(setup, MODEL).trainable_params == count


def test_ia3_without_grouped_query_attention_uses_the_full_width():
    mha = Architecture(params=10**9, layers=2, hidden=512, ffn=2048, heads=8)
    assert trainable_params(Setup(method="ia3"), mha) == 2 * (2 * 512 + 2048)


def test_lora_memory_parts_by_hand():
    setup = Setup(method="lora", rank=8, targets=("q", "v"), seq_len=1024, micro_batch=2, checkpointing=False,
                  flash_attention=True)
    trainable = 10 * 8 * (2048 + 1280)
    result = estimate(setup, MODEL)
    assert result.weights_gb == pytest.approx((10**9 * 2 + trainable * 4) / GB)
    assert result.gradients_gb == pytest.approx(trainable * 4 / GB)
    assert result.optimizer_gb == pytest.approx(trainable * 8 / GB)
    assert result.activations_gb == pytest.approx(1024 * 2 * 1024 * 34 * 10 / GB)
    assert result.logits_gb == pytest.approx(1024 * 2 * 32_000 * (2 + 4 * 2) / GB)
    assert result.overhead_gb == pytest.approx((0.5 * GIB + 0.1 * result.allocated_gb * GB) / GB)
    assert result.total_gb == pytest.approx(result.allocated_gb + result.overhead_gb)
    assert result.trainable_share == pytest.approx(trainable / 10**9)


def test_the_loss_setting_decides_how_much_of_the_logits_is_held():
    full = estimate(Setup(loss="full_logits", seq_len=2048), MODEL)
    chunked = estimate(Setup(loss="chunked", seq_len=2048), MODEL)
    assert full.logits_gb == pytest.approx(2048 * 32_000 * 10 / GB)  # bf16 logits and two fp32 copies
    assert chunked.logits_gb == pytest.approx(2048 * 32_000 * 2 / GB)  # the bf16 logits only
    assert full.allocated_gb - chunked.allocated_gb == pytest.approx(2048 * 32_000 * 8 / GB)
    with pytest.raises(MemoryInputError, match="Loss must be one of full_logits, chunked; got 'sparse'."):
        estimate(Setup(loss="sparse"), MODEL)


def test_eager_attention_and_checkpointing_by_hand():
    s, h, a = 2048, 1024, 16
    eager = estimate(Setup(flash_attention=False, checkpointing=False, seq_len=s), MODEL)
    assert eager.activations_gb == pytest.approx(s * h * (34 + 5 * a * s / h) * 10 / GB)
    kept = estimate(Setup(checkpointing=True, seq_len=s), MODEL)
    assert kept.activations_gb == pytest.approx((2 * s * h * 10 + s * h * 34) / GB)


@pytest.mark.parametrize(("stage", "weights", "gradients", "optimizer"), [
    (0, 2 * 10**9, 2 * 10**9, 12 * 10**9), (1, 2 * 10**9, 2 * 10**9, 3 * 10**9),
    (2, 2 * 10**9, 0.5 * 10**9, 3 * 10**9), (3, 0.5 * 10**9, 0.5 * 10**9, 3 * 10**9),
])
def test_zero_partitions_stage_by_stage_over_four_gpus(stage, weights, gradients, optimizer):
    result = estimate(Setup(method="full", zero_stage=stage, gpus=4), MODEL)
    assert (result.weights_gb, result.gradients_gb, result.optimizer_gb) == pytest.approx(
        (weights / GB, gradients / GB, optimizer / GB))


def test_full_fine_tuning_in_fp32_and_with_8_bit_adam():
    fp32 = estimate(Setup(method="full", precision="fp32"), MODEL)
    assert (fp32.weights_gb, fp32.gradients_gb, fp32.optimizer_gb) == pytest.approx((4, 4, 8))
    eight = estimate(Setup(method="full", optimizer="adamw_8bit"), MODEL)
    assert eight.optimizer_gb == pytest.approx(2 + 4)
    assert estimate(Setup(method="full", optimizer="paged_adamw_8bit"), MODEL).optimizer_gb == pytest.approx(4)


def test_qlora_keeps_the_embeddings_unquantised():
    result = estimate(Setup(method="qlora", rank=8, targets=("q",)), MODEL)
    trainable = 10 * 8 * 2048
    embeddings = 32_000 * 1024 * 2
    frozen = (10**9 - embeddings) * (0.5 + 0.127 / 8) + embeddings * 4
    assert result.weights_gb == pytest.approx((frozen + trainable * 4) / GB)


def advice(setup, card_gib=1.0):
    return fit_on_card(setup, MODEL, card_gib).advice


def test_a_run_that_fits_gets_no_advice_and_its_headroom():
    fit = fit_on_card(Setup(loss="chunked", seq_len=128), MODEL, 80.0)
    assert fit.fits and fit.advice == () and fit.headroom_gib == pytest.approx(80.0 - fit.needed_gib)
    assert fit.largest_seq_len >= 128 and fit.largest_batch >= 1


def test_advice_for_a_lora_run_that_does_not_fit():
    setup = Setup(method="lora", checkpointing=False, flash_attention=False, micro_batch=4, zero_stage=0)
    assert advice(setup) == (
        "use QLoRA (4-bit base weights)",
        "use a chunked loss (torchtune, Unsloth) so the full logits are never held",
        "turn gradient checkpointing on",
        "use FlashAttention or SDPA instead of eager attention",
        "lower the micro-batch and raise gradient accumulation",
        "use shorter sequences",
        "spread the model over more GPUs with ZeRO stage 3",
    )


def test_zero_3_is_advised_unless_an_adapter_run_already_uses_it():
    assert advice(Setup(method="qlora", loss="chunked", zero_stage=3, gpus=2)) == ("use shorter sequences",)
    assert advice(Setup(method="qlora", loss="chunked", zero_stage=2, gpus=2))[-1] == \
        "spread the model over more GPUs with ZeRO stage 3"
    assert advice(Setup(method="full", loss="chunked", zero_stage=3, gpus=2))[-1] == \
        "spread the model over more GPUs with ZeRO stage 3"


def test_a_model_without_a_known_vocabulary_is_not_told_to_chunk_its_loss():
    no_vocab = Architecture(params=1_000_000_000, layers=10, hidden=1024, ffn=4096, heads=16, kv_heads=4)
    assert not any("chunked" in line for line in fit_on_card(Setup(), no_vocab, 0.5).advice)


def test_nothing_fits_a_card_too_small_for_even_one_token():
    fit = fit_on_card(Setup(method="full"), MODEL, 0.5)
    assert not fit.fits and fit.largest_seq_len == 0 and fit.largest_batch == 0


def test_the_largest_sequence_that_fits_is_the_boundary():
    fit = fit_on_card(Setup(loss="chunked"), MODEL, 4.0)
    from dataclasses import replace

    from lib.selfhost.memory import _needed_gib
    assert _needed_gib(replace(Setup(loss="chunked"), seq_len=fit.largest_seq_len), MODEL) <= 4.0
    assert _needed_gib(replace(Setup(loss="chunked"), seq_len=fit.largest_seq_len + 1), MODEL) > 4.0


def test_hours_and_cost_on_a_priced_gpu_by_hand():
    gpu = Gpu("g", "G", 80.0, 100.0, "src", price_per_hour=2.0)
    setup = Setup(method="lora", gpus=2)
    hours = 4 * 10**9 * 10**9 / (2 * 100e12 * 0.35) / 3600
    assert training_hours(setup, MODEL, 10**9, 100.0) == pytest.approx(hours)
    option = gpu_options(setup, MODEL, 10**9, (gpu,), {"g": 3.0})[0]
    assert option.hours == pytest.approx(hours) and float(option.cost_usd) == pytest.approx(hours * 2 * 3.0, 1e-5)
    assert gpu_options(setup, MODEL, 10**9, (Gpu("u", "U", 80.0, 100.0, "src"),))[0].cost_usd is None
    with pytest.raises(MemoryInputError, match="utilisation between 0 and 1"):
        training_hours(setup, MODEL, 1, 100.0, mfu=1.5)


def test_the_largest_batch_searched_is_4096():
    tiny = Architecture(params=1_000_000, layers=1, hidden=64, ffn=128, heads=1)
    assert fit_on_card(Setup(seq_len=1), tiny, 80.0).largest_batch == 4096
