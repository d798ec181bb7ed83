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
