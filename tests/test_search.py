"""The static full-text search (Pagefind) and the preview server (`edition serve`).

A small collection written here in English, German, Latin and Greek is transformed by the real
stylesheets, indexed by the real Pagefind binary and searched in Chromium through a real local web
server: one search box must find a word of every language and link to the section it stands in.
Filters are checked through Pagefind's own JavaScript API in the browser. A second site made with
`edition transform` from the diary and the shared corpus skips where ../shared is absent.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipeline.errors import EditionError
from pipeline.publish.search import (
    BUNDLE_DIR, SEARCH_CSP, SEARCH_PAGE, index_site, pagefind_executable, search_page, site_language,
    write_search_page)
from pipeline.publish.serve import MIME_TYPES, site_folder, start_server
from pipeline.publish.transform import HTML_ASSETS, Transformer
from test_browser import browser  # noqa: F401 - the test suite's one Chromium fixture (skips without it)

REPO = Path(__file__).resolve().parent.parent
DIARY = REPO / "tei" / "serge-diary-ii.xml"

pytestmark = pytest.mark.skipif(pagefind_executable() is None,
                                reason="Pagefind is not installed (pip install -e . installs pagefind[extended])")


# --- a small collection in four languages ----------------------------------------------------------

def _tei(lang: str, title: str, date: str, first: tuple[str, str], second: tuple[str, str],
         extra_header: str = "", standoff: str = "", kind: str = "") -> str:
    type_attr = f' type="{kind}"' if kind else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"{type_attr}>
  <teiHeader>
    <fileDesc>
      <titleStmt><title>{title}</title><author>Test Author</author></titleStmt>
      <publicationStmt><p>Written for the tests of tei-edition.</p></publicationStmt>
      <sourceDesc><p>No source: invented text.</p></sourceDesc>
    </fileDesc>
    <profileDesc>
      {extra_header}
      <creation><date when="{date}">{date}</date></creation>
      <langUsage><language ident="{lang}">{lang}</language></langUsage>
    </profileDesc>
  </teiHeader>
  {standoff}
  <text><body>
    <div><head>{first[0]}</head><p>{first[1]}</p></div>
    <div><head>{second[0]}</head><p>{second[1]}</p></div>
  </body></text>
</TEI>
"""


#: stem -> (TEI, a word of its second section, that section's heading)
DOCUMENTS = {
    "harbour-log": (_tei(
        "en", "The Harbour Log", "1899-04-02",
        ("Morning", "The tide came in slowly over the grey sand and the boats waited."),
        ("Evening", 'At dusk <persName ref="#ada">Ada</persName> climbed to the lighthouse and lit the great lamp.'),
        standoff='<standOff><listPerson><person xml:id="ada"><persName>Ada Lovelace</persName></person>'
                 '</listPerson></standOff>'),
        "lighthouse", "Evening"),
    "brief-an-marie": (_tei(
        "de", "Ein Brief an Marie", "1901-05-03",
        ("Anrede", "Liebe Marie, ich schreibe dir aus dem kleinen Dorf am See."),
        ("Nachricht", "Der alte Leuchtturmwärter hat mir heute vom Sturm erzählt."),
        extra_header='<correspDesc><correspAction type="sent"><persName>Karl</persName>'
                     '<date when="1901-05-03"/></correspAction></correspDesc>'),
        "Leuchtturmwärter", "Nachricht"),
    "de-agricultura": (_tei(
        "la", "De agricultura", "1650",
        ("Prooemium", "Est interdum praestare populo mercaturis rem quaerere."),
        ("Praeceptum", "Agricolae boni virique strenui ex agris nascuntur.")),
        "agricolae", "Praeceptum"),
    "iliad-proem": (_tei(
        "grc", "Ἰλιάς", "1700", ("Προοίμιον", "Ἄνδρα μοι ἔννεπε, μοῦσα, πολύτροπον."),
        ("Ἀρχή", "μῆνιν ἄειδε θεὰ Πηληϊάδεω Ἀχιλῆος οὐλομένην"), kind="epic"),
        "μῆνιν", "Ἀρχή"),
}


def _build_site(root: Path, sources: dict[str, Path]) -> Path:
    """The document pages and assets of an edition site (no home or register pages: those are the
    site step's), plus the search page and the index."""
    site = root / "html"
    site.mkdir(parents=True)
    transformer = Transformer()
    for stem, source in sources.items():
        pages = transformer.render(source, "html", {"site": "yes", "stem": stem})
        for name in (f"{stem}.html", *HTML_ASSETS):
            (site / name).write_bytes(pages[name])
    write_search_page(site, "Test collection")
    return site


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> dict[str, Path]:
    sources = tmp_path_factory.mktemp("collection-tei")
    paths = {}
    for stem, (tei, _, _) in DOCUMENTS.items():
        paths[stem] = sources / f"{stem}.xml"
        paths[stem].write_text(tei, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def site(tmp_path_factory, collection) -> Path:
    site = _build_site(tmp_path_factory.mktemp("collection-site"), collection)
    index_site(site)
    return site


def _heading_id(page: Path, text: str) -> str:
    tree = lxml_html.fromstring(page.read_bytes())
    found = [h for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6") if h.text_content().strip() == text]
    assert found, f"no heading {text!r} in {page.name}"
    return found[0].get("id")


# --- the index --------------------------------------------------------------------------------------

def test_index_covers_every_document_in_one_language(tmp_path, collection):
    site = _build_site(tmp_path, collection)
    report = index_site(site)
    bundle = site / BUNDLE_DIR
    assert report.bundle == bundle and (bundle / "pagefind-entry.json").is_file()
    # Four documents; the search page has no data-pagefind-body and is left out.
    assert report.pages == len(DOCUMENTS)
    assert report.words > 40
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # One index for en, de, la and grc pages: the search box of any page searches them all.
    assert list(entry["languages"]) == [report.language]
    assert entry["languages"][report.language]["page_count"] == len(DOCUMENTS)
    assert len(list((bundle / "fragment").glob("*.pf_fragment"))) == len(DOCUMENTS)
    measured = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    assert report.index_bytes + report.runtime_bytes == measured
    assert report.index_bytes > 0 and report.runtime_bytes > report.index_bytes  # a tiny site
    assert report.html_bytes == sum(p.stat().st_size for p in site.glob("*.html"))
    assert 0 < report.ratio == report.index_bytes / report.html_bytes
    assert f"indexed {len(DOCUMENTS)} page(s)" in report.summary()


def test_the_index_language_is_the_most_common_one(tmp_path):
    for name, lang in (("a", "de-AT"), ("b", "de"), ("c", "en"), ("d", "und")):
        (tmp_path / f"{name}.html").write_text(f'<!DOCTYPE html><html lang="{lang}"><body><main data-pagefind-body>'
                                               f'<p>word {name}</p></main></body></html>', encoding="utf-8")
    assert site_language(tmp_path) == "de"
    (tmp_path / "e.html").write_text('<html lang="en"><body><main data-pagefind-body>x</main></body></html>')
    assert site_language(tmp_path) == "de"  # a tie goes to the alphabetically first
    assert index_site(tmp_path, language="la").language == "la"


def test_index_pages_are_cut_at_headings_with_ids(site):
    fragments = [json.loads(_pagefind_decode(p)) for p in sorted((site / BUNDLE_DIR / "fragment").iterdir())]
    by_url = {f["url"]: f for f in fragments}
    for stem, (_, _, heading) in DOCUMENTS.items():
        anchors = [a for a in by_url[f"/{stem}.html"]["anchors"] if re.fullmatch(r"h\d", a["element"])]
        assert {"id": _heading_id(site / f"{stem}.html", heading), "text": heading} in [
            {"id": a["id"], "text": a["text"]} for a in anchors]
    # Only headings: the other elements with ids (names, notes, lines) would copy the text again.
    page = (site / "harbour-log.html").read_text(encoding="utf-8")
    assert re.search(r'<a [^>]*id="ed-persName-\d+"', page)
    assert all(re.fullmatch(r"h\d", a["element"]) for f in fragments for a in f["anchors"])
    # The banner and footer every page repeats are not indexed, only <main>.
    assert "Skip to the text" not in by_url["/harbour-log.html"]["content"]
    assert "lighthouse" in by_url["/harbour-log.html"]["content"]


def test_filters_by_type_year_and_entity_are_in_the_index(site):
    fragments = {f["url"]: f for f in (json.loads(_pagefind_decode(p)) for p in (site / BUNDLE_DIR / "fragment").iterdir())}
    assert fragments["/brief-an-marie.html"]["filters"] == {"type": ["letter"], "year": ["1901"]}
    assert fragments["/iliad-proem.html"]["filters"] == {"type": ["epic"], "year": ["1700"]}
    assert fragments["/harbour-log.html"]["filters"] == {"type": ["text"], "year": ["1899"], "person": ["Ada Lovelace"]}


def test_index_build_is_deterministic_but_for_pagefinds_filter_order(tmp_path, collection):
    """Pagefind 1.5 writes each filter's values in hash-map order, which changes from run to run: the
    filter files (named by their hash), the language's .pf_meta that lists them and
    pagefind-entry.json that names that differ in order only. Everything else is byte-identical."""
    site = _build_site(tmp_path, collection)
    index_site(site)
    first = _snapshot(site / BUNDLE_DIR)
    index_site(site)
    second = _snapshot(site / BUNDLE_DIR)
    varying = re.compile(r"^(filter/.*|pagefind-entry\.json|pagefind\..*\.pf_meta)$")
    assert {k: v for k, v in first.items() if not varying.match(k)} == \
           {k: v for k, v in second.items() if not varying.match(k)}
    assert any(k.startswith("fragment/") for k in first) and any(k.startswith("index/") for k in first)
    # The filter files hold the same values in another order: the same bytes, differently arranged.
    def filter_bytes(snapshot):
        return sorted(sorted(_pagefind_decode(Path(k), raw=v[1])) for k, v in snapshot.items() if k.startswith("filter/"))
    assert filter_bytes(first) == filter_bytes(second) != []


def test_a_stale_index_is_replaced(tmp_path, collection):
    site = _build_site(tmp_path, {"harbour-log": collection["harbour-log"]})
    stale = site / BUNDLE_DIR / "fragment" / "en_stale.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    assert index_site(site).pages == 1
    assert not stale.exists()


def test_index_errors_are_one_line(tmp_path):
    with pytest.raises(EditionError, match="no such site folder"):
        index_site(tmp_path / "missing")
    with pytest.raises(EditionError, match="no HTML page to index"):
        index_site(tmp_path)
    (tmp_path / "a.html").write_text("<html lang='en'><body><main data-pagefind-body>x</main></body></html>")
    with pytest.raises(EditionError, match="not a language code") as raised:
        index_site(tmp_path, language="en; rm -rf")
    assert "\n" not in str(raised.value)


def test_only_the_search_page_allows_webassembly(site):
    assert "'wasm-unsafe-eval'" in SEARCH_CSP and "'unsafe-eval'" not in SEARCH_CSP.replace("'wasm-unsafe-eval'", "")
    assert f'content="{SEARCH_CSP}"' in (site / SEARCH_PAGE).read_text(encoding="utf-8")
    for stem in DOCUMENTS:
        page = (site / f"{stem}.html").read_text(encoding="utf-8")
        assert "Content-Security-Policy" in page and "wasm-unsafe-eval" not in page


def test_the_search_page_escapes_the_site_title():
    page = search_page('Letters & "Diaries" <1900>')
    assert "<title>Search — Letters &amp; &quot;Diaries&quot; &lt;1900&gt;</title>" in page
    assert "<1900>" not in page


# --- in Chromium, through a web server --------------------------------------------------------------

@pytest.fixture(scope="module")
def served(site):
    server = start_server(site, port=0).start_in_background()
    try:
        yield server.url
    finally:
        server.stop()


def _search(browser, url: str, word: str) -> list:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url + SEARCH_PAGE)
    box = WebDriverWait(browser, 20).until(lambda b: b.find_element(By.CSS_SELECTOR, ".pagefind-ui__search-input"))
    box.send_keys(word)
    WebDriverWait(browser, 20).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result")
        or "No results" in b.find_element(By.CSS_SELECTOR, "#search").text)
    return browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result")


@pytest.mark.parametrize("stem", list(DOCUMENTS))
def test_one_search_box_finds_a_word_of_every_language_and_links_to_its_section(browser, served, site, stem):
    from selenium.webdriver.common.by import By

    _, word, heading = DOCUMENTS[stem]
    browser.get_log("browser")
    results = _search(browser, served, word)
    assert len(results) == 1, [r.text for r in results]
    links = {a.get_attribute("href"): a for a in results[0].find_elements(By.CSS_SELECTOR, "a.pagefind-ui__result-link")}
    target = f"{served}{stem}.html#{_heading_id(site / f'{stem}.html', heading)}"
    assert target in links
    assert word.lower() in results[0].text.lower()  # the hit in its context
    # Following the sub-result lands on the section's heading.
    links[target].click()
    assert browser.current_url == target
    assert browser.execute_script("return document.getElementById(location.hash.slice(1)).textContent.trim()") == heading
    assert _console_errors(browser) == []


def test_filters_narrow_results_in_the_browser(browser, served):
    browser.get(served + SEARCH_PAGE)
    found = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        (async () => {
          const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
          const urls = async (term, filters) => {
            const search = await pagefind.search(term, {filters});
            return (await Promise.all(search.results.map(r => r.data()))).map(d => d.url).sort();
          };
          const available = await pagefind.filters();
          done({available,
                letters: await urls(null, {type: "letter"}),
                before1800: await urls(null, {year: {any: ["1650", "1700"]}}),
                ada: await urls(null, {person: "Ada Lovelace"}),
                tideIn1901: await urls("tide", {year: "1901"})});
        })().catch(e => done({error: String(e)}));
    """)
    assert "error" not in found, found
    assert found["available"]["type"] == {"epic": 1, "letter": 1, "text": 2}
    assert found["letters"] == ["/brief-an-marie.html"]
    assert found["before1800"] == ["/de-agricultura.html", "/iliad-proem.html"]
    assert found["ada"] == ["/harbour-log.html"]
    assert found["tideIn1901"] == []


def test_opened_from_a_file_the_search_page_says_to_run_edition_serve(browser, site):
    from selenium.webdriver.common.by import By

    browser.get((site / SEARCH_PAGE).as_uri())
    notice = browser.find_element(By.ID, "search-offline")
    assert notice.is_displayed()
    assert "edition serve" in notice.text
    assert not browser.find_element(By.ID, "search").is_displayed()


# --- edition serve ---------------------------------------------------------------------------------

@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_edition_serve_serves_the_site_with_the_right_types_and_stops_cleanly(site, stop):
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", str(site), "--port", "0", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    try:
        line = process.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
        assert match, line
        url = match.group(1)
        with urllib.request.urlopen(url + SEARCH_PAGE, timeout=10) as response:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert b"pagefind-ui.js" in response.read()
        wasm = next((site / BUNDLE_DIR).glob("wasm.*.pagefind"))
        for path, expected in ((f"{BUNDLE_DIR}/{wasm.name}", MIME_TYPES[".pagefind"]),
                               (f"{BUNDLE_DIR}/pagefind.js", MIME_TYPES[".js"]),
                               (f"{BUNDLE_DIR}/pagefind-entry.json", MIME_TYPES[".json"])):
            with urllib.request.urlopen(url + path, timeout=10) as response:
                assert response.headers["Content-Type"] == expected
                assert response.read() == (site / path).read_bytes()
        process.send_signal(stop)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err


def test_edition_serve_finds_a_projects_built_site_and_refuses_an_empty_folder(tmp_path, site):
    project = tmp_path / "project"
    shutil.copytree(site, project / "output" / "html")
    assert site_folder(project) == project / "output" / "html"
    assert site_folder(site) == site
    with pytest.raises(EditionError, match="run `edition build` first"):
        site_folder(tmp_path / "project" / "output")
    done = subprocess.run([sys.executable, "-m", "pipeline", "serve", str(tmp_path / "nowhere")],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "no such folder" in done.stderr


def test_edition_serve_reports_a_busy_port_in_one_line(site):
    server = start_server(site, port=0)
    try:
        port = server.url.rsplit(":", 1)[1].strip("/")
        done = subprocess.run([sys.executable, "-m", "pipeline", "serve", str(site), "--port", port],
                              capture_output=True, text=True, cwd=REPO, timeout=60)
    finally:
        server.stop()
    assert done.returncode == 1
    assert "cannot serve on 127.0.0.1:" in done.stderr and done.stderr.strip().count("\n") == 0


# --- the diary and the shared corpus, through `edition transform` -----------------------------------

CORPUS_WORDS = {
    # page stem -> a word only it has
    "serge-diary-ii": "Krivitsky",
    "entry__1887-03-10": "Schlittenpartie",
    "L00001": "Telegramm",
}


def test_search_finds_words_of_real_documents_made_by_edition_transform(tmp_path, shared_dir, browser):
    corpus = shared_dir / "corpus" / "real-tei"
    sources = [DIARY, corpus / "schnitzler-tagebuch" / "entry__1887-03-10.xml",
               corpus / "schnitzler-briefe" / "L00001.xml", corpus / "tei-stylesheets-tests" / "test27.xml"]
    site = tmp_path / "html"
    done = subprocess.run([sys.executable, "-m", "pipeline", "transform", *map(str, sources), "--to", "html",
                           "--param", "site=yes", "-o", str(site)], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert done.returncode == 0, done.stderr
    write_search_page(site, "Diary and corpus")
    report = index_site(site)
    assert report.pages >= len(sources)
    server = start_server(site, port=0).start_in_background()
    try:
        for stem, word in CORPUS_WORDS.items():
            results = _search(browser, server.url, word)
            hrefs = [a.get_attribute("href") for r in results for a in r.find_elements("css selector", "a")]
            assert any(h.startswith(f"{server.url}{stem}.html") for h in hrefs), (word, hrefs)
    finally:
        server.stop()


# --- helpers ----------------------------------------------------------------------------------------

def _pagefind_decode(path: Path, raw: bytes | None = None) -> bytes:
    import gzip

    data = gzip.decompress(raw if raw is not None else path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return data[len(b"pagefind_dcd"):]


def _snapshot(bundle: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(bundle).as_posix(): (p.stat().st_size, p.read_bytes())
            for p in sorted(bundle.rglob("*")) if p.is_file()}


def _console_errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
