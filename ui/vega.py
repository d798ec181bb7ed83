"""Altair charts turned into the Vega-Lite spec Streamlit sends, once, so a rerun that draws the same chart again
sends the kept spec instead of building and validating the chart anew (about 45 ms a chart).

The spec is made by Streamlit's own conversion, the one `st.altair_chart` runs (its data as Arrow tables under
names that hash their bytes, Altair's default theme off), so a kept spec draws exactly what `st.altair_chart`
would. That conversion is not public API: where an installed Streamlit lacks it, charts are drawn with
`st.altair_chart` each run (slower, the same picture), and a test says so on upgrade.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.elements import vega_charts

_CONVERT = getattr(vega_charts, "_convert_altair_to_vega_lite_spec", None)


def spec_of(chart: Any) -> Any:
    """The Vega-Lite spec of an Altair chart, as Streamlit would send it; the chart itself where that cannot be
    made here."""
    return _CONVERT(chart) if _CONVERT is not None else chart


def draw(chart_or_spec: Any) -> None:
    """One chart, the page's full width, from `spec_of`'s result."""
    if isinstance(chart_or_spec, dict):
        st.vega_lite_chart(spec=chart_or_spec, width="stretch")
    else:
        st.altair_chart(chart_or_spec, width="stretch")
