"""An uploaded file is analysed in memory: never written to disk, never logged, never sent anywhere."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_page, wait_for_app
from tests.dataset.helpers import chat, jsonl

pytestmark = pytest.mark.browser

MARKER = "zqx-private-marker-7731"


def test_an_upload_leaves_no_trace_on_disk_in_logs_or_on_the_network(fresh_server, page, tmp_path):
    upload = tmp_path / "customer-export.jsonl"
    upload.write_bytes(jsonl(*[chat(user=f"{MARKER} question {i}") for i in range(12)]))
    open_page(page, fresh_server.url, "Dataset")
    expect(page.get_by_text("Your file stays on this machine")).to_be_visible()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Valid examples")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    fresh_server.stop()
    assert MARKER not in fresh_server.log.read_text(errors="replace")
    assert fresh_server.files_containing(MARKER.encode()) == []
    assert fresh_server.network_attempts() == []


def test_no_page_makes_the_browser_reach_beyond_this_machine(server, page):
    """Not even for a favicon or a font: a page icon named `:material/...:` would fetch one from Google."""
    outside: list[str] = []

    def note(request) -> None:
        host = urlparse(request.url).hostname or ""
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in ("localhost", "127.0.0.1"):
            outside.append(request.url)

    page.on("request", note)
    for name in ("Welcome", "Questionnaire", "Dataset", "Costs", "Recommendation", "Strategies"):
        open_page(page, server.url, name, "?requests_per_day=5000&input_tokens=120&output_tokens=450&n_examples=80")
        page.wait_for_load_state("networkidle")
    assert outside == []
