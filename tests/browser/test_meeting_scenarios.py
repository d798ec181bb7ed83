"""Three teams in a meeting at 1280x720 (in-house, high traffic, small team): the constraint that shaped the choice,
the headline figures in Present mode, and no internal word on any page; and every cost number on a phone."""

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_exception, open_page, wait_for_app
from tests.browser.test_meeting_in_browser import PHONE, screen
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SCREENS = Path("/work/notes/screens") if Path("/work/notes").exists() else ROOT / "test-artifacts"
PAGES = ("Welcome", "Questionnaire", "Dataset", "Costs", "Recommendation", "Strategies")
DEMO = json.loads((ROOT / "data" / "samples" / "demo_answers.json").read_text())
SCENARIOS = {
    "in-house": {"data_may_leave": "no"},
    "high-traffic": {"requests_per_day": 2_000_000},
    "small-team": {"requests_per_day": 200, "n_examples": 40},
}
# what a person must never read: internal words, keys, Python's None
INTERNAL = re.compile(r"\bdoors?\b|\bNone\b|\b[a-z]+_[a-z_]+\b")
ALLOWED = re.compile(r"https?://\S+|\S+\.(toml|json|jsonl|csv|py)\b|\bmodel_[a-z]+\b")


def query(changes: dict) -> str:
    answers = {**DEMO, **changes}
    return "?" + urlencode({key: ",".join(value) if isinstance(value, list) else value
                            for key, value in answers.items()})


def readable(page) -> str:
    """What the main area says: without icon names (drawn as glyphs), the box holding the shared link, links
    and file names."""
    text = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
        main.querySelectorAll('[data-testid*="Icon"], [data-testid="stCode"], #shared-link, svg')
            .forEach(e => e.remove());
        document.body.appendChild(main);
        const said = main.innerText;
        main.remove();
        return said;
    }""")
    # a source is quoted as published (a config.json's field names included)
    return ALLOWED.sub(" ", "\n".join(line for line in text.splitlines() if not line.startswith("Source:")))


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_meeting_reads_the_constraint_the_figures_and_no_internal_word(server, browser, name):
    with screen(browser, 1280, 720) as page:
        for page_name in PAGES:
            open_page(page, server.url, page_name, query(SCENARIOS[name]))
            assert_no_exception(page)
            found = sorted(set(INTERNAL.findall(readable(page))))
            assert not found, f"{page_name} ({name}) shows {found}"
        open_page(page, server.url, "Recommendation", query(SCENARIOS[name]))
        page.locator('[data-testid="stSidebar"]').get_by_text("Present", exact=True).click()
        wait_for_app(page)
        main = page.locator('[data-testid="stMain"]')
        for label in ("Cheapest fine-tuning open to you", "Its one-off cost", "Monthly, fine-tuned vs",
                      "Pays back its one-off cost in"):
            expect(main.locator('[data-testid="stMetricLabel"]').filter(
                has_text=re.compile("^" + re.escape(label)))).to_have_count(1)
        expect(main.get_by_text("Next steps")).to_be_visible()
        expect(main.get_by_role("button", name="Copy link")).to_have_count(1)
        if name == "in-house":
            expect(main.get_by_text("Your examples must stay in-house, so only")).to_be_visible()
        sizes = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')]
            .filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize))""")
        assert sizes and min(sizes) >= 16, f"chart text down to {min(sizes)} px in Present mode"
        page.screenshot(path=str(SCREENS / f"present-1280x720-{name}.png"))


def test_on_a_phone_every_cost_number_is_on_screen(server, browser):
    with screen(browser, 390, 844, PHONE) as page:
        open_page(page, server.url, "Costs", query(SCENARIOS["in-house"]))
        cards = page.locator(".st-key-cost_cards")
        expect(cards).to_be_visible()
        expect(page.locator(".st-key-cost_table")).to_be_hidden()
        numbers = cards.get_by_text(re.compile(r"^\$[\d,]+\.\d\d$"))
        assert numbers.count() >= 10
        for index in range(numbers.count()):
            box = numbers.nth(index).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, "a cost number needs a sideways swipe"
        expect(cards.get_by_text("your data may not go there").first).to_be_visible()


@pytest.mark.parametrize("width", [390, 1280, 1400])
def test_screenshots_of_each_page_for_a_person_to_look_at(server, browser, width):
    SCREENS.mkdir(parents=True, exist_ok=True)
    with screen(browser, width, 900) as page:
        for page_name in PAGES:
            open_page(page, server.url, page_name, query(SCENARIOS["in-house"]))
            height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
            page.set_viewport_size({"width": width, "height": min(max(900, height), 12000)})
            wait_for_app(page)
            page.wait_for_timeout(2000)  # the page redraws at the new size; only a picture is taken
            page.screenshot(path=str(SCREENS / f"{width}-{page_name}.png"))
            page.set_viewport_size({"width": width, "height": 900})
