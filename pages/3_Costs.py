"""Costs: what each option costs per month at the team's traffic, when fine-tuning pays back, Azure or OpenAI."""

from datetime import date
from decimal import Decimal

import pandas as pd
import streamlit as st

from lib.guide_figures import GUIDE_DATE, monthly_table
from lib.models import fine_tunable_models
from lib.pricing import PriceError, apply_edits, current_rows, load_prices, models_priced, to_row
from lib.questionnaire import load_questionnaire
from ui import bootstrap, costs, state
from ui.cost_views import show_charts, show_paths, show_summary
from ui.pages import DATASET, RECOMMENDATION
from ui.safe import md

bootstrap("Costs", ":material/payments:")

st.title("Costs")
st.write(
    "What each option costs per month at your traffic: a base model with your few-shot prompt, the fine-tuned "
    "smaller model with a short prompt, a larger base model, and the fine-tuned model on Azure OpenAI, which "
    "bills hosting by the hour but charges less per token. Every number names the price and date it used."
)

# --- Settings ------------------------------------------------------------------------------------
chosen = costs.settings()
table = costs.prices()
left, middle, right, far = st.columns(4)
as_of = left.date_input("Prices in force on", value=chosen.as_of, min_value=date(2023, 1, 1),
                        max_value=date(2030, 12, 31), format="YYYY-MM-DD",
                        help="The app uses, for each model, the newest price that took effect on or before this date.")
st.session_state[costs.AS_OF] = as_of
tunable = [m for m in models_priced(table, "openai", "fine_tuned", as_of)
           if m in {facts.id for facts in fine_tunable_models()}] or [chosen.small_model]
small = middle.selectbox("Model to fine-tune", tunable,
                         index=tunable.index(chosen.small_model) if chosen.small_model in tunable else 0,
                         help="The smaller model you would fine-tune; also the few-shot base model it replaces.")
st.session_state[costs.SMALL_MODEL] = small
larger_choices = [m for m in models_priced(table, "openai", "base", as_of) if m != small] or [chosen.larger_model]
larger_index = larger_choices.index(chosen.larger_model) if chosen.larger_model in larger_choices else 0
larger = right.selectbox("Larger base model", larger_choices, index=larger_index,
                         help="The bigger general model you might use instead of fine-tuning.")
st.session_state[costs.LARGER_MODEL] = larger
tiers = ["standard", "global", "developer"]
st.session_state[costs.AZURE_TIER] = far.selectbox(
    "Azure tier", tiers, index=tiers.index(chosen.azure_tier),
    help="Standard and Global Standard deployments pay $1.70/hour hosting; Developer pays none but its "
         "deployments are removed after 24 hours (for evaluation, not production).")

if st.button("Reproduce the guide's figures", icon=":material/history_edu:",
             help="Prices of 6 November 2023, gpt-3.5-turbo fine-tuned against gpt-4-turbo, as in the client's guide."):
    st.session_state[costs.AS_OF] = GUIDE_DATE
    st.session_state[costs.SMALL_MODEL] = "gpt-3.5-turbo"
    st.session_state[costs.LARGER_MODEL] = "gpt-4-turbo"
    st.rerun()

with st.expander("Your traffic (from the questionnaire; changes here update your answers)", expanded=False):
    questionnaire = load_questionnaire()
    columns = st.columns(4)
    for column, question_id in zip(columns, ("requests_per_day", "input_tokens", "output_tokens",
                                             "few_shot_examples"), strict=True):
        question = questionnaire.question(question_id)
        value = column.number_input(question.display_label, min_value=question.minimum, max_value=question.maximum,
                                    value=int(state.answers().get(question_id, 0) or 0), step=1,
                                    help=question.help, key=state.widget_key(f"cost_{question_id}"))
        if state.answers().get(question_id) != value and (value or question_id in state.answers()):
            state.set_answer(question_id, int(value))
    horizon = st.slider("Spread training over (months) for the break-even volume", 1, 36, chosen.horizon_months)
    st.session_state[costs.HORIZON] = horizon

comparison = costs.current_comparison()
tuned = comparison.option("fine_tuned")
if tuned and tuned.option.price.training_billing == "per_hour":
    hours = st.number_input(
        "Estimated training compute hours", min_value=0.0, max_value=10_000.0, step=0.5,
        value=float(chosen.training_hours or 0),
        help="This price is billed per compute hour, and the provider does not publish how many hours a job "
             "takes: it depends on its hardware and your dataset's size. Use the duration of a previous job or "
             "the provider's own estimate.")
    st.session_state[costs.TRAINING_HOURS] = Decimal(str(hours)) if hours else None
    comparison = costs.current_comparison()

if not comparison.data.tokens_per_epoch:
    st.info("No training data yet: answer how many examples you have, or analyse your dataset, to price training.")
    st.page_link(DATASET.path, label="Analyse a dataset", icon=":material/dataset:",
                 query_params=state.scenario_query())

show_paths(state.answers().get("openai_access"), small)  # type: ignore[arg-type]
show_summary(comparison)
show_charts(comparison)
st.page_link(RECOMMENDATION.path, label="See the recommendation", icon=":material/verified:",
             query_params=state.scenario_query())

# --- The price table ------------------------------------------------------------------------------
with st.expander("Price table (edit for 'what if' or a private contract)"):
    st.caption("Rows in force on the chosen date. Prices per 1M tokens; hosting and hourly training per hour. "
               "Edit a number and apply; blank means not published.")
    rows = [to_row(price) for price in current_rows(table, as_of)]
    edited = st.data_editor(
        pd.DataFrame(rows), hide_index=True, width="stretch", key=state.widget_key("price_editor"),
        disabled=["provider", "model", "kind", "tier", "effective", "source", "note"],
        column_config={name: st.column_config.NumberColumn(name, min_value=0.0, format="%.4f")
                       for name in ("training_per_1m", "training_per_hour", "input_per_1m", "cached_input_per_1m",
                                    "output_per_1m", "hosting_per_hour")},
    )
    apply, reset = st.columns(2)
    if apply.button("Apply edited prices", icon=":material/check:"):
        try:
            applied = apply_edits(table, edited.to_dict("records"))
        except PriceError as problem:
            st.error(f"The prices were not applied: {md(problem)}")
        else:
            if applied == table:
                st.info("No price was changed, so nothing was applied.")
            else:
                st.session_state[costs.EDITED_PRICES] = applied
                state.flash("Your edited prices are in use on the cost pages.")
                st.rerun()
    if costs.prices_edited():
        st.warning("Edited prices are in use.")
        if reset.button("Reset to the published table", icon=":material/restart_alt:"):
            st.session_state.pop(costs.EDITED_PRICES, None)
            st.session_state[state.Keys.WIDGET_GENERATION] += 1
            st.rerun()

with st.expander("The client's guide's figures, recomputed"):
    st.write("The guide priced models at the average of their input and output price, at 1,000,000 tokens an "
             "hour for a 720-hour month, with the prices of late 2023:")
    st.dataframe(pd.DataFrame([{"model": row.label, "average price per 1K tokens": float(row.average_per_1k),
                                "cost per month": float(row.monthly_usd), "source": row.price.source}
                               for row in monthly_table(load_prices())]),
                 hide_index=True, width="stretch",
                 column_config={"cost per month": st.column_config.NumberColumn(format="dollar")})
    st.write("Its training example: 100 examples x 1,000 tokens x $0.008 per 1K x 3 epochs = $2.40; and Azure "
             "becomes cheaper above about 2.5 million tokens an hour. Press \"Reproduce the guide's figures\" above "
             "to see both on the charts.")
