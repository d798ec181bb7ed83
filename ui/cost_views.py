"""Sections shared by the Costs and Recommendation pages: the doors, the cost table, missing prices, charts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import streamlit as st

from lib.advice.facts import VerdictFacts
from lib.catalog.availability import CLOSED, CLOSING, PathStatus, all_paths
from lib.catalog.prices import CONFIDENCE_WORDS, MAX_PRICE, with_overrides
from lib.costs.comparison import Comparison
from lib.costs.frames import (
    crossover_curve,
    crossover_marks,
    cumulative_curve,
    decision_options,
    drawn_crossovers,
    payback_marks,
    shown,
    summary_rows,
    volume_curve,
    volume_marks,
)
from lib.costs.money import dollars, months_text
from lib.costs.options import PricedOption
from lib.costs.sentences import takeaways
from lib.present import charts
from ui import costs, state
from ui.safe import md

_ICONS = {CLOSED: ":material/block:", CLOSING: ":material/hourglass_bottom:"}


def path_sentence(status: PathStatus) -> str:
    """The status sentence with the path's name in bold, said once."""
    if status.sentence.startswith(status.label):
        return f"**{status.label}**{status.sentence.removeprefix(status.label)}"
    return f"**{status.label}**: {status.sentence}"


def show_paths(comparison: Comparison) -> None:
    st.markdown("#### Which fine-tuning services are open to you")
    st.caption(f"Judged on today's date, {comparison.settings.today.isoformat()}, and your answers.")
    models = {option.provider: option.model for option in comparison.fine_tuned}
    for status in all_paths(comparison.settings.today, state.answers().get("openai_access"),  # type: ignore[arg-type]
                            models):
        box = st.error if status.state == CLOSED else st.warning if status.state == CLOSING else st.success
        box(path_sentence(status), icon=_ICONS.get(status.state, ":material/check_circle:"))
        st.caption(f"Source: {status.source}" + ("" if status.verified else " · reported, not yet verified"))


def _payback_text(option: PricedOption | None) -> str:
    if option is None or option.payback is None:
        return "-"
    return "never" if option.payback.value is None else months_text(option.payback.value)


def show_summary(comparison: Comparison, facts: VerdictFacts | None = None) -> None:
    st.markdown("#### What each option costs")
    traffic = comparison.traffic
    st.caption(f"Training data from {comparison.data.source}; {comparison.data.epochs} epochs. "
               f"Traffic: {traffic.requests_per_day:,} requests a day ({traffic.requests_per_month:,} a month of "
               f"30 days), {traffic.input_tokens:,} input and {traffic.output_tokens:,} output tokens per request, "
               f"{traffic.few_shot_examples:,} few-shot examples of {traffic.example_tokens:,} tokens each. "
               f"Prices in force on {comparison.settings.as_of.isoformat()}.")
    for gap in comparison.gaps:
        st.warning(md(gap, 400))
    best, current = comparison.best, comparison.current
    months = comparison.settings.horizon_months
    # two by two: a door's name or "$12.03 vs $320.40" needs half the page at 1280 px, not a quarter
    columns = [*st.columns(2), *st.columns(2)]
    columns[0].metric("Cheapest door open to you", best.provider_label.split(" (")[0] if best else "none",
                      help=best.label if best else "No fine-tuning door that is open to you has a known price.")
    columns[1].metric("Its training", dollars(best.training_usd) if best else "-",
                      help=best.training.formula if best and best.training else None)
    columns[2].metric("Monthly, fine-tuned vs today",
                      f"{dollars(best.monthly.total_usd)} vs {dollars(current.monthly.total_usd)}"
                      if best and current else "-", help="At your traffic; today = your current model with its "
                                                         "few-shot prompt.")
    if facts is not None and "payback" in facts.words:
        # the same figure the verdict reads: training plus the one-off project cost
        columns[3].metric("Pays back training and project in", facts.words["payback"],
                          help=f"{facts.words['one_off']} one-off ({dollars(best.training_usd) if best else '-'} "
                               f"training and a {facts.words['project']} project) repaid by the monthly saving.")
    else:
        columns[3].metric("Pays back its training in", _payback_text(best),
                          help=best.payback.sentence if best and best.payback else None)
    frame = summary_rows(comparison)
    if frame.empty:
        return
    frame["availability"] = [("open" if option.available else "not available to you")
                             + ("" if option.fits else ", does not fit your constraints")
                             for option in comparison.options]
    frame["confidence"] = [CONFIDENCE_WORDS[value] for value in frame["confidence"]]
    st.dataframe(frame.drop(columns=["fits"]), hide_index=True, width="stretch", column_config={
        "option": st.column_config.TextColumn("Option", pinned=True),
        "monthly_usd": st.column_config.NumberColumn("Per month", format="dollar"),
        "training_usd": st.column_config.NumberColumn("Training", format="dollar"),
        "project_usd": st.column_config.NumberColumn("Project", format="dollar",
                                                     help="The one-off project cost besides training (preparing "
                                                          "examples, evaluation, deployment); edit it above."),
        "horizon_usd": st.column_config.NumberColumn(f"Over {months} months", format="dollar",
                                                     help="Training, the project and that many months."),
        "payback_months": st.column_config.NumberColumn("Payback (months)", format="%.1f"),
        "break_even_requests_per_month": st.column_config.NumberColumn("Cheaper above (requests/month)",
                                                                       format="localized"),
        "availability": st.column_config.TextColumn("Available to you?"),
        "inference_usd_per_month": st.column_config.NumberColumn("Tokens / month", format="dollar"),
        "fixed_usd_per_month": st.column_config.NumberColumn("Hosting and storage / month", format="dollar"),
        "prompt_tokens_per_request": st.column_config.NumberColumn("Prompt tokens", format="localized"),
        "requests_per_month": st.column_config.NumberColumn("Requests / month", format="localized"),
        "price": st.column_config.TextColumn("Price row"),
        "price_in_force_from": st.column_config.TextColumn("In force from"),
        "confidence": st.column_config.TextColumn("How sure"),
        "source": st.column_config.TextColumn("Source"),
    })
    with st.expander("How each cost was computed, and where each price came from"):
        for option in comparison.options:
            lines = [f"- **{md(option.label)}**: {md(option.monthly.formula, 600)}"]
            if option.training:
                lines.append(f"  Training: {md(option.training.formula, 400)}")
            if option.plan_note:
                lines.append(f"  {md(option.plan_note, 600)}")
            if option.fit_notes:
                lines.append(f"  Note: {md('; '.join(option.fit_notes), 400)}")
            lines.append(f"  Price: {md(option.price.citation, 800)}")
            if option.price.note:
                lines.append(f"  {md(option.price.note, 800)}")
            st.markdown("  \n".join(lines))


def ask_missing_prices(comparison: Comparison) -> None:
    """Where a usable door's training price is unpublished, ask for it right there."""
    if not comparison.data.tokens_per_epoch:
        return  # nothing to train on yet: no price is missing, the data is
    for option in comparison.fine_tuned:
        if not (option.available and option.fits) or option.training_usd is not None:
            continue
        price = option.price
        if price.training_billing == "per_hour":
            hours = st.number_input(
                f"{option.label}: training is billed per compute hour ({dollars(price.training_per_hour)}/hour). "
                "How many hours do you expect?", min_value=0.0, max_value=10_000.0, step=0.5, value=None,
                key=state.widget_key(f"hours_{option.id}"),
                help="The provider does not publish how long a job takes: use a previous job's duration or "
                     "the provider's own estimate.")
            if hours:
                costs.set_for_provider(costs.TRAINING_HOURS, option.id, Decimal(str(hours)))
                st.rerun()
            continue
        entered = st.number_input(
            f"{option.label}: training price not published for this model. Enter your contract price "
            "(USD per 1M training tokens)", min_value=0.0, max_value=float(MAX_PRICE), value=None, step=0.5,
            key=state.widget_key(f"price_{option.id}"),
            help="No source we could check publishes it. Your price is used for this session only.")
        if entered:
            costs.replace_price(price, with_overrides(price, training_per_1m=Decimal(str(entered))))
            st.rerun()


def choose_options(comparison: Comparison) -> list[PricedOption]:
    """Which options the charts draw; by default every option the team can use, plus its current model."""
    labels = {option.label: option.id for option in comparison.options}
    default_ids = costs.chosen_options() or [option.id for option in shown(comparison)]
    key = state.widget_key("chosen_options")
    # remembered only once the team changes the list, so an untouched list keeps following the defaults
    picked = st.multiselect("Options to compare in the charts", list(labels),
                            default=[label for label, option_id in labels.items() if option_id in default_ids],
                            key=key, on_change=lambda: costs.choose_options([labels[label] for label in
                                                                            st.session_state[key]]),
                            help="Doors that are not available to you can be added to see what you miss.")
    return [option for option in comparison.options if option.label in picked]


def on_the_recommendation(comparison: Comparison) -> list[PricedOption]:
    """The options chosen on the Costs page; by default those the verdict weighs (today, larger, the door)."""
    return chosen(comparison) if costs.chosen_options() else list(decision_options(comparison))


def chosen(comparison: Comparison) -> list[PricedOption]:
    ids = costs.chosen_options()
    drawn = shown(comparison, ids)
    # ids that name nothing priced here (another price date, a model since changed) fall back to the defaults
    return list(drawn if drawn or not ids else shown(comparison))


def _chart_sections(comparison: Comparison, options: Sequence[PricedOption]) -> list[tuple[str, str, Any]]:
    scale = charts.option_colors([option.label for option in comparison.options])
    sections = [
        ("Monthly cost by traffic", "volume",
         charts.cost_vs_volume_chart(volume_curve(comparison, options), volume_marks(comparison), scale)),
        ("Cumulative cost over 24 months, training and project included", "cumulative",
         charts.cumulative_chart(cumulative_curve(comparison, options), payback_marks(comparison), scale)),
    ]
    if drawn_crossovers(comparison, options):
        sections.append(("An hourly hosting fee against paying by tokens", "crossover",
                         charts.crossover_chart(crossover_curve(comparison, options),
                                                crossover_marks(comparison, options), scale)))
    return sections


def report_charts(comparison: Comparison, options: Sequence[PricedOption] | None = None
                  ) -> tuple[tuple[str, Any], ...]:
    """The page's charts for the HTML report; by default the options the page draws by default."""
    drawn = options if options is not None else shown(comparison)
    return tuple((title, chart) for title, _, chart in _chart_sections(comparison, drawn))


PRESENT_MAX_HEIGHT = 600


def show_charts(comparison: Comparison, options: Sequence[PricedOption] | None = None,
                height_scale: float = 1.0) -> None:
    drawn = options if options is not None else chosen(comparison)
    said = takeaways(comparison, drawn)
    for title, key, chart in _chart_sections(comparison, drawn):
        st.markdown(f"#### {title}")
        st.markdown(md(said.get(key, "Not enough prices or traffic to draw a conclusion yet."), 2000))
        if height_scale != 1.0:
            # larger for a projector, yet one chart and its legend within a 720-pixel-high screen
            chart = chart.properties(height=min(int(chart.height * height_scale), PRESENT_MAX_HEIGHT))
        st.altair_chart(chart, width="stretch")
