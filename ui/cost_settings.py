"""Settings on the Costs page: the model and tier priced at each service, and the assumptions behind serving
billed by time and prompt caching. Each widget shows its default from data/ and writes the team's edit to the
session (and so to the link)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import streamlit as st

from lib.catalog.availability import PathRule, load_availability
from lib.catalog.prices import Price, models_priced, tiers_of
from lib.costs.alternatives import load_alternatives
from lib.costs.capacity import load_serving_assumptions
from lib.costs.settings import CostSettings, engineer_usd_per_hour
from lib.selfhost.shapes import load_open_models
from ui import costs, state
from ui.safe import md
from ui.state import Keys


@dataclass(frozen=True)
class ServiceModel:
    """The models a service can be priced for on the chosen date, and the one priced now."""

    rule: PathRule
    options: list[str]
    current: str


def service_models(chosen: CostSettings, table: Sequence[Price], as_of: date, small: str) -> list[ServiceModel]:
    """Each service's model: the team's pick where it has a price on `as_of`, else the dataset's model, else the
    service's default. A pick with no price that day is replaced, and the page says so (whether or not the
    section with the pickers is open)."""
    services = []
    for rule in load_availability()[0]:
        if rule.provider == "self_hosted" or rule.open_weight:
            options = [model.id for model in load_open_models()]
        else:
            options = models_priced(table, rule.provider, "fine_tuned", as_of)
        if not options:
            continue
        wanted = chosen.models.get(rule.provider)
        current = wanted if wanted in options else (
            small if small in options else rule.default_model if rule.default_model in options else options[0])
        if wanted and wanted != current:
            st.caption(f":material/info: {md(wanted)} has no {md(rule.label)} price in force on "
                       f"{as_of.isoformat()}; {md(current)} is priced instead.")
            costs.set_for_provider(costs.MODELS, rule.provider, current)
        services.append(ServiceModel(rule, options, current))
    return services


def service_widgets(chosen: CostSettings, table: Sequence[Price], services: list[ServiceModel]) -> None:
    """A model picker for each service, and a tier picker where it has tiers; a pick is written by its callback,
    before the page runs, so the prices and the link follow it at once."""
    st.caption("Change which model is priced at a service, and its tier where it has tiers.")
    for service in services:
        rule = service.rule
        model_column, tier_column = st.columns(2)
        model_key = state.widget_key(f"model_{rule.provider}")
        model_column.selectbox(rule.label, service.options, index=service.options.index(service.current),
                               format_func=lambda model_id, door=rule.provider: costs.model_label(model_id, door),
                               key=model_key, on_change=_pick, args=(costs.MODELS, rule.provider, model_key))
        tiers = tiers_of(table, rule.provider)
        if tiers:
            tier = chosen.tiers.get(rule.provider) or rule.default_tier or tiers[0]
            tier_key = state.widget_key(f"tier_{rule.provider}")
            tier_column.selectbox(f"{rule.label.split(' (')[0]} tier", tiers,
                                  index=tiers.index(tier) if tier in tiers else 0, key=tier_key,
                                  on_change=_pick, args=(costs.TIERS, rule.provider, tier_key),
                                  help="Azure: global (no data residency), standard (regional), data_zone, "
                                       "developer (evaluation only: no hosting fee, deployments deleted after 24 "
                                       "hours).")


def _pick(setting: str, provider: str, widget_key: str) -> None:
    costs.set_for_provider(setting, provider, st.session_state[widget_key])


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


