"""Shared links: every page opened first on a freshly started server works and shows the same sidebar."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_PATHS, assert_no_exception, open_page
from tests.conftest import N_QUESTIONS

pytestmark = pytest.mark.browser

SIDEBAR_LINKS = ["Welcome", "Questionnaire", "Dataset", "Costs", "Recommendation", "Strategies"]


@pytest.mark.parametrize("name", list(PAGE_PATHS))
def test_page_opened_first_on_a_fresh_server_renders_with_our_sidebar(fresh_server, page, name):
    open_page(page, fresh_server.url, name)
    assert_no_exception(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    links = sidebar.locator('[data-testid="stPageLink"]')
    expect(links).to_have_count(len(SIDEBAR_LINKS))
    assert [text.split("\n")[-1].strip() for text in links.all_inner_texts()] == SIDEBAR_LINKS
    expect(sidebar).to_contain_text(f"Questionnaire: 0 of {N_QUESTIONS} answered")
    # Streamlit's automatic page list must not appear beside ours
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
