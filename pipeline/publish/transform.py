"""TEI to HTML, XSL-FO, plain text (and PDF through FOP) with the XSLT 3.0 stylesheets in xslt/.

Saxon (saxonche) runs the stylesheets. Every document is checked by :mod:`pipeline.xmlio` first (no
DTDs, no entities, no network): a plain file (well-formed, no DOCTYPE) is then parsed by Saxon
itself, with DOCTYPEs refused; any other is parsed by xmlio and handed over as text. Saxon parses
each document once (a :class:`Document`): every target and every page of a site is rendered from
that one Saxon tree. Each stylesheet is compiled once per process (saxonche allows one
``PySaxonProcessor`` per process, so it is a module global), and every parameter is passed as an
``xs:string``.

What :meth:`Transformer.render` returns (relative file name -> bytes), per target:

* ``text``: ``{"<stem>.txt": ...}``; ``fo``: ``{"<stem>.fo": ...}``.
* ``html`` with the default ``site="no"``: one standalone page ``<stem>.html`` (introduction,
  contents, text, notes and registers in one page) plus the assets ``edition.css`` and
  ``edition.js`` and the icon ``edition.svg`` it links to.
* ``html`` with ``site="yes"`` (what ``edition build`` wants): the edition site
  ``index.html``, ``<stem>.html``, ``persons.html``, ``places.html``, ``organisations.html`` and
  the assets. The ``downloads`` parameter (space-separated ``tei pdf text``) adds links from every
  page to ``<stem>.xml`` (returned too: a copy of the TEI beside the pages), ``../pdf/<stem>.pdf``
  and ``../text/<stem>.txt`` -- the layout of ``output/html``, ``output/pdf``, ``output/text``.

``<stem>`` is the input file's stem, else the document's ``xml:id``, else ``text`` (a ``stem``
parameter overrides it). With ``stage_in`` (what the build and ``transform_files`` do), each file
Saxon writes is a :class:`~pipeline.xmlio.StagedFile` in that folder rather than bytes in memory;
the assets and the TEI copy stay bytes. Output is deterministic: the same input and parameters
give the same bytes.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EditionError, Problem
from ..files import file_size
from ..project import PACKAGE_XSLT_DIR, safe_stem as _safe_stem
from . import FOP_MISSING
from .isolate import create_isolate, expect_documents, isolate_options, logs_collections
from .teicopy import published_copy
from ..xmlio import (MAX_DEPTH, PlainFile, StagedFile, atomic_write, discard_staged, may_hold_character, parse_file,
                     plain_tei_file, require_tei, return_freed_memory, staging_file)

#: the static stylesheet parameter that tells a project's own stylesheet where the packaged ones are
#: (a file: URI ending in "/"), so it can import one and override a template, as TEI's profiles do
PACKAGED_XSLT_PARAM = "tei-edition-xslt"
#: the static parameter that tells the site stylesheet which HTML stylesheet to import: the one the
#: html target uses, so that a project's override of a page's parts shows on the site's pages too
HTML_STYLESHEET_PARAM = "tei-edition-html"

#: The kinds of text that render otherwise than as they stand, which every output asks of a
#: document (xslt/core/facts.xsl): unclear text, a word broken across lines, text an app points to.
_TEXT_FACTS = ("source-unclear", "source-word-breaks", "source-standoff-apps")
#: The static parameters xslt/core/facts.xsl answers (the dash is found from the file's bytes).
_FACTS_STATICS = ("source-parts-out-of-place", *_TEXT_FACTS)
#: Static stylesheet parameters: what the build knows of a document that decides which template rules
#: its stylesheet needs (known_params). They are set when a stylesheet compiles, so each set of
#: values is a compilation of its own, made when first asked for and kept: a build of documents that
#: all hold none of what they ask about compiles each stylesheet once, as before.
STATIC_PARAMS = ("source-en-dashes", *_FACTS_STATICS)

#: The core's facts about a document (xslt/core/facts.xsl), asked of a parsed document before its
#: stylesheet's compilation is chosen: the static parameters it answers, as "name=value".
_FACTS_XSL = ('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
              'xmlns:ed="https://tei-edition.org/ns/ed"><xsl:include href="{href}"/><xsl:output method="text"/>'
              '<xsl:template match="/"><xsl:value-of><xsl:call-template name="ed:source-facts"/></xsl:value-of>'
              '</xsl:template></xsl:stylesheet>')
_FACTS = None

#: target -> (entry stylesheet relative to the xslt folder, extension of the principal output)
TARGETS: dict[str, tuple[str, str]] = {
    "html": ("html/html.xsl", "html"),
    "fo": ("fo/fo.xsl", "fo"),
    "text": ("text/text.xsl", "txt"),
    # The collection (pipeline/publish/site.py): a document's record (a page of the HTML
    # stylesheet, compiled once with it: RECORD_PAGE), and the site's own pages.
    "record": ("html/html.xsl", "xml"),
    "site": ("site/site.xsl", "html"),
}
#: what makes the record target of the HTML stylesheet: its page, and XML serialisation
RECORD_PAGE = {"page": "record"}
RECORD_SERIALIZATION = {"!method": "xml", "!indent": "no"}
#: the pages of an edition site, as the stylesheet's $page values and their file names
SITE_PAGES = ("text", "index", "persons", "places", "organisations")
#: How long a process renders a document's kind with the general compilation before it compiles the
#: kind's own (Transformer.several_documents), as a multiple of the time a compilation takes: the
#: general compilation renders the corpus 4% (HTML), 8% (text) and 12% (FO) slower than the lean
#: ones, so by then it has lost about half to one compilation's time, and no more.
RENDER_BEFORE_COMPILING = 10
HTML_ASSETS = ("edition.css", "edition.js", "edition.svg")

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_PROCESSOR = None
_SAXON_READS_FILES = False  # whether Saxon's parser refuses DOCTYPEs, so it may read a TEI file itself
_COLLECTOR_LOGS = False  # whether the isolate writes the collector's log (isolate.py): stderr then stays open
_LOCK = threading.Lock()


def _processor():
    """The process's one Saxon processor (saxonche does not support a second one)."""
    global _PROCESSOR, _SAXON_READS_FILES, _COLLECTOR_LOGS
    if _PROCESSOR is None:
        try:
            from saxonche import PySaxonProcessor
        except ImportError as exc:  # a broken install, not a user error, but say what is missing
            raise EditionError(f"the saxonche package is not installed: {exc}", rule="saxon-missing") from None
        # Saxon's heap, with its young generation bounded (isolate.py: the collector's own choice
        # made a large document's peak memory half as much again in some runs), or large enough
        # that a process with little to read never collects (isolate.expect_documents).
        options = isolate_options()
        _COLLECTOR_LOGS = create_isolate(options) and logs_collections(options)
        _PROCESSOR = PySaxonProcessor(license=False)
        # SaxonC 13's parser refuses elements nested more than 100 deep (the JDK's
        # jdk.xml.maxElementDepth); real TEI nests deeper. xmlio has already refused anything past
        # libxml2's limit, so Saxon may accept what reached it.
        try:
            _PROCESSOR.set_configuration_property(
                "http://saxon.sf.net/feature/parserProperty?uri=jdk.xml.maxElementDepth", str(MAX_DEPTH + 16))
            # Likewise its 200 attributes per element, which lxml does not limit (the size limit
            # of xmlio bounds them); past this, one clear error rather than a parser message.
            _PROCESSOR.set_configuration_property(
                "http://saxon.sf.net/feature/parserProperty?uri=jdk.xml.elementAttributeLimit", "100000")
        except Exception:  # an older SaxonC without the feature has no such limit either
            pass
        # Every optimisation but loop lifting. Counted by valgrind (bench/instructions.py), lifting
        # gains our stylesheets nothing at run time (the corpus: HTML, FO and text each 0.1-0.7% fewer
        # instructions without it) and costs each compilation: the plain text's 17% (909 -> 756 M
        # instructions), FO's 4%, the site's (HTML) 2%, paid three times by every cold build. (Every
        # other optimisation pays: without Saxon's "miscellaneous" ones compiling is cheaper still, and
        # the corpus's HTML takes 27% more instructions.)
        try:
            _PROCESSOR.set_configuration_property("http://saxon.sf.net/feature/optimizationLevel", "-l")
        except Exception:  # a SaxonC that does not know the property optimises as it always did
            pass
        # Saxon parses plain TEI files itself (Document); its parser resolves external entities,
        # so a DOCTYPE is refused outright: a file that gained one after xmlio checked it fails
        # here instead of reading what the entities point at. (Stylesheets are parsed apart.)
        try:
            _PROCESSOR.set_configuration_property(
                "http://saxon.sf.net/feature/parserFeature?uri=http%3A//apache.org/xml/features/disallow-doctype-decl",
                "true")
            _SAXON_READS_FILES = True
        except Exception:  # without the guard Saxon is only ever given text that xmlio made
            _SAXON_READS_FILES = False
    return _PROCESSOR


@contextmanager
def _saxon_quiet():
    """Keep Saxon's own report off stderr while it runs.

    Saxon prints each error with its stack of XSLT calls (35 lines for one bad date) straight to
    the process's stderr, beside the exception it raises; the user gets that exception once, as
    the one line ``file: error: message [rule]``. Called with ``_LOCK`` held. Where the collector's
    log was asked for (``TEI_EDITION_SAXON_OPTIONS``), stderr stays open: the log is written while
    Saxon runs, and Saxon's own report then reaches it too.
    """
    if _COLLECTOR_LOGS:
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _saxon_message(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def compile_own_stylesheet(text: bytes):
    """A stylesheet the program made itself (no imports, no parameters), compiled by the process's
    Saxon; raises EditionError when Saxon refuses it."""
    with _LOCK:
        try:
            with _saxon_quiet():
                return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=text.decode("utf-8"))
        except Exception as exc:  # saxonche raises PySaxonApiError with Saxon's message
            raise EditionError(f"the stylesheet does not compile: {_saxon_message(exc)}", rule="xslt-compile") from None


def run_to_string(executable, tree: etree._ElementTree, node=None) -> str:
    """A compiled stylesheet's result on an lxml tree (handed to Saxon as text), or on Saxon's own
    tree ``node`` of it, as a string: for the small answers of the program's own stylesheets.
    Raises EditionError when it fails."""
    text = etree.tostring(tree, encoding="unicode") if node is None else None
    with _LOCK:
        try:
            with _saxon_quiet():
                if node is None:
                    node = _processor().parse_xml(xml_text=text)
                    del text
                return executable.transform_to_string(xdm_node=node) or ""
        except Exception as exc:
            raise EditionError(f"the transformation failed: {_saxon_message(exc)}", rule="xslt-runtime") from None


class Transformer:
    """Renders TEI documents with the stylesheets of one xslt folder, compiling each once.

    A project's folder needs only what it changes: an entry stylesheet or asset it does not have
    is the packaged one. Its own ``html/html.xsl`` (say) imports the packaged stylesheet through
    the static parameter ``tei-edition-xslt`` and overrides a template::

        <xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>
        <xsl:import _href="{$tei-edition-xslt}html/html.xsl"/>
    """

    def __init__(self, xslt_dir: Path | str | None = None) -> None:
        self.xslt_dir = Path(xslt_dir) if xslt_dir is not None else PACKAGE_XSLT_DIR
        self._compiled: dict[tuple[Path, tuple[tuple[str, str], ...]], object] = {}
        self._assets: dict[str, bytes] | None = None
        #: Whether this process renders several documents, of kinds it cannot foresee (a build of a
        #: collection). Each kind of document (what known_params says of it) has a lean compilation
        #: of its own; the general one, compiled as if nothing were known, renders every kind to the
        #: same bytes, a few per cent slower. With several documents, the general one is compiled
        #: first; once it is held (here, or by an earlier build of this process: `edition watch`),
        #: it renders a kind until that kind has taken RENDER_BEFORE_COMPILING times a
        #: compilation's time, after which the kind's own is compiled: forty documents of the corpus
        #: (three kinds for HTML and text, four for FO) needed 15 compilations in two workers, about
        #: a third of the workers' time. Alone (the default) and with no general compilation held, a
        #: document gets its lean compilation at once: one document's build has nothing to share.
        self.several_documents = False
        self._compile_seconds: dict[Path, float] = {}  # stylesheet -> what its last compilation took
        self._rendered_general: dict[tuple[Path, tuple[tuple[str, str], ...]], float] = {}  # seconds, by kind

    # -- compilation -------------------------------------------------------------------------
    def stylesheet(self, target: str) -> Path:
        """The entry stylesheet for ``target`` (html, fo, text)."""
        if target not in TARGETS:
            raise EditionError(f"unknown output '{target}': choose one of {', '.join(sorted(TARGETS))}",
                               rule="transform-target")
        own = self.xslt_dir / TARGETS[target][0]
        return own if own.is_file() else PACKAGE_XSLT_DIR / TARGETS[target][0]

    def compile(self, target: str) -> None:
        """Compile ``target``'s stylesheet now rather than at its first render (the build does it for
        the site step while its workers render); raise EditionError when it does not compile. It is
        compiled for the usual document, which holds none of what the static parameters ask about
        (see known_params)."""
        self._executable(target, _static_key({name: "no" for name in _statics_used(target)}))

    def _executable(self, target: str, statics: tuple[tuple[str, str], ...] = ()):
        path = self.stylesheet(target)
        key = (path, statics)
        with _LOCK:
            found = self._held(target, statics)
            if found is not None:
                return found
            if not path.is_file():
                raise EditionError("stylesheet not found", path, rule="xslt-missing")
            xslt = _processor().new_xslt30_processor()
            xslt.set_parameter(PACKAGED_XSLT_PARAM, _processor().make_string_value(PACKAGE_XSLT_DIR.as_uri() + "/"))
            if target == "site":
                html = self.stylesheet("html").as_uri()
                xslt.set_parameter(HTML_STYLESHEET_PARAM, _processor().make_string_value(html))
            for name, value in statics:
                xslt.set_parameter(name, _processor().make_string_value(value))
            started = time.perf_counter()
            try:
                with _saxon_quiet():
                    self._compiled[key] = xslt.compile_stylesheet(stylesheet_file=str(path))
            except Exception as exc:  # saxonche raises PySaxonApiError with Saxon's message
                raise EditionError(f"the stylesheet does not compile: {_saxon_message(exc)}",
                                   path, rule="xslt-compile") from None
            self._compile_seconds[path] = time.perf_counter() - started
            return self._compiled[key]

    def _held(self, target: str, statics: tuple[tuple[str, str], ...]):
        """The compilation of ``target``'s stylesheet with ``statics`` this process holds, or None."""
        path = self.stylesheet(target)
        found = self._compiled.get((path, statics))
        # By stylesheet, not target: the HTML page and the record share one compilation. The
        # packaged site stylesheet is the HTML one in use plus templates for a collection alone
        # (it imports it), so once compiled it serves the pages and records too: the build's
        # process, which compiles it for the site step, renders them without a second compilation.
        if found is None and target in ("html", "record"):
            site = self.stylesheet("site")
            if site == PACKAGE_XSLT_DIR / TARGETS["site"][0]:
                found = self._compiled.get((site, statics))
        return found

    # -- rendering ---------------------------------------------------------------------------
    def render(self, source, target: str, params: dict[str, str] | None = None, *,
               stage_in: str | Path | None = None) -> dict[str, bytes | StagedFile]:
        """Render one TEI document (a :class:`Document`, an lxml tree or a path) to ``target``.

        Returns the output files as relative name -> bytes (see the module docstring for what each
        target gives). With ``stage_in``, a folder, what Saxon writes stays there as a
        :class:`~pipeline.xmlio.StagedFile` (a temporary file that ``atomic_write`` puts in place)
        instead of being read back into memory; stage in the folder the files go to. Raises
        :class:`EditionError` for unreadable input, a non-TEI document or a stylesheet failure. To
        render one document to several targets, pass the same :class:`Document` each time: it is
        parsed once.
        """
        params = {str(k): str(v) for k, v in (params or {}).items()}
        document = source if isinstance(source, Document) else Document(source)
        stem = _safe_stem(params.get("stem") or document.stem)
        params["stem"] = stem
        ext = TARGETS[target][1] if target in TARGETS else ""
        self.stylesheet(target)  # an unknown target is refused before the document is looked at
        if target == "html":
            return self._render_html(document, params, stem, stage_in)
        executable, params, kind = self._executable_for(document, target, params)
        if target == "record":
            return {f"{stem}.{ext}": self._run(executable, document, {**params, **RECORD_PAGE}, RECORD_SERIALIZATION,
                                               stage_in=stage_in, kind=kind)}
        return {f"{stem}.{ext}": self._run(executable, document, params, stage_in=stage_in, kind=kind)}

    def _executable_for(self, source: "Document | XmlText", target: str, params: dict[str, str]):
        """The compilation to render ``source`` with, the parameters left to set as it runs, and the
        kind of document whose time the render counts (see several_documents), or None: what is
        known of the document (known_params) and the caller's static parameters choose it. A
        project's own stylesheet may route text through rules of its own: it is compiled as written,
        every rule kept (only the FO's dash, a fact of the text alone, is known for it)."""
        known = known_params(source, target)
        if not self._packaged(target):
            known = {name: value for name, value in known.items() if name not in _FACTS_STATICS}
        run_params, statics = _split_statics({**known, **params})
        general = _split_statics(params)[1]  # nothing known: the caller's static parameters alone
        if (statics != general and self._held(target, statics) is None
                and (self.several_documents or self._held(target, general) is not None)):
            kind = (self.stylesheet(target), statics)
            price = self._compile_seconds.get(kind[0])
            if price is None or self._rendered_general.get(kind, 0.0) < RENDER_BEFORE_COMPILING * price:
                return self._executable(target, general), run_params, kind
        return self._executable(target, statics), run_params, None

    def _packaged(self, target: str) -> bool:
        """Whether ``target`` renders with the packaged stylesheets alone (the site and the record
        import the HTML stylesheet in use)."""
        names = ("html", "site") if target in ("html", "record", "site") else (target,)
        return all(self.stylesheet(name) == PACKAGE_XSLT_DIR / TARGETS[name][0] for name in names)

    def render_xml(self, target: str, source: "XmlText", params: dict[str, str]) -> bytes:
        """Run ``target``'s stylesheet over XML that is not a TEI document (the site step's collection),
        parsed once for every page rendered from it."""
        executable, params, kind = self._executable_for(source, target, {str(k): str(v) for k, v in params.items()})
        return self._run(executable, source, params, kind=kind)

    def _render_html(self, document: "Document", params, stem, stage_in) -> dict[str, bytes | StagedFile]:
        files: dict[str, bytes | StagedFile] = {}
        # A build asks for the document's own page only (pages="text"): its site pages are the site step's.
        pages = params.pop("pages", "").split() or SITE_PAGES
        site = params.get("site", "no").lower() in ("yes", "true", "1")
        wants_copy = site and "tei" in params.get("downloads", "").lower().split()
        tei_copy = document.published_copy() if wants_copy else b""  # before Saxon takes the tree
        executable, params, kind = self._executable_for(document, "html", params)
        if site:
            try:
                for page in pages:
                    name = f"{stem}.html" if page == "text" else f"{page}.html"
                    files[name] = self._run(executable, document, {**params, "page": page}, stage_in=stage_in,
                                            kind=kind)
            except EditionError:
                discard_staged(files.values())  # the pages made before the one that failed
                raise
            if wants_copy:
                # Not the file as it came: a copy a browser cannot run anything from (see teicopy).
                files[f"{stem}.xml"] = tei_copy
        else:
            files[f"{stem}.html"] = self._run(executable, document, params, stage_in=stage_in, kind=kind)
        files.update(self.assets())
        return files

    def asset_path(self, asset: str) -> Path:
        """Where an HTML asset comes from: the project's folder when it has it, else the package's."""
        path = self.xslt_dir / "html" / "assets" / asset
        return path if path.is_file() else PACKAGE_XSLT_DIR / "html" / "assets" / asset

    def assets(self) -> dict[str, bytes]:
        """The HTML assets every page links to (:data:`HTML_ASSETS`), name -> bytes.

        Read once, as the stylesheets are compiled once: every HTML render returns them, and reading
        three files for each of a collection's pages cost as much as a small page's own Python work."""
        if self._assets is None:
            files = {}
            for asset in HTML_ASSETS:
                path = self.asset_path(asset)
                try:
                    files[asset] = path.read_bytes()
                except OSError as exc:
                    raise EditionError(f"cannot read the HTML asset: {exc.strerror}", path, rule="xslt-missing") from None
            self._assets = files
        return dict(self._assets)

    def _run(self, executable, document: "Document", params: dict[str, str],
             serialization: dict[str, str] | None = None, *, stage_in: str | Path | None = None,
             kind: tuple | None = None) -> bytes | StagedFile:
        processor = _processor()
        label = document.label
        with _LOCK:  # a compiled executable holds its parameters: one transformation at a time
            executable.clear_parameters()
            executable.clear_properties()
            for name, value in (serialization or {}).items():
                executable.set_property(name, value)
            for name, value in sorted(params.items()):
                if not _PARAM_NAME.match(name):
                    raise EditionError(f"invalid stylesheet parameter name '{name}'", label, rule="transform-param")
                executable.set_parameter(name, processor.make_string_value(value))
            # Every output is UTF-8, whatever a project's own stylesheet declares.
            executable.set_property("!encoding", "UTF-8")
            node = document.saxon_tree()
            # Saxon serialises into a file: left where it belongs when the caller stages, else read
            # back as bytes. A result as a string crossed into Python as three more copies (Saxon's
            # string, a C copy, Python's str), together more memory than the document's tree.
            if stage_in is not None:
                result = staging_file(stage_in)
            else:
                try:
                    fd, temporary = tempfile.mkstemp(prefix="tei-edition-", suffix=".out")
                    os.close(fd)
                except OSError as exc:
                    raise EditionError(f"cannot make a temporary file for the result ({tempfile.gettempdir()}): "
                                       f"{exc.strerror or exc}", label, rule="xslt-runtime") from None
                result = StagedFile(temporary)
            kept = False
            try:
                started = time.perf_counter()
                with _saxon_quiet():
                    executable.transform_to_file(xdm_node=node, output_file=result.path)
                if kind is not None:  # rendered with the general compilation: see several_documents
                    self._rendered_general[kind] = self._rendered_general.get(kind, 0.0) + time.perf_counter() - started
                if stage_in is not None:
                    kept = True
                    return result
                return result.read_bytes()
            except OSError as exc:
                raise EditionError(f"cannot keep the transformation's result: {exc.strerror or exc}", label,
                                   rule="xslt-runtime") from None
            except Exception as exc:
                raise EditionError(f"the transformation failed: {_saxon_message(exc)}", label,
                                   rule="xslt-runtime") from None
            finally:
                if not kept:
                    result.discard()


def known_params(document: "Document | XmlText", target: str) -> dict[str, str]:
    """What the build knows of ``document`` that spares ``target``'s stylesheet work of its own (all
    static: STATIC_PARAMS). A document without text that renders otherwise than as it stands
    (unclear text, a word broken across lines, text an app points to), or without a list item, row
    or cell out of its place, is rendered without the rules every text node or element is otherwise
    tried against; one that holds such text, with those rules testing the text alone (asked of the
    parsed document: source_facts). FO ties the book's spaced en
    dashes, and a document whose file holds none needs no search of every text node and attribute
    for one, nor the rule that ties them as text is rendered (xslt/fo/params.xsl, source-en-dashes)."""
    used = _statics_used(target)
    # The file's bytes first, read and dropped before Saxon's tree of the document is made (the two
    # together raised the peak of a 41 MB TEI's FO by its size).
    known = {"source-en-dashes": "no"} if "source-en-dashes" in used and not document.may_hold("\u2013") else {}
    known.update({name: value for name, value in source_facts(document).items() if name in used})
    return known


def _statics_used(target: str) -> tuple[str, ...]:
    """The static parameters ``target``'s stylesheet uses: any other would compile it once more for
    nothing. Only FO regroups parts out of place and ties dashes."""
    return STATIC_PARAMS if target == "fo" else _TEXT_FACTS


def source_facts(document: "Document | XmlText") -> dict[str, str]:
    """The static parameters (_FACTS_STATICS) the document answers, name -> "no" or "yes": what
    ed:source-facts of xslt/core/facts.xsl says, run alone over the document's Saxon tree (a look
    through Saxon's index of element names: 6 ms for the corpus). Asked once per document; a
    document Saxon cannot read answers nothing."""
    if document._facts is None:
        with _LOCK:
            tree = document.saxon_tree()
            try:
                with _saxon_quiet():
                    answer = _facts_stylesheet().transform_to_string(xdm_node=tree) or ""
            except Exception:  # the document's own rendering reports what is wrong with it
                answer = ""
        document._facts = dict(fact.split("=", 1) for fact in answer.split())
    return document._facts


def _facts_stylesheet():
    """xslt/core/facts.xsl alone, compiled once per process. Called with ``_LOCK`` held."""
    global _FACTS
    if _FACTS is None:
        href = (PACKAGE_XSLT_DIR / "core" / "facts.xsl").as_uri()
        _FACTS = _processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=_FACTS_XSL.format(href=href))
    return _FACTS


def warm_up() -> None:
    """Start Saxon in this process and compile what every render asks first (the facts of its
    document), so that a worker does it while it would otherwise wait for work. A process's
    first compilation also pays for Saxon's own first use of its compiler: the FO stylesheet
    compiled 0.33-0.39 s after this, 0.37-0.46 s without it (fresh processes, four each)."""
    with _LOCK:
        try:
            with _saxon_quiet():
                _facts_stylesheet()
        except Exception:  # a render compiles it again and reports why it cannot
            pass


def _static_key(statics: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Static parameters as the key of their compilation."""
    return tuple(sorted(statics.items()))


def _split_statics(params: dict[str, str]) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """``params`` as the run-time ones and the static ones (STATIC_PARAMS, set when compiling)."""
    return ({name: value for name, value in params.items() if name not in STATIC_PARAMS},
            _static_key({name: value for name, value in params.items() if name in STATIC_PARAMS}))


class Document:
    """One TEI document, read once, for every target and page rendered from it.

    Made from a path or from an lxml tree already parsed (the build hands over the tree validation
    used). Saxon gets the document once, on the first render, as its own tree, and every target
    and page is rendered from that tree. A file that is plain XML (:func:`~pipeline.xmlio.plain_tei_file`:
    well-formed, no DOCTYPE) is parsed by Saxon itself and no lxml tree is made for it; any other is
    parsed by :mod:`pipeline.xmlio` (entities expanded, DOCTYPE dropped) and handed over as text,
    after which the lxml tree is dropped when this object made it. Either way a worker holds one
    copy of a document while it renders, not three (lxml tree, serialised text, Saxon tree).
    """

    def __init__(self, source, *, owned: bool = False, path: str | Path | None = None) -> None:
        """``source``: a path, or an lxml tree; ``owned``: the caller hands the tree over and will
        not use it again, so it is dropped once Saxon has its own; ``path``: the file a tree was
        parsed from, read again for the TEI copy if Saxon has taken the tree by then."""
        self._node = None
        self._facts: dict[str, str] | None = None  # source_facts
        self._plain: PlainFile | None = None
        self._tree = None
        if isinstance(source, (str, Path)):
            self.path: Path | None = Path(source)
            self._plain = plain_tei_file(self.path)
            if self._plain is None:
                self._tree = parse_file(self.path)
            self._owns_tree = True
        else:
            self._tree = source
            self.path = Path(path) if path is not None else Path(source.docinfo.URL) if source.docinfo.URL else None
            self._owns_tree = owned
        self.label = str(self.path) if self.path else "-"
        if self._tree is not None:
            require_tei(self._tree, self.label)
        root_id = self._plain.root_id if self._plain is not None else _root_id(self._tree)
        #: the file stem of the outputs: the input file's stem, else the document's xml:id, else "text"
        self.stem = (self.path.stem if self.path else "") or root_id or "text"

    def saxon_tree(self):
        """Saxon's tree of the document (an ``XdmNode``), parsed on first use and then shared."""
        if self._node is None and self._plain is not None:
            self._node = _parse_plain_file(self._plain)
            if self._node is None:  # changed since it was checked, or Saxon would not read it
                self._plain = None
                self._tree = parse_file(self.path)
                require_tei(self._tree, self.label)
        if self._node is None:
            text = etree.tostring(self._tree, encoding="unicode")
            if self._owns_tree:
                self._tree = None  # ours alone, and the file is still there for the TEI download
                return_freed_memory()
            try:
                with _saxon_quiet():
                    self._node = _processor().parse_xml(xml_text=text)
            except Exception as exc:  # xmlio has checked the document: Saxon refusing it is rare
                raise EditionError(f"the transformation failed: {_saxon_message(exc)}", self.label,
                                   rule="xslt-runtime") from None
        return self._node

    def may_hold(self, char: str) -> bool:
        """Whether the document's text or attributes may hold ``char``: False only when the file's
        own bytes show they cannot (:func:`~pipeline.xmlio.may_hold_character`, a plain file)."""
        return self._plain is None or may_hold_character(self._plain, char)

    def published_copy(self) -> bytes:
        """The TEI to publish beside the pages: a copy a browser cannot run anything from (teicopy)."""
        if self._tree is not None:
            return published_copy(self._tree)
        spent = parse_file(self.path)  # a tree of its own, for this copy alone
        copied = published_copy(spent, in_place=True)
        del spent
        return_freed_memory()
        return copied


def _parse_plain_file(plain: PlainFile):
    """Saxon's tree of a checked plain file, or None when the file changed since it was checked or
    Saxon cannot read it (a name it cannot take, an encoding it lacks): the caller then parses it."""
    processor = _processor()
    if not _SAXON_READS_FILES:
        return None
    try:
        name = os.fspath(plain.path.absolute())
        name.encode("utf-8")  # a name with undecodable bytes cannot cross into Saxon
        with _saxon_quiet():
            node = processor.parse_xml(xml_file_name=name)
    except Exception:
        return None
    return node if plain.unchanged() else None


class XmlText:
    """XML the build made itself (the site step's collection), rendered like a :class:`Document`:
    parsed by Saxon once, on first use, for every page made from it."""

    def __init__(self, text: str, label: str = "-") -> None:
        self.text = text
        self.label = label
        self._node = None
        self._facts: dict[str, str] | None = None  # source_facts

    def may_hold(self, char: str) -> bool:
        """As :meth:`Document.may_hold`, from the text itself (made by the build: no entities)."""
        return char in self.text

    def saxon_tree(self):
        if self._node is None:
            try:
                with _saxon_quiet():
                    self._node = _processor().parse_xml(xml_text=self.text)
            except Exception as exc:
                raise EditionError(f"the transformation failed: {_saxon_message(exc)}", self.label,
                                   rule="xslt-runtime") from None
        return self._node


def _root_id(tree) -> str:
    root = tree.getroot()
    return (root.get("{http://www.w3.org/XML/1998/namespace}id") or "").strip()


_DEFAULT = None


def default_transformer() -> Transformer:
    """The package stylesheets' Transformer, shared by the whole process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Transformer()
    return _DEFAULT


# ---------------------------------------------------------------------------------------------
# Many files
# ---------------------------------------------------------------------------------------------
@dataclass
class TransformReport:
    """What ``transform_files`` wrote, and the problems of the files it could not transform."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    done: list[tuple[Path, list[Path]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """One line per transformed input: ``input -> output[, extra files]``."""
        return [f"{source} -> {', '.join(str(p) for p in outputs)}" for source, outputs in self.done]


@dataclass
class _Task:
    path: str
    target: str
    params: dict[str, str]
    xslt_dir: str
    stage_in: str | None  # the output folder, where the files are left for the caller to put in place
    several_documents: bool = False  # each worker renders several files (Transformer.several_documents)


def _render_task(task: _Task) -> dict[str, bytes | StagedFile]:
    """Worker function (module level so it can be pickled): render one file to one target."""
    transformer = default_transformer() if Path(task.xslt_dir) == PACKAGE_XSLT_DIR else _cached(task.xslt_dir)
    transformer.several_documents = task.several_documents
    if task.target == "pdf":
        return transformer.render(Path(task.path), "fo", task.params)
    return transformer.render(Path(task.path), task.target, task.params, stage_in=task.stage_in)


_OTHERS: dict[str, Transformer] = {}


def _cached(xslt_dir: str) -> Transformer:
    if xslt_dir not in _OTHERS:
        _OTHERS[xslt_dir] = Transformer(xslt_dir)
    return _OTHERS[xslt_dir]


def transform_files(paths, target: str, out_dir, params: dict[str, str] | None = None, jobs: int | None = None,
                    *, xslt_dir: Path | None = None) -> TransformReport:
    """Transform every file to ``target`` (html, fo, text or pdf) into ``out_dir``.

    Writes ``out_dir/<stem>.<ext>`` (and, for html, the assets and any extra pages). For pdf, the
    FO is rendered first and handed to :mod:`pipeline.publish.fop`. A failing file becomes a problem in the
    report; the others go on. ``jobs`` worker processes (default: the number of CPUs).
    """
    from ..workers import default_jobs, run_parallel

    if target not in (*TARGETS, "pdf"):
        raise EditionError(f"unknown output '{target}': choose one of html, fo, pdf, text", rule="transform-target")
    out_dir = Path(out_dir)
    paths = [Path(p) for p in paths]
    params = {str(k): str(v) for k, v in (params or {}).items()}
    folder = str(Path(xslt_dir) if xslt_dir else PACKAGE_XSLT_DIR)
    report = TransformReport()
    paths = _refuse_same_stems(paths, params, report)
    # Saxon writes each output straight into the output folder; a PDF's FO goes to FOP as bytes.
    stage_in = None if target == "pdf" else os.path.abspath(out_dir)
    several = len(paths) > (jobs or default_jobs())
    tasks = [_Task(str(p), target, params, folder, stage_in, several) for p in paths]
    results: dict[int, dict[str, bytes | StagedFile]] = {}
    # Each process that renders (this one, or every worker) makes Saxon's heap for the files' bytes.
    total = sum(file_size(p) for p in paths)
    expect_documents(total)
    for outcome in run_parallel(_render_task, tasks, jobs=jobs, labels=[str(p) for p in paths],
                                initializer=expect_documents, initargs=(total,)):
        if outcome.ok:
            results[outcome.index] = outcome.result
        else:
            report.problems.append(outcome.problem)
    # Written in input order, so the report (and any asset written twice) does not depend on timing.
    pdf_jobs = []
    for index in sorted(results):
        source, files = paths[index], results[index]
        try:
            if target == "pdf":
                fo = next(iter(files.values()))
                pdf_jobs.append((source, fo, out_dir / f"{_safe_stem(source.stem)}.pdf"))
                continue
            written = []
            for name in list(files):
                path = out_dir / name
                atomic_write(path, files[name])
                del files[name]
                written.append(path)
            report.written += written
            report.done.append((source, written))
        except EditionError as exc:
            report.problems.append(exc.as_problem())
        finally:
            discard_staged(files.values())  # what could not be written
    if pdf_jobs:
        _write_pdfs(pdf_jobs, report, jobs)
    return report


def _refuse_same_stems(paths: list[Path], params: dict[str, str], report: TransformReport) -> list[Path]:
    """The inputs whose output name no earlier input takes; a problem in ``report`` for each other.

    ``d1/x.xml`` and ``d2/x.xml`` would both write ``x.html``: the second would silently replace
    the first, so it is refused with the name of the file it collides with.
    """
    first: dict[str, Path] = {}
    kept = []
    for path in paths:
        stem = _safe_stem(params.get("stem") or path.stem)
        if stem in first:
            report.problems.append(EditionError(
                f"not transformed: its output would overwrite that of {first[stem]} (both are named "
                f"'{stem}'); transform them into separate output folders", path, rule="output-collision",
            ).as_problem())
            continue
        first[stem] = path
        kept.append(path)
    return kept


def _write_pdfs(pdf_jobs, report: TransformReport, jobs: int | None) -> None:
    from . import fop  # imported lazily: only PDF output needs Java and FOP
    from .tools import fop_available

    if not fop_available():
        for source, _fo, _pdf in pdf_jobs:
            report.problems.append(EditionError(FOP_MISSING, source, rule="fop-missing").as_problem())
        return
    jobs_for_fop = [(fo_bytes, pdf, str(source)) for source, fo_bytes, pdf in pdf_jobs]
    rendered = fop.render_all(jobs_for_fop, workers=fop.fop_workers(jobs))
    for (source, _fo, pdf), (_job, outcome) in zip(pdf_jobs, rendered):
        if isinstance(outcome, EditionError):
            report.problems.append(outcome.as_problem())
        else:
            report.written.append(pdf)
            report.done.append((source, [pdf]))

