"""Chart builders: each takes a DataFrame and returns an Altair chart, so charts are tested without a UI."""

from __future__ import annotations

import altair as alt
import pandas as pd

# Streamlit fits a chart's axes and legend inside the chart's height: about 100 pixels of axes and titles, and a
# legend row per option, come on top of the plot itself.
LEGEND_ROW = 22
PROJECTOR_ROW = 26  # a legend row at 16 px
AXES = 100


def _height(plot: int, curve: pd.DataFrame) -> int:
    """The height that leaves `plot` pixels to the plot beside the axes and one legend row per option (and title)."""
    options = curve["option"].nunique() if "option" in curve else 0
    return plot + AXES + (LEGEND_ROW * (options + 1) if options else 0)


# Drawn as SVG, not canvas: text stays sharp when a projector or a phone zooms, and a browser (or a test) can read
# every label. The charts draw at most a few hundred marks (the histogram bins its examples), where SVG costs
# nothing noticeable.
SVG = {"embedOptions": {"renderer": "svg"}}


def tokens_frame(example_tokens: list[int], assistant_tokens: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"total_tokens": example_tokens, "assistant_tokens": assistant_tokens})


def token_histogram(frame: pd.DataFrame, training_context: int | None = None) -> alt.Chart:
    """Examples by total tokens; a red rule marks the training limit when any example comes near it."""
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            # whole tokens ("544", not "544.0"), on the axis and in the tooltip
            x=alt.X("total_tokens:Q", bin=alt.Bin(maxbins=40), title="Tokens per example",
                    axis=alt.Axis(format=",d")),
            y=alt.Y("count():Q", title="Examples", axis=alt.Axis(format=",d")),
            tooltip=[alt.Tooltip("total_tokens:Q", bin=alt.Bin(maxbins=40), title="Tokens", format=",d"),
                     alt.Tooltip("count():Q", title="Examples", format=",d")],
        )
    )
    if training_context and not frame.empty and frame["total_tokens"].max() > 0.8 * training_context:
        limit = alt.Chart(pd.DataFrame({"limit": [training_context]})).mark_rule(color="red").encode(
            x="limit:Q", tooltip=[alt.Tooltip("limit:Q", title="Training limit", format=",")])
        return (bars + limit).properties(title="Tokens per example", height=260, usermeta=SVG)
    return bars.properties(title="Tokens per example", height=260, usermeta=SVG)


# "$0.10", "$1", "$10,000": cents only below a dollar
_DOLLARS = "datum.value < 1 ? format(datum.value, '$.2f') : format(datum.value, '$,.0f')"


def _log_axis(field: str, title: str) -> alt.X:
    # decades labelled in full (100, 1k, 10k ...), the steps between left unlabelled
    return alt.X(f"{field}:Q", title=f"{title} (log scale)", scale=alt.Scale(type="log"),
                 axis=alt.Axis(format="~s", values=[10**power for power in range(0, 13)]))


def _marks(marks: pd.DataFrame, x: alt.X, y_field: str, color: str = "black", middle: float | None = None
           ) -> alt.LayerChart | None:
    """Dashed rules with their labels; a mark right of `middle` (the x axis's middle) is labelled on its left, so
    its label never runs off the chart's right edge."""
    if marks.empty:
        return None
    # each label on its own line (18 px: room for 16 px text on a projector), so two marks close together stay
    # readable
    field = x.shorthand.split(":")[0] if isinstance(x.shorthand, str) else marks.columns[0]
    marks = marks.assign(label_offset=[18 * index for index in range(len(marks))],
                         left=[middle is not None and value > middle for value in marks[field]])
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 4], color=color).encode(
        x=x, tooltip=[alt.Tooltip("label:N", title="")])
    layers = [rules]
    for left in (False, True):
        part = marks[marks["left"] == left]
        if not part.empty:
            layers.append(alt.Chart(part).mark_text(align="right" if left else "left", dx=-4 if left else 4,
                                                    angle=0, color=color).encode(
                x=x, y=alt.value(10), yOffset=alt.YOffset("label_offset:Q", scale=None), text="label:N"))
    return alt.layer(*layers)


# Ten colours that stay distinguishable on a projector; option i always gets colour i on every chart.
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac",
           "#eeca3b")


def option_colors(labels: list[str]) -> alt.Scale:
    """One colour per option, the same on every chart and in the HTML report."""
    return alt.Scale(domain=labels, range=[PALETTE[index % len(PALETTE)] for index in range(len(labels))])


def _color(scale: alt.Scale | None, curve: pd.DataFrame) -> alt.Color:
    # the scale holds every option, so each keeps its colour across charts; the legend lists only those drawn,
    # each by its full name (labelLimit 0: never cut off with an ellipsis)
    drawn = list(dict.fromkeys(curve["option"])) if "option" in curve else []
    return alt.Color("option:N", title="Option", scale=scale or alt.Undefined,
                     legend=alt.Legend(orient="bottom", columns=1, labelLimit=0, symbolType="stroke",
                                       values=drawn or alt.Undefined))


# Line styles that tell options apart without colour (a projector washes colours out, some readers cannot see
# them); used once more than five options are drawn. Each option keeps its style on every chart.
DASHES = ([1, 0], [8, 4], [2, 3], [12, 4, 2, 4], [4, 4], [16, 4], [2, 6], [8, 3, 2, 3, 2, 3])
MANY_OPTIONS = 5


def _styled(lines: alt.Chart, scale: alt.Scale | None, curve: pd.DataFrame) -> alt.Chart:
    """Lines told apart by dash as well as colour when more than five options are drawn, in one legend."""
    drawn = list(dict.fromkeys(curve["option"])) if "option" in curve else []
    if len(drawn) <= MANY_OPTIONS:
        return lines
    domain = scale.domain if scale is not None and scale.domain is not alt.Undefined else drawn
    dashes = alt.Scale(domain=domain, range=[DASHES[index % len(DASHES)] for index in range(len(domain))])
    return lines.encode(strokeDash=alt.StrokeDash("option:N", title="Option", scale=dashes, legend=alt.Legend(
        orient="bottom", columns=1, labelLimit=0, symbolType="stroke", values=drawn)))


PROJECTOR_FONT = 16
PROJECTOR_INK = "#111111"


def for_projector(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Chart text at 16 px and near-black, for a meeting room's projector: ticks, axis titles, legend, labels."""
    return (chart.configure_axis(labelFontSize=PROJECTOR_FONT, titleFontSize=PROJECTOR_FONT,
                                 labelColor=PROJECTOR_INK, titleColor=PROJECTOR_INK)
            .configure_legend(labelFontSize=PROJECTOR_FONT, titleFontSize=PROJECTOR_FONT,
                              labelColor=PROJECTOR_INK, titleColor=PROJECTOR_INK, symbolStrokeWidth=3)
            .configure_text(fontSize=PROJECTOR_FONT)
            .configure_title(fontSize=PROJECTOR_FONT + 2, color=PROJECTOR_INK))


def cost_vs_volume_chart(curve: pd.DataFrame, marks: pd.DataFrame, scale: alt.Scale | None = None
                         ) -> alt.LayerChart | alt.Chart:
    """Monthly cost of each option against monthly requests, training spread over the horizon."""
    x = _log_axis("requests_per_month", "Requests per month")
    # a month that costs nothing has no place on a log scale; such a point is left out, not drawn at the bottom
    lines = alt.Chart(curve).transform_filter("datum.monthly_usd > 0").mark_line(point=False).encode(
        x=x,
        # a log scale labelled at each decade ($1, $10, $100 ...): every line readable, from cents to millions
        y=alt.Y("monthly_usd:Q", title="Monthly cost, USD (log scale)", scale=alt.Scale(type="log"),
                axis=alt.Axis(values=[10**power for power in range(-2, 10)], labelExpr=_DOLLARS)),
        color=_color(scale, curve),
        tooltip=[alt.Tooltip("option:N"), alt.Tooltip("requests_per_month:Q", format=",", title="Requests/month"),
                 alt.Tooltip("monthly_usd:Q", format="$,.2f", title="Monthly cost")],
    )
    lines = _styled(lines, scale, curve)
    # the middle of a log axis is the geometric mean of its ends
    ends = curve["requests_per_month"] if not curve.empty else pd.Series([100, 1_000_000])
    layer = _marks(marks, x, "monthly_usd", middle=float((ends.min() * ends.max()) ** 0.5))
    chart = lines + layer if layer is not None else lines
    return chart.properties(height=_height(260, curve), usermeta=SVG).interactive()


def cumulative_chart(curve: pd.DataFrame, marks: pd.DataFrame, scale: alt.Scale | None = None
                     ) -> alt.LayerChart | alt.Chart:
    """Cumulative cost over 24 months, one-off costs included, with the payback month."""
    x = alt.X("month:Q", title="Month", scale=alt.Scale(domain=[0, 24]))
    lines = alt.Chart(curve).mark_line().encode(
        x=x,
        y=alt.Y("cumulative_usd:Q", title="Cumulative cost, USD", axis=alt.Axis(format="$,.0f")),
        color=_color(scale, curve),
        tooltip=[alt.Tooltip("option:N"), alt.Tooltip("month:Q"),
                 alt.Tooltip("cumulative_usd:Q", format="$,.2f", title="Cumulative cost")],
    )
    lines = _styled(lines, scale, curve)
    layer = _marks(marks, x, "cumulative_usd", color="green", middle=12)
    chart = lines + layer if layer is not None else lines
    return chart.properties(height=_height(240, curve), usermeta=SVG).interactive()


def crossover_chart(curve: pd.DataFrame, marks: pd.DataFrame, scale: alt.Scale | None = None
                    ) -> alt.LayerChart | alt.Chart:
    """An option with an hourly fee against one billed by tokens only, by tokens per hour, crossover marked."""
    x = alt.X("tokens_per_hour:Q", title="Tokens per hour",
              axis=alt.Axis(format="~s", labelExpr="datum.value == 0 ? '0' : datum.label"))  # "0", not "0M"
    lines = alt.Chart(curve).mark_line().encode(
        x=x,
        y=alt.Y("monthly_usd:Q", title="Monthly cost, USD", axis=alt.Axis(format="$,.0f")),
        color=_color(scale, curve),
        tooltip=[alt.Tooltip("option:N"), alt.Tooltip("tokens_per_hour:Q", format=",.0f", title="Tokens/hour"),
                 alt.Tooltip("monthly_usd:Q", format="$,.2f", title="Monthly cost")],
    )
    lines = _styled(lines, scale, curve)
    top = curve["tokens_per_hour"].max() if not curve.empty else None
    layer = _marks(marks, x, "monthly_usd", color="purple", middle=None if top is None else float(top) / 2)
    chart = lines + layer if layer is not None else lines
    return chart.properties(height=_height(240, curve), usermeta=SVG).interactive()


def memory_parts_chart(parts: dict[str, float], card_gib: float) -> alt.LayerChart:
    """One stacked bar of what the GPU must hold, in GiB, against the card's memory (a red rule)."""
    frame = pd.DataFrame([{"what": "this run", "part": name, "gib": amount} for name, amount in parts.items()])
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("sum(gib):Q", title="GiB per GPU", scale=alt.Scale(domain=[0, max(card_gib, sum(parts.values()))
                                                                           * 1.05])),
        y=alt.Y("what:N", title=None),
        color=alt.Color("part:N", title="Part", sort=list(parts), legend=alt.Legend(orient="bottom", labelLimit=0)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("part:N"), alt.Tooltip("gib:Q", format=",.1f", title="GiB")],
    ).transform_calculate(order=f"indexof({list(parts)!r}, datum.part)")
    card = alt.Chart(pd.DataFrame({"gib": [card_gib], "label": [f"your card: {card_gib:g} GiB"]})).mark_rule(
        color="red", strokeWidth=2).encode(x="gib:Q", tooltip=[alt.Tooltip("label:N", title="")])
    # the bar, its axis, and the legend's row of parts below it
    return (bars + card).properties(height=120 + 4 * LEGEND_ROW, usermeta=SVG)
