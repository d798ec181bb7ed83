"""The sections of the Dataset page's report; each reads a DatasetReport and draws it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.catalog.availability import rule_for
from lib.catalog.models import load_models
from lib.catalog.prices import price_on
from lib.costs.money import dollars, training_cost
from lib.dataset.doors import load_door_rules
from lib.dataset.export import problems_csv, safe_cell
from lib.dataset.fewshot import few_shot_fit
from lib.dataset.formats import LABELS as FORMAT_LABELS
from lib.dataset.formats import WRITABLE, Format
from lib.dataset.pii import LABELS
from lib.dataset.report import DatasetReport
from lib.present.charts import token_histogram, tokens_frame
from lib.present.words import problem_name
from ui import costs, dataset, state
from ui.safe import WHOLE, md


def show_report(report: DatasetReport) -> None:
    _summary(report)
    _personal_data(report)
    _problems(report)
    _tokens(report)
    _few_shot(report)
    if dataset.stored() is not None:
        _downloads(report)
    _feed_questionnaire(report)


def _summary(report: DatasetReport) -> None:
    st.success(f"Found **{report.format_note}**.", icon=":material/check_circle:")
    for note in report.notes:
        st.info(md(note, WHOLE), icon=":material/info:")
    columns = st.columns(5)
    columns[0].metric("Examples", f"{report.n_examples:,}", help="Non-empty lines (or rows, or array elements).")
    columns[1].metric("Valid examples", f"{report.n_valid:,}",
                      help="Examples with no error; only these go into the cleaned file and the bill.")
    columns[2].metric("Total tokens" if report.tokens_exact else "Total tokens (estimate)", f"{report.total_tokens:,}",
                      help=f"Counted with the {report.encoding} tokenizer the way the OpenAI Cookbook does: 3 per "
                           "message, the tokens of each text field, 1 per name, 3 to prime the reply. "
                           f"{report.tokens_basis[0].upper()}{report.tokens_basis[1:]}.")
    columns[3].metric("Epochs", f"{report.n_epochs}",
                      help="Chosen by you." if report.epochs_chosen else
                      "The Cookbook's rule: 3, clamped so examples x epochs is between 100 and 25,000.")
    columns[4].metric("Billed training tokens", f"{report.billed_tokens:,}",
                      help=f"epochs x sum over valid examples of min({report.training_context:,}, example tokens).")
    limit = (f"it trains on examples of up to {report.training_context:,} tokens" if report.training_context
             else "its longest training example is not published")
    st.caption(
        f"Checked for **{md(report.door_label)}** with {md(report.model)}; {limit}. Assistant replies hold "
        f"{report.assistant_tokens:,} tokens. Token counts: {md(report.tokens_basis, WHOLE)}. "
        + (f"The provider's rules: {md(report.door_source, WHOLE)}." if report.door_source else "")
    )
    price = price_on(costs.prices(), report.provider, report.model, "fine_tuned", costs.settings().as_of)
    if price is not None and price.training_per_1m is not None:
        cost = training_cost(price, report.tokens_per_epoch, report.n_epochs)
        estimate = "" if report.tokens_exact else " (from estimated tokens)"
        st.info(f"Training cost at {md(report.door_label)}'s price{estimate}: **{dollars(cost.usd)}** "
                f"({cost.formula}). Price: {price.citation}. Other providers are on the Costs page.",
                icon=":material/payments:")
    for problem in report.problems:
        if problem.line == 0 and problem.key.startswith(("door_", "too_few")):
            # our own sentence about the door (its labels come from data), so shown whole
            (st.error if problem.severity == "error" else st.warning)(md(problem.message, limit=600),
                                                                    icon=":material/store:")
    if report.n_over_limit:
        st.warning(
            f"{report.n_over_limit:,} example(s) exceed the {report.training_context:,}-token training limit; "
            f"{report.over_limit_tokens:,} tokens in all will be cut off. Shorten or split them."
        )


def _personal_data(report: DatasetReport) -> None:
    if not report.pii.any_found:
        st.caption(":material/verified_user: No email addresses, phone numbers or payment card numbers found.")
        return
    found = [f"{report.pii.counts[kind]:,} {LABELS[kind]} (first on lines "
             f"{', '.join(str(line) for line in report.pii.lines[kind])}; e.g. "
             f"{md(', '.join(report.pii.samples[kind]))})"
             for kind in report.pii.counts if report.pii.counts[kind]]
    st.error(
        "**Likely personal data found.** Training on user data sends it to the provider and can make the model "
        "repeat it. Remove or mask it, or get consent, before training.\n\n- " + "\n- ".join(found),
        icon=":material/privacy_tip:",
    )


def _problems(report: DatasetReport) -> None:
    st.subheader("Problems")
    if not report.problems_total:
        st.write("None: every example passed every check.")
        return
    # problems by name; the keys stay in the CSV download
    counts = pd.DataFrame(
        [{"severity": "error", "problem": problem_name(key), "count": count} for key, count in report.errors.items()]
        + [{"severity": "warning", "problem": problem_name(key), "count": count}
           for key, count in report.warnings.items()]
    )
    st.dataframe(counts, hide_index=True, width="content",
                 column_config={"count": st.column_config.NumberColumn("count", format="localized")})
    frame = pd.DataFrame([{"line": p.line, "severity": p.severity, "problem": problem_name(p.key),
                           "message": safe_cell(p.message)} for p in report.problems])
    keys = st.multiselect("Show only these problems", sorted(frame["problem"].unique()), placeholder="All problems")
    shown = frame[frame["problem"].isin(keys)] if keys else frame
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"line": st.column_config.NumberColumn("Line", help="0 means the whole file.")})
    if report.problems_total > len(report.problems):
        st.caption(f"Showing the first {len(report.problems):,} of {report.problems_total:,} problems.")
    # Downloads are built when clicked (a callable), not on every rerun of the page.
    st.download_button("Download problems (CSV)", lambda: problems_csv(report.problems), file_name="problems.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore")


def _tokens(report: DatasetReport) -> None:
    st.subheader("Tokens per example")
    if not report.examples:
        st.write("No example with a messages list to count.")
        return
    frame = tokens_frame([row.total_tokens for row in report.examples],
                         [row.assistant_tokens for row in report.examples])
    st.altair_chart(token_histogram(frame, report.training_context), width="stretch")
    rows = [{"measure": name.replace("_", " "), **summary.to_dict()}
            for name, summary in report.distributions().items() if summary]
    spread = pd.DataFrame(rows).round(1)
    st.dataframe(spread, hide_index=True, width="stretch",
                 column_config={column: st.column_config.NumberColumn(column, format="localized")
                                for column in spread.columns if column != "measure"})


def _few_shot(report: DatasetReport) -> None:
    st.subheader("Few-shot fit")
    mean = report.distributions()["total_tokens_per_example"]
    if mean is None:
        return
    answers = state.answers()
    k = int(answers.get("few_shot_examples", 5) or 5)
    reserve = int(answers.get("input_tokens", 0)) + int(answers.get("output_tokens", 0))
    fits = few_shot_fit(mean.mean, list(load_models().values()), report.encoding, k, reserve)
    st.write(
        f"How many average examples ({mean.mean:,.0f} tokens) fit in each model's context window as worked "
        f"examples in the prompt, leaving {reserve:,} tokens for the request itself, and what a {k}-shot prompt "
        "adds to every request."
    )
    st.dataframe(pd.DataFrame([{
        "model": fit.model,
        "context_window": fit.context_window,
        "examples_that_fit": fit.examples_that_fit,
        "tokens_for_k": fit.tokens_for_k,
        "counted_with": "another tokenizer (an estimate)" if fit.estimated else "this model's tokenizer",
    } for fit in fits]), hide_index=True, width="stretch", column_config={
        "model": st.column_config.TextColumn("Model", pinned=True),
        "context_window": st.column_config.NumberColumn("Context window (tokens)", format="localized"),
        "examples_that_fit": st.column_config.NumberColumn("Examples that fit", format="localized"),
        "tokens_for_k": st.column_config.NumberColumn(f"Tokens for {k} examples", format="localized",
                                                      help="Each example as it sits in a prompt: its messages, "
                                                           "without the 3 tokens that prime a reply."),
        "counted_with": st.column_config.TextColumn("Counted with"),
    })


def _downloads(report: DatasetReport) -> None:
    st.subheader("Downloads")
    if not report.n_valid:
        st.write("No valid example to download.")
        return
    stem = report.file_name.rsplit(".", 1)[0] or "dataset"
    _converted_download(report, stem)
    converted = report.format in (Format.CSV, Format.TSV, Format.JSON_ARRAY, Format.PRETTY_JSON)
    label = "Download as chat JSONL (valid examples)" if converted else "Download the cleaned dataset (valid only)"
    st.download_button(label, dataset.cleaned_download(report), file_name=f"{stem}.clean.jsonl",
                       mime="application/jsonl", icon=":material/download:", on_click="ignore",
                       help="Only the valid examples, one JSON object per line; nothing else is changed.")
    if report.n_valid >= 2:
        share = st.slider("Validation share", 0.05, 0.5, 0.2, 0.05,
                          help="Held-out examples let the provider report validation loss during training.")
        left, right = st.columns(2)
        left.download_button("Download training split",
                             dataset.split_download(report, share, 0),
                             file_name=f"{stem}.train.jsonl", mime="application/jsonl",
                             icon=":material/download:", on_click="ignore")
        right.download_button("Download validation split",
                              dataset.split_download(report, share, 1),
                              file_name=f"{stem}.validation.jsonl", mime="application/jsonl",
                              icon=":material/download:", on_click="ignore")


def _converted_download(report: DatasetReport, stem: str) -> None:
    """The valid examples in the format a door takes, with what the conversion leaves out said first."""
    doors = load_door_rules()
    targets = {provider: rules.target_for(report.record_format) for provider, rules in doors.items()}
    providers = list(targets)
    chosen = st.selectbox("Convert for", providers,
                          index=providers.index(report.provider) if report.provider in providers else 0,
                          format_func=lambda door: f"{rule_for(door).label} ({FORMAT_LABELS[targets[door]]})",
                          help="Writes the valid examples in the format this provider takes. Formats that "
                               "cannot hold something (tool calls, images, multi-turn conversations) say what was "
                               "left out.")
    target = targets[chosen]
    summary = dataset.conversion_summary(report, target, chosen)
    for line in summary.summary():
        st.caption(f":material/warning: {md(line, WHOLE)}")
    if summary.written:
        # a callable: the converted copy is built when clicked, not held for every page run
        st.download_button(f"Download for {rule_for(chosen).label} ({summary.written:,} examples)",
                           dataset.converted_download(report, target, chosen),
                           file_name=f"{stem}.{chosen}.{WRITABLE[target].extension}",
                           mime="application/jsonl", icon=":material/download:", on_click="ignore")


def _feed_questionnaire(report: DatasetReport) -> None:
    answers = state.answers()
    updates: dict[str, object] = {"n_examples": report.n_valid}
    if report.pii.any_found and answers.get("personal_data") in (None, "none"):
        updates["personal_data"] = "unsure"
    if all(answers.get(key) == value for key, value in updates.items()):
        st.caption("The questionnaire already uses this dataset's findings.")
        return
    described = f"{report.n_valid:,} valid examples" + (", personal data to check" if "personal_data" in updates
                                                         else "")
    if st.button(f"Use these findings in the questionnaire ({described})", icon=":material/sync:"):
        for key, value in updates.items():
            state.set_answer(key, value)  # type: ignore[arg-type]
        state.flash("The questionnaire now uses this dataset's findings.")
        st.rerun()
