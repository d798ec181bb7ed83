"""Chart builders: each takes a DataFrame and returns an Altair chart, so charts are tested without a UI."""

from __future__ import annotations

import altair as alt
import pandas as pd


def tokens_frame(example_tokens: list[int], assistant_tokens: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"total_tokens": example_tokens, "assistant_tokens": assistant_tokens})


def token_histogram(frame: pd.DataFrame, training_context: int | None = None) -> alt.Chart:
    """Examples by total tokens; a red rule marks the training limit when any example comes near it."""
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("total_tokens:Q", bin=alt.Bin(maxbins=40), title="Tokens per example"),
            y=alt.Y("count():Q", title="Examples"),
            tooltip=[alt.Tooltip("total_tokens:Q", bin=alt.Bin(maxbins=40), title="Tokens"),
                     alt.Tooltip("count():Q", title="Examples")],
        )
    )
    if training_context and not frame.empty and frame["total_tokens"].max() > 0.8 * training_context:
        limit = alt.Chart(pd.DataFrame({"limit": [training_context]})).mark_rule(color="red").encode(
            x="limit:Q", tooltip=[alt.Tooltip("limit:Q", title="Training limit", format=",")])
        return (bars + limit).properties(title="Tokens per example", height=260)
    return bars.properties(title="Tokens per example", height=260)


def _log_axis(field: str, title: str) -> alt.X:
    return alt.X(f"{field}:Q", title=title, scale=alt.Scale(type="log"), axis=alt.Axis(format="~s"))


def _marks(marks: pd.DataFrame, x: alt.X, y_field: str, color: str = "black") -> alt.LayerChart | None:
    if marks.empty:
        return None
    # each label on its own line, so two marks close together stay readable
    marks = marks.assign(label_offset=[14 * index for index in range(len(marks))])
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 4], color=color).encode(
        x=x, tooltip=[alt.Tooltip("label:N", title="")])
    labels = alt.Chart(marks).mark_text(align="left", dx=4, angle=0, color=color).encode(
        x=x, y=alt.value(10), yOffset=alt.YOffset("label_offset:Q", scale=None), text="label:N")
    return rules + labels


def cost_vs_volume_chart(curve: pd.DataFrame, marks: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """Chart 1: monthly cost of each option against monthly requests, break-even and own traffic marked."""
    x = _log_axis("requests_per_month", "Requests per month (log scale)")
    lines = alt.Chart(curve).mark_line(point=False).encode(
        x=x,
        y=alt.Y("monthly_usd:Q", title="Monthly cost, USD (log scale)", scale=alt.Scale(type="symlog"),
                axis=alt.Axis(format="$,.0f")),
        color=alt.Color("option:N", title="Option", legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("option:N"), alt.Tooltip("requests_per_month:Q", format=",", title="Requests/month"),
                 alt.Tooltip("monthly_usd:Q", format="$,.2f", title="Monthly cost")],
    )
    layer = _marks(marks, x, "monthly_usd")
    chart = lines + layer if layer is not None else lines
    return chart.properties(height=360).interactive()


def cumulative_chart(curve: pd.DataFrame, marks: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """Chart 2: cumulative cost over 24 months, training included, with the payback month."""
    x = alt.X("month:Q", title="Month", scale=alt.Scale(domain=[0, 24]))
    lines = alt.Chart(curve).mark_line().encode(
        x=x,
        y=alt.Y("cumulative_usd:Q", title="Cumulative cost, USD", axis=alt.Axis(format="$,.0f")),
        color=alt.Color("option:N", title="Option", legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("option:N"), alt.Tooltip("month:Q"),
                 alt.Tooltip("cumulative_usd:Q", format="$,.2f", title="Cumulative cost")],
    )
    layer = _marks(marks, x, "cumulative_usd", color="green")
    chart = lines + layer if layer is not None else lines
    return chart.properties(height=320).interactive()


def azure_openai_chart(curve: pd.DataFrame, marks: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """Chart 3: OpenAI against Azure for the fine-tuned model, by tokens per hour, crossover marked."""
    x = alt.X("tokens_per_hour:Q", title="Tokens per hour", axis=alt.Axis(format="~s"))
    lines = alt.Chart(curve).mark_line().encode(
        x=x,
        y=alt.Y("monthly_usd:Q", title="Monthly cost, USD", axis=alt.Axis(format="$,.0f")),
        color=alt.Color("provider:N", title="Provider", legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("provider:N"), alt.Tooltip("tokens_per_hour:Q", format=",.0f", title="Tokens/hour"),
                 alt.Tooltip("monthly_usd:Q", format="$,.2f", title="Monthly cost")],
    )
    layer = _marks(marks, x, "monthly_usd", color="purple")
    chart = lines + layer if layer is not None else lines
    return chart.properties(height=320).interactive()


def training_epochs_chart(curve: pd.DataFrame, default_epochs: int) -> alt.LayerChart:
    """Chart 4: training cost against epochs, the default epochs marked."""
    bars = alt.Chart(curve).mark_bar().encode(
        x=alt.X("epochs:O", title="Epochs"),
        y=alt.Y("training_usd:Q", title="Training cost, USD", axis=alt.Axis(format="$,.2f")),
        color=alt.condition(alt.datum.epochs == default_epochs, alt.value("#d62728"), alt.value("#4c78a8")),
        tooltip=[alt.Tooltip("epochs:O"), alt.Tooltip("training_usd:Q", format="$,.2f", title="Training cost")],
    )
    return (bars + bars.mark_text(dy=-6).encode(
        text=alt.condition(alt.datum.epochs == default_epochs, alt.value("default"), alt.value("")))
    ).properties(height=280)
