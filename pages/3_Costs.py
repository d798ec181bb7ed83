"""Costs: every way to run the product priced at the team's traffic, when fine-tuning pays back, and where."""


import pandas as pd
import streamlit as st

from lib import clock
from lib.advice.advise import default_project_usd
from lib.advice.questionnaire import load_questionnaire
from lib.catalog.freshness import STALE_AFTER_DAYS
from lib.catalog.models import fine_tunable_models, load_models
from lib.catalog.prices import (
    MAX_PRICE,
    MONEY_FIELDS,
    PriceError,
    apply_edits,
    current_rows,
    load_prices,
    price_dates,
    to_row,
)
from lib.costs.guide import monthly_table
from ui import bootstrap, costs, dataset, scenario, state
from ui.cost_settings import service_models, service_widgets, serving_settings
from ui.cost_views import (
    ask_missing_prices,
    choose_options,
    show_charts,
    show_constraint,
    show_paths,
    show_summary,
)
from ui.fold import folded
from ui.pages import COSTS, DATASET, RECOMMENDATION
from ui.price_file import freshness_caption, read_column, team_price_file, unapplied_note
from ui.safe import md
from ui.sidebar import back_and_next

bootstrap("Costs")

st.title("Costs")
st.write(
    "What each way of running your product costs at your traffic: the model you call today with its few-shot "
    "prompt, a larger model, and a fine-tuned model at every service you could use today, including training "
    "it yourself. Every number names the price, its source and the date it was read."
)

# --- Settings ------------------------------------------------------------------------------------
chosen = costs.settings()
table = costs.prices()
# two a row: a third of the page cut "gpt-4.1-nano (2025-04-14) · retired on 2026-10-23" short at 1280 px
left, middle = st.columns(2)
right, _ = st.columns(2)
# Keyed widgets with callbacks: a keyless widget whose default follows the state loses the user's second change.
as_of_key = state.widget_key("costs_as_of")
dates = price_dates(table, chosen.today, chosen.as_of)
as_of = left.selectbox("Prices in force on", dates, index=dates.index(chosen.as_of), key=as_of_key,
                       format_func=lambda day: f"today, {day.isoformat()}" if day == chosen.today else
                       f"{day.isoformat()} (a price changed)",
                       on_change=costs.remember, args=(costs.AS_OF, as_of_key),
                       help="For each model, the newest price that took effect on or before this date. Only "
                            "today and the dates on which a price in the table changed are offered.")
tunable = [facts.id for facts in fine_tunable_models()] or [chosen.small_model]
if chosen.small_model not in tunable:
    tunable.append(chosen.small_model)
small_key = state.widget_key("costs_model")
small = middle.selectbox("Model your dataset is counted for", tunable, index=tunable.index(chosen.small_model),
                         format_func=lambda model_id: costs.model_label(model_id, "openai"),
                         help="Its tokenizer counts your examples; OpenAI and Azure fine-tune this model.",
                         key=small_key, on_change=dataset.choose_model, args=(small_key,))
dataset.set_model(small)
larger_choices = sorted(load_models())
larger_key = state.widget_key("costs_larger")
right.selectbox("Larger model to compare", larger_choices,
                index=larger_choices.index(chosen.larger_model) if chosen.larger_model in larger_choices else 0,
                help="A bigger general model you might use instead of fine-tuning.", key=larger_key,
                on_change=costs.remember, args=(costs.LARGER_MODEL, larger_key))
today_model = chosen.current_model or state.answers().get("current_model")
if today_model and chosen.larger_model == today_model:
    right.caption(f"No model larger than {md(today_model)} is in the catalog, so none is compared; choose one "
                  "above to see it.")

guide, today_button, _ = st.columns([2, 2, 3])
if guide.button("Reproduce the guide's figures", icon=":material/history_edu:",
                help="Prices of 6 November 2023: gpt-3.5-turbo fine-tuned at OpenAI and at Azure against "
                     "gpt-4-turbo, as in the 2023 fine-tuning guide."):
    costs.reproduce_the_guide()
    st.rerun()
if chosen.as_of != clock.today() and today_button.button("Back to today's prices", icon=":material/today:"):
    costs.back_to_today()
    st.rerun()

with folded("Your traffic (from the questionnaire; changes here update your answers)", "traffic") as open_:
    if open_:
        questionnaire = load_questionnaire()
        columns = st.columns(4)
        for column, question_id in zip(columns, ("requests_per_day", "input_tokens", "output_tokens",
                                                 "few_shot_examples"), strict=True):
            question = questionnaire.question(question_id)
            key = state.widget_key(f"cost_{question_id}")
            # a callback runs before the page, so the address bar shows the new value at once
            column.number_input(question.display_label, min_value=question.minimum, max_value=question.maximum,
                                value=int(state.answers().get(question_id, 0) or 0), step=1, help=question.help,
                                key=key, on_change=lambda question_id=question_id, key=key: state.set_answer(
                                    question_id, int(st.session_state[key])))
        project_key = state.widget_key("costs_project")
        st.number_input("One-off project cost besides training (USD)", min_value=0.0, max_value=10_000_000.0,
                        value=float(chosen.project_usd if chosen.project_usd is not None else default_project_usd()),
                        step=500.0, key=project_key,
                        on_change=lambda: costs.remember_amount(costs.PROJECT, project_key),
                        help="Preparing the examples, one training run, evaluation and deployment. The default is "
                             "two engineer-days (16 hours at $125 an hour); payback counts it with training.")
        serving_settings(chosen)
        horizon_key = state.widget_key("costs_horizon")
        st.slider("Months to spread training over (for break-even and payback)", 1, 36, chosen.horizon_months,
                  key=horizon_key, on_change=costs.remember, args=(costs.HORIZON, horizon_key))

services = service_models(chosen, table, as_of, small)
with folded("Model and tier at each service", "service_models") as open_:
    if open_:
        service_widgets(chosen, table, services)

advice = costs.current_advice()
comparison = advice.comparison
changed = costs.dataset_change(advice)
if changed:
    st.info(md(f"What your dataset changed: {changed}", 1200), icon=":material/dataset:")
if not comparison.data.tokens_per_epoch:
    st.info("No training data yet: answer how many examples you have, or analyse your dataset, to price training.")
    st.page_link(DATASET.path, label="Analyse a dataset", icon=":material/dataset:",
                 query_params=scenario.scenario_query())

show_constraint(comparison)
show_paths(comparison)
show_summary(comparison, advice.facts, present=state.present())
ask_missing_prices(comparison)
options = choose_options(comparison)
show_charts(comparison, options, height_scale=1.5 if state.present() else 1.0)
st.page_link(RECOMMENDATION.path, label="See the recommendation", icon=":material/verified:",
             query_params=scenario.scenario_query())

# --- The price table ------------------------------------------------------------------------------
if costs.prices_edited():  # said with the table folded away too: every number on the page uses them
    st.warning("Edited prices are in use.")
    if st.button("Reset to the published table", icon=":material/restart_alt:"):
        costs.reset_prices()
        state.renew_widgets()
        st.rerun()
with folded("Price table (edit for 'what if' or a private contract; load your own prices)", "price_table") as open_:
    if open_:
        st.caption("Rows in force on the chosen date. Prices per 1M tokens; hosting and hourly training per hour. "
                   "Edit a number and apply; blank means not published.")
        in_force = current_rows(table, as_of)
        freshness_caption(in_force)
        rows = [{"provider": price.provider, "model": price.model, "read": read_column(price),
                 **to_row(price)} for price in in_force]
        edited = st.data_editor(
            pd.DataFrame(rows), hide_index=True, width="stretch", key=state.widget_key("price_editor"),
            disabled=[name for name in rows[0] if name not in MONEY_FIELDS] if rows else True,
            column_config={"read": st.column_config.TextColumn("read", help=(
                               f"How long ago the price was read; older than {STALE_AFTER_DAYS} days is marked "
                               "\"check it\".")),
                           **{name: st.column_config.NumberColumn(name, min_value=0.0, max_value=float(MAX_PRICE),
                                                                  format="%.4f") for name in MONEY_FIELDS}},
        )
        unapplied_note(rows, state.widget_key("price_editor"))
        if st.button("Apply edited prices", icon=":material/check:"):
            try:
                applied = apply_edits(table, edited.to_dict("records"))
            except PriceError as problem:
                st.error(f"The prices were not applied: {md(problem)}")
            else:
                if applied == table:
                    st.info("No price was changed, so nothing was applied.")
                else:
                    costs.set_edited_prices(applied)
                    state.flash("Your edited prices are in use on the cost pages.")
                    st.rerun()
        st.divider()
        team_price_file()

with folded("The 2023 guide's figures, recomputed", "guide_figures") as open_:
    if open_:
        st.write("The guide priced models at the average of their input and output price, at 1,000,000 tokens an "
                 "hour for a 720-hour month, with the prices of late 2023:")
        st.dataframe(pd.DataFrame([{"model": row.label, "average price per 1K tokens": float(row.average_per_1k),
                                    "cost per month": float(row.monthly_usd), "source": row.price.source}
                                   for row in monthly_table(load_prices())]),
                     hide_index=True, width="stretch",
                     column_config={"cost per month": st.column_config.NumberColumn(format="dollar")})
        st.write("Its training example: 100 examples x 1,000 tokens x $0.008 per 1K x 3 epochs = $2.40; and "
                 "Azure becomes cheaper above about 2.5 million tokens an hour. Press \"Reproduce the guide's "
                 "figures\" above to see both on the charts. The guide's world has moved on: OpenAI's self-serve "
                 "fine-tuning is closed to new teams, which is why today's comparison prices every other service "
                 "too.")

back_and_next(COSTS)
