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


def _resident_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def test_freed_table_memory_goes_back_to_the_system():
    """Streamlit turns every table it sends into Arrow; pyarrow's pool keeps what is freed unless asked to let go."""
    import pandas as pd
    import pyarrow
    import pytest

    from ui.dataset import _give_memory_back

    if pyarrow.default_memory_pool().backend_name == "system":
        pytest.skip("pyarrow uses the system allocator here")
    table = pyarrow.Table.from_pandas(pd.DataFrame({"text": [f"row {index} " * 4 for index in range(1_500_000)]}))
    del table
    held = _resident_mb()
    _give_memory_back()
    assert held - _resident_mb() > 30
