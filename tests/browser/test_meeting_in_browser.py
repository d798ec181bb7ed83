"""The app in a meeting: a 1280x720 projector in Present mode, and a phone at 390x844."""

import contextlib

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import (
    assert_no_exception,
    click_button,
    go_to,
    open_page,
    present_the_recommendation,
    wait_for_app,
)

pytestmark = pytest.mark.browser

PAGES = ("Questionnaire", "Dataset", "Costs", "Recommendation", "Strategies")


PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.0 Mobile/15E148 Safari/604.1")


@contextlib.contextmanager
def screen(browser, width, height, user_agent=None):
    context = browser.new_context(viewport={"width": width, "height": height}, user_agent=user_agent,
                                  is_mobile=user_agent is not None, has_touch=user_agent is not None)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    try:
        yield tab
    finally:
        context.close()


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_present_mode_at_1280x720_gives_each_chart_a_screen_and_draws_it(server, browser):
    with screen(browser, 1280, 720) as page:
        open_page(page, server.url, "Welcome")
        click_button(page, "Load the demo scenario")
        go_to(page, "Costs")
        present_the_recommendation(page)
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        expect(charts.first).to_be_visible(timeout=30_000)
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.scroll_into_view_if_needed()
            expect(chart.locator("svg.marks").first).to_be_visible(timeout=30_000)
            box = chart.bounding_box()
            assert box and box["height"] <= 720 and box["width"] <= 1280, f"chart {index} does not fit the screen"
            labels = chart.locator(".role-legend-label text")
            assert labels.count() >= 2, f"chart {index} has no legend to read"
            for label in labels.all():
                text, where = label.text_content(), label.bounding_box()
                assert text and not text.endswith("…"), f"chart {index} cuts the legend label {text!r}"
                assert where and box["x"] <= where["x"] and where["x"] + where["width"] <= box["x"] + box["width"], \
                    f"chart {index} draws the legend label {text!r} outside the chart"
        shoot(page, "present-1280x720-recommendation")
        assert_no_exception(page)


def test_on_a_phone_every_page_fits_the_width(server, browser):
    with screen(browser, 390, 844, PHONE) as page:
        open_page(page, server.url, "Welcome")
        click_button(page, "Load the demo scenario")
        sidebar = page.locator('[data-testid="stSidebar"]')
        for name in PAGES:
            if sidebar.get_attribute("data-collapsed") == "true":
                page.locator('[data-testid="stExpandSidebarButton"]').click()
            expect(sidebar).to_have_attribute("data-collapsed", "false")
            sidebar.get_by_role("link", name=name).click()
            page.wait_for_url(f"**/{name}**")
            wait_for_app(page)
            # the menu covers a phone's screen, so it closes once a page is chosen
            expect(sidebar).to_have_attribute("data-collapsed", "true")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{name} scrolls sideways by {overflow}px on a phone"
            shoot(page, f"phone-390-{name}")
            assert_no_exception(page)


@pytest.mark.parametrize("width", [390, 1280, 1400])
def test_screenshots_of_each_page(server, browser, width):
    """Artifacts for a person to look at (tests/browser/artifacts/), one per page and width."""
    with screen(browser, width, 900) as page:
        open_page(page, server.url, "Welcome")
        click_button(page, "Load the demo scenario")
        query = page.url.partition("?")[2]
        for name in PAGES:
            open_page(page, server.url, name, f"?{query}" if query else "")
            assert_no_exception(page)
            shoot(page, f"{width}-{name}")


@pytest.mark.parametrize("width", [1280, 1400])
def test_no_metric_is_cut_off_and_no_chart_squeezed(server, browser, width):
    with screen(browser, width, 900) as page:
        open_page(page, server.url, "Welcome")
        click_button(page, "Load the demo scenario")
        for name in PAGES:
            go_to(page, name)
            cut = page.evaluate("""() => [...document.querySelectorAll(
                    '[data-testid="stMetricValue"], [data-testid="stMetricLabel"]')]
                .filter(element => element.scrollWidth > element.clientWidth + 1
                        || [...element.querySelectorAll('*')].some(child => child.scrollWidth > child.clientWidth + 1))
                .map(element => element.innerText)""")
            assert not cut, f"{name} at {width} px cuts off {cut}"
            # Streamlit fits axes and legend into a chart's height; the y axis spans what is left for the plot
            axes = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')]
                .map(svg => svg.querySelector('[aria-label^="Y-axis"]'))
                .map(axis => [axis.getAttribute('aria-label').includes('discrete'),
                              Math.round(axis.getBoundingClientRect().height)])""")
            squeezed = [height for discrete, height in axes if height < (30 if discrete else 200)]
            assert not squeezed, f"{name} at {width} px squeezes a chart's plot to {squeezed} px"


def test_the_html_report_fits_a_phone_without_sideways_scrolling(server, browser, tmp_path):
    with screen(browser, 390, 844, PHONE) as page:
        open_page(page, server.url, "Welcome")
        click_button(page, "Load the demo scenario")
        open_page(page, server.url, "Recommendation", "?" + page.url.partition("?")[2])
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Report (HTML)").click()
        report = tmp_path / "report.html"
        download.value.save_as(report)
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"the HTML report scrolls sideways by {overflow}px on a phone"
