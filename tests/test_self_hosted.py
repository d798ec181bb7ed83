"""Training and serving an open-weight model yourself, priced from the GPU table and stated assumptions."""

from datetime import date

from lib.selfhost.memory import Setup, estimate
from lib.selfhost.plan import plan
from lib.selfhost.shapes import load_gpus, open_model
from tests.conftest import TODAY


def test_an_8b_model_trains_on_the_cheapest_card_that_fits_and_serves_on_enough_cards():
    quiet = plan("llama-3.1-8b", 1_000_000, 500, 200, 30_000, TODAY)
    busy = plan("llama-3.1-8b", 1_000_000, 500, 200, 300_000_000, TODAY)
    priced = sorted((gpu for gpu in load_gpus() if gpu.price_per_hour), key=lambda gpu: gpu.price_per_hour)
    needed = estimate(Setup(method="lora", rank=16, targets=("q", "k", "v", "o", "gate", "up", "down")),
                      open_model("llama-3.1-8b").architecture)
    first_fit = next(gpu for gpu in priced if needed.gib(needed.total_gb) <= gpu.memory_gb)
    assert quiet.training_gpu == first_fit and quiet.capacity.replicas(30_000) == 2  # the production minimum
    # a busy product needs more replicas (the cheapest GPU kind may change with them)
    assert busy.capacity.replicas(300_000_000) > 2
    assert busy.capacity.hosting_usd(300_000_000) > quiet.capacity.hosting_usd(30_000)
    assert "an estimate" in quiet.sentence and quiet.price.confidence == "inferred"


def test_a_70b_model_falls_back_to_qlora_and_splits_serving_across_cards():
    big = plan("llama-3.1-70b", 1_000_000, 500, 200, 30_000, TODAY)
    assert big.method == "qlora" and big.replica.gpus >= 2 and "QLoRA" in big.sentence


def test_gpu_prices_count_from_the_day_they_were_read():
    assert plan("llama-3.1-8b", 1_000_000, 500, 200, 30_000, date(2023, 11, 6)) is None
    assert plan("not-a-model", 1_000_000, 500, 200, 30_000, TODAY) is None
