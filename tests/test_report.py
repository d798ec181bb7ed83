"""The report says the same in Markdown and HTML, escapes everything, and neutralises CSV formulas."""

import csv
import io
from datetime import date

from lib.comparison import CostSettings, compare, training_data
from lib.decision import evaluate
from lib.pricing import load_prices
from lib.report import ReportInputs, html_report, markdown_report, numbers_csv
from lib.route import choose_route
from lib.scenario import demo_answers
from tests.dataset.helpers import chat, jsonl, run


def inputs(dataset=None, answers=None):
    answers = answers or demo_answers()
    verdict = evaluate(answers)
    comparison = compare(answers, training_data(answers, None, None, None, None),
                         CostSettings(as_of=date(2026, 11, 24)), load_prices())
    route = choose_route(verdict.id, answers.get("openai_access"), date(2026, 11, 24), "gpt-4.1-mini")
    return ReportInputs(answers, verdict, route, date(2026, 11, 24), comparison, dataset)


def test_markdown_report_has_every_section():
    text = markdown_report(inputs())
    for heading in ("## Verdict", "## Next steps", "## Where to fine-tune", "## Costs", "## Price sources",
                    "## Hyperparameters", "## Scenario"):
        assert heading in text
    assert "Fine-tune: " in text and "Use Azure OpenAI fine-tuning instead" in text


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
    assert page.count("vegaEmbed(") == 4 and "/* library */" in page
    assert "<script src=" not in page  # nothing is fetched when the file is opened


def test_numbers_csv_neutralises_formulas():
    text = numbers_csv(inputs().comparison)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "option" and any(row and row[0] == "training_usd" for row in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
