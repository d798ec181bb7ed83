"""Strategies: how open-weight models are fine-tuned, and what training one yourself needs and costs."""

import json

import pandas as pd
import streamlit as st

from lib.costs.money import dollars, hours_text
from lib.present import charts
from lib.present.words import METHOD_NAMES
from lib.selfhost import memory
from lib.selfhost.configs import architecture_from_config
from lib.selfhost.memory import (
    DEFAULT_MFU,
    LORA_TARGETS,
    LOSSES,
    METHODS,
    OPTIMIZERS,
    Setup,
    estimate,
    fit_on_card,
    gpu_options,
)
from lib.selfhost.shapes import (
    MemoryInputError,
    architecture_from_params,
    load_gpus,
    load_open_models,
)
from lib.selfhost.strategies import load_strategies
from ui import bootstrap, costs, state
from ui.fold import folded
from ui.pages import STRATEGIES
from ui.safe import md
from ui.sidebar import back_and_next

bootstrap("Strategies")

st.title("Fine-tuning strategies")
st.write(
    "Most hosted services (OpenAI, Azure, Vertex AI, Bedrock) choose the method for you; Together AI and Fireworks "
    "AI price LoRA and full fine-tuning separately. With an open-weight model on your own GPUs you choose it, and "
    "the choice decides whether the job fits on one GPU or needs a cluster. Below: the strategies in plain words, "
    "then an estimator of the memory, time and cost of training one yourself."
)

strategies, combinations = load_strategies()
for kind, heading in (("method", "Methods"), ("efficiency", "Efficiency techniques that combine with them")):
    st.subheader(heading)
    for strategy in (s for s in strategies if s.kind == kind):
        with folded(f"**{strategy.name}**: {strategy.when}", f"strategy_{strategy.name}") as open_:
            if open_:
                st.markdown(f"{strategy.what}\n\nPaper: [{strategy.paper}]({strategy.url})")
st.markdown("**Common combinations**\n\n" + "\n".join(f"- **{combination.methods}**: {combination.why}"
                                                       for combination in combinations))

GIB_HELP = ("Memory is in GiB everywhere on this page (1 GiB = 2^30 bytes), the unit PyTorch reports and cards are "
            "sold in: an \"80GB\" A100 holds 80 GiB.")
st.divider()
st.subheader("Memory, time and cost estimator")
models = {model.id: model for model in load_open_models()}
left, middle, right = st.columns(3)
choice = left.selectbox("Model", [*models, "custom"], format_func=lambda key: models[key].label if key in models
                        else "Custom parameter count", key=state.widget_key("memory_model"))
if choice == "custom":
    billions = left.number_input("Parameters (billions)", min_value=0.01, max_value=10_000.0, value=7.0)
    config_file = left.file_uploader("Or the model's config.json", key=state.widget_key("memory_config"),
                                     help="From the model's Hugging Face page: gives its real layers, widths and "
                                          "vocabulary. Read here, never stored.")
    architecture = architecture_from_params(int(billions * 1e9))
    left.caption("Estimated with a typical Llama-style shape for this size; a config.json gives the real one.")
    if config_file is not None:
        try:
            architecture = architecture_from_config(json.loads(config_file.getvalue()[:1_000_000]))
            left.caption(f"Shape from {md(config_file.name)}: {architecture.params:,} parameters.")
        except (ValueError, RecursionError, MemoryInputError) as problem:
            left.error(md(problem if isinstance(problem, MemoryInputError) else
                          "This file is not a JSON config like Hugging Face's config.json.", 300))
else:
    architecture = models[choice].architecture
    left.caption(f"Source: {models[choice].source}")
method = middle.selectbox("Method", METHODS, index=METHODS.index("qlora" if choice == "llama-65b" else "lora"),
                          format_func=METHOD_NAMES.get, help="Keys for scripts: " + ", ".join(METHODS) + ".")
precision = middle.selectbox("Number precision", ("bf16", "fp32"),
                             format_func={"bf16": "16-bit", "fp32": "32-bit"}.get,
                             help="How many bits each trained number uses: 16-bit (bf16) halves the memory of "
                                  "32-bit (fp32) and is what fine-tuning runs use today.")
optimizer = middle.selectbox("Optimizer", OPTIMIZERS, format_func={
    "adamw": "AdamW", "adamw_8bit": "8-bit AdamW", "paged_adamw_8bit": "Paged 8-bit AdamW"}.get,
    help="8-bit AdamW stores its two moments in 1 byte each instead of 4; the paged one moves them to CPU memory "
         "when the GPU is full, as QLoRA does.")
rank = right.number_input("LoRA rank", min_value=1, max_value=1024, value=16,
                          disabled=method not in ("lora", "qlora"))
targets = right.multiselect("LoRA target matrices", LORA_TARGETS, default=["q", "v"],
                            disabled=method not in ("lora", "qlora"))
columns = st.columns(5)
seq_len = columns[0].number_input("Sequence length", min_value=1, max_value=1_000_000, value=2048)
micro_batch = columns[1].number_input("Micro-batch per GPU", min_value=1, max_value=4096, value=1)
zero = columns[2].selectbox("ZeRO stage", (0, 1, 2, 3), help="0 = no partitioning across GPUs.")
gpus = columns[3].number_input("GPUs", min_value=1, max_value=4096, value=1)
mfu = columns[4].slider("How busy the GPU is kept", 0.05, 0.8, DEFAULT_MFU, 0.05,
                        help="The share of the GPU's peak speed a real training run achieves (model FLOPs "
                             "utilisation, MFU); 30-50% is typical.")
toggles = st.columns(3)
checkpointing = toggles[0].toggle("Gradient checkpointing", value=True,
                                  help="Recompute each layer in the backward pass instead of keeping it.")
flash = toggles[1].toggle("FlashAttention or SDPA", value=True,
                          help="Off means eager attention, which stores every layer's score matrix.")
loss = toggles[2].selectbox("How the loss is computed", LOSSES, format_func={
    "full_logits": "Whole (Hugging Face Trainer)", "chunked": "In chunks (torchtune, Unsloth)"}.get,
    help="The output scores of every token, in 32-bit, are the largest term at Llama 3's vocabulary; a chunked "
         "loss never holds them all.")

comparison = costs.current_comparison()
tokens = comparison.data.total_tokens
NO_DATA = ("Training time and cost need training data: enter a dataset on the Dataset page, or the number of "
           "examples (and request sizes) in the questionnaire; until then only memory is estimated.")
if tokens:
    st.caption(f"Training tokens: {tokens:,} ({comparison.data.tokens_per_epoch:,} per epoch x "
               f"{comparison.data.epochs} epochs, from {comparison.data.source}).")

setup = Setup(method=method, precision=precision, optimizer=optimizer, rank=int(rank), targets=tuple(targets),
              seq_len=int(seq_len), micro_batch=int(micro_batch), checkpointing=checkpointing,
              flash_attention=flash, zero_stage=int(zero), gpus=int(gpus), loss=loss)
try:
    result = estimate(setup, architecture)
except MemoryInputError as problem:
    st.error(md(problem, 400))
    back_and_next(STRATEGIES)
    st.stop()

parts = {"Weights": result.weights_gb, "Gradients and optimizer": result.gradients_gb + result.optimizer_gb,
         "Activations": result.activations_gb, "Logits and loss": result.logits_gb,
         "CUDA context and reserve": result.overhead_gb}
# two rows of three: six in a row cut "Gradients and optimizer" short at 1280 px
metrics = [*st.columns(3), *st.columns(3)]
for column, (name, amount) in zip(metrics, parts.items(), strict=False):
    column.metric(name, f"{result.gib(amount):,.1f} GiB")
metrics[5].metric("Total per GPU", f"{result.gib(result.total_gb):,.1f} GiB", help=GIB_HELP)
st.caption(f"Trains {result.trainable_params:,} parameters, {result.trainable_share:.4%} of "
           f"{result.total_params:,}.")
card = st.number_input("Your GPU's memory (GiB)", min_value=1.0, max_value=10_000.0, value=24.0, step=8.0,
                       help="As the card is sold: 16, 24, 40, 48, 80 ... " + GIB_HELP)
fit = fit_on_card(setup, architecture, card)
(st.success if fit.fits else st.error)(
    (f"Fits a {card:g} GiB card with {fit.headroom_gib:,.1f} GiB to spare." if fit.fits else
     f"Does not fit a {card:g} GiB card: {-fit.headroom_gib:,.1f} GiB short.")
    + f" At this batch, sequences up to {fit.largest_seq_len:,} tokens fit; at this length, micro-batches up to "
      f"{fit.largest_batch:,}." + (" To fit: " + "; ".join(fit.advice) + "." if fit.advice else ""))
memory_chart = charts.memory_parts_chart({name: result.gib(amount) for name, amount in parts.items()}, card)
# the parts one under another: side by side they run past a phone's edge
st.altair_chart(memory_chart.configure_legend(columns=1).properties(
    height=memory_chart.height + len(parts) * charts.LEGEND_ROW), width="stretch")
with folded("How this is computed", "memory_method") as open_:
    if open_:
        st.markdown(memory.__doc__ or "")

gpu_table = pd.DataFrame([{"gpu": gpu.id, "label": gpu.label, "memory_gb": gpu.memory_gb,
                           "peak_tflops_16bit": gpu.bf16_tflops, "price_per_hour": gpu.price_per_hour,
                           "source": gpu.source} for gpu in load_gpus()])
st.markdown("**GPUs** (edit the hourly price for your cloud; blank means unknown)")
edited = st.data_editor(gpu_table, hide_index=True, width="stretch", disabled=["gpu", "label", "memory_gb",
                        "peak_tflops_16bit", "source"], key=state.widget_key("gpu_prices"),
                        column_config={
                            "gpu": st.column_config.TextColumn("Id"),
                            "label": st.column_config.TextColumn("GPU"),
                            "memory_gb": st.column_config.NumberColumn("Memory (GiB)", help=GIB_HELP),
                            "peak_tflops_16bit": st.column_config.NumberColumn(
                                "Peak speed", help="Trillions of 16-bit operations a second (dense TFLOPS), from the "
                                                   "maker's datasheet; training reaches a share of it."),
                            "price_per_hour": st.column_config.NumberColumn("Price per hour", min_value=0.0,
                                                                            format="$%.2f"),
                            "source": st.column_config.TextColumn("Source"),
                        })
prices = {row["gpu"]: (None if pd.isna(row["price_per_hour"]) else float(row["price_per_hour"]))
          for row in edited.to_dict("records")}
options = gpu_options(setup, architecture, tokens, load_gpus(), prices, mfu)
needed = result.gib(result.total_gb)
if not tokens:
    st.info(NO_DATA, icon=":material/dataset:")  # zeros would read as "free and instant"
st.dataframe(pd.DataFrame([{
    "GPU": option.gpu.label,
    "fits": "yes" if option.fits else f"no: needs {needed:,.1f} GiB of {option.gpu.memory_gb:,.0f} GiB",
    **({"training time": hours_text(option.hours),
        f"cost on {setup.gpus} GPU(s)": "enter a price" if option.cost_usd is None else dollars(option.cost_usd)}
       if tokens else {}),
} for option in options]), hide_index=True, width="stretch",
    column_config={"fits": st.column_config.TextColumn("fits", help=GIB_HELP)})
best = comparison.best
hosted = [option for option in comparison.fine_tuned if option.provider != "self_hosted" and option.available
          and option.training_usd is not None]
if hosted:
    cheapest = min(hosted, key=lambda option: option.training_usd or 0)
    st.info(md(f"Hosted fine-tuning on the same data: {dollars(cheapest.training_usd)} at the cheapest service open "
               f"to you ({cheapest.label}); the cheapest service over your horizon, serving included, is "
               f"{best.label if best else 'not known yet'}. Self-hosting also needs engineering time, evaluation "
               "and serving, which this estimate leaves out.", 1000), icon=":material/compare_arrows:")
else:
    st.info("Hosted fine-tuning on the same data cannot be priced yet: say how many examples you have in the "
            "questionnaire, or analyse your dataset.", icon=":material/compare_arrows:")

back_and_next(STRATEGIES)
