"""Real-browser fixtures: Debian's Chromium driven by Playwright against a running `streamlit run`.

No browser is downloaded: we use $CHROMIUM_PATH or a chromium/chrome on PATH. Without one the browser
tests are skipped with a loud reason, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import NETWORK_GUARD, ROOT

LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"


def find_chromium() -> str | None:
    named = os.environ.get("CHROMIUM_PATH")
    if named:
        return named if Path(named).exists() or shutil.which(named) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free localhost port, stopped when the test is done."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        self.log = ARTIFACTS / f"streamlit-{self.port}.log"
        self.network_log = ARTIFACTS / f"network-{self.port}.log"
        self.private = Path(tempfile.mkdtemp(prefix="fine-tune-advisor-test-"))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> StreamlitServer:
        ARTIFACTS.mkdir(exist_ok=True)
        self.network_log.unlink(missing_ok=True)
        (self.private / "tmp").mkdir()
        (self.private / "tiktoken").mkdir()
        env = {
            **os.environ,
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            # the network guard refuses and records any outbound connection the app attempts
            "PYTHONPATH": os.pathsep.join(filter(None, [str(NETWORK_GUARD), os.environ.get("PYTHONPATH")])),
            "NETWORK_GUARD_LOG": str(self.network_log),
            # a fresh tokenizer cache: the first count must work offline, as on a new laptop
            "TIKTOKEN_CACHE_DIR": str(self.private / "tiktoken"),
            # a private temporary folder, so a test can check nothing uploaded lands on disk
            "TMPDIR": str(self.private / "tmp"),
        }
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
                   "--server.headless", "true", "--server.fileWatcherType", "none"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"streamlit did not answer within 60 s; see {self.log}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def network_attempts(self) -> list[str]:
        return self.network_log.read_text().splitlines() if self.network_log.exists() else []

    def files_containing(self, marker: bytes) -> list[Path]:
        """Files the app wrote to its temporary folder or tokenizer cache that contain `marker`."""
        return [path for path in self.private.rglob("*") if path.is_file() and marker in path.read_bytes()]


@pytest.fixture(scope="session", autouse=True)
def _patient_assertions():
    """A rerun on a loaded machine (CI shares its cores) can take longer than Playwright's 5 s default: assertions
    retry for up to 20 s, which costs nothing when the page is quick."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = ("NO CHROMIUM FOUND: browser tests skipped. Run `make test` as root on Debian to install it, "
                   "or set CHROMIUM_PATH.")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        yield instance
        instance.close()


def _serve() -> Iterator[StreamlitServer]:
    running = StreamlitServer().start()
    yield running
    running.stop()
    assert running.network_attempts() == [], "the app tried to reach the network"


@pytest.fixture(scope="session")
def server() -> Iterator[StreamlitServer]:
    """One server shared by the tests that do not need a fresh one."""
    yield from _serve()


@pytest.fixture
def fresh_server() -> Iterator[StreamlitServer]:
    yield from _serve()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    # a failed screenshot must not hide the test's own result
    with contextlib.suppress(Exception):
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
