"""The assumptions behind serving billed by time and prompt caching, as widgets on the Costs page: each shows its
default from data/ and writes the team's edit to the session (and so to the link)."""

from __future__ import annotations

import streamlit as st

from lib.costs.alternatives import load_alternatives
from lib.costs.capacity import load_serving_assumptions
from lib.costs.settings import CostSettings, engineer_usd_per_hour
from ui import costs, state
from ui.state import Keys


def serving_settings(chosen: CostSettings) -> None:
    shipped = load_serving_assumptions()
    peak, replicas, ops = st.columns(3)
    peak_key = state.widget_key("costs_peak")
    peak.number_input("Busiest hour vs an average hour", min_value=1.0, max_value=100.0, step=0.5,
                      value=float(chosen.peak_to_average or shipped.peak_to_average), key=peak_key,
                      on_change=lambda: costs.remember_amount(Keys.PEAK, peak_key),
                      help="Servers billed by the hour (your own GPUs, a dedicated endpoint) must keep up with the "
                           "busiest hour: replicas = busiest-hour requests a second / what one replica answers.")
    replicas_key = state.widget_key("costs_replicas")
    replicas.number_input("Fewest servers kept running (replicas)", min_value=1, max_value=1000, step=1,
                          value=int(chosen.min_replicas or shipped.min_replicas), key=replicas_key,
                          on_change=costs.remember, args=(Keys.MIN_REPLICAS, replicas_key),
                          help="2 lets one fail or be updated without an outage; 1 suits an internal tool.")
    ops_key = state.widget_key("costs_ops")
    ops.number_input("Engineer hours a month to run your own GPUs", min_value=0.0, max_value=744.0, step=1.0,
                     value=float(shipped.ops_hours_per_month if chosen.ops_hours is None else chosen.ops_hours),
                     key=ops_key, on_change=lambda: costs.remember_amount(Keys.OPS_HOURS, ops_key),
                     help=f"Patching, upgrades and on-call, at ${engineer_usd_per_hour():,.0f} an hour. "
                          f"{shipped.source}")
    caching, hit_rate = st.columns([1, 2])
    caching_key = state.widget_key("costs_caching")
    caching.toggle("Price prompt caching", value=chosen.caching, key=caching_key,
                   on_change=costs.remember, args=(Keys.CACHING, caching_key),
                   help="Providers bill a repeated prompt prefix (your few-shot examples) at a lower cached price.")
    alternatives = load_alternatives()
    hit_key = state.widget_key("costs_hit_rate")
    hit_rate.slider("Requests that find the prompt cached", 0.0, 1.0, step=0.05, key=hit_key,
                    value=float(chosen.cache_hit_rate if chosen.cache_hit_rate is not None
                                else alternatives.default_hit_rate),
                    disabled=not chosen.caching, help=alternatives.hit_rate_basis,
                    on_change=lambda: costs.remember_amount(Keys.HIT_RATE, hit_key))


