"""Sections shared by the Costs and Recommendation pages: the doors, the cost table, missing prices, charts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import streamlit as st

from lib.advice.facts import VerdictFacts
from lib.catalog.availability import CLOSED, CLOSING, PathStatus, all_paths
from lib.catalog.prices import MAX_PRICE, with_overrides
from lib.costs.comparison import Comparison
from lib.costs.frames import (
    crossover_curve,
    crossover_marks,
    cumulative_curve,
    decision_options,
    drawn_crossovers,
    payback_marks,
    shown,
    volume_curve,
    volume_marks,
)
from lib.costs.money import dollars
from lib.costs.options import PricedOption
from lib.costs.sentences import takeaways
from lib.present import charts
from lib.present.words import constraint_sentence, headline, path_words, read_ago, unknown_ids
from ui import costs, state
from ui.chart_fit import fit_words
from ui.cost_table import show_table
from ui.fold import folded
from ui.safe import md
from ui.vega import draw, spec_of

_ICONS = {CLOSED: ":material/block:", CLOSING: ":material/hourglass_bottom:"}


def path_sentence(status: PathStatus) -> str:
    """The status sentence with the path's name in bold, said once."""
    if status.sentence.startswith(status.label):
        return f"**{status.label}**{status.sentence.removeprefix(status.label)}"
    return f"**{status.label}**: {status.sentence}"


def show_paths(comparison: Comparison) -> None:
    st.markdown("#### Which fine-tuning services are open to you")
    st.caption(f"Judged on today's date, {comparison.settings.today.isoformat()}, and your answers.")
    models = {option.provider: option.model for option in comparison.fine_tuned}
    options = {option.provider: option for option in comparison.fine_tuned}
    for status in all_paths(comparison.settings.today, state.answers().get("openai_access"),  # type: ignore[arg-type]
                            models):
        said = path_words(status, options.get(status.provider))
        # the source inside the box, in small type: one element a service, not two
        source = (f"  \n:small[Source: {md(status.source, 600)}"
                  + ("]" if status.verified else " · reported, not yet verified]"))
        if said.startswith("open, but"):  # open to others, not to this team's data
            st.warning(f"**{status.label}**: {md(said)}. {md(status.sentence, 600)}{source}", icon=":material/lock:")
        else:
            box = st.error if status.state == CLOSED else st.warning if status.state == CLOSING else st.success
            box(path_sentence(status) + source, icon=_ICONS.get(status.state, ":material/check_circle:"))


def show_constraint(comparison: Comparison) -> None:
    """The constraint that shaped the choice, said where the verdict is, with what it costs the team."""
    said = constraint_sentence(comparison)
    if said:
        st.warning(f"**What shaped the choice:** {md(said, 1200)}", icon=":material/lock:")


def show_headline(comparison: Comparison, facts: VerdictFacts | None = None) -> None:
    """The four figures a meeting reads first, two by two: a service's name or "$12.03 vs $320.40" needs half the
    page at 1280 px, not a quarter."""
    figures = headline(comparison, facts.words.get("payback") if facts is not None else None)
    columns = [*st.columns(2), *st.columns(2)]
    for column, figure in zip(columns, figures, strict=True):
        column.metric(figure.label, figure.value, help=md(figure.help, 600) if figure.help else None)


def show_summary(comparison: Comparison, facts: VerdictFacts | None = None, present: bool = False) -> None:
    st.markdown("#### What each option costs")
    show_headline(comparison, facts)
    if present:
        return
    traffic = comparison.traffic
    st.caption(f"Training data from {comparison.data.source}; {comparison.data.epochs} epochs. "
               f"Traffic: {traffic.requests_per_day:,} requests a day ({traffic.requests_per_month:,} a month of "
               f"30 days), {traffic.input_tokens:,} input and {traffic.output_tokens:,} output tokens per request, "
               f"{traffic.few_shot_examples:,} few-shot examples of {traffic.example_tokens:,} tokens each. "
               f"Prices in force on {comparison.settings.as_of.isoformat()}.")
    for gap in comparison.gaps:
        st.warning(md(gap, 400))
    show_table(comparison)
    with folded("How each cost was computed, and where each price came from", "how_computed") as open_:
        if open_:
            for option in comparison.options:
                lines = [f"- **{md(option.label)}**: {md(option.monthly.formula, 600)}"]
                if option.training:
                    lines.append(f"  Training: {md(option.training.formula, 400)}")
                if option.plan_note:
                    lines.append(f"  {md(option.plan_note, 600)}")
                if option.status is not None and not option.available:
                    lines.append(f"  Not available to you: {md(option.status.sentence, 600)}")
                if option.fit_notes:
                    lines.append(f"  Note: {md('; '.join(option.fit_notes), 400)}")
                if option.ends:
                    lines.append(f"  Left out: {md(option.ends, 400)}.")
                read = read_ago(option.price.read_on, comparison.settings.today)
                lines.append(f"  Price: {md(option.price.citation, 800)} ({read})")
                if option.price.note:
                    lines.append(f"  {md(option.price.note, 800)}")
                st.markdown("  \n".join(lines))


def ask_missing_prices(comparison: Comparison) -> None:
    """Where a usable door's training price is unpublished, ask for it right there."""
    if not comparison.data.tokens_per_epoch:
        return  # nothing to train on yet: no price is missing, the data is
    for option in comparison.fine_tuned:
        if not (option.available and option.fits) or option.training_usd is not None:
            continue
        price = option.price
        if price.training_billing == "per_hour":
            hours = st.number_input(
                f"{option.label}: training is billed per compute hour ({dollars(price.training_per_hour)}/hour). "
                "How many hours do you expect?", min_value=0.0, max_value=10_000.0, step=0.5, value=None,
                key=state.widget_key(f"hours_{option.id}"),
                help="The provider does not publish how long a job takes: use a previous job's duration or "
                     "the provider's own estimate.")
            if hours:
                costs.set_for_provider(costs.TRAINING_HOURS, option.id, Decimal(str(hours)))
                st.rerun()
            continue
        entered = st.number_input(
            f"{option.label}: training price not published for this model. Enter your contract price "
            "(USD per 1M training tokens)", min_value=0.0, max_value=float(MAX_PRICE), value=None, step=0.5,
            key=state.widget_key(f"price_{option.id}"),
            help="No source we could check publishes it. Your price is used for this session only.")
        if entered:
            costs.replace_price(price, with_overrides(price, training_per_1m=Decimal(str(entered))))
            st.rerun()


def choose_options(comparison: Comparison) -> list[PricedOption]:
    """Which options the charts draw; by default every option the team can use, plus its current model."""
    labels = {option.label: option.id for option in comparison.options}
    default_ids = costs.chosen_options() or [option.id for option in shown(comparison)]
    key = state.widget_key("chosen_options")
    # remembered only once the team changes the list, so an untouched list keeps following the defaults
    # a chosen option's whole name on its tag, over two lines where a phone needs them, never cut with "..."
    st.html("<style>.st-key-option_picker [data-tag] { max-width: 100% !important; height: auto !important; }"
            ".st-key-option_picker [data-tag] span[title] { white-space: normal !important; overflow: visible "
            "!important; text-overflow: clip !important; }</style>")
    picked = st.container(key="option_picker").multiselect("Options to compare in the charts", list(labels),
                            default=[label for label, option_id in labels.items() if option_id in default_ids],
                            key=key, on_change=lambda: costs.choose_options([labels[label] for label in
                                                                            st.session_state[key]]),
                            help="Services that are not available to you can be added to see what you miss.")
    return [option for option in comparison.options if option.label in picked]


def say_unknown_options(comparison: Comparison) -> None:
    """Options a link asked to draw that this comparison does not have are said, not dropped quietly."""
    unknown = unknown_ids(comparison, costs.chosen_options())
    if unknown:
        st.caption(":material/info: The link asks to draw options these prices and settings do not have, so they "
                   f"are left out: {md(', '.join(unknown), 400)}.")


def on_the_recommendation(comparison: Comparison) -> list[PricedOption]:
    """The options chosen on the Costs page; by default those the verdict weighs (today, larger, the door)."""
    return chosen(comparison) if costs.chosen_options() else list(decision_options(comparison))


def chosen(comparison: Comparison) -> list[PricedOption]:
    ids = costs.chosen_options()
    drawn = shown(comparison, ids)
    # ids that name nothing priced here (another price date, a model since changed) fall back to the defaults
    return list(drawn if drawn or not ids else shown(comparison))


def _chart_sections(comparison: Comparison, options: Sequence[PricedOption]) -> list[tuple[str, str, Any]]:
    scale = charts.option_colors([option.label for option in comparison.options])
    sections = [
        ("Monthly cost by traffic", "volume",
         charts.cost_vs_volume_chart(volume_curve(comparison, options), volume_marks(comparison), scale)),
        ("Cumulative cost over 24 months, training and project included", "cumulative",
         charts.cumulative_chart(cumulative_curve(comparison, options), payback_marks(comparison), scale)),
    ]
    if drawn_crossovers(comparison, options):
        sections.append(("An hourly hosting fee against paying by tokens", "crossover",
                         charts.crossover_chart(crossover_curve(comparison, options),
                                                crossover_marks(comparison, options), scale)))
    return sections


def report_charts(comparison: Comparison, options: Sequence[PricedOption] | None = None
                  ) -> tuple[tuple[str, Any], ...]:
    """The page's charts for the HTML report; by default the options the page draws by default."""
    drawn = options if options is not None else shown(comparison)
    return tuple((title, chart) for title, _, chart in _chart_sections(comparison, drawn))


PRESENT_MAX_HEIGHT = 600


def _drawn_sections(comparison: Comparison, drawn: Sequence[PricedOption], height_scale: float
                    ) -> list[tuple[str, str, Any]]:
    """Each chart's title, takeaway key and spec, its words fitted to a phone and, above 1.0, sized for a
    projector."""
    sections = []
    for title, key, chart in _chart_sections(comparison, drawn):
        if height_scale != 1.0:
            # larger for a projector, yet one chart and its legend within a 720-pixel-high screen: 16 px text
            # needs a taller legend row, taken from the plot, never from the screen
            rows = len(drawn) + 1
            chart = charts.for_projector(chart.properties(height=min(
                int(chart.height * height_scale) + rows * (charts.PROJECTOR_ROW - charts.LEGEND_ROW),
                PRESENT_MAX_HEIGHT)))
        sections.append((title, key, spec_of(fit_words(chart, [option.label for option in drawn]))))
    return sections


def show_charts(comparison: Comparison, options: Sequence[PricedOption] | None = None,
                height_scale: float = 1.0) -> None:
    """The cost charts of the options drawn, each under its takeaway; made once per scenario in a session, so
    moving between the Costs and Recommendation pages sends the kept specs."""
    drawn = options if options is not None else chosen(comparison)
    said = takeaways(comparison, drawn)
    say_unknown_options(comparison)
    made_from = ("cost charts", comparison, tuple(option.id for option in drawn), height_scale)
    for title, key, spec in state.remembered(made_from, lambda: _drawn_sections(comparison, drawn, height_scale)):
        st.markdown(f"#### {title}")
        st.markdown(md(said.get(key, "Not enough prices or traffic to draw a conclusion yet."), 2000))
        draw(spec)
