"""The Strategies page: content from data, the estimator, GPU fit and the comparison with hosted training."""

import re

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
    at.selectbox[3].set_value("paged_adamw_8bit").run()  # the QLoRA paper's optimizer
    assert not at.exception
    total = float(metrics(at)["Total per GPU"].split()[0].replace(",", ""))
    assert total < 48
    number(at, "Your GPU's memory (GiB)").set_value(48.0).run()
    assert "Fits a 48 GiB card" in texts(at)
    table = at.dataframe[-1].value
    fits = dict(zip(table["GPU"], table["fits"], strict=True))
    assert all(verdict == "yes" for gpu, verdict in fits.items() if "48 GiB" in gpu or "80 GiB" in gpu)
    assert all(verdict.startswith("no") for gpu, verdict in fits.items() if "24 GiB" in gpu)


def test_the_page_says_whether_the_run_fits_the_users_card_and_what_to_change():
    at = go(open_app(), S)
    number(at, "Your GPU's memory (GiB)").set_value(16.0).run()
    assert "Does not fit a 16 GiB card" in texts(at) and "To fit:" in texts(at)
    assert len(at.get("vega_lite_chart")) == 1  # the stacked bar of memory parts against the card


def test_a_bare_parameter_count_is_estimated_with_a_typical_shape_and_says_so():
    at = go(open_app(), S)
    at.selectbox[0].set_value("custom").run()
    for method in ("full", "lora"):
        at.selectbox[1].set_value(method).run()
        assert not at.exception
        assert "Estimated with a typical Llama-style shape" in texts(at)
    assert "Hosted fine-tuning on the same data" in texts(at)


def test_a_config_json_gives_the_real_shape():
    import json

    at = go(open_app(), S)
    at.selectbox[0].set_value("custom").run()
    config = {"num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8,
              "intermediate_size": 14336, "vocab_size": 128256}
    at.file_uploader[0].upload("config.json", json.dumps(config).encode(), "application/json").run()
    assert not at.exception and "8,030,261,248 parameters" in texts(at).replace("\\", "")
    at.file_uploader[0].upload("config.json", b"[1]", "application/json").run()
    assert not at.exception and "config.json must be a JSON object" in texts(at).replace("\\", "")


def number(at, label):
    return next(widget for widget in at.number_input if widget.label == label)


def test_without_training_data_the_gpu_table_asks_for_it_instead_of_showing_zeros():
    at = go(open_app(), S)  # no dataset, no answers: nothing to train on
    assert "Training time and cost need training data" in texts(at)
    table = at.dataframe[-1].value
    assert list(table.columns) == ["GPU", "fits"]
    shown = " ".join(str(value) for value in table.to_numpy().ravel())
    assert "$0.00" not in shown and "under a minute" not in shown
    at = go(open_app(query={"n_examples": "500", "input_tokens": "300", "output_tokens": "200"}), S)
    assert "Training time and cost need training data" not in texts(at)
    assert "training time" in at.dataframe[-1].value.columns


def test_memory_reads_in_one_unit_on_the_page():
    at = go(open_app(), S)
    at.selectbox[0].set_value("llama-65b").run()  # too large for some cards: the table says how much it needs
    assert any(str(verdict).startswith("no") for verdict in at.dataframe[-1].value["fits"])
    number(at, "Your GPU's memory (GiB)").set_value(16.0).run()
    from lib.selfhost import memory

    # the "How this is computed" notes convert the papers' GB into GiB on purpose
    said = texts(at).replace(memory.__doc__ or "", "")
    said += " ".join(str(value) for table in at.dataframe  # a source is quoted as its maker published it
                     for value in table.value.drop(columns=["source"], errors="ignore").to_numpy().ravel())
    assert "GiB" in said
    assert not re.search(r"\d\s?GB\b", said), re.findall(r".{20}\d\s?GB\b", said)
