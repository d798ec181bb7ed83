"""Every chart a meeting sees: legends that never cut a label, and one colour per option on every chart."""

import json

from lib.advice.scenario import demo_answers
from lib.catalog.prices import load_prices
from lib.costs.comparison import compare
from lib.costs.frames import (
    crossover_curve,
    crossover_marks,
    cumulative_curve,
    payback_marks,
    volume_curve,
    volume_marks,
)
from lib.costs.options import training_data
from lib.costs.settings import CostSettings
from lib.present import charts
from tests.conftest import TODAY


def _legends(spec):
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "legend" and isinstance(value, dict):
                yield value
            yield from _legends(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _legends(item)


def _cost_charts():
    answers = demo_answers()
    comparison = compare(answers, training_data(answers, None, None, None, None),
                         CostSettings(as_of=TODAY, today=TODAY), load_prices())
    scale = charts.option_colors([option.label for option in comparison.options])
    return [charts.cost_vs_volume_chart(volume_curve(comparison), volume_marks(comparison), scale),
            charts.cumulative_chart(cumulative_curve(comparison), payback_marks(comparison), scale),
            charts.crossover_chart(crossover_curve(comparison), crossover_marks(comparison), scale)], scale


def test_no_legend_cuts_an_option_name():
    drawn, _ = _cost_charts()
    drawn.append(charts.memory_parts_chart({"weights": 10.0, "activations": 5.0}, 24.0))
    legends = [legend for chart in drawn for legend in _legends(chart.to_dict())]
    assert legends and all(legend.get("labelLimit") == 0 for legend in legends)


def test_a_legend_lists_only_the_options_its_chart_draws_each_in_its_own_colour():
    answers = demo_answers()
    comparison = compare(answers, training_data(answers, None, None, None, None),
                         CostSettings(as_of=TODAY, today=TODAY), load_prices())
    scale = charts.option_colors([option.label for option in comparison.options])
    two = comparison.options[:2]
    chart = charts.cost_vs_volume_chart(volume_curve(comparison, two), volume_marks(comparison), scale)
    [legend] = list(_legends(chart.to_dict()))
    assert legend["values"] == [option.label for option in two]
    assert len(scale.to_dict()["domain"]) == len(comparison.options) > 2


def test_the_cost_by_traffic_chart_has_log_axes_labelled_at_decades_and_no_zero_dollars():
    drawn, _ = _cost_charts()
    [y_axis] = [value for value in _encodings(drawn[0].to_dict(), "y") if value.get("field") == "monthly_usd"]
    assert y_axis["scale"]["type"] == "log" and 1 in y_axis["axis"]["values"] and 0 not in y_axis["axis"]["values"]
    assert "monthly_usd > 0" in json.dumps(drawn[0].to_dict())  # a $0 month is left out, not drawn at the bottom


def test_every_chart_is_drawn_as_svg_so_its_text_can_be_read():
    drawn, _ = _cost_charts()
    drawn += [charts.memory_parts_chart({"weights": 10.0}, 24.0),
              charts.token_histogram(charts.tokens_frame([10, 20], [5, 5]), 16_000)]
    assert all(chart.to_dict().get("usermeta") == {"embedOptions": {"renderer": "svg"}} for chart in drawn)


def test_each_option_keeps_its_colour_on_every_chart():
    drawn, scale = _cost_charts()
    domains = [scale.to_dict()["domain"]]
    for chart in drawn:
        spec = chart.to_dict()
        domains += [value["scale"]["domain"] for value in _encodings(spec, "color")
                    if "domain" in value.get("scale", {})]
    assert len(domains) > 1 and all(domain == domains[0] for domain in domains)


def _encodings(spec, channel):
    if isinstance(spec, dict):
        encoding = spec.get("encoding", {})
        if isinstance(encoding, dict) and isinstance(encoding.get(channel), dict):
            yield encoding[channel]
        for value in spec.values():
            yield from _encodings(value, channel)
    elif isinstance(spec, list):
        for item in spec:
            yield from _encodings(item, channel)


def test_a_mark_on_the_right_half_is_labelled_on_its_left_and_histogram_ticks_are_whole():
    import pandas as pd

    from lib.present import charts as built

    curve = pd.DataFrame({"option": ["a", "a"], "requests_per_month": [100, 100_000_000], "monthly_usd": [1.0, 9.0]})
    marks = pd.DataFrame([{"requests_per_month": 50_000_000, "monthly_usd": 5.0, "label": "break-even"},
                          {"requests_per_month": 1_000, "monthly_usd": None, "label": "your traffic"}])
    spec = built.cost_vs_volume_chart(curve, marks).to_dict()
    aligns = {layer["mark"].get("align") for layer in spec["layer"][1]["layer"] if layer["mark"]["type"] == "text"}
    assert aligns == {"left", "right"}
    histogram = built.token_histogram(pd.DataFrame({"total_tokens": [544, 600], "assistant_tokens": [1, 2]}))
    assert histogram.to_dict()["encoding"]["x"]["axis"]["format"] == ",d"


def test_past_five_options_lines_are_dashed_as_well_as_coloured_and_text_is_16px_for_a_projector():
    import pandas as pd

    from lib.present import charts as built

    labels = [f"option {n}" for n in range(6)]
    curve = pd.DataFrame([{"option": label, "month": month, "cumulative_usd": float(month)} for label in labels
                          for month in (0, 24)])
    few = built.cumulative_chart(curve[curve["option"].isin(labels[:5])], pd.DataFrame(), built.option_colors(labels))
    many = built.cumulative_chart(curve, pd.DataFrame(), built.option_colors(labels))
    assert "strokeDash" not in few.to_dict()["encoding"] and "strokeDash" in many.to_dict()["encoding"]
    config = built.for_projector(many).to_dict()["config"]
    assert config["axis"]["labelFontSize"] == 16 and config["legend"]["labelFontSize"] == 16
