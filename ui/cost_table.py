"""The cost table as a person reads it: on a wide screen a table whose first columns say what each option costs and
whether the team can use it; on a phone one card per option, every number on screen without a sideways swipe."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.catalog.prices import CONFIDENCE_WORDS
from lib.costs.comparison import Comparison
from lib.costs.money import dollars
from lib.costs.options import FINE_TUNED, PricedOption
from lib.present.words import can_use, payback_words, read_ago
from ui.safe import md

# Below this width the table gives way to cards (Streamlit's own breakpoint for stacking columns is 640 px).
PHONE_WIDTH = 640
_SWITCH = (f"<style>@media (max-width: {PHONE_WIDTH}px) {{ .st-key-cost_table {{ display: none; }} }}"
           f"@media (min-width: {PHONE_WIDTH + 1}px) {{ .st-key-cost_cards {{ display: none; }} }}</style>")


def _break_even(option: PricedOption) -> str:
    if option.role != FINE_TUNED:
        return "n/a: not fine-tuned"
    if option.volume is None:
        return "unknown"
    return "never at these prices" if option.volume.value is None else f"{int(option.volume.value):,} a month"


def _serving(option: PricedOption) -> str:
    """For an option billed by the hour, the replicas it runs at the team's traffic."""
    if option.replicas is not None:
        return f"{option.replicas} replica{'s' if option.replicas != 1 else ''} at your traffic, billed by time"
    return "billed by tokens"


def rows(comparison: Comparison) -> list[dict[str, str]]:
    """One row of words per option: every value written, none left as None or NaN."""
    months, today = comparison.settings.horizon_months, comparison.settings.today
    found = []
    for option in comparison.options:
        found.append({
            "Option": option.label,
            "Can you use it?": can_use(option, months),
            "Per month": dollars(option.monthly.total_usd),
            "Serving": _serving(option),
            "One-off": dollars(option.one_off_usd) if option.role == FINE_TUNED else "none",
            f"Over {months} months": dollars(option.horizon_usd(months)),
            "Payback": payback_words(option),
            "Cheaper above (requests)": _break_even(option),
            "Serves until": option.serving_until.isoformat() if option.serving_until else "no end published",
            "Price row": option.price.label,
            "In force from": option.price.effective.isoformat(),
            "Price read": read_ago(option.price.read_on, today),
            "How sure": CONFIDENCE_WORDS[option.price.confidence],
            "Source": option.price.source,
        })
    return found


def show_table(comparison: Comparison) -> None:
    found = rows(comparison)
    if not found:
        return
    st.html(_SWITCH)
    with st.container(key="cost_table"):
        st.dataframe(pd.DataFrame(found), hide_index=True, width="stretch", column_config={
            "Option": st.column_config.TextColumn("Option", pinned=True, width="medium"),
            "Can you use it?": st.column_config.TextColumn("Can you use it?", pinned=True, width="medium"),
        })
    # one Markdown element for every card, a rule between them: the browser builds each element on every visit,
    # and these are built on a wide screen too, where they are hidden
    cards = []
    for row in found:
        usable = row["Can you use it?"]
        cards.append(f"**{md(row['Option'])}**  \n" + ("" if usable == "yes" else f":red[{md(usable, 600)}]  \n")
                     + "  \n".join(f"{name}: **{md(row[name])}**" for name in
                                   ("Per month", "One-off", next(key for key in row if key.startswith("Over")),
                                    "Payback", "Cheaper above (requests)", "Serving", "Price read")))
    with st.container(key="cost_cards"):
        st.markdown("\n\n---\n\n".join(cards))
