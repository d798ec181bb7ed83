"""What a session leaves behind when its tab closes: server memory and CPU, measured on a real server.

    .venv/bin/python bench/bench_session_end.py                 # 10 sessions x 40 MB, then one cancelled run
    .venv/bin/python bench/bench_session_end.py --sessions 4 --file-mb 20

1. Memory: the server's resident memory idle, at its peak while N sessions each hold an F MB dataset and
   its analysis (they upload in turn and stay open), and every 15 s for --wait seconds after all their tabs
   close (the app frees a closed session's data after a 60-second grace period; Streamlit itself keeps the
   session until another connects), then after one more visitor comes and goes. A 1 MB warm-up analysis runs
   first, so what loads once (tokenizers, page code) is not counted against the sessions.
2. Work after leaving: one session uploads a large file and closes its tab while the analysis runs; the
   server's CPU seconds over the next 30 s say whether the analysis stopped.
Needs Chromium (see README).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path

from bench_concurrency import ARGS, _drawn, _status_kb, chromium_or_exit, serving  # same folder: one set of helpers
from playwright.async_api import async_playwright


def _rss_mb(pid: int) -> float:
    return _status_kb(pid, "VmRSS") / 1024


def _peak_mb(pid: int) -> float:
    return _status_kb(pid, "VmHWM") / 1024


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _dataset(path: Path, megabytes: int, tag: str) -> None:
    line = json.dumps({"messages": [{"role": "user", "content": f"{tag}: plan a week of dinners. " * 6},
                                    {"role": "assistant", "content": "Monday: lentil soup. " * 40}]}) + "\n"
    with path.open("w") as file:
        for index in range(megabytes * 1_000_000 // len(line)):
            file.write(line.replace("dinners", f"dinners {index}", 1))


async def _upload(browser, url: str, path: Path, wait_for_result: bool):
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(600_000)
    await page.goto(f"{url}/Dataset")
    await _drawn(page)
    await page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    if wait_for_result:
        await page.locator('[data-testid="stMetric"]').filter(has_text="Total tokens").wait_for()
    else:
        await page.get_by_text("Counting tokens", exact=False).first.wait_for()
    return context


async def _visit(chromium: str, url: str) -> None:
    """One visitor who opens the app and leaves: Streamlit drops its disconnected sessions when one connects."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = await browser.new_page()
        await page.goto(url)
        await _drawn(page)
        await browser.close()


async def _sessions(chromium: str, url: str, paths: list[Path], wait_for_result: bool) -> None:
    """Each session uploads in turn and keeps its tab open, so all of them hold their data at once; then every
    tab closes together. (Ten large uploads at the same moment through one Playwright driver stalled here.)"""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=ARGS)
        contexts = [await _upload(browser, url, path, wait_for_result) for path in paths]
        for context in contexts:
            await context.close()
        await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--file-mb", type=int, default=40)
    parser.add_argument("--wait", type=int, default=120, help="seconds to watch memory after the tabs close")
    parser.add_argument("--cancel-mb", type=int, default=150, help="size of the file whose tab closes mid-run")
    args = parser.parse_args()
    chromium = chromium_or_exit()
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"team-{index}.jsonl" for index in range(args.sessions)]
        for index, path in enumerate(paths):
            _dataset(path, args.file_mb, f"team {index}")
        big = Path(folder) / "big.jsonl"
        _dataset(big, args.cancel_mb, "big")
        small = Path(folder) / "warm-up.jsonl"
        _dataset(small, 1, "warm-up")
        log = (Path(folder) / "server.log").open("w")
        with serving(log) as (server, url):
            idle = _rss_mb(server.pid)
            # one small analysis first: what loads once (tokenizers, pages, charts) is not a session's to free
            asyncio.run(_sessions(chromium, url, [small], wait_for_result=True))
            time.sleep(5)
            warm = _rss_mb(server.pid)
            asyncio.run(_sessions(chromium, url, paths, wait_for_result=True))
            closed = _rss_mb(server.pid)
            peak = _peak_mb(server.pid)
            samples = []
            for second in range(0, args.wait + 1, 15):
                samples.append((second, _rss_mb(server.pid)))
                time.sleep(15)
            asyncio.run(_visit(chromium, url))
            time.sleep(15)
            after_visit = _rss_mb(server.pid)
            asyncio.run(_sessions(chromium, url, [big], wait_for_result=False))
            start_cpu = _cpu_seconds(server.pid)
            time.sleep(30)
            after_cancel = _cpu_seconds(server.pid) - start_cpu
        log.close()
        errors = [line for line in (Path(folder) / "server.log").read_text().splitlines() if "Error" in line]
        if errors:
            print("server errors:", *errors[:10], sep="\n  ")
    print(f"memory: {args.sessions} sessions each uploaded {args.file_mb} MB and saw its analysis")
    print(f"  server RSS idle {idle:,.0f} MB; after a 1 MB warm-up analysis {warm:,.0f} MB; peak {peak:,.0f} MB; "
          f"when the tabs closed {closed:,.0f} MB")
    print("  after closing: " + ", ".join(f"{second} s {mb:,.0f} MB" for second, mb in samples))
    print(f"  15 s after one more visitor came and went (Streamlit then drops closed sessions): {after_visit:,.0f} MB; "
          f"{after_visit - warm:+,.0f} MB against the warm server")
    print(f"work after leaving: a tab closed while its {args.cancel_mb} MB analysis ran; the server then used "
          f"{after_cancel:.1f} CPU seconds in 30 s")


if __name__ == "__main__":
    main()
