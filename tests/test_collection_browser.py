"""The collection's home page in Chromium: a plain table without JavaScript, sortable and filterable with it."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from test_browser import browser, console_errors  # noqa: F401  (the shared Chromium fixture)

SMALL = REPO / "tests" / "collections" / "small"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    import pipeline.publish.tools
    from pipeline.build.engine import build_project

    project = tmp_path_factory.mktemp("collection-browser") / "small"
    shutil.copytree(SMALL, project, ignore=shutil.ignore_patterns("expected", "output"))
    saved = pipeline.publish.tools.fop_available
    pipeline.publish.tools.fop_available = lambda: False
    try:
        build_project(project, jobs=1)
    finally:
        pipeline.publish.tools.fop_available = saved
    return project / "output" / "html" / "index.html"


def titles(driver) -> list[str]:
    return [row.find_element("css selector", "td a").text for row in
            driver.find_elements("css selector", "[id='ed:documents'] tbody tr") if row.is_displayed()]


def test_the_home_page_sorts_and_filters_within_the_csp(browser, home):  # noqa: F811
    browser.get_log("browser")
    browser.get(home.as_uri())
    assert titles(browser) == ["A Small Diary", "Charles an Ada, 2. 8. 1843", "An Index That Is a Document"]
    select = browser.find_element("id", "ed:document-type")
    assert select.is_displayed()  # shown only when the script runs
    browser.execute_script("arguments[0].value = 'letter'; arguments[0].dispatchEvent(new Event('change'));", select)
    assert titles(browser) == ["Charles an Ada, 2. 8. 1843"]
    browser.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('change'));", select)
    browser.find_element("css selector", "th[data-sort='text'] button").click()
    assert titles(browser) == ["A Small Diary", "An Index That Is a Document", "Charles an Ada, 2. 8. 1843"]
    browser.find_element("css selector", "th[data-sort='text'] button").click()
    assert titles(browser) == ["Charles an Ada, 2. 8. 1843", "An Index That Is a Document", "A Small Diary"]
    assert console_errors(browser) == []  # no CSP violation, no script error


def test_the_search_page_says_what_to_do_when_opened_as_a_file(browser, home):  # noqa: F811
    browser.get(home.with_name("search.html").as_uri())
    note = browser.find_element("id", "search-offline")  # the site step's search page (publish/search.py)
    assert note.is_displayed() and "edition serve" in note.text
    assert not browser.find_element("id", "search").is_displayed()
