"""The one call at the top of every page, so a page opened first from a link works on its own."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import scenario, state
from ui.safe import md
from ui.sidebar import draw_sidebar

# A shipped image, not a `:material/...:` name: Streamlit fetches those favicons from a font server.
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"


def bootstrap(title: str) -> None:
    present = state.present()  # read before anything is drawn
    st.set_page_config(page_title=f"{title} · Fine-Tune Advisor", page_icon=str(ICON), layout="wide",
                       initial_sidebar_state="collapsed" if present else "auto")
    scenario.init_state()
    scenario.sync_url()
    draw_sidebar()
    message = state.take_flash()
    if message:
        st.toast(message)
    if st.session_state.get(state.Keys.LINK_UNREAD):
        st.warning(st.session_state[state.Keys.LINK_UNREAD], icon=":material/link_off:")
    for note in st.session_state[state.Keys.URL_NOTES]:
        st.warning(f"Part of the shared link was not used: {md(note, 600)}")
