"""What a person does in the app, in Playwright terms."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

PAGE_PATHS = {"Welcome": "", "Questionnaire": "Questionnaire", "Dataset": "Dataset", "Costs": "Costs",
              "Strategies": "Strategies",
              "Recommendation": "Recommendation"}


SETTLED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'


def wait_for_app(page: Page) -> None:
    """Streamlit reports its script as not running on a connected session, and the page has its sidebar.

    The state is Streamlit's own (`data-test-script-state` on the app root, which its end-to-end tests read);
    the short pause lets a rerun that an action has just requested begin before the state is read.
    """
    page.wait_for_timeout(100)
    page.wait_for_selector(SETTLED)
    page.wait_for_selector('[data-testid="stSidebar"]', state="attached")  # collapsed in Present mode


def open_page(page: Page, base_url: str, name: str, query: str = "") -> None:
    page.goto(f"{base_url}/{PAGE_PATHS[name]}{query}")
    wait_for_app(page)


def assert_no_exception(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def click_button(page: Page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    wait_for_app(page)


def choose_radio(page: Page, question: str, option: str) -> None:
    group = page.get_by_role("radiogroup", name=question)
    group.get_by_text(option, exact=True).click()
    wait_for_app(page)


def choose_options(page: Page, question: str, options: list[str]) -> None:
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=question)
    for option in options:
        box.locator("input").click()
        page.get_by_role("option", name=option, exact=True).click()
        wait_for_app(page)
    page.keyboard.press("Escape")


def type_number(page: Page, question: str, value: int) -> None:
    field = page.locator('[data-testid="stNumberInput"]').filter(has_text=question).locator("input")
    field.fill(str(value))
    field.press("Enter")
    wait_for_app(page)


def choose_select(page: Page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):  # a click that lands while the page redraws opens nothing: try again
        box.click()
        try:
            choice.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()
    wait_for_app(page)


def metric_value(page: Page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator(
        '[data-testid="stMetricValue"]').first.inner_text()


def go_to(page: Page, name: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=name).click()
    page.wait_for_url(f"**/{PAGE_PATHS[name]}**")
    wait_for_app(page)


def assert_link_reopens_the_scenario(browser, url: str, verdict: str, answered: str) -> None:
    """A colleague opening the shared link in their own browser sees the same scenario."""
    other = browser.new_context().new_page()
    other.goto(url)
    wait_for_app(other)
    expect(other.get_by_text(verdict)).to_be_visible()
    expect(other.locator('[data-testid="stSidebar"]')).to_contain_text(answered)
    other.context.close()


def present_the_recommendation(page: Page) -> None:
    """From the Costs page: turn Present mode on and follow the page's own link to the Recommendation, where the
    sidebar must then be collapsed."""
    page.locator('[data-testid="stSidebar"]').get_by_text("Present", exact=True).click()
    wait_for_app(page)  # Present collapses the sidebar at once, so the page's link is the way on
    page.locator('[data-testid="stMain"]').get_by_role("link", name="See the recommendation").click()
    page.wait_for_url("**/Recommendation**")
    wait_for_app(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
