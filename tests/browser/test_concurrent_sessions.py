"""Ten people at once, each with their own answers and dataset: every session sees only its own numbers."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.async_api import async_playwright, expect

from tests.browser.conftest import LAUNCH_ARGS
from tests.dataset.helpers import chat, jsonl

pytestmark = pytest.mark.browser

SESSIONS = 10


async def _wait_for_app(page):
    await page.wait_for_selector('[data-testid="stSidebar"]')
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')")
    await page.wait_for_timeout(300)


async def _one_session(browser, base_url, index, folder):
    examples = 12 + index  # a different dataset per person
    requests = 1000 * (index + 1)  # and different answers
    path = folder / f"team-{index}.jsonl"
    path.write_bytes(jsonl(*[chat(user=f"team {index} question {i}") for i in range(examples)]))
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(90_000)
    await page.goto(f"{base_url}/Dataset?requests_per_day={requests}&scope=narrow")
    await _wait_for_app(page)
    await page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    valid = page.locator('[data-testid="stMetric"]').filter(has_text="Valid examples").locator(
        '[data-testid="stMetricValue"]')
    await expect(valid).to_have_text(str(examples), timeout=90_000)
    await expect(page.locator("main")).to_contain_text(f"team-{index}.jsonl")
    await page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Costs").click()
    # under ten sessions' load a page can take many seconds: wait for the page itself, not a fixed pause
    await page.wait_for_url("**/Costs**")
    await _wait_for_app(page)
    await expect(page.locator("main")).to_contain_text(f"{requests:,} requests a day", timeout=90_000)
    await expect(page.locator("main")).to_contain_text(f"{examples} valid examples", timeout=90_000)
    text = await page.locator("main").inner_text()
    await context.close()
    return index, text


async def _all(browser_path, base_url, folder):
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=browser_path, args=LAUNCH_ARGS)
        try:
            return await asyncio.gather(*(_one_session(browser, base_url, index, folder)
                                          for index in range(SESSIONS)))
        finally:
            await browser.close()


def test_ten_sessions_at_once_each_see_only_their_own_data(fresh_server, chromium_path, tmp_path):
    # its own thread, so its event loop never meets the synchronous Playwright used by other tests
    with ThreadPoolExecutor(1) as pool:
        results = pool.submit(asyncio.run, _all(chromium_path, fresh_server.url, tmp_path)).result(timeout=400)
    assert len(results) == SESSIONS
    for index, text in results:
        others = [f"{1000 * (other + 1):,} requests a day" for other in range(SESSIONS) if other != index]
        assert not any(other in text for other in others), f"session {index} saw another session's traffic"
