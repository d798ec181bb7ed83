"""Arbitrary bytes and arbitrary JSON never make an exception escape the analysis boundary."""

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.dataset.reading import UnreadableFile
from tests.dataset.helpers import jsonl, run

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["messages", "role", "content", "name", "weight", "prompt", "completion", "input",
                         "preferred_output", "tool_calls", "tools", "type", "text", "x"]), children, max_size=5),
    max_leaves=25,
)

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[*settings.default.suppress_health_check, HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["data.jsonl", "data.csv", "data.tsv", "data.json"]))
def test_arbitrary_bytes_give_a_report_or_a_sentence(data, name):
    try:
        report = run(data, name=name)
    except UnreadableFile as error:
        assert str(error).endswith(".")
        return
    assert report.n_valid <= report.n_examples


def _finite(value: object) -> bool:
    """Whether JSON can write the value without Infinity or NaN (the text "Infinity" in a string is fine)."""
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


@FAST
@given(st.lists(json_values, min_size=1, max_size=8))
def test_arbitrary_json_lines_give_a_report(values):
    report = run(jsonl(*values))
    if len(values) == 1 and isinstance(values[0], list):  # a one-line file holding an array is a JSON array file
        finite = _finite(values[0])  # else it is one line of invalid JSON
        assert report.n_examples == (len(values[0]) if finite else 1)
        return
    assert report.n_examples == len(values)
    assert report.problems_total >= sum(report.errors.values()) - sum(
        count for key, count in report.errors.items() if key.startswith("message_") or key in (
            "unrecognized_role", "missing_content", "invalid_weight"))


@FAST
@given(st.lists(json_values, min_size=1, max_size=8))
def test_arbitrary_json_array_gives_a_report(values):
    with contextlib.suppress(UnreadableFile):
        run(json.dumps(values).encode(), name="data.json")
