"""The report says the same in Markdown and HTML, escapes everything, and neutralises CSV formulas."""

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.advice.route import choose_route
from lib.advice.rules import evaluate
from lib.advice.scenario import demo_answers
from lib.catalog.prices import load_prices
from lib.costs.comparison import compare
from lib.costs.money import dollars
from lib.costs.options import training_data
from lib.costs.settings import CostSettings
from lib.present.report import ReportInputs, html_report, markdown_report, numbers_csv
from tests.conftest import TODAY
from tests.dataset.helpers import chat, jsonl, run


def inputs(dataset=None, answers=None):
    answers = answers or demo_answers()
    verdict = evaluate(answers)
    comparison = compare(answers, training_data(answers, None, None, None, None),
                         CostSettings(as_of=TODAY, today=TODAY), load_prices())
    route = choose_route(verdict.id, comparison)
    return ReportInputs(answers, verdict, route, TODAY, comparison, dataset)


def test_markdown_report_has_every_section():
    text = markdown_report(inputs())
    for heading in ("## Verdict", "## Next steps", "## Where to fine-tune", "## Costs", "## Price sources",
                    "## Hyperparameters", "## Scenario"):
        assert heading in text
    assert "Fine-tune: " in text and "Fine-tune nova-micro with Amazon Bedrock" in text


def test_html_report_escapes_uploaded_text():
    dataset = run(jsonl(*[chat(user=str(i)) for i in range(12)]), name="<script>alert(1)</script>.jsonl")
    page = html_report(inputs(dataset))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_report_with_charts_embeds_specs_without_closing_the_script():
    from ui.cost_views import report_charts

    base = inputs()
    with_charts = ReportInputs(base.answers, base.verdict, base.route, base.generated_on, base.comparison, None,
                               report_charts(base.comparison))
    page = html_report(with_charts, chart_script="/* library */")
    assert page.count("vegaEmbed(") == 2 and "/* library */" in page  # no crossover with closed OpenAI
    assert "<script src=" not in page  # nothing is fetched when the file is opened
    # laid out as in the app: the page's width, axes and legend inside each chart's height
    assert page.count('"width": "container", "autosize": {"type": "fit", "contains": "padding"}') == 2


def test_numbers_csv_neutralises_formulas():
    text = numbers_csv(inputs().comparison)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["option", "monthly_usd", "training_usd", "project_usd", "horizon_usd"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_markdown_report_writes_a_hostile_file_name_as_text():
    dataset = run(jsonl(*[chat(user=str(i)) for i in range(12)]),
                  name="<img src=x onerror=alert(1)>[x](javascript:alert(2)).jsonl")
    text = markdown_report(inputs(dataset))
    assert not re.search(r"(?<!\\)<img", text) and not re.search(r"(?<!\\)\](?=\(javascript)", text)
    assert "\\<img src=x onerror=alert(1)\\>\\[x\\](javascript:alert(2)).jsonl" in text


@settings(max_examples=25, deadline=None)
@given(requests_per_day=st.integers(0, 5_000_000), few_shot=st.integers(0, 30), output=st.integers(1, 5000),
       access=st.sampled_from(["yes", "no"]))
def test_markdown_html_and_csv_state_the_numbers_the_page_shows(requests_per_day, few_shot, output, access):
    answers = {**demo_answers(), "requests_per_day": requests_per_day, "few_shot_examples": few_shot,
               "output_tokens": output, "openai_access": access}
    report = inputs(answers=answers)
    markdown, page = markdown_report(report), html_report(report)
    rows = {row["option"]: row for row in csv.DictReader(io.StringIO(numbers_csv(report.comparison)))}
    months = report.comparison.settings.horizon_months
    for option in report.comparison.options:
        for amount in (option.monthly.total_usd, option.horizon_usd(months)):
            assert dollars(amount) in markdown and dollars(amount) in page
        row = rows[option.label]
        assert float(row["monthly_usd"]) == pytest.approx(float(option.monthly.total_usd))
        assert row["availability"] == option.availability
    if report.route.chosen:
        assert report.route.chosen.label in markdown
