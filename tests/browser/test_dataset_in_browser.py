"""Uploading through the real file input and reading the token count on screen."""

import json
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_exception, open_page, wait_for_app
from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.browser


def cli_numbers(path, model="gpt-4o-mini"):
    out = subprocess.run([sys.executable, "-m", "lib", "analyze", str(path), "--model", model, "--json"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def metric(page, label):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator(
        '[data-testid="stMetricValue"]').inner_text()


def test_upload_through_the_file_input_shows_the_cli_token_count(server, page):
    sample = SAMPLES / "recipes.jsonl"
    open_page(page, server.url, "Dataset")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sample))
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Total tokens")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    assert_no_exception(page)
    expected = cli_numbers(sample)
    assert metric(page, "Total tokens") == f"{expected['total_tokens']:,}"
    assert metric(page, "Billed training tokens") == f"{expected['billed_tokens']:,}"
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()


def test_a_binary_upload_gets_a_clear_message(server, page, tmp_path):
    bad = tmp_path / "export.jsonl"
    bad.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    open_page(page, server.url, "Dataset")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(bad))
    expect(page.get_by_text("could not be analysed")).to_be_visible(timeout=30_000)
    assert_no_exception(page)
