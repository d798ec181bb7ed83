"""The one call at the top of every page, so a page opened first from a link works on its own."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.safe import md
from ui.sidebar import draw_sidebar


def bootstrap(title: str, icon: str = ":material/tune:") -> None:
    st.set_page_config(page_title=f"{title} · Fine-Tune Advisor", page_icon=icon, layout="wide")
    state.init_state()
    state.sync_url()
    draw_sidebar()
    message = state.take_flash()
    if message:
        st.toast(message)
    for note in st.session_state[state.Keys.URL_NOTES]:
        st.warning(f"Part of the shared link was not used: {md(note)}")
