"""Starts the app once, drives N browser sessions at the same time, and prints memory and response times.

    .venv/bin/python bench/bench_concurrency.py            # 10 sessions
    .venv/bin/python bench/bench_concurrency.py --sessions 20

Each session opens the Dataset page with its own answers, uploads its own 2,000-example dataset, waits
for the token count, then opens Costs and Recommendation. Reported: the server's peak memory (VmHWM)
and the slowest and median time from an action to the page being drawn. Needs Chromium (see README).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def chromium_or_exit() -> str:
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
    if not chromium:
        sys.exit("No Chromium found; run `make test` once (it installs it) or set CHROMIUM_PATH.")
    return chromium


@contextlib.contextmanager
def serving(log, script: Path | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """The app (or another Streamlit script) on a free port while the block runs; stopped after it, whatever happens."""
    server, url = start_server(_free_port(), log, script)
    try:
        yield server, url
    finally:
        server.terminate()
        server.wait(timeout=20)


def start_server(port: int, log, script: Path | None = None) -> tuple[subprocess.Popen, str]:
    """The app on `port`, once its health check answers; its output goes to `log`."""
    script = script or ROOT / "app.py"
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                               "--server.headless", "true"], cwd=script.parent, stdout=log,
                              stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    return server, url


async def _drawn(page) -> None:
    await page.wait_for_selector('[data-testid="stSidebar"]')
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')")


async def _session(browser, url: str, index: int, folder: Path, timings: list[float]) -> None:
    path = folder / f"team-{index}.jsonl"
    lines = [json.dumps({"messages": [{"role": "user", "content": f"team {index} request {i}"},
                                      {"role": "assistant", "content": "Tomato soup. " * 40}]}) for i in range(2000)]
    path.write_text("\n".join(lines) + "\n")
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(180_000)

    async def timed(action) -> None:
        start = time.perf_counter()
        await action()
        timings.append(time.perf_counter() - start)

    async def open_dataset() -> None:
        await page.goto(f"{url}/Dataset?requests_per_day={1000 * (index + 1)}")
        await _drawn(page)

    async def upload() -> None:
        await page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
        await page.locator('[data-testid="stMetric"]').filter(has_text="Total tokens").wait_for()
        await _drawn(page)

    async def open_page(name: str) -> None:
        await page.locator('[data-testid="stSidebar"]').get_by_role("link", name=name).click()
        await page.wait_for_timeout(200)
        await _drawn(page)

    await timed(open_dataset)
    await timed(upload)
    await timed(lambda: open_page("Costs"))
    await timed(lambda: open_page("Recommendation"))
    await context.close()


async def _drive(chromium: str, url: str, sessions: int, folder: Path) -> list[float]:
    timings: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=ARGS)
        await asyncio.gather(*(_session(browser, url, index, folder, timings) for index in range(sessions)))
        await browser.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()
    chromium = chromium_or_exit()
    with tempfile.TemporaryDirectory() as folder, serving(subprocess.DEVNULL) as (server, url):
        idle_kb = _status_kb(server.pid, "VmRSS")
        start = time.perf_counter()
        timings = asyncio.run(_drive(chromium, url, args.sessions, Path(folder)))
        wall = time.perf_counter() - start
        peak_kb = _status_kb(server.pid, "VmHWM")
    print(f"sessions: {args.sessions} at once, each uploading a 2,000-example dataset")
    print(f"server memory: {idle_kb / 1024:,.0f} MB idle, {peak_kb / 1024:,.0f} MB peak")
    print(f"page responses: slowest {max(timings):.2f} s, median {statistics.median(timings):.2f} s "
          f"over {len(timings)} actions; all sessions done in {wall:.1f} s")


if __name__ == "__main__":
    main()
