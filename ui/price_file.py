"""The Costs page's price freshness and the team's own price file: how old each price row is, and a CSV or TOML
file of the team's prices (as `python -m lib prices --prices FILE` reads it) used beside the catalog."""

from __future__ import annotations

import streamlit as st

from lib import clock
from lib.advice.scenario import read_team_prices
from lib.catalog.freshness import MAX_FILE_BYTES, STALE_AFTER_DAYS, stale_rows
from lib.catalog.prices import Price
from lib.present.words import read_ago
from ui import costs
from ui.safe import md

EXAMPLE = ("provider,model,kind,tier,billed,amount,source,date\n"
           "azure,gpt-4.1-mini,fine_tuned,global,training_per_1m,4.50,our contract,2026-12-01")


def freshness_caption(rows: list[Price]) -> None:
    """How many of the rows shown were read more than STALE_AFTER_DAYS ago; each row says its own age."""
    old = stale_rows(rows, clock.today())
    if old:
        st.caption(f":material/schedule: {len(old)} of these {len(rows)} prices were read more than "
                   f"{STALE_AFTER_DAYS} days ago and are marked \"check it\" in the read column; load your own "
                   "price file below to replace them.")
    else:
        st.caption(f"Every price shown was read within the last {STALE_AFTER_DAYS} days.")


def changed_cells(rows: list[dict[str, object]], editor: object) -> int:
    """How many cells the price editor's state (`{"edited_rows": {row: {column: value}}}`) holds that differ from
    the rows it was drawn from: the edits a person has typed but not applied yet."""
    edited = editor.get("edited_rows", {}) if isinstance(editor, dict) else {}
    count = 0
    for index, cells in edited.items():
        try:
            row = rows[int(index)]
        except (ValueError, IndexError):
            continue
        count += sum(1 for column, value in cells.items() if row.get(column) != value)
    return count


def unapplied_note(rows: list[dict[str, object]], editor_key: str) -> None:
    """Say that typed prices wait for "Apply", so an edit nobody applied is not mistaken for one in use."""
    count = changed_cells(rows, st.session_state.get(editor_key))
    if count:
        plural = count != 1
        st.caption(f":material/edit: {count} price{'s' if plural else ''} changed in the table, not applied yet: "
                   f"press \"Apply edited prices\" to use {'them' if plural else 'it'}.")


def read_column(price: Price) -> str:
    return read_ago(price.read_on, clock.today())


def team_price_file() -> None:
    """The uploader, the rows the last file had refused (one sentence each, with its line), and the rows in use."""
    st.markdown("**Your own prices**")
    st.caption("A CSV with one billed amount per line, or a TOML file of [[prices]] rows as in data/prices.toml. "
               "Good rows are used beside the catalog (a row of the same provider, model, tier and date replaces "
               "the catalog's) and travel with the scenario's link; bad rows are refused one by one.")
    st.code(EXAMPLE, language=None)
    uploaded = st.file_uploader("Price file (CSV or TOML)", key=costs.team_uploader_key(),
                                help="Read in memory, never stored on disk; at most 1 MB.")
    if uploaded is not None:
        data = uploaded.getvalue()
        if len(data) > MAX_FILE_BYTES:
            costs.load_team_prices((), [f"{uploaded.name} is over 1 MB; a price file is a few hundred lines "
                                        "at most."])
        else:
            try:
                loaded, refused = read_team_prices(data.decode("utf-8-sig"), uploaded.name)
            except UnicodeDecodeError:
                loaded, refused = (), [f"{uploaded.name} is not UTF-8 text; save it as CSV (UTF-8) or TOML."]
            costs.load_team_prices(loaded, refused)
        st.rerun()
    for note in costs.team_price_notes():
        st.error(f"Not used: {md(note, 600)}")
    team = costs.team_prices()
    if team:
        st.success(f"{len(team)} of your own price rows are in use: "
                   + md("; ".join(f"{price.label} ({read_column(price)})" for price in team[:12]), 1200)
                   + ("; ..." if len(team) > 12 else "") + ".")
        if st.button("Remove your own prices", icon=":material/delete:"):
            costs.forget_team_prices()
            st.rerun()
