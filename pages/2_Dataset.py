"""Dataset: upload a fine-tuning file, validate it line by line and count its tokens exactly."""

import streamlit as st

from lib.catalog.availability import rule_for
from lib.catalog.models import load_models
from lib.dataset.doors import load_door_rules
from lib.dataset.reading import UnreadableFile
from lib.dataset.tokens import MAX_CHOSEN_EPOCHS, TARGET_EPOCHS, default_epochs
from lib.paths import SAMPLES_DIR
from lib.present.report import HYPERPARAMETERS
from ui import bootstrap, costs, dataset, state
from ui.dataset_views import show_report
from ui.pages import DATASET
from ui.safe import md
from ui.sidebar import back_and_next

bootstrap("Dataset")

st.title("Dataset")
st.write(
    "Upload the file you plan to fine-tune on. It is checked line by line the way a careful engineer "
    "would before paying for training: its format, the OpenAI Cookbook's checks, the rules of the provider you "
    "choose, duplicates, personal data, and a token count with the chosen model's tokenizer. It can be "
    "downloaded converted for any other provider."
)
st.caption(
    ":material/lock: Your file stays on this machine. It is analysed in memory, never written to disk, "
    "never logged and never sent anywhere; it is dropped when you close the session or click 'Remove'. "
    "Files up to 200 MB are accepted: far larger than any fine-tuning set a team starts with, and small "
    "enough to keep the app responsive for everyone using it."
)

doors = list(load_door_rules())
current_door = dataset.chosen_door()
door = st.selectbox(
    "Where you will fine-tune", doors, index=doors.index(current_door),
    format_func=lambda provider: rule_for(provider).label,
    help="Each provider takes its own file format, has its own limits and bills tokens counted by its own "
         "tokenizer. The file is checked against this provider's rules.",
    key=state.widget_key("dataset_door"), on_change=dataset.choose_door, args=(state.widget_key("dataset_door"),),
)
dataset.set_door(door)
# the models hosted services fine-tune, and the door's own models (which only that door may train)
door_default = rule_for(door).default_model
model_ids = [facts.id for facts in load_models().values()
             if facts.fine_tunable or facts.provider == door or facts.id == door_default]
settings = st.columns([2, 1, 1])
current_model = dataset.chosen_model()
model = settings[0].selectbox(
    "Model to fine-tune",
    model_ids,
    index=model_ids.index(current_model) if current_model in model_ids else 0,
    format_func=lambda model_id: costs.model_label(model_id, door),
    help="Decides the tokenizer (encoding) and the longest training example the model accepts.",
    key=state.widget_key("dataset_model"), on_change=dataset.choose_model, args=(state.widget_key("dataset_model"),),
)
dataset.set_model(model)
choose_epochs = settings[1].toggle(
    "Choose epochs", value=dataset.chosen_epochs() is not None,
    help="By default the Cookbook's rule picks the epochs: 3, adjusted so examples x epochs lands between "
         "100 and 25,000.",
)
EPOCHS_HELP = "One epoch is one full pass over the training file. Training is billed per token per epoch."
epochs_slot = settings[2].empty()  # when the rule picks them, filled once the analysis says how many it bills


def rule_epochs() -> int:
    """The epochs the figures bill when the team has not chosen: the Cookbook rule's value for the analysed
    dataset, else for the questionnaire's number of examples (what the cost pages bill)."""
    report = dataset.current_report()
    if report is not None and report.n_epochs:
        return report.n_epochs
    return default_epochs(int(state.answers().get("n_examples") or 0)) or TARGET_EPOCHS


def show_rule_epochs() -> None:
    epochs_slot.number_input("Epochs", min_value=1, max_value=MAX_CHOSEN_EPOCHS, value=rule_epochs(), step=1,
                             disabled=True, help=EPOCHS_HELP + " Picked by the Cookbook's rule for this dataset; "
                             "turn on 'Choose epochs' to set your own.")


if choose_epochs:
    epochs = epochs_slot.number_input("Epochs", min_value=1, max_value=MAX_CHOSEN_EPOCHS,
                                      value=dataset.chosen_epochs() or rule_epochs(), step=1, help=EPOCHS_HELP)
    dataset.set_epochs(int(epochs))
else:
    dataset.set_epochs(None)
with st.expander("What the training settings do"):
    for name, text in HYPERPARAMETERS:
        st.markdown(f"- **{name}**: {text}")

upload_column, sample_column = st.columns([3, 1])
# No `type=` filter: the format is found from the content, and a wrong file gets our own message.
uploaded = upload_column.file_uploader(
    "Fine-tuning file" if dataset.stored() is None else "Another fine-tuning file", key=dataset.uploader_key(),
    help="Chat JSONL (OpenAI, Azure, Together, Fireworks), Vertex AI Gemini JSONL, Amazon Bedrock conversation "
         "JSONL, prompt/completion JSONL, preference (DPO) JSONL, plain-text JSONL, a JSON array, pretty-printed "
         "JSON, or a CSV/TSV with prompt and completion columns. The format is detected from the content.",
)
if uploaded is not None:
    dataset.take_upload(uploaded.name, uploaded.getvalue(), uploaded.file_id)
    st.rerun()
if sample_column.button("Use the sample dataset", icon=":material/science:",
                        help="64 chat examples for a recipe-generation assistant."):
    sample = SAMPLES_DIR / "recipes.jsonl"
    dataset.store(sample.name, sample.read_bytes(), "sample")

stored = dataset.stored()
if stored is None:
    if not choose_epochs:
        show_rule_epochs()
    st.info("No dataset yet. Upload a file, or use the sample dataset to see what the analysis looks like.")
    back_and_next(DATASET)
    st.stop()

title, remove = st.columns([4, 1])
title.subheader(f"{md(stored.name)} · {stored.size_mb:,.2f} MB")
if remove.button("Remove", icon=":material/delete:", help="Forget this file (nothing else is cleared)."):
    dataset.forget()
    st.rerun()

report = dataset.current_report()
if report is None:
    bar = st.progress(0.0, text="Reading and counting tokens...")
    try:
        report = dataset.report(model, dataset.chosen_epochs(),
                                progress=lambda done: bar.progress(done, text=f"Counting tokens... {done:.0%}"),
                                provider=door)
    except UnreadableFile as problem:
        bar.empty()
        st.error(f"{md(stored.name)} could not be analysed. {md(problem)}")
        if not choose_epochs:
            show_rule_epochs()
        back_and_next(DATASET)
        st.stop()
    bar.empty()
if not choose_epochs:
    show_rule_epochs()  # the analysis is done, so the field shows what its figures bill

show_report(report)

back_and_next(DATASET)
