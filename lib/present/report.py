"""The shareable report: Markdown, a self-contained HTML file with the charts, and the numbers as CSV.

Both documents are rendered from one list of sections so they always say the same thing. Every piece
of text is escaped for HTML: nothing a user typed or uploaded is ever rendered as markup.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import altair as alt

from lib.advice.questionnaire import Answers, load_questionnaire
from lib.advice.route import Route
from lib.advice.rules import Verdict
from lib.costs.comparison import Comparison
from lib.costs.frames import summary_rows
from lib.costs.money import dollars, months_text
from lib.costs.sentences import takeaways
from lib.dataset.export import safe_cell
from lib.dataset.pii import LABELS
from lib.dataset.report import DatasetReport

HYPERPARAMETERS = (
    ("Epochs", "One epoch is one pass over the training file. Training is billed per token per epoch, so "
               "epochs multiply the training cost; too many can make the model parrot its examples."),
    ("Learning-rate multiplier", "Scales how far each training step moves the model's weights. It does not "
                                 "change the cost; too high can overfit, too low can under-learn."),
    ("Batch size", "How many examples the model sees before each weight update. It does not change the cost; "
                   "larger batches give smoother but fewer updates."),
)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header


@dataclass(frozen=True)
class ReportInputs:
    answers: Answers
    verdict: Verdict
    route: Route
    generated_on: date
    comparison: Comparison | None = None
    dataset: DatasetReport | None = None
    charts: tuple[tuple[str, alt.TopLevelMixin], ...] = field(default=())


def _answers_table(answers: Answers) -> tuple[tuple[str, ...], ...]:
    questionnaire = load_questionnaire()
    rows: list[tuple[str, ...]] = [("Question", "Answer")]
    for question in questionnaire.questions:
        if question.id not in answers:
            rows.append((question.label, "not answered"))
            continue
        value = answers[question.id]
        if isinstance(value, list):
            shown = ", ".join(question.option_label(item) for item in value) or "none"
        elif isinstance(value, int):
            shown = f"{value:,}"
        else:
            shown = question.option_label(value)
        rows.append((question.label, shown))
    return tuple(rows)


def sections(inputs: ReportInputs) -> list[Section]:
    verdict = inputs.verdict
    out = [
        Section("Verdict", (f"{verdict.title}: {verdict.summary}",) + ((verdict.note,) if verdict.note else ()),
                # rule ids stay in the CSV and the command line, not in what a reader reads
                tuple(f"{reason.message} ({reason.criterion})" for reason in verdict.votes)),
        Section("Next steps", bullets=tuple(reason.next_step for reason in verdict.reasons)),
        Section("Where to fine-tune", (inputs.route.sentence,),
                tuple(f"{path.label}: {path.sentence}" for path in (*inputs.route.open_paths,
                                                                     *inputs.route.closed_paths))),
    ]
    if inputs.dataset is not None:
        report = inputs.dataset
        findings = [
            f"{report.n_valid:,} of {report.n_examples:,} examples are valid ({report.format_note}).",
            f"{report.total_tokens:,} tokens counted with {report.encoding} for {report.model}; "
            f"{report.n_epochs} epochs bill {report.billed_tokens:,} training tokens.",
        ]
        if report.errors:
            findings.append("Errors: " + ", ".join(f"{key} {count:,}" for key, count in report.errors.items()) + ".")
        if report.n_over_limit:
            findings.append(f"{report.n_over_limit:,} examples exceed the training limit and will be truncated.")
        for kind, count in report.pii.counts.items():
            if count:
                findings.append(f"Likely {LABELS[kind]}: {count:,} (first on lines "
                                f"{', '.join(str(line) for line in report.pii.lines[kind])}).")
        out.append(Section(f"Dataset: {report.file_name}", bullets=tuple(findings)))
    if inputs.comparison is not None:
        comparison = inputs.comparison
        months = comparison.settings.horizon_months
        rows: list[tuple[str, ...]] = [("Option", "Per month", "Training", "Project", f"Over {months} months",
                                        "Payback", "Available to you", "Price in force from")]
        for option in comparison.options:
            payback = option.payback
            rows.append((option.label, dollars(option.monthly.total_usd), dollars(option.training_usd),
                         dollars(option.project_usd), dollars(option.horizon_usd(months)),
                         "-" if payback is None else ("never" if payback.value is None else months_text(payback.value)),
                         ("yes" if option.available else "no") + ("" if option.fits else ", does not fit"),
                         option.price.effective.isoformat()))
        said = takeaways(comparison)
        bullets = [said[key] for key in ("volume", "cumulative", "crossover", "larger") if key in said]
        bullets += [f"Training, {option.label}: {option.training.formula}." for option in comparison.fine_tuned
                    if option.training]
        out.append(Section("Costs", (f"Prices in force on {comparison.settings.as_of.isoformat()}; availability "
                                     f"judged on {comparison.settings.today.isoformat()}; training data from "
                                     f"{comparison.data.source}.",), tuple(bullets + list(comparison.gaps)),
                           tuple(rows)))
        out.append(Section("Price sources", bullets=tuple(f"{option.label}: {option.price.citation}"
                                                          for option in comparison.options)))
    out.append(Section("Hyperparameters", bullets=tuple(f"{name}: {text}" for name, text in HYPERPARAMETERS)))
    out.append(Section("Scenario", table=_answers_table(inputs.answers)))
    return out


# Characters that can start Markdown or HTML markup; a file name such as "<img onerror=...>" or
# "[x](javascript:...)" must reach the exported .md as text, as it does the HTML report.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>!|#])")


def markdown_text(text: str) -> str:
    """One line of text, inert in any Markdown renderer."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", " ".join(text.split())).replace("&", "&amp;")


def _markdown_cell(text: str) -> str:
    return markdown_text(text)


def markdown_report(inputs: ReportInputs) -> str:
    lines = ["# Fine-Tune Advisor report", "", f"Generated {inputs.generated_on.isoformat()}.", ""]
    for section in sections(inputs):
        lines += [f"## {markdown_text(section.heading)}", ""]
        lines += [markdown_text(paragraph) + "\n" for paragraph in section.paragraphs]
        lines += [f"- {markdown_text(bullet)}" for bullet in section.bullets]
        if section.bullets:
            lines.append("")
        if section.table:
            header, *body = section.table
            lines.append("| " + " | ".join(_markdown_cell(cell) for cell in header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in body]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_STYLE = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
          "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
          "text-align:left}h1,h2{color:#123}figure{margin:1.5rem 0}")


def html_report(inputs: ReportInputs, chart_script: str | None = None) -> str:
    """One file that opens offline: the chart library is inlined (chart_script, from vl-convert)."""
    escape = html.escape
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Fine-Tune Advisor report</title>"
             f"<style>{_STYLE}</style>"]
    if inputs.charts and chart_script:
        parts.append(f"<script>{chart_script}</script>")
    parts.append(f"</head><body><h1>Fine-Tune Advisor report</h1><p>Generated "
                 f"{escape(inputs.generated_on.isoformat())}.</p>")
    for section in sections(inputs):
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        parts += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
        if section.bullets:
            parts.append("<ul>" + "".join(f"<li>{escape(bullet)}</li>" for bullet in section.bullets) + "</ul>")
        if section.table:
            header, *body = section.table
            parts.append("<table><thead><tr>" + "".join(f"<th>{escape(cell)}</th>" for cell in header)
                         + "</tr></thead><tbody>"
                         + "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
                                   for row in body) + "</tbody></table>")
    if inputs.charts:
        parts.append("<h2>Charts</h2>")
        for index, (title, chart) in enumerate(inputs.charts):
            # laid out as the app lays it out: the page's width, axes and legend fitted inside the chart's height
            spec = {**chart.to_dict(), "width": "container", "autosize": {"type": "fit", "contains": "padding"}}
            text = json.dumps(spec).replace("</", "<\\/")
            parts.append(f"<figure><figcaption>{escape(title)}</figcaption><div id='chart{index}' "
                         "style='width:100%'></div>"
                         f"<script>vegaEmbed('#chart{index}', {text}, {{actions: false}});</script></figure>")
    parts.append("</body></html>")
    return "".join(parts)


@cache
def chart_library() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script, so the HTML report needs no network to draw."""
    import vl_convert

    return vl_convert.javascript_bundle()


def numbers_csv(comparison: Comparison) -> str:
    """The cost table as CSV, one row per option; text cells made safe for spreadsheets."""
    buffer = io.StringIO()
    frame = summary_rows(comparison)
    writer = csv.writer(buffer)
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow([safe_cell(value) if isinstance(value, str) else ("" if value is None or value != value
                                                                          else value) for value in row])
    return buffer.getvalue()
