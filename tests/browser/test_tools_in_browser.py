"""The tools a person drives by hand: the self-hosting estimator, the price editor and the Present toggle."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from lib.catalog.prices import current_rows, load_prices
from tests.browser.helpers import (
    assert_no_exception,
    choose_select,
    click_button,
    go_to,
    open_page,
    present_the_recommendation,
    wait_for_app,
)
from tests.conftest import TODAY

pytestmark = pytest.mark.browser


def metric(page, label):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator(
        '[data-testid="stMetricValue"]').first.inner_text()


def gib(text):
    return float(text.replace(",", "").split()[0])


def test_the_estimator_answers_a_change_of_rank_and_method(server, page):
    open_page(page, server.url, "Strategies")
    before = gib(metric(page, "Total per GPU"))
    rank = page.get_by_label("LoRA rank")
    rank.fill("256")
    rank.press("Enter")
    wait_for_app(page)
    with_rank = gib(metric(page, "Total per GPU"))
    assert with_rank > before  # more trainable parameters: more adapter, gradient and optimizer memory
    choose_select(page, "Method", "Full fine-tuning")
    assert gib(metric(page, "Total per GPU")) > with_rank  # every weight trained: far more memory
    assert_no_exception(page)


def edit_price(page, amount, row=0, column=7):
    """Open the price editor, type `amount` into a cell (by default the first row's training per hour) and
    apply it.

    The grid is a canvas: a click that lands while it redraws selects nothing, so the edit is tried again until
    the page says a price waits to be applied (what a person sees too), and only then applied.
    """
    editor = page.locator('[data-testid="stExpander"]').filter(has_text="Price table (edit for")
    editor.locator("summary").click()  # folded: opening it runs the page again, which draws the table
    wait_for_app(page)
    grid = editor.locator('[data-testid="stDataFrame"]')
    expect(grid).to_be_visible()
    waiting = page.get_by_text("changed in the table, not applied yet")
    for _ in range(3):
        grid.click(position={"x": 30, "y": 50})  # the first row's first cell
        for _ in range(column):  # provider, model, read, kind, method, tier, training per 1M (6), per hour (7)
            page.keyboard.press("ArrowRight")
        for _ in range(row):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")  # opens the cell's editor, an input in the grid's overlay
        cell_editor = page.locator("#portal input, #portal textarea").first
        try:
            cell_editor.wait_for(timeout=5_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        cell_editor.fill(amount)
        cell_editor.press("Enter")  # commits it
        wait_for_app(page)
        try:
            waiting.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    expect(waiting).to_be_visible()
    click_until(page, "Apply edited prices", page.get_by_text("Edited prices are in use."))
    expect(waiting).to_have_count(0)


def click_until(page, label, shown, hidden=None):
    """Click a button until what it does shows (or `hidden` goes).

    A click that lands as the grid loses focus can be lost: the grid sends its state as it blurs, and the rerun
    that asks for can replace the click's own run (Streamlit keeps the newest). A person clicks again; so does
    this, at most three times, after the grid's selection is cleared.
    """
    page.keyboard.press("Escape")
    for _ in range(3):
        click_button(page, label)
        try:
            (hidden or shown).wait_for(state="hidden" if hidden is not None else "visible", timeout=5_000)
            return
        except PlaywrightTimeout:
            continue
    if hidden is not None:
        expect(hidden).to_have_count(0)
    else:
        expect(shown).to_be_visible()


def test_an_edited_price_is_applied_and_can_be_reset(server, page):
    open_page(page, server.url, "Costs")
    edit_price(page, "99")
    click_until(page, "Reset to the published table", None, hidden=page.get_by_text("Edited prices are in use."))
    assert_no_exception(page)


def test_present_mode_follows_the_presenter_from_page_to_page(server, page):
    open_page(page, server.url, "Costs")
    present_the_recommendation(page)
    page.locator('[data-testid="stExpandSidebarButton"], [data-testid="collapsedControl"]').first.click()
    expect(page.locator('[data-testid="stSidebar"]').get_by_label("Present", exact=True)).to_be_checked()
    assert_no_exception(page)


def test_a_shared_link_reproduces_every_number_with_edited_prices_in_a_fresh_browser(server, browser, page):
    open_page(page, server.url, "Welcome")
    click_button(page, "Load the demo scenario")
    go_to(page, "Recommendation")
    published = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    go_to(page, "Costs")
    rows = current_rows(load_prices(), TODAY)
    nova = next(index for index, price in enumerate(rows) if (price.provider, price.model) == ("bedrock", "nova-micro"))
    edit_price(page, "40", row=nova, column=6)  # the demo's route: Nova Micro training per 1M tokens
    go_to(page, "Recommendation")
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values and values != published
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#copy-link-status")).to_have_text("Link copied.")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(server.url) and "nova-micro%7Cfine_tuned" in link  # the edited price travels
    colleague = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    colleague.goto(link)
    wait_for_app(colleague)
    expect(colleague.locator('[data-testid="stMetricValue"]')).to_have_count(len(values), timeout=30_000)
    assert colleague.locator('[data-testid="stMetricValue"]').all_inner_texts() == values
    assert_no_exception(colleague)
    colleague.context.close()
