"""Labels read whole at 1280x720 and on a 390x844 phone: buttons, pickers (a retirement date included), notes,
chart legends and chosen options' tags; and a link Streamlit cannot read says so."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_exception, open_page, wait_for_app
from tests.browser.test_meeting_in_browser import PHONE, screen
from tests.browser.test_meeting_scenarios import SCENARIOS, query

pytestmark = pytest.mark.browser

# retirement dates in the pickers: a team with OpenAI access, pricing a model that has stopped serving
RETIRED = {"openai_access": "yes", "dataset_model": "gpt-4.1-nano"}

# every text box in the main area whose words run past its edge (scrollWidth over clientWidth where the overflow is
# hidden or ends in an ellipsis), every picker whose value is wider than its field, every text cut with "…", and
# every chart text drawn outside its chart
CUT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const found = [];
  for (const e of main.querySelectorAll('*')) {
    if (e.closest('[data-testid="stFileUploaderDropzone"], svg')) continue;
    const style = getComputedStyle(e);
    const hides = style.overflowX === 'hidden' || style.overflow === 'hidden' || style.textOverflow === 'ellipsis';
    const words = (e.tagName === 'INPUT' ? e.value : e.innerText || '').trim();
    if (words && hides && e.scrollWidth > e.clientWidth + 1) found.push(`overflows: ${words.slice(0, 80)}`);
    if (words && e.children.length === 0 && words.endsWith('…')) found.push(`ends in …: ${words.slice(-80)}`);
  }
  for (const svg of main.querySelectorAll('[data-testid="stVegaLiteChart"] svg')) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const words = text.textContent.trim(), at = text.getBoundingClientRect();
      if (!words || !at.width) continue;
      if (words.endsWith('…')) found.push(`chart text ends in …: ${words}`);
      if (at.left < box.left - 3 || at.right > box.right + 1) found.push(`chart text outside its chart: ${words}`);
    }
  }
  return found;
}"""


def cut_on(page) -> list[str]:
    return page.evaluate(CUT)


def last_questionnaire_step(page) -> None:
    forward = page.locator(".st-key-wizard_next button")
    for _ in range(20):
        wait_for_app(page)
        if forward.count() == 0:
            return
        try:
            forward.click(timeout=10_000)
        except PlaywrightTimeout:  # the last step's run still drawing over the button: wait for it and go on
            continue
    raise AssertionError("the questionnaire never reached its last step")


def test_at_1280_every_label_reads_whole(server, browser):
    with screen(browser, 1280, 720) as page:
        open_page(page, server.url, "Questionnaire", query(RETIRED))
        last_questionnaire_step(page)
        finish = page.locator(".st-key-wizard_finish button")
        expect(finish).to_have_text("verifiedSee the verdict")  # the icon's name, then every word
        assert finish.evaluate("b => b.scrollWidth <= b.clientWidth + 1 && "
                               "[...b.querySelectorAll('*')].every(c => c.scrollWidth <= c.clientWidth + 1)")
        assert not cut_on(page), cut_on(page)
        for name in ("Dataset", "Costs", "Recommendation", "Strategies"):
            open_page(page, server.url, name, query(RETIRED))
            assert_no_exception(page)
            for summary in page.locator('[data-testid="stExpander"] summary').all():
                summary.click()  # notes inside expanders too; a folded one is made by the run its opening asks for
                wait_for_app(page)
            page.locator('[data-testid="stVegaLiteChart"] svg').first.wait_for() if name != "Dataset" else None
            assert not cut_on(page), f"{name}: {cut_on(page)}"
        open_page(page, server.url, "Costs", query(RETIRED))
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Model your dataset is counted for")
        expect(picker.locator("input")).to_have_value("gpt-4.1-nano (2025-04-14) · retired on 2026-10-23")


@pytest.mark.parametrize("name", ["in-house", "high-traffic"])
def test_on_a_phone_chart_legends_notes_and_tags_read_whole(server, browser, name):
    with screen(browser, 390, 844, PHONE) as page:
        for page_name in ("Costs", "Recommendation", "Strategies"):
            open_page(page, server.url, page_name, query({**SCENARIOS[name], "openai_access": "yes"}))
            charts = page.locator('[data-testid="stVegaLiteChart"]')
            expect(charts.first).to_be_visible()
            for index in range(charts.count()):
                charts.nth(index).scroll_into_view_if_needed()
                expect(charts.nth(index).locator(".role-legend-label text").first).to_be_attached()
            assert not cut_on(page), f"{page_name} on a phone: {cut_on(page)}"


def test_a_link_with_more_than_1000_parameters_says_it_could_not_be_read(server, browser):
    with screen(browser, 1280, 720) as page:
        open_page(page, server.url, "Welcome")  # the server has run a page, as any server in use has
        open_page(page, server.url, "Costs", "?" + "&".join(f"n{index}=1" for index in range(1_100)))
        assert_no_exception(page)
        expect(page.get_by_text("This link could not be read: it carries 1,100 parameters")).to_be_visible()
        open_page(page, server.url, "Costs", query({}))  # a link that can be read says nothing of the kind
        expect(page.get_by_text("This link could not be read")).to_have_count(0)
