"""Strategies: how open-weight models are fine-tuned, and what training one yourself needs and costs."""

import pandas as pd
import streamlit as st

from lib import memory
from lib.costs import dollars
from lib.memory import (
    DEFAULT_MFU,
    LORA_TARGETS,
    METHODS,
    Architecture,
    MemoryInputError,
    Setup,
    estimate,
    gpu_options,
    load_gpus,
    load_open_models,
)
from lib.strategies import load_strategies
from ui import bootstrap, costs, state
from ui.pages import STRATEGIES
from ui.safe import md
from ui.sidebar import back_and_next

bootstrap("Strategies")

st.title("Fine-tuning strategies")
st.write(
    "Hosted fine-tuning (OpenAI, Azure) hides the method. With an open-weight model you choose it, and the "
    "choice decides whether the job fits on one GPU or needs a cluster. Below: the strategies in plain words, "
    "then an estimator of the memory, time and cost of training one yourself."
)

strategies, combinations = load_strategies()
for kind, heading in (("method", "Methods"), ("efficiency", "Efficiency techniques that combine with them")):
    st.subheader(heading)
    for strategy in (s for s in strategies if s.kind == kind):
        with st.expander(f"**{strategy.name}**: {strategy.when}"):
            st.write(strategy.what)
            st.markdown(f"Paper: [{strategy.paper}]({strategy.url})")
st.markdown("**Common combinations**")
for combination in combinations:
    st.markdown(f"- **{combination.methods}**: {combination.why}")

st.divider()
st.subheader("Memory, time and cost estimator")
models = {model.id: model for model in load_open_models()}
left, middle, right = st.columns(3)
choice = left.selectbox("Model", [*models, "custom"], format_func=lambda key: models[key].label if key in models
                        else "Custom parameter count", key=state.widget_key("memory_model"))
if choice == "custom":
    billions = left.number_input("Parameters (billions)", min_value=0.01, max_value=10_000.0, value=7.0)
    architecture = Architecture.from_billions(billions)
    st.caption("With a parameter count only, full fine-tuning is estimated and activations are not counted.")
else:
    architecture = models[choice].architecture
    left.caption(f"Source: {models[choice].source}")
method = middle.selectbox("Method", METHODS, index=METHODS.index("qlora" if choice == "llama-65b" else "lora"))
precision = middle.selectbox("Number precision", ("bf16", "fp32"),
                             format_func={"bf16": "16-bit", "fp32": "32-bit"}.get,
                             help="How many bits each trained number uses: 16-bit (bf16) halves the memory of "
                                  "32-bit (fp32) and is what fine-tuning runs use today.")
optimizer = middle.selectbox("Optimizer", ("adamw", "adamw_8bit"), help="8-bit AdamW stores its two moments in "
                             "1 byte each instead of 4.")
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
checkpointing = st.toggle("Gradient checkpointing", value=True)
flash = st.toggle("FlashAttention", value=True)

comparison = costs.current_comparison()
tokens = comparison.data.total_tokens
st.caption(f"Training tokens: {tokens:,} ({comparison.data.tokens_per_epoch:,} per epoch x "
           f"{comparison.data.epochs} epochs, from {comparison.data.source}).")

setup = Setup(method=method, precision=precision, optimizer=optimizer, rank=int(rank), targets=tuple(targets),
              seq_len=int(seq_len), micro_batch=int(micro_batch), checkpointing=checkpointing,
              flash_attention=flash, zero_stage=int(zero), gpus=int(gpus))
try:
    result = estimate(setup, architecture)
except MemoryInputError as problem:
    st.error(md(problem, 400))
    back_and_next(STRATEGIES)
    st.stop()

metrics = st.columns(6)
metrics[0].metric("Weights", f"{result.weights_gb:,.1f} GB")
metrics[1].metric("Gradients", f"{result.gradients_gb:,.1f} GB")
metrics[2].metric("Optimizer", f"{result.optimizer_gb:,.1f} GB")
metrics[3].metric("Activations", f"{result.activations_gb:,.1f} GB" if architecture.known else "not counted")
metrics[4].metric("Total per GPU", f"{result.total_gb:,.1f} GB")
metrics[5].metric("Trainable", f"{result.trainable_params:,}",
                  help=f"{result.trainable_share:.4%} of {result.total_params:,} parameters")
with st.expander("How this is computed"):
    st.markdown(memory.__doc__ or "")

gpu_table = pd.DataFrame([{"gpu": gpu.id, "label": gpu.label, "memory_gb": gpu.memory_gb,
                           "peak_tflops_16bit": gpu.bf16_tflops, "price_per_hour": gpu.price_per_hour,
                           "source": gpu.source} for gpu in load_gpus()])
st.markdown("**GPUs** (edit the hourly price for your cloud; blank means unknown)")
edited = st.data_editor(gpu_table, hide_index=True, width="stretch", disabled=["gpu", "label", "memory_gb",
                        "peak_tflops_16bit", "source"], key=state.widget_key("gpu_prices"),
                        column_config={"price_per_hour": st.column_config.NumberColumn(min_value=0.0, format="$%.2f")})
prices = {row["gpu"]: (None if pd.isna(row["price_per_hour"]) else float(row["price_per_hour"]))
          for row in edited.to_dict("records")}
options = gpu_options(setup, architecture, tokens, load_gpus(), prices, mfu)
st.dataframe(pd.DataFrame([{
    "GPU": option.gpu.label,
    "fits": "yes" if option.fits else f"no: needs {result.total_gb:,.1f} GB of {option.gpu.memory_gb:,.0f}",
    "training hours": round(option.hours, 2),
    f"cost on {setup.gpus} GPU(s)": "enter a price" if option.cost_usd is None else dollars(option.cost_usd),
} for option in options]), hide_index=True, width="stretch")
best = comparison.best
hosted = [option for option in comparison.fine_tuned if option.provider != "self_hosted" and option.available
          and option.training_usd is not None]
if hosted:
    cheapest = min(hosted, key=lambda option: option.training_usd or 0)
    st.info(md(f"Hosted fine-tuning on the same data: {dollars(cheapest.training_usd)} at the cheapest service open "
               f"to you ({cheapest.label}); the cheapest door over your horizon, serving included, is "
               f"{best.label if best else 'not known yet'}. Self-hosting also needs engineering time, evaluation "
               "and serving, which this estimate leaves out.", 1000), icon=":material/compare_arrows:")
else:
    st.info("Hosted fine-tuning on the same data cannot be priced yet: say how many examples you have in the "
            "questionnaire, or analyse your dataset.", icon=":material/compare_arrows:")

back_and_next(STRATEGIES)
