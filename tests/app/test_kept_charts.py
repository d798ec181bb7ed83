"""A page's charts are made once per scenario in a session (ui.state.remembered): going back to a page sends the
kept specs, and any change to what the charts show makes them anew."""

import json

from streamlit.elements import vega_charts
from streamlit.testing.v1 import AppTest

from tests.app.conftest import TIMEOUT, button, go, open_app, unfold
from ui import cost_views

C = "pages/3_Costs.py"
R = "pages/4_Recommendation.py"


def specs(at):
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def counting_builds(monkeypatch):
    made = []
    build = cost_views._chart_sections
    monkeypatch.setattr(cost_views, "_chart_sections", lambda *args: made.append(1) or build(*args))
    return made


def test_going_back_to_a_page_sends_its_kept_charts_and_a_change_makes_them_anew(monkeypatch):
    made = counting_builds(monkeypatch)
    at = open_app()
    button(at, "Load the demo scenario").click().run()
    go(at, C)
    first = specs(at)
    assert made and len(first) == 2
    go(at, R)
    after_both = len(made)
    go(at, C)
    go(at, R)
    assert len(made) == after_both  # the same scenarios again: nothing is rebuilt
    go(at, C)
    assert specs(at) == first
    unfold(at, "traffic")
    assert len(made) == after_both  # opening a section draws the same charts again, from what is kept
    slider = next(s for s in at.slider if s.label.startswith("Months to spread training over"))
    slider.set_value(30).run()
    assert len(made) == after_both + 1
    assert specs(at) != first  # payback is read against 30 months now


def test_the_kept_spec_is_the_one_st_altair_chart_sends():
    """Streamlit's own conversion makes the spec (not public API): an upgrade that drops it fails here, not
    silently slower."""
    assert callable(getattr(vega_charts, "_convert_altair_to_vega_lite_spec", None))

    def page():
        import altair as alt
        import pandas as pd
        import streamlit as st

        from ui.vega import draw, spec_of

        chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x", y="y").interactive()
        st.altair_chart(chart, width="stretch")
        draw(spec_of(chart))

    at = AppTest.from_function(page, default_timeout=TIMEOUT).run()
    sent = at.get("vega_lite_chart")
    assert len(sent) == 2 and sent[0].proto == sent[1].proto


def test_a_session_keeps_its_newest_results_and_makes_anew_what_cannot_be_fingerprinted():
    def page():
        import json

        import streamlit as st

        from ui import state

        made = []
        newest = range(1, state.REMEMBER_AT_MOST + 1)
        for n in [0, *newest, *reversed(newest), 0]:  # 0 is dropped when the last of the newest is kept
            state.remembered(("n", n), lambda n=n: made.append(n) or n)
        for _ in range(2):
            state.remembered(lambda: None, lambda: made.append("made again"))  # a lambda cannot be pickled
        st.write(json.dumps(made))

    at = AppTest.from_function(page, default_timeout=TIMEOUT).run()
    assert json.loads(at.markdown[0].value) == [0, 1, 2, 3, 4, 5, 6, 0, "made again", "made again"]
