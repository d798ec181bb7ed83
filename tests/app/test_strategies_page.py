"""The Strategies page: content from data, the estimator, GPU fit and the comparison with hosted training."""

from tests.app.conftest import go, open_app, texts

S = "pages/5_Strategies.py"


def metrics(at):
    return {metric.label: metric.value for metric in at.metric}


def test_every_strategy_is_explained_with_its_paper():
    at = go(open_app(), S)
    labels = " ".join(expander.label for expander in at.expander)
    for name in ("Full fine-tuning", "Transfer learning", "Adapters", "LoRA", "QLoRA", "IA3", "Prompt tuning",
                 "FlashAttention", "DeepSpeed ZeRO"):
        assert name in labels


def test_qlora_on_65b_fits_a_48_gb_gpu_on_the_page():
    at = go(open_app(), S)
    at.selectbox[0].set_value("llama-65b").run()
    assert not at.exception
    total = float(metrics(at)["Total per GPU"].split()[0].replace(",", ""))
    assert total < 48
    table = at.dataframe[-1].value
    fits = dict(zip(table["GPU"], table["fits"], strict=True))
    assert all(verdict == "yes" for gpu, verdict in fits.items() if "48GB" in gpu or "80GB" in gpu)
    assert all(verdict.startswith("no") for gpu, verdict in fits.items() if "24GB" in gpu)


def test_custom_parameter_count_full_fine_tuning():
    at = go(open_app(), S)
    at.selectbox[0].set_value("custom").run()
    at.selectbox[1].set_value("full").run()
    assert not at.exception
    assert metrics(at)["Activations"] == "not counted"
    assert "Hosted fine-tuning on the same data" in texts(at)


def test_lora_on_a_parameter_count_only_is_explained_not_crashed():
    at = go(open_app(), S)
    at.selectbox[0].set_value("custom").run()
    at.selectbox[1].set_value("lora").run()
    assert not at.exception
    assert "needs the model's layers and hidden size" in texts(at)
