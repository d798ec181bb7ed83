"""How long a presenter waits: loading the demo, switching pages, opening a shared link, building the HTML report.

    .venv/bin/python bench/bench_pages.py            # 3 rounds, median and slowest of each
    .venv/bin/python bench/bench_pages.py --rounds 5

It also switches pages in a plain five-page Streamlit app (bench/reference_app: widgets, a table and one Altair
chart a page) in the same run, and prints the ratio: the target is a page switch at most 1.3x that app's (aim 1.1x).

Each time runs from the click (or the address typed) until Streamlit reports its script finished on a
connected page, the state its own end-to-end tests wait for, in a real Chromium against a real server.
Needs Chromium (see README).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from collections import defaultdict

from bench_concurrency import ARGS, ROOT, chromium_or_exit, serving  # same folder: one set of helpers
from playwright.sync_api import sync_playwright

SETTLED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
PAGES = ("Questionnaire", "Dataset", "Costs", "Recommendation", "Strategies")
REFERENCE = ROOT / "bench" / "reference_app" / "app.py"
TARGETS = {"load the demo": 1.0, "open a shared link (Recommendation)": 1.5}


def _settled(page) -> None:
    page.wait_for_timeout(50)  # let the rerun the action asked for begin before reading the state
    page.wait_for_selector(SETTLED, timeout=120_000)


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _round(browser, url: str, times: defaultdict[str, list[float]]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    times["open the app"].append(_timed(lambda: (page.goto(url), _settled(page))))
    # the demo's click runs Welcome, which switches to Recommendation in a second run: between the two the app
    # reads "not running" for a moment, so wait for the Recommendation page itself, not the first pause
    times["load the demo"].append(_timed(lambda: (
        page.get_by_role("button", name="Load the demo scenario").click(),
        page.wait_for_url("**/Recommendation**", timeout=120_000), _settled(page),
        page.get_by_role("heading", name="Recommendation").wait_for(timeout=120_000), _settled(page))))
    for name in PAGES:
        link = page.locator('[data-testid="stSidebar"]').get_by_role("link", name=name)
        times[f"switch to {name}"].append(_timed(lambda link=link: (link.click(), _settled(page))))
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Recommendation").click()
    _settled(page)
    shared = page.url
    with page.expect_download(timeout=120_000) as download:
        start = time.perf_counter()
        page.get_by_role("button", name="Report (HTML)").click()
    download.value.path()
    times["build the HTML report"].append(time.perf_counter() - start)
    context.close()
    colleague = browser.new_context(viewport={"width": 1280, "height": 720})
    their_page = colleague.new_page()
    times["open a shared link (Recommendation)"].append(_timed(lambda: (their_page.goto(shared), _settled(their_page))))
    colleague.close()


def _reference_round(browser, url: str, times: list[float]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(url)
    _settled(page)
    for name in PAGES:
        link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name)
        times.append(_timed(lambda link=link: (link.click(), _settled(page))))
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    chromium = chromium_or_exit()
    times: defaultdict[str, list[float]] = defaultdict(list)
    reference: list[float] = []
    with serving(subprocess.DEVNULL) as (_, url), serving(subprocess.DEVNULL, REFERENCE) as (_, plain_url), \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(args.rounds):
            _round(browser, url, times)
            _reference_round(browser, plain_url, reference)
        browser.close()
    print(f"seconds over {args.rounds} rounds at 1280x720 (the first round includes loading the tokenizers):")
    for name, values in times.items():
        print(f"  {name:40s} median {statistics.median(values):5.2f}  slowest {max(values):5.2f}"
              + (f"  (target: median under {TARGETS[name]:g} s)" if name in TARGETS else ""))
    switches = [value for name, values in times.items() if name.startswith("switch to") for value in values]
    ours, plain = statistics.median(switches), statistics.median(reference)
    print(f"  {'page switch, every page':40s} median {ours:5.2f}  p90 {statistics.quantiles(switches, n=10)[-1]:5.2f}")
    print(f"  {'page switch, plain five-page app':40s} median {plain:5.2f}  p90 "
          f"{statistics.quantiles(reference, n=10)[-1]:5.2f}")
    print(f"  ratio {ours / plain:.2f}x the plain app (target at most 1.3x, aim 1.1x)")


if __name__ == "__main__":
    main()
