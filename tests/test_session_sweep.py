"""A closed tab's dataset is freed after a grace period, whatever Streamlit does with the session itself."""

from ui.dataset import _Held, sweep


def test_a_session_gone_longer_than_the_grace_period_is_dropped_and_others_kept():
    held = {"open": _Held(), "closed": _Held(), "blip": _Held()}
    active = {"open", "blip"}
    assert sweep(held, active.__contains__, now=0.0, grace=60) == []
    assert held["closed"].gone_since == 0.0
    active.discard("blip")
    assert sweep(held, active.__contains__, now=30.0, grace=60) == []
    active.add("blip")  # the connection came back within the grace period
    assert sweep(held, active.__contains__, now=59.0, grace=60) == []
    assert held["blip"].gone_since is None
    assert sweep(held, active.__contains__, now=61.0, grace=60) == ["closed"]
    assert set(held) == {"open", "blip"}
