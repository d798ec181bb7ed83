"""A person answers the questionnaire by clicking and reads the verdict; the link reopens the scenario."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_link_reopens_the_scenario,
    assert_no_exception,
    choose_options,
    choose_radio,
    choose_select,
    click_button,
    go_to,
    open_page,
    type_number,
    wait_for_app,
)
from tests.conftest import N_QUESTIONS

pytestmark = pytest.mark.browser


def answer_everything(page):
    choose_options(page, "Which prompting techniques", ["Clear instructions (zero-shot)",
                                                        "Worked examples in the prompt (few-shot)"])
    choose_radio(page, "How good are the best results you got from prompting?",
                 "Close, but inconsistent in format, tone or edge cases")
    click_button(page, "Next")
    type_number(page, "How many high-quality", 80)
    choose_radio(page, "Do the examples contain user or personal data?", "No personal data")
    click_button(page, "Next")
    choose_radio(page, "Do answers depend on facts that change, such as prices, stock, news or policies?",
                 "No, the knowledge is stable")
    click_button(page, "Next")
    choose_radio(page, "What does the product need from the model?",
                 "One well-defined task (for example: turn a request into a recipe card)")
    click_button(page, "Next")
    choose_options(page, "Which of these goals apply?", ["Lower cost or latency by moving to a smaller model"])
    choose_radio(page, "Does your organisation already have fine-tuning access on OpenAI?", "No")
    click_button(page, "Next")
    choose_select(page, "Which model does your product call today?", "OpenAI GPT-4.1 mini")
    choose_radio(page, "Which cloud does your company already use?", "Amazon Web Services")
    choose_radio(page, "May your training examples be sent to an outside service?",
                 "Yes, under the provider's data terms")
    click_button(page, "Next")
    type_number(page, "How many requests per day", 5000)
    type_number(page, "Typical input per request", 120)
    type_number(page, "Typical output per request", 450)
    choose_radio(page, "Could your product wait up to a day for answers (a batch job) instead of getting them at "
                       "once?", "No, answers are needed at once")
    choose_radio(page, "Who uses it?", "Our customers: it must stay up")
    type_number(page, "How many worked examples", 6)


def test_answering_by_clicking_reaches_the_verdict_and_the_link_reopens_it(server, page, browser):
    open_page(page, server.url, "Welcome")
    page.get_by_role("link", name="Start the questionnaire").click()
    wait_for_app(page)
    answer_everything(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"{N_QUESTIONS} of {N_QUESTIONS} answered")
    click_button(page, "See the verdict")
    expect(page.get_by_text("Verdict: Fine-tune")).to_be_visible()
    assert_no_exception(page)

    shared_link = page.url
    assert "prompting_result=close" in shared_link and "n_examples=80" in shared_link
    assert_link_reopens_the_scenario(browser, shared_link, "Verdict: Fine-tune",
                                     f"{N_QUESTIONS} of {N_QUESTIONS} answered")


def test_back_and_sidebar_navigation_keep_answers(server, page):
    open_page(page, server.url, "Questionnaire")
    choose_radio(page, "How good are the best results you got from prompting?", "Poor: far from what we need")
    click_button(page, "Next")
    type_number(page, "How many high-quality", 42)
    go_to(page, "Costs")
    go_to(page, "Questionnaire")
    expect(page.get_by_label("How many high-quality", exact=False)).to_have_value("42")
    click_button(page, "Back")
    expect(page.get_by_role("radio", name="Poor: far from what we need")).to_be_checked()


def test_demo_scenario_and_start_over_with_confirmation(server, page):
    open_page(page, server.url, "Welcome")
    click_button(page, "Load the demo scenario")
    expect(page.get_by_text("Verdict: Fine-tune")).to_be_visible()
    click_button(page, "Start over")
    expect(page.get_by_text("Clear every answer")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"{N_QUESTIONS} of {N_QUESTIONS} answered")
    click_button(page, "Yes, clear")
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"0 of {N_QUESTIONS} answered")
    page.wait_for_url("**/Questionnaire**")
    expect(page.get_by_text("Step 1 of")).to_be_visible()
