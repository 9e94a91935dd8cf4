"""The diary's HTML edition in a real browser: Debian's headless Chromium, driven through Selenium.

What a reader does: open the index, follow a name to its register entry and back to the text, open a
note in place and in the list, switch between the corrected and the diplomatic reading, use the
keyboard. On every page: no console error, no internal link that leads nowhere, and a screenshot
that is not blank. The site is served both from the file system and from a local web server.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import struct
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from pipeline.publish.transform import Transformer

REPO = Path(__file__).resolve().parent.parent
DIARY = REPO / "tei" / "serge-diary-ii.xml"
STEM = DIARY.stem
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
PAGES = ("index.html", f"{STEM}.html", "persons.html", "places.html", "organisations.html")


# --- the site and the browser -----------------------------------------------------------------------

@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The diary's edition site as `edition build` lays it out (html/ beside text/), without the PDF."""
    root = tmp_path_factory.mktemp("browser-site")
    transformer = Transformer()
    for folder, target, params in (("html", "html", {"site": "yes", "downloads": "tei text"}), ("text", "text", {})):
        (root / folder).mkdir()
        for name, data in transformer.render(DIARY, target, params).items():
            (root / folder / name).write_bytes(data)
    return root / "html"


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("Chromium and its driver are not installed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--window-size=1200,900", "--lang=en"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver's path is given, so Selenium never tries to download one. Chromium keeps its
    # singleton socket in a folder of the temporary directory that it leaves behind when the driver
    # ends it (one per run, 84 in /tmp after a day): TMPDIR points it at a folder pytest cleans.
    scratch = tmp_path_factory.mktemp("chromium")
    service = Service(CHROMEDRIVER, env={**os.environ, "TMPDIR": str(scratch)})
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser, site):
    """Open a page of the site (``page("persons.html#kriv")``) with a clean console log."""
    browser.get_log("browser")  # drop what earlier tests left

    def open_page(relative: str):
        browser.get(site.joinpath(relative.partition("#")[0]).as_uri() + _fragment(relative))
        return browser

    return open_page


def _fragment(relative: str) -> str:
    return "#" + relative.partition("#")[2] if "#" in relative else ""


def console_errors(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def current_page(browser) -> tuple[str, str]:
    url, fragment = urldefrag(browser.current_url)
    return Path(unquote(urlparse(url).path)).name, fragment


def in_viewport(browser, element) -> bool:
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.bottom > 0 && r.top < window.innerHeight && r.width > 0;", element)


def visible_text(browser, element) -> str:
    return " ".join(browser.execute_script("return arguments[0].innerText;", element).split())


# --- following links ------------------------------------------------------------------------------------

def test_index_opens_with_the_edition_title_and_contents(page):
    browser = page("index.html")
    assert browser.title.startswith("The Diary of Victor Serge")
    assert browser.find_element("css selector", "h1").text.startswith("The Diary of Victor Serge")
    entries = browser.find_elements("css selector", "main a[href*='#']")
    assert len(entries) > 20  # contents by section and chronology link into the text
    assert console_errors(browser) == []


def test_a_name_leads_to_its_register_entry_and_back_to_the_same_mention(page):
    browser = page(f"{STEM}.html")
    name = next(a for a in browser.find_elements("css selector", "main a.name[href^='persons.html#']")
                if a.text.strip() == "Krivitsky")
    mention_id = name.get_attribute("id")
    entry_id = name.get_attribute("href").partition("#")[2]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", name)
    name.click()
    assert current_page(browser) == ("persons.html", entry_id)
    entry = browser.find_element("id", entry_id)
    assert in_viewport(browser, entry)
    assert "Krivitsky" in entry.find_element("css selector", "h2").text
    back = entry.find_element("css selector", f"a.mention[href$='#{mention_id}']")
    back.click()
    assert current_page(browser) == (f"{STEM}.html", mention_id)
    assert in_viewport(browser, browser.find_element("id", mention_id))
    assert console_errors(browser) == []


def test_where_krivitsky_appears_is_one_click_from_the_person_index(page):
    browser = page("persons.html")
    entry = next(e for e in browser.find_elements("css selector", "article.entity")
                 if "Krivitsky" in e.find_element("css selector", "h2").text)
    entry_id = entry.get_attribute("id")
    mentions = entry.find_elements("css selector", "a.mention")
    assert len(mentions) >= 5  # he is all through the diary
    groups = entry.find_elements("css selector", "ul.mentions > li")
    assert groups and all(g.find_elements("css selector", "a.context") for g in groups)  # grouped by entry
    mentions[0].click()
    file, fragment = current_page(browser)
    target = browser.find_element("id", fragment)
    assert file == f"{STEM}.html" and in_viewport(browser, target)
    assert target.get_attribute("href").endswith("#" + entry_id)


def test_a_note_opens_in_place_and_in_the_list_and_links_back(page):
    browser = page(f"{STEM}.html")
    call = browser.find_elements("css selector", "a.noteref")[0]
    peek = browser.find_element("id", call.get_attribute("aria-describedby"))
    assert not peek.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", call)
    browser.execute_script("arguments[0].focus();", call)  # keyboard focus opens it, no script needed
    assert peek.is_displayed() and len(visible_text(browser, peek)) > 10
    note_id = call.get_attribute("href").partition("#")[2]
    call.click()
    assert current_page(browser)[1] == note_id
    note = browser.find_element("id", note_id)
    assert in_viewport(browser, note)
    assert visible_text(browser, peek)[2:].split()[:5] == visible_text(browser, note).split()[1:6] or \
        visible_text(browser, note).split()[1] in visible_text(browser, peek)
    note.find_element("css selector", "a.note-back").click()
    assert current_page(browser)[1] == call.get_attribute("id")
    assert in_viewport(browser, call)


def test_an_open_note_stays_inside_the_window_wherever_its_call_is(page):
    browser = page(f"{STEM}.html")
    for call in browser.find_elements("css selector", "a.noteref"):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", call)
        peek = browser.find_element("id", call.get_attribute("aria-describedby"))
        left, right = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.left, r.right];", peek)
        assert 0 <= left and right <= browser.execute_script("return document.documentElement.clientWidth;"), \
            f"note {call.text} opens outside the window ({left:.0f}-{right:.0f} px)"
        assert not _scrolls_sideways(browser)


def test_narrow_screens_do_not_scroll_sideways(page):
    browser = page(f"{STEM}.html")
    try:
        browser.set_window_size(380, 800)
        for name in PAGES:
            page(name)
            assert not _scrolls_sideways(browser), name
    finally:
        browser.set_window_size(1200, 900)


def _scrolls_sideways(browser) -> bool:
    return browser.execute_script(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;")


def test_the_reading_toggle_switches_the_text_and_is_remembered(page):
    browser = page(f"{STEM}.html")
    root = browser.find_element("css selector", "html")
    correction = browser.find_element("css selector", "span.choice.correction")
    corrected = correction.find_element("css selector", ".reading-corrected")
    diplomatic = correction.find_element("css selector", ".reading-diplomatic")
    assert root.get_attribute("data-reading") == "corrected"
    assert corrected.is_displayed() and not diplomatic.is_displayed()
    toggle = browser.find_element("id", "ed:reading-toggle")
    assert toggle.is_displayed() and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert root.get_attribute("data-reading") == "diplomatic"
    assert toggle.get_attribute("aria-pressed") == "true"
    assert diplomatic.is_displayed() and not corrected.is_displayed()
    browser.refresh()
    assert browser.find_element("css selector", "html").get_attribute("data-reading") == "diplomatic"
    browser.find_element("id", "ed:reading-toggle").click()  # leave the corrected reading for other tests
    assert browser.find_element("css selector", "html").get_attribute("data-reading") == "corrected"
    assert console_errors(browser) == []


def test_the_original_of_a_correction_shows_on_keyboard_focus(page):
    browser = page(f"{STEM}.html")
    corrected = browser.find_element("css selector", "span.choice.correction .reading-corrected")
    original = corrected.get_attribute("data-other")
    assert original and original in corrected.get_attribute("title")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", corrected)
    shown = browser.execute_script("return getComputedStyle(arguments[0], '::after').content;", corrected)
    assert original in shown


def test_keyboard_users_can_skip_to_the_text(page):
    from selenium.webdriver.common.keys import Keys

    browser = page("index.html")
    browser.find_element("css selector", "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert "skip-link" in focused.get_attribute("class") and focused.is_displayed()
    outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle;", focused)
    assert outline != "none"  # a visible focus ring
    focused.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "ed:main"


# --- every page -----------------------------------------------------------------------------------------

def test_no_console_errors_and_no_broken_internal_link_on_any_page(page, site):
    browser = page("index.html")
    links: dict[str, set[str]] = {}  # target file -> fragments linked to
    for name in PAGES:
        page(name)
        assert console_errors(browser) == [], name
        hrefs = browser.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href);")
        for href in hrefs:
            url, fragment = urldefrag(href)
            if urlparse(url).scheme != "file":
                assert urlparse(url).scheme in ("http", "https"), href  # only authority links leave the site
                continue
            links.setdefault(unquote(urlparse(url).path), set()).add(fragment)
    assert len(links) >= len(PAGES) + 2  # the pages, the TEI and the plain-text downloads
    for target, fragments in sorted(links.items()):
        path = Path(target)
        assert path.is_file(), f"link to a missing file: {path}"
        fragments.discard("")
        if not fragments:
            continue
        browser.get(path.as_uri())
        ids = set(browser.execute_script("return Array.from(document.querySelectorAll('[id]'), e => e.id);"))
        assert not fragments - ids, f"{path.name}: links to missing anchors {sorted(fragments - ids)[:5]}"


@pytest.mark.parametrize("name", PAGES)
def test_no_page_renders_blank(page, name, tmp_path):
    browser = page(name)
    shot = tmp_path / "page.png"
    browser.save_screenshot(str(shot))
    assert not looks_blank(shot), f"{name} renders blank"


def test_the_blank_page_check_can_fail(browser, tmp_path):
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html lang='en'><title>x</title><body style='background:#fdfcf8'></body></html>")
    browser.get(blank.as_uri())
    shot = tmp_path / "blank.png"
    browser.save_screenshot(str(shot))
    assert looks_blank(shot)


def test_the_site_works_from_a_web_server_too(browser, site):
    handler = functools.partial(_QuietHandler, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        browser.get_log("browser")
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/html/{STEM}.html")
        toggle = browser.find_element("id", "ed:reading-toggle")
        assert toggle.is_displayed()  # the script ran under the page's Content Security Policy
        toggle.click()
        toggle.click()
        assert console_errors(browser) == []
        styled = browser.execute_script("return getComputedStyle(document.body).fontFamily;")
        assert styled and styled != "Times New Roman"  # the stylesheet loaded
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


# --- screenshots ----------------------------------------------------------------------------------------

def looks_blank(png: Path) -> bool:
    """True when (almost) every pixel of the screenshot has the page's background colour."""
    width, height, rows = _png_rows(png.read_bytes())
    colours: dict[bytes, int] = {}
    for row in rows[::4]:  # every fourth row and pixel is plenty for text
        for x in range(0, len(row), 4 * 4):
            pixel = bytes(row[x:x + 3])
            colours[pixel] = colours.get(pixel, 0) + 1
    total = sum(colours.values())
    background = max(colours.values())
    return total - background < total * 0.01


def _png_rows(data: bytes) -> tuple[int, int, list[bytearray]]:
    """Decode an 8-bit RGBA PNG (what Chromium writes) into rows of RGBA bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, bytearray(), None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        chunk = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    channels = {6: 4, 2: 3}[colour_type]
    assert depth == 8 and interlace == 0, "only 8-bit non-interlaced PNGs are expected"
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        previous = row  # the next row's filters refer to this row's decoded bytes
        if channels == 3:  # pad to RGBA so callers can step by four
            row = bytearray(b"".join(bytes(row[i:i + 3]) + b"\xff" for i in range(0, stride, 3)))
        rows.append(row)
    return width, height, rows



def test_the_published_tei_copy_runs_no_script(browser, tmp_path):
    """Opened in Chromium, the original runs its embedded scripts; the copy published beside the pages runs none."""
    import time

    original = Path(__file__).parent / "data" / "hostile" / "tei-copy-scripts.xml"
    files = Transformer().render(original, "html", {"site": "yes", "downloads": "tei"})
    (tmp_path / "published").mkdir()
    copy = tmp_path / "published" / original.name
    copy.write_bytes(files[original.name])
    marks = ("data-ran-script", "data-ran-onload", "data-ran-onerror")

    def ran(path: Path) -> list[str]:
        browser.get(path.as_uri())
        time.sleep(0.5)  # onerror fires after the failed image load
        return [m for m in marks if browser.execute_script(f"return document.documentElement.getAttribute('{m}')")]

    assert ran(original) == list(marks)  # the browser does run such content
    assert ran(copy) == []
    browser.get_log("browser")  # the original's failed image is expected: leave no error to the next test


# --- presentation the TEI asks for (tests/cases/rendition, tests/cases/verse-lines) ----------------------

def _open_case_page(browser, tmp_path: Path, case: str) -> None:
    """Open a test case's page, its stylesheet applied before anything is measured: once, in a
    fresh clone's CI run, the shared lines measured as if there were no stylesheet at all."""
    for name, data in Transformer().render(REPO / "tests" / "cases" / case / "input.xml", "html", {}).items():
        (tmp_path / name).write_bytes(data)
    browser.get((tmp_path / "input.html").as_uri())
    deadline = time.monotonic() + 10
    while not browser.execute_script(
            "return getComputedStyle(document.documentElement).getPropertyValue('--muted') !== '';"):
        assert time.monotonic() < deadline, "the page's stylesheet was never applied"
        time.sleep(0.05)


def _style(browser, selector: str, prop: str) -> str:
    return browser.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]];", selector, prop)


def test_rendition_reaches_the_reader(browser, tmp_path):
    """dateline rend=right is right-aligned (the page's own 'p' rule must not win), a bare hi is
    italic, indent(2) indents twice as far as indent, rend=block is a block."""
    _open_case_page(browser, tmp_path, "rendition")
    assert _style(browser, "p.dateline", "textAlign") == "right"
    assert _style(browser, "p.signed", "textAlign") == "right"
    assert _style(browser, "p.center", "textAlign") == "center"
    assert _style(browser, ".text p > span.hi.italic", "fontStyle") == "italic"
    assert _style(browser, ".hi.upright", "fontStyle") == "normal"
    assert _style(browser, ".hi.bold", "fontWeight") in ("700", "bold")
    rem = float(browser.execute_script("return getComputedStyle(document.documentElement).fontSize;")[:-2])
    assert float(_style(browser, "p.indent-2", "paddingLeft")[:-2]) == 4 * rem
    assert _style(browser, ".seg.display-block", "display") == "block"
    assert console_errors(browser) == []


def test_shared_lines_start_after_the_earlier_parts(browser, tmp_path):
    _open_case_page(browser, tmp_path, "verse-lines")
    starts = browser.execute_script(
        "return [...document.querySelectorAll('.sp .l')].slice(4, 7).map("
        "l => { const r = document.createRange(); r.selectNodeContents(l.lastChild);"
        " return r.getBoundingClientRect().left; });")
    # Line 5 (part I), its continuation (M) and its end (F) start further and further right.
    assert starts[0] < starts[1] < starts[2], starts
