"""How a verdict is shown: prominent title, why, and what to do next."""

from __future__ import annotations

import streamlit as st

from lib.advice.route import Route
from lib.advice.rules import Verdict
from ui.fold import folded
from ui.safe import md

_BOX = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}


def show_verdict(verdict: Verdict, compact: bool = False, route: Route | None = None, constraint: str = "",
                 paths: dict[str, str] | None = None) -> None:
    """The verdict in the style the rules file gives it; reasons under plain headings (rule ids stay in exports)."""
    _BOX[verdict.style](f"**Verdict: {verdict.title}**\n\n{md(verdict.summary, 600)}", icon=":material/gavel:")
    if verdict.note:
        st.caption(md(verdict.note, 600))
    if route is not None:
        show_route(route, constraint, paths)
    if compact:
        for reason in verdict.votes:
            st.markdown(f"- {md(reason.message, 1000)}")
        return
    if verdict.votes:
        st.markdown("#### Why")
        for reason in verdict.votes:
            st.markdown(f"- **{reason.heading}**: {md(reason.message, 1000)}",
                        help=f"From the guide's criterion \"{reason.criterion}\" (rule {reason.rule_id}).")
        show_next_steps(verdict)
    if verdict.advice:
        st.markdown("#### Also keep in mind")
        for reason in verdict.advice:
            st.markdown(f"- **{reason.heading}**: {md(reason.message, 1000)} {md(reason.next_step, 1000)}",
                        help=f"From the guide's criterion \"{reason.criterion}\" (rule {reason.rule_id}).")
    if verdict.missing:
        with st.expander(f"{len(verdict.missing)} question(s) not answered yet"):
            for label in verdict.missing:
                st.markdown(f"- {label}")


def show_next_steps(verdict: Verdict) -> None:
    if verdict.votes:
        st.markdown("#### Next steps")
        for reason in verdict.votes:
            st.markdown(f"- {md(reason.next_step, 1000)}")


def show_route(route: Route, constraint: str = "", paths: dict[str, str] | None = None) -> None:
    """The service as well as the decision, the constraint that shaped it said beside it, and plainly which
    services are shut to this team, and since when."""
    if route.provider is None:
        st.info(md(route.sentence, 1200), icon=":material/signpost:")
    else:
        chosen = route.chosen
        closing = chosen is not None and chosen.status is not None and chosen.status.state == "closing"
        (st.warning if closing else st.success)(f"**Where:** {md(route.sentence, 1200)}", icon=":material/signpost:")
        st.caption("Chosen on price over your horizon among the services open to you; it does not compare "
                   "quality, so try the chosen model on your own examples before committing.")
    if constraint:
        st.warning(f"**What shaped the choice:** {md(constraint, 1200)}", icon=":material/lock:")
    with folded("Every fine-tuning service and its status", "services") as open_:
        if open_:
            for path in route.open_paths:
                said = (paths or {}).get(path.provider, "open")
                lead = f"{said}. " if said.startswith("open, but") else ""
                st.markdown(f"- **{path.label}**: {md(lead)}{path.sentence}  \n  Source: {path.source}")
            for path in route.closed_paths:
                st.markdown(f"- :gray[**{path.label}**, not available to you: {path.sentence}]  \n  "
                            f"Source: {path.source}")
