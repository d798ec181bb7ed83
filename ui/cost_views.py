"""Sections shared by the Costs and Recommendation pages: open paths, the cost summary and the four charts."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from lib import charts
from lib.availability import CLOSED, CLOSING, PathStatus, all_paths
from lib.comparison import (
    Comparison,
    azure_curve,
    azure_marks,
    cumulative_curve,
    epochs_curve,
    payback_marks,
    summary_rows,
    takeaways,
    volume_curve,
    volume_marks,
)
from lib.costs import dollars, months_text

_ICONS = {CLOSED: ":material/block:", CLOSING: ":material/hourglass_bottom:"}


def path_sentence(status: PathStatus) -> str:
    """The status sentence with the path's name in bold, said once."""
    if status.sentence.startswith(status.label):
        return f"**{status.label}**{status.sentence.removeprefix(status.label)}"
    return f"**{status.label}**: {status.sentence}"


def show_paths(has_access: str | None, model: str) -> None:
    st.markdown("#### Which fine-tuning paths are open to you")
    st.caption(f"Compared with today's date, {date.today().isoformat()}, and your answer about OpenAI access.")
    for status in all_paths(date.today(), has_access, model):
        box = st.error if status.state == CLOSED else st.warning if status.state == CLOSING else st.success
        box(path_sentence(status), icon=_ICONS.get(status.state, ":material/check_circle:"))
        st.caption(f"Source: {status.source}" + ("" if status.verified else " · reported, not yet verified"))


def _tokens_per_hour(value) -> str:
    return f"{value / 1_000_000:,.2f}M tokens/h" if value >= 1_000_000 else f"{value:,.0f} tokens/h"


def show_summary(comparison: Comparison) -> None:
    st.markdown("#### Cost summary")
    st.caption(f"Training data from {comparison.data.source}; {comparison.data.epochs} epochs. "
               f"Traffic: {comparison.traffic.requests_per_day:,} requests a day "
               f"({comparison.traffic.requests_per_month:,} a month of 30 days), "
               f"{comparison.traffic.input_tokens:,} input and {comparison.traffic.output_tokens:,} output tokens "
               f"per request, {comparison.traffic.few_shot_examples} few-shot examples of "
               f"{comparison.traffic.example_tokens:,} tokens each.")
    for gap in comparison.gaps:
        st.warning(gap)
    columns = st.columns(4)
    columns[0].metric("Training (OpenAI)", dollars(comparison.training.usd), help=comparison.training.formula)
    if comparison.training_azure is not None:
        columns[1].metric("Training (Azure)", dollars(comparison.training_azure.usd),
                          help=comparison.training_azure.formula)
    payback = comparison.payback
    columns[2].metric("Payback", "never" if payback and payback.value is None else
                      ("-" if not payback else months_text(payback.value)),
                      help=payback.sentence if payback else "Needs both a few-shot base and a fine-tuned price.")
    crossover = comparison.crossover
    columns[3].metric("Azure cheaper above", "never" if crossover and crossover.value is None else
                      ("-" if not crossover else _tokens_per_hour(crossover.value)),
                      help=crossover.sentence if crossover else "Needs OpenAI and Azure fine-tuned prices.")
    frame = summary_rows(comparison)
    if not frame.empty:
        st.dataframe(frame, hide_index=True, width="stretch", column_config={
            "option": st.column_config.TextColumn("Option"),
            "prompt_tokens_per_request": st.column_config.NumberColumn("Prompt tokens", format="localized"),
            "requests_per_month": st.column_config.NumberColumn("Requests / month", format="localized"),
            "price": st.column_config.TextColumn("Price row"),
            "price_in_force_from": st.column_config.TextColumn("In force from"),
            "source": st.column_config.TextColumn("Source"),
            "inference_usd_per_month": st.column_config.NumberColumn("Inference / month", format="dollar"),
            "hosting_usd_per_month": st.column_config.NumberColumn("Hosting / month", format="dollar"),
            "total_usd_per_month": st.column_config.NumberColumn("Total / month", format="dollar"),
        })
        with st.expander("How each monthly cost was computed"):
            for cost in comparison.monthly:
                st.markdown(f"- **{cost.option.label}**: {cost.formula}  \n  Price: {cost.option.price.citation}")
            for sentence in (comparison.volume, comparison.payback, comparison.crossover):
                if sentence:
                    st.markdown(f"- {sentence.sentence}")


def report_charts(comparison: Comparison) -> tuple[tuple[str, Any], ...]:
    return tuple((title, chart) for title, _, chart in _chart_sections(comparison))


def _chart_sections(comparison: Comparison) -> list[tuple[str, str, Any]]:
    return [
        ("Monthly cost by traffic", "volume", charts.cost_vs_volume_chart(volume_curve(comparison),
                                                                          volume_marks(comparison))),
        ("Cumulative cost over 24 months, training included", "cumulative",
         charts.cumulative_chart(cumulative_curve(comparison), payback_marks(comparison))),
        ("OpenAI or Azure for the fine-tuned model", "azure",
         charts.azure_openai_chart(azure_curve(comparison), azure_marks(comparison))),
        ("Training cost by epochs", "epochs", charts.training_epochs_chart(epochs_curve(comparison),
                                                                           comparison.data.epochs)),
    ]


def show_charts(comparison: Comparison, height_scale: float = 1.0) -> None:
    said = takeaways(comparison)
    for title, key, chart in _chart_sections(comparison):
        st.markdown(f"#### {title}")
        st.write(said.get(key, "Not enough prices or traffic to draw a conclusion yet."))
        if height_scale != 1.0:
            chart = chart.properties(height=int(360 * height_scale))
        st.altair_chart(chart, width="stretch")
