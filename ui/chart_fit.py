"""Charts whose words fit a 390 px phone as well as a 1280 px screen: long legend labels and the notes on a chart
(break-even, payback) broken into lines, and the chart made taller by the lines added, so the plot keeps its
height. Nothing is cut with "..."; the chart specs of lib/present/charts.py are changed only in how they are worded
on screen."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

LEGEND_WIDTH = 34  # characters on one legend line: about 230 px at 12 px, beside its symbol on a phone
NOTE_WIDTH = 22  # characters on one line of a note drawn on the plot: under half a phone's plot
LINE = 14  # one more line of 12 px text
NOTE_SLOT = 18  # lib/present/charts.py stacks a chart's notes 18 px apart, one line each


def lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def _legend_expr(labels: Sequence[str]) -> str:
    """A Vega expression giving each long label's lines (JSON strings are valid Vega string literals)."""
    expr = "datum.label"
    for label in labels:
        split = lines(label, LEGEND_WIDTH)
        if len(split) > 1:
            expr = f"datum.label === {json.dumps(label)} ? {json.dumps(split)} : ({expr})"
    return expr


def _parts(chart: Any) -> list[Any]:
    if isinstance(chart, alt.LayerChart):
        return [piece for layer in chart["layer"] for piece in _parts(layer)]
    return [chart]


def _wrap_legends(part: Any, expr: str) -> None:
    encoding = part._kwds.get("encoding", alt.Undefined)
    for channel in ("color", "strokeDash"):
        found = encoding._kwds.get(channel, alt.Undefined) if encoding is not alt.Undefined else alt.Undefined
        legend = found._kwds.get("legend", alt.Undefined) if found is not alt.Undefined else alt.Undefined
        if isinstance(legend, alt.Legend):  # item access: on a channel, `.legend` is Altair's setter
            legend["labelExpr"] = expr


def _wrap_notes(part: Any) -> None:
    """A note layer's labels in lines, restacked so notes never overlap (they sit on the plot: no height added)."""
    mark = part._kwds.get("mark", alt.Undefined)
    kind = mark if isinstance(mark, str) else mark._kwds.get("type", "") if mark is not alt.Undefined else ""
    data = part._kwds.get("data", alt.Undefined)
    if kind != "text" or not isinstance(data, pd.DataFrame) or not {"label", "label_offset"} <= set(data.columns):
        return
    split = [lines(str(label), NOTE_WIDTH) for label in data["label"]]
    most = max(len(one) for one in split)
    slot = NOTE_SLOT + LINE * (most - 1)
    # one string per note, its lines split in the browser: Vega draws an array of strings as lines
    part["data"] = data.assign(label_text=["\n".join(one) for one in split],
                               label_offset=[int(offset) // NOTE_SLOT * slot for offset in data["label_offset"]])
    part["transform"] = [alt.CalculateTransform(calculate="split(datum.label_text, '\\n')", **{"as": "label_lines"})]
    part["encoding"]["text"] = alt.Text("label_lines:N")


def fit_words(chart: Any, labels: Sequence[str]) -> Any:
    """The chart with its legend labels (`labels`: the options drawn) and notes in lines that fit a phone.

    The chart given is changed: pages pass one built for this run (a deep copy of its data frames cost 40 ms a
    page run)."""
    expr = _legend_expr(labels)
    extra = LINE * sum(len(lines(label, LEGEND_WIDTH)) - 1 for label in labels)
    for part in _parts(chart):
        _wrap_legends(part, expr)
        _wrap_notes(part)
    height = chart._kwds.get("height", alt.Undefined)
    if isinstance(height, int) and extra:
        chart["height"] = height + extra  # set in place: `properties` rebuilds a layered chart (50 ms)
    return chart
