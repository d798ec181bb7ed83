"""Every download on the Dataset page holds the file: the bytes saved by the browser equal what the engine (and the
CLI, for conversions) writes for the same file and settings, and one session's click never reads another's file."""

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from lib.catalog.availability import rule_for
from lib.dataset.analysis import analyze
from lib.dataset.doors import load_door_rules
from lib.dataset.export import cleaned_jsonl, train_validation_split
from lib.dataset.formats import LABELS
from lib.dataset.reading import from_path
from tests.browser.helpers import assert_no_exception, choose_select, open_page, wait_for_app
from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.browser


def upload(page, path):
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Total tokens")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    assert_no_exception(page)


def saved_bytes(page, label):
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text=label).first
    with page.expect_download(timeout=30_000) as info:
        button.click()
    return info.value.path().read_bytes()


def cli_convert(path, provider, out):
    subprocess.run([sys.executable, "-m", "lib", "convert", str(path), "--to", provider, "-o", str(out)],
                   cwd=ROOT, capture_output=True, text=True, check=True)
    return out.read_bytes()


@pytest.fixture
def dataset_file(tmp_path):
    """The sample with a broken line and a duplicate, so 'valid only' and the splits have something to drop."""
    lines = (SAMPLES / "recipes.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join([*lines, '{"messages": [', lines[0]]) + "\n", encoding="utf-8")
    return path


def test_every_dataset_download_holds_what_the_cli_writes(server, browser, page, dataset_file, tmp_path):
    open_page(page, server.url, "Dataset")
    upload(page, dataset_file)

    # a second session with another file must not change what the first one downloads
    other = browser.new_context(accept_downloads=True).new_page()
    open_page(other, server.url, "Dataset")
    upload(other, SAMPLES / "recipes.jsonl")

    source = from_path(str(dataset_file))
    report = analyze(source, provider="openai")
    assert report.n_valid < report.n_examples  # the broken line is left out
    assert saved_bytes(page, "Download the cleaned dataset") == cleaned_jsonl(source, report).encode()
    train, validation = train_validation_split(source, report, 0.2)
    assert saved_bytes(page, "Download training split") == train.encode()
    assert saved_bytes(page, "Download validation split") == validation.encode()

    for provider, rules in load_door_rules().items():
        label = f"{rule_for(provider).label} ({LABELS[rules.preferred_format]})"
        choose_select(page, "Convert for", label)
        got = saved_bytes(page, f"Download for {rule_for(provider).label}")
        assert got, f"the download for {provider} is empty"
        assert got == cli_convert(dataset_file, provider, tmp_path / f"cli.{provider}"), provider
    assert_no_exception(page)
    other.context.close()
