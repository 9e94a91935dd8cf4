"""Static full-text search of a built HTML site, with Pagefind.

:func:`index_site` runs Pagefind (the ``pagefind[extended]`` package from PyPI, whose wheel carries the
binary: nothing is downloaded at run time) over a site folder and writes the index and Pagefind's
scripts into ``<site>/pagefind/``. :func:`search_page` returns the HTML of the site's search page,
which the site step writes as ``search.html`` beside the other pages.

What the stylesheets give Pagefind (see ``xslt/html/search.xsl``):

* ``data-pagefind-body`` on every page's ``<main>``: only the content is indexed, not the banner,
  navigation and footer that every page repeats (a search for "text" would otherwise find every page).
  Pages without it (the search page itself) are left out of the index.
* an ``id`` on every heading: Pagefind cuts a page into sub-results at headings with an id, so a
  hit links to its section (``page.html#ed-head-4``), not to the top of a long document.
* ``data-pagefind-filter`` meta tags on document pages: ``type``, ``year``, ``person``, ``place``,
  ``organisation``, the filters a reader narrows the results by.

One search box for every language: Pagefind writes one index per ``<html lang>`` and a search page
loads only the index of its own language, so in a collection of English, German, Latin and Greek
documents the box on an English page would never find a German word. :func:`index_site` therefore
forces a single index language (Pagefind's ``--force-language``): by default the most common
language of the site's pages, whose stemmer then serves the majority; words of the other languages
are stemmed by the same rules at indexing and at query time, so exact words and prefixes are still
found, only their inflected variants are not merged.

Determinism: Pagefind names its files by content hashes and is given no clock, so page fragments,
the word index and its runtime are byte-identical from run to run. Not so its filter files: Pagefind
1.5 writes a filter's values in hash-map order, which changes per run, so ``filter/*.pf_filter``,
the ``pagefind.<lang>_<hash>.pf_meta`` that lists them and ``pagefind-entry.json`` that names that
differ in order (and so in file name) only; ``tests/test_search.py`` checks exactly this.

The site step calls :func:`write_search_page` and then :func:`index_site` on the finished site.
"""
from __future__ import annotations

import collections
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import EditionError
from .tools import pagefind_executable

#: Pagefind's output folder inside the site (what search.html loads its scripts from).
BUNDLE_DIR = "pagefind"
#: The search page's file name in the site.
SEARCH_PAGE = "search.html"
#: The language forced on a site whose pages declare none (``und``) or that has no pages.
FALLBACK_LANGUAGE = "en"
#: Elements inside ``<main>`` that repeat what is elsewhere: the in-page contents (the headings it
#: lists are indexed where they stand) and the reading switch's button label.
EXCLUDED_SELECTORS = ("nav.toc", ".reading-switch")

_LANG = re.compile(rb"<html\b[^>]*?\blang=\"([^\"]*)\"", re.IGNORECASE)
_PAGES = re.compile(r"Indexed (\d+) pages?")
_WORDS = re.compile(r"Indexed (\d+) words?")
_FILTERS = re.compile(r"Indexed (\d+) filters?")


@dataclass(frozen=True)
class SearchReport:
    """What :func:`index_site` did."""

    site: Path
    bundle: Path
    language: str
    pages: int
    words: int
    filters: int
    #: bytes of the index proper (page fragments, word index, filters, metadata)
    index_bytes: int
    #: bytes of Pagefind's scripts, styles and WebAssembly (the same for any site)
    runtime_bytes: int
    #: bytes of the HTML pages that were indexed
    html_bytes: int
    seconds: float

    @property
    def ratio(self) -> float:
        """Index size as a share of the HTML's size (the issue's target: at most 0.30)."""
        return self.index_bytes / self.html_bytes if self.html_bytes else 0.0

    def summary(self) -> str:
        return (f"search: indexed {self.pages} page(s), {self.words} word(s) in {self.language!r} in "
                f"{self.seconds:.2f} s; index {self.index_bytes / 1024:.0f} KiB "
                f"({self.ratio:.0%} of {self.html_bytes / 1024:.0f} KiB HTML) in {self.bundle}")

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(site=str(self.site), bundle=str(self.bundle), ratio=round(self.ratio, 4))
        return data


def site_language(html_dir: Path) -> str:
    """The most common primary language of the site's pages (``de-AT`` counts as ``de``); ties go to
    the alphabetically first, pages without a language (``und``) do not vote."""
    votes: collections.Counter[str] = collections.Counter()
    for page in _pages(html_dir):
        with page.open("rb") as stream:
            head = stream.read(4096)
        match = _LANG.search(head)
        if match:
            primary = match.group(1).decode("ascii", "replace").strip().split("-")[0].lower()
            if primary and primary != "und":
                votes[primary] += 1
    if not votes:
        return FALLBACK_LANGUAGE
    best = max(votes.values())
    return min(lang for lang, count in votes.items() if count == best)


def index_site(html_dir: Path | str, *, language: str | None = None, timeout: float = 600.0) -> SearchReport:
    """Build the Pagefind index of the HTML site in ``html_dir`` into ``html_dir/pagefind/``.

    ``language`` forces the one index language (default: :func:`site_language`). An index left by an
    earlier run is replaced. Raises :class:`EditionError` (one line) when Pagefind is missing, the
    folder holds no page, or Pagefind fails.
    """
    site = Path(html_dir)
    if not site.is_dir():
        raise EditionError(f"{site}: no such site folder to index", rule="search-site")
    pages = _pages(site)
    if not pages:
        raise EditionError(f"{site}: no HTML page to index", rule="search-site")
    executable = pagefind_executable()
    if executable is None:
        raise EditionError("Pagefind is not installed (pip install 'pagefind[extended]')", rule="search-missing")
    language = (language or site_language(site)).strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", language):
        raise EditionError(f"{language!r} is not a language code Pagefind can use (e.g. en, de, la)",
                           rule="search-language")

    bundle = site / BUNDLE_DIR
    # Pagefind adds to an existing folder; a stale fragment of a removed page must not survive.
    if bundle.is_dir():
        shutil.rmtree(bundle)
    command = [str(executable), "--site", str(site), "--output-subdir", BUNDLE_DIR,
               "--force-language", language, "--keep-index-url"]
    for selector in EXCLUDED_SELECTORS:
        command += ["--exclude-selectors", selector]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env=_quiet_environment(), check=False)
    except subprocess.TimeoutExpired:
        raise EditionError(f"{site}: Pagefind did not finish within {timeout:.0f} s", rule="search-failed") from None
    except OSError as exc:
        raise EditionError(f"{executable}: cannot run Pagefind: {exc.strerror or exc}", rule="search-failed") from None
    output = done.stdout + done.stderr
    if done.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
        raise EditionError(f"{site}: Pagefind failed: {_last_error(output)}", rule="search-failed")

    _trim_anchors(bundle)
    seconds = time.perf_counter() - started
    index_bytes, runtime_bytes = _bundle_sizes(bundle)
    return SearchReport(
        site=site, bundle=bundle, language=language,
        pages=_count(_PAGES, output, default=_entry_pages(bundle)),
        words=_count(_WORDS, output), filters=_count(_FILTERS, output),
        index_bytes=index_bytes, runtime_bytes=runtime_bytes,
        html_bytes=sum(page.stat().st_size for page in pages), seconds=seconds)


def _pages(site: Path) -> list[Path]:
    bundle = site / BUNDLE_DIR
    return sorted(p for p in site.rglob("*.html") if p.is_file() and bundle not in p.parents)


def _quiet_environment() -> dict[str, str]:
    # Pagefind reads PAGEFIND_* variables as options; a stray one in the user's shell must not change
    # what is built (PAGEFIND_BINARY_PATH only chooses the binary and was used already).
    return {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}


def _count(pattern: re.Pattern[str], output: str, default: int = 0) -> int:
    # Pagefind prints a "Total:" block after the per-language ones; the last figure is the total.
    found = pattern.findall(output)
    return int(found[-1]) if found else default


def _entry_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())


_FRAGMENT_MAGIC = b"pagefind_dcd"
_HEADING = re.compile(r"h[1-6]", re.IGNORECASE)


def _trim_anchors(bundle: Path) -> None:
    """Keep only heading anchors in the page fragments.

    Pagefind records every element with an id, with its text, in the page's fragment; an edition
    page has ids on every name, note, line and speech, so these copies of the text made up about
    60% of the index (a play's fragment: 116 KB, 42 KB without them). Pagefind's search only uses
    heading anchors (sub-results), so the others are dropped. A fragment in a shape this code does
    not know is left as it is. Re-compressed without a timestamp, like Pagefind's own: deterministic.
    Two fragments at a time: zlib lets go of Python's lock while it works, and the site step that
    waits for this has the machine to itself (the corpus's 45 fragments: 0.36 -> 0.25 s).
    """
    from concurrent.futures import ThreadPoolExecutor

    fragments = sorted((bundle / "fragment").glob("*.pf_fragment"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(_trim_fragment, fragments))


def _trim_fragment(fragment: Path) -> None:
    try:
        data = gzip.decompress(fragment.read_bytes())
        if not data.startswith(_FRAGMENT_MAGIC):
            return
        record = json.loads(data[len(_FRAGMENT_MAGIC):])
        anchors = record.get("anchors") if isinstance(record, dict) else None
        if not isinstance(anchors, list):
            return
    except (OSError, ValueError, EOFError):
        return
    kept = [a for a in anchors if isinstance(a, dict) and _HEADING.fullmatch(str(a.get("element", "")))]
    if len(kept) == len(anchors):
        return
    record["anchors"] = kept
    body = _FRAGMENT_MAGIC + json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    fragment.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))


def _bundle_sizes(bundle: Path) -> tuple[int, int]:
    """(index, runtime): the site's own data against Pagefind's scripts, styles and WebAssembly."""
    index = runtime = 0
    for path in bundle.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        if path.suffix in (".js", ".css") or path.name.startswith("wasm."):
            runtime += size
        else:
            index += size
    return index, runtime


def _last_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["no output"])[-1][:300]


# --- the search page --------------------------------------------------------------------------------

#: The search page's CSP: the site's own, plus what Pagefind's WebAssembly needs ('wasm-unsafe-eval',
#: not 'unsafe-eval'), its Web Worker (worker-src 'self') and its fetches of index chunks
#: (connect-src 'self'). Only this page gets it; document pages keep the tighter one of page.xsl.
SEARCH_CSP = ("default-src 'none'; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
              "worker-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'")

#: The script that starts Pagefind's UI on the search page (a file, because the CSP allows no inline
#: script).
SEARCH_SCRIPT = "search.js"


def search_page(site_title: str, *, lang: str = "en", nav: list[tuple[str, str]] | None = None) -> str:
    """The HTML of ``search.html`` for a site called ``site_title``.

    ``nav`` is the site navigation as (href, label) pairs (default: the home page). The page loads
    Pagefind's UI from ``pagefind/`` and :data:`SEARCH_SCRIPT` (write it with :func:`write_search_page`);
    opened from ``file://``, where browsers refuse Pagefind's fetches, it says to run ``edition serve``.
    """
    title = html.escape(site_title)
    links = "".join(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>'
                    for href, label in (nav or [("index.html", "Home")]))
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{SEARCH_CSP}">
<title>Search — {title}</title>
<link rel="stylesheet" href="edition.css">
<link rel="stylesheet" href="{BUNDLE_DIR}/pagefind-ui.css">
<link rel="icon" type="image/svg+xml" href="edition.svg">
<script src="{BUNDLE_DIR}/pagefind-ui.js" defer></script>
<script src="{SEARCH_SCRIPT}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to the search</a>
<header class="site-header">
<p class="site-title"><a href="index.html">{title}</a></p>
<nav class="site-nav" aria-label="Site"><ul>{links}<li><a href="{SEARCH_PAGE}" aria-current="page">Search</a></li></ul></nav>
</header>
<main id="main" tabindex="-1">
<h1>Search</h1>
<div id="search" class="search" role="search" aria-label="Search the edition"></div>
<div id="search-offline" class="search-offline" role="alert" hidden>
<p><strong>The search needs a web server.</strong> Browsers do not let a page opened from a file
load the search index. In the project folder, run</p>
<pre><code>edition serve</code></pre>
<p>and open the address it prints (<code>edition serve DIR</code> serves another folder).</p>
</div>
<noscript><p>The search needs JavaScript. Every document can still be read from the <a href="index.html">home page</a>.</p></noscript>
</main>
</body>
</html>
"""


def search_script() -> str:
    """``search.js``: starts Pagefind's UI, or shows the offline notice under ``file://``."""
    return """// The search page's one script: Pagefind's UI, or a notice where it cannot work.
"use strict";
(function () {
  var offline = document.getElementById("search-offline");
  var box = document.getElementById("search");
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    // Browsers refuse fetch() and WebAssembly from file:// pages: say what to do instead of showing
    // a box that can never answer.
    box.hidden = true;
    offline.hidden = false;
    return;
  }
  // Result links are relative to this page's folder, so the site works under any path of a server.
  var base = location.pathname.replace(/[^/]*$/, "");
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: base + "pagefind/",
    baseUrl: base,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    excerptLength: 30
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) { ui.triggerSearch(query); }
})();
"""


def write_search_page(html_dir: Path | str, site_title: str, **options) -> list[Path]:
    """Write ``search.html`` and ``search.js`` into the site folder; returns the paths written."""
    from ..xmlio import atomic_write

    site = Path(html_dir)
    written = []
    for name, text in ((SEARCH_PAGE, search_page(site_title, **options)), (SEARCH_SCRIPT, search_script())):
        target = site / name
        atomic_write(target, text.encode("utf-8"))
        written.append(target)
    return written
