"""Hostile uploads in a real browser: nothing uploaded runs as HTML, and the scenario survives bad files."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_exception, open_page, wait_for_app
from tests.conftest import N_QUESTIONS
from tests.hostile_files import CORPUS

pytestmark = pytest.mark.browser


def upload(page, tmp_path, name):
    file_name, content, _ = CORPUS[name]
    path = tmp_path / file_name
    path.write_bytes(content)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    wait_for_app(page)


def test_html_in_an_uploaded_file_and_its_name_is_shown_as_text(server, page, tmp_path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, server.url, "Dataset")
    upload(page, tmp_path, "html_in_content")
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Valid examples")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("<img src=x onerror=alert(3)>.jsonl")).to_be_visible()
    assert page.locator("img[src='x']").count() == 0 and page.locator("main script").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []
    assert_no_exception(page)


@pytest.mark.parametrize("name", ["binary", "invalid_utf8", "deep_nesting", "wrong_columns"])
def test_a_bad_file_gets_a_message_and_the_scenario_is_kept(server, page, tmp_path, name):
    open_page(page, server.url, "Dataset", "?scope=narrow&n_examples=40")
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"2 of {N_QUESTIONS} answered")
    upload(page, tmp_path, name)
    _, _, says = CORPUS[name]
    expect(page.locator("main")).to_contain_text(says, timeout=30_000)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"2 of {N_QUESTIONS} answered")
    assert "n_examples=40" in page.url
    assert_no_exception(page)
