"""What every page of the plain app draws: a few widgets, a table and one Altair chart."""

import altair as alt
import pandas as pd
import streamlit as st


def draw(number: int) -> None:
    st.title(f"Page {number}")
    left, right = st.columns(2)
    requests = left.number_input("Requests per day", 0, 10_000_000, 20_000, key="requests")
    horizon = right.slider("Months", 1, 36, 12, key="horizon")
    st.selectbox("Model", ["small", "medium", "large"], key="model")
    frame = pd.DataFrame({"option": [f"option {i}" for i in range(8) for _ in range(30)],
                          "requests": [10 ** (k / 5) * requests for _ in range(8) for k in range(30)],
                          "usd": [(i + 1) * 10 ** (k / 5) * horizon for i in range(8) for k in range(30)]})
    st.dataframe(frame.groupby("option").last().reset_index(), hide_index=True)
    st.altair_chart(alt.Chart(frame).mark_line().encode(
        x=alt.X("requests", scale=alt.Scale(type="log")), y="usd", color="option"), width="stretch")
