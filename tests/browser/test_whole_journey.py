"""The whole journey as a product team walks it, with a screenshot of every page kept as a test artifact."""

import json
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import (
    assert_link_reopens_the_scenario,
    assert_no_exception,
    choose_select,
    go_to,
    metric_value,
    open_page,
    wait_for_app,
)
from tests.browser.test_wizard_in_browser import answer_everything
from tests.conftest import N_QUESTIONS, ROOT, SAMPLES

pytestmark = pytest.mark.browser
CHARTS = 2


def cli(model):
    out = subprocess.run([sys.executable, "-m", "lib", "analyze", str(SAMPLES / "recipes.jsonl"), "--model", model,
                          "--json"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"journey-{name}.png"), full_page=True)


def test_from_welcome_to_a_shared_report(fresh_server, page, browser, tmp_path):
    open_page(page, fresh_server.url, "Welcome")
    shot(page, "1-welcome")
    page.get_by_role("link", name="Start the questionnaire").click()
    wait_for_app(page)
    answer_everything(page)
    shot(page, "2-questionnaire")

    go_to(page, "Dataset")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(SAMPLES / "recipes.jsonl"))
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Total tokens")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    expected = cli("gpt-4o-mini")
    assert metric_value(page, "Total tokens") == f"{expected['total_tokens']:,}"
    assert metric_value(page, "Billed training tokens") == f"{expected['billed_tokens']:,}"
    shot(page, "3-dataset")
    # no OpenAI access and an AWS account: the file is checked for Amazon Bedrock, open to this team
    expect(page.locator('[data-testid="stSelectbox"]').filter(has_text="Where you will fine-tune").locator(
        "input")).to_have_value("Amazon Bedrock (model customization)")
    choose_select(page, "Model to fine-tune", "gpt-3.5-turbo (0125)")
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Total tokens").locator(
        '[data-testid="stMetricValue"]')).to_have_text(f"{cli('gpt-3.5-turbo')['total_tokens']:,}", timeout=60_000)
    assert metric_value(page, "Total tokens") != f"{expected['total_tokens']:,}"
    choose_select(page, "Model to fine-tune", "gpt-4.1-mini (2025-04-14)")

    go_to(page, "Costs")
    expect(page.locator("main")).to_contain_text("the uploaded dataset: 64 valid examples")
    # by traffic and cumulative; OpenAI is closed to this team, so no crossover against Azure's hourly fee
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(CHARTS, timeout=30_000)
    shot(page, "4-costs")

    go_to(page, "Recommendation")
    expect(page.get_by_text("Verdict: Fine-tune")).to_be_visible()
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(CHARTS, timeout=30_000)
    for index in range(CHARTS):
        charts.nth(index).scroll_into_view_if_needed()
        expect(charts.nth(index).locator("svg.marks").first).to_be_visible(timeout=30_000)
    assert_no_exception(page)
    shot(page, "5-recommendation")

    with page.expect_download() as report:
        page.get_by_role("button", name="Report (Markdown)").click()
    text = (tmp_path / "report.md")
    report.value.save_as(text)
    assert "## Verdict" in text.read_text() and "recipes.jsonl" in text.read_text()
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as html_report:
        page.get_by_role("button", name="Report (HTML)").click()
    html_file = tmp_path / "report.html"
    html_report.value.save_as(html_file)
    html = html_file.read_text()
    assert html.count("vegaEmbed('#chart") == CHARTS and "<script src=" not in html  # opens offline
    wait_for_app(page)
    with page.expect_download() as scenario:
        page.get_by_role("button", name="Scenario (JSON)").click()
    saved = tmp_path / "answers.json"
    scenario.value.save_as(saved)
    answers = json.loads(saved.read_text())
    assert answers["n_examples"] == 80 and answers["goals"] == ["lower_cost_latency"]

    assert_link_reopens_the_scenario(browser, page.url, "Verdict: Fine-tune",
                                     f"{N_QUESTIONS} of {N_QUESTIONS} answered")
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("Verdict: Fine-tune")).to_be_visible()
