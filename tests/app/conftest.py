"""AppTest helpers: sessions that start with cold caches, started from the real entry script."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import dataset
from ui.fold import PREFIX

TIMEOUT = 30


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """st.cache_data results leak between AppTests in one process; every test starts cold."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    dataset.forget_everything_held()  # no sweeper runs under AppTest; each test frees what it uploaded


def open_app(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
    """A fresh session: the entry script, then `page` as if opened first from a link."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if query:
        at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def unfold(at: AppTest, *names: str) -> AppTest:
    """Open folded sections (ui.fold), as a click on their headers does: the page runs again with them open."""
    for name in names:
        at.session_state[PREFIX + name] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def fold(at: AppTest, *names: str) -> AppTest:
    """Close folded sections again, as a second click on their headers does."""
    for name in names:
        at.session_state[PREFIX + name] = False
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; have {[b.label for b in at.button]}"
    return matches[0]


def selectbox(at: AppTest, label: str):
    """The first select box with this label (positions shift when a page gains a picker)."""
    return next(box for box in at.selectbox if box.label == label)


def texts(at: AppTest) -> str:
    """Everything the page wrote, to search for sentences a user would read."""
    parts = []
    for kind in ("markdown", "success", "info", "warning", "error", "caption", "title", "subheader", "header"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [str(metric.value) for metric in at.metric]
    return "\n".join(parts)
