"""The Share box: the scenario's link, a "Copy link" button and what the link carries."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import streamlit as st

from ui import costs, scenario
from ui.page_scripts import script_tag

# the page's own text colour on a clear background, so the button reads in the light and the dark theme
_BUTTON_STYLE = ("font: inherit; color: inherit; background: transparent; padding: 0.35rem 0.9rem; "
                 "border-radius: 0.5rem; border: 1px solid rgba(128, 128, 128, 0.4); cursor: pointer; "
                 "min-height: 2.5rem")


def scenario_link() -> str:
    return f"{(st.context.url or '').split('?')[0]}?{urlencode(scenario.scenario_query())}"


# the link in a code-like box that wraps: drawn as plain HTML, not st.code, whose syntax highlighter is a 1.5 MB
# script a fresh browser would load (and parse, holding up the next click) only to show one line of text
_LINK_STYLE = ("font-family: 'Source Code Pro', monospace; font-size: 0.875rem; background: rgba(128, 128, 128, "
               "0.1); border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 0 0 0.75rem 0; white-space: pre-wrap; "
               "overflow-wrap: anywhere")


def share_box() -> None:
    link = scenario_link()
    st.html(f'<pre id="shared-link" style="{_LINK_STYLE}">{escape(link)}</pre>'
            f'<button id="copy-link-button" type="button" data-link="{escape(link, quote=True)}" '
            f'style="{_BUTTON_STYLE}">Copy link</button> <span id="copy-link-status" role="status"></span>'
            + script_tag("copy_link"), unsafe_allow_javascript=True)  # the link is escaped data the script reads
    summary = costs.dataset_summary()
    if summary:
        carried = (f"Your dataset file never travels; the link carries only its numbers "
                   f"({summary['data_examples']:,} valid examples, {summary['data_tokens']:,} tokens per epoch), so "
                   "a colleague sees the same costs.")
    else:
        carried = ("No dataset was analysed, so whoever opens the link sees costs estimated from the answers, as "
                   "you do.")
    st.caption("Send this link to show a colleague the same answers, prices and cost settings. " + carried)
