"""Sections folded away until asked for: an expander whose content is made only while it is open.

Streamlit sends a closed expander's whole content and the browser builds it all; on the Costs page that was about
forty elements (tables, widgets, a data editor) nobody had opened, drawn again at every page switch. A folded
section is made when it is opened (the opening reruns the page) and skipped while it is closed. Widgets inside
keep their values in the session's state through their callbacks, so closing a section loses no answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

PREFIX = "fold_"  # a section's open state is st.session_state[PREFIX + name] (tests open one that way)


@contextmanager
def folded(label: str, name: str, expanded: bool = False) -> Iterator[bool]:
    """`with folded(label, name) as open_:` and draw the content only `if open_:`."""
    box = st.expander(label, expanded=expanded, key=PREFIX + name, on_change="rerun")
    with box:
        yield bool(box.open)
