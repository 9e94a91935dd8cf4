"""Hostile and odd input through every command: a clear error or a safe output, within seconds.

No traceback, no read of any file outside the inputs, no network access, bounded memory. Small
fixtures live in tests/data/hostile/; big ones (50 MB, 100,000 levels) are generated into tmp_path.
Network access is caught by a local HTTP "trap" server every hostile reference points at (that
catches fetches from C, Java and Python alike) and, in-process, by a patched socket module; file
reads by a marker file the documents point at, and, where strace is available, by tracing every
open() and connect() of a real `edition` process.
"""
from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pipeline.files import is_temporary
from teitools import TEI_NS, tei_document
from teitools import output_text as raw_output_text

HOSTILE = Path(__file__).parent / "data" / "hostile"
EXTENSIONS = {"html": "html", "text": "txt", "fo": "fo"}
SECRET = "tei-edition-secret-a7f3c9"  # content of files the pipeline must never read

# fixture -> (rule of the one-line error, whether it has a line:column)
REFUSED = {
    "xxe-local-file.xml": ("xml-entity", True),
    "xxe-parameter-entity.xml": ("xml-entity", True),
    "billion-laughs.xml": ("xml-entity", True),
    "invalid-utf8.xml": ("xml-encoding", True),
    "nul-bytes.xml": ("xml-encoding", True),
    "binary.xml": ("xml-encoding", True),
    "empty.xml": ("xml-empty", False),
}
# fixture -> words its outputs must keep
ACCEPTED = {
    "external-dtd-network.xml": ["Words after an external DTD"],
    "schema-location-network.xml": ["Words with remote schemas"],
    "xinclude.xml": ["Included next", "end of paragraph"],
    "crlf.xml": ["First line", "second line", "Third paragraph"],
    "utf16-bom.xml": ["Grüße aus Köln – ещё"],
}


def commands(path: Path, out: Path) -> dict[str, list]:
    """Every command that reads a TEI file, as argument lists."""
    runs = {"validate": ["validate", path]}
    for target in EXTENSIONS:
        runs[f"transform-{target}"] = ["transform", path, "--to", target, "-o", out]
    return runs


def output_text(path: Path) -> str:
    """The readable text of an output file, whitespace normalised."""
    return " ".join(raw_output_text(path).split())


def assert_one_line_error(run, path: Path, rule: str, positioned: bool) -> None:
    run.assert_no_traceback()
    assert run.exit_code != 0
    lines = [line for line in run.error_lines() if str(path) in line]
    assert len(lines) == 1, run.stderr
    assert f"[{rule}]" in lines[0], lines[0]
    if positioned:
        assert lines[0].startswith(f"{path}:"), lines[0]
        line, column = lines[0][len(str(path)) + 1:].split(":")[:2]
        assert line.isdigit() and column.isdigit(), lines[0]


# --- every command on every small fixture --------------------------------------------------------

@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_input_is_one_clear_error_in_every_command(edition, tmp_path, name):
    rule, positioned = REFUSED[name]
    path = HOSTILE / name
    for command, args in commands(path, tmp_path / "out").items():
        started = time.monotonic()
        run = edition(*args)
        assert time.monotonic() - started < 30, command
        assert_one_line_error(run, path, rule, positioned)
        assert SECRET not in run.stderr and "root:x:0:0" not in run.stderr


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_input_transforms_safely_and_keeps_its_words(edition, tmp_path, name):
    path = HOSTILE / name
    out = tmp_path / "out"
    run = edition("validate", path)
    run.assert_no_traceback()
    assert run.exit_code in (0, 1)  # a report, whatever the verdict
    for target, ext in EXTENSIONS.items():
        run = edition("transform", path, "--to", target, "-o", out)
        run.assert_no_traceback()
        assert run.exit_code == 0, run.stderr
        text = output_text(out / f"{path.stem}.{ext}")
        for words in ACCEPTED[name]:
            assert words in text, (target, words)
        assert "root:x:0:0" not in text  # /etc/passwd was not included


# --- generated monsters ---------------------------------------------------------------------------

def test_100000_levels_of_nesting_is_a_clear_error_everywhere(edition, tmp_path):
    depth = 100_000
    path = tmp_path / "deep.xml"
    path.write_text(tei_document("<p>" + "<hi>" * depth + "deep" + "</hi>" * depth + "</p>"))
    for command, args in commands(path, tmp_path / "out").items():
        started = time.monotonic()
        run = edition(*args)
        assert time.monotonic() - started < 30, command
        assert_one_line_error(run, path, "xml-limit", True)


def test_deepest_accepted_nesting_transforms_without_recursion_errors(edition, tmp_path):
    # Just under libxml2's limit: every recursive stage (Python or XSLT) must cope with it.
    depth = 240
    body = ('<div type="part">' * 6 + "<p>" + "<hi>" * depth + "innermost words" + "</hi>" * depth
            + "</p>" + "</div>" * 6)
    path = tmp_path / "nested.xml"
    path.write_text(tei_document(body))
    run = edition("validate", path)
    run.assert_no_traceback()
    for target, ext in EXTENSIONS.items():
        run = edition("transform", path, "--to", target, "-o", tmp_path / "out")
        run.assert_no_traceback()
        assert run.exit_code == 0, run.stderr
        assert "innermost words" in output_text(tmp_path / "out" / f"nested.{ext}")


def test_quadratic_entity_blowup_is_refused_fast(edition, tmp_path):
    # One 20 kB entity referenced 20,000 times: 400 MB once expanded.
    path = tmp_path / "quadratic.xml"
    path.write_text(tei_document("<p>" + "&big;" * 20_000 + "</p>",
                                 prolog=f'<!DOCTYPE TEI [<!ENTITY big "{"x" * 20_000}">]>'))
    started = time.monotonic()
    run = edition("transform", path, "--to", "text", "-o", tmp_path / "out")
    assert time.monotonic() - started < 30
    assert_one_line_error(run, path, "xml-entity", True)


_RSS_PROBE = """
import resource, subprocess, sys, time
started = time.monotonic()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(proc.returncode, round(time.monotonic() - started, 1),
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
sys.stderr.write(proc.stderr)
"""


def test_50_megabyte_document_works_with_bounded_memory(tmp_path):
    paragraph = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 10 + "</p>\n"
    count = 50 * 1024 * 1024 // len(paragraph)
    path = tmp_path / "big.xml"
    with path.open("w") as handle:
        handle.write(tei_document("@BODY@").split("@BODY@")[0])
        for index in range(count // 100):
            handle.write(f'<div n="{index}">' + paragraph * 100 + "</div>\n")
        handle.write(tei_document("@BODY@").split("@BODY@")[1])
    assert path.stat().st_size > 50_000_000
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, sys.executable, "-m", "pipeline",
         "transform", str(path), "--to", "text", "-o", str(out)],
        capture_output=True, text=True, timeout=600,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)))
    code, seconds, peak_mb = proc.stdout.split()
    assert "Traceback" not in proc.stderr
    print(f"50 MB document to text: exit {code}, {seconds} s, peak RSS {peak_mb} MB")
    # Either it works or it says clearly why not; in both cases memory stays bounded.
    if code == "0":
        assert (out / "big.txt").stat().st_size > 40_000_000
    else:
        assert len([line for line in proc.stderr.splitlines() if str(path) in line]) == 1, proc.stderr
    assert int(peak_mb) < 2500
    assert float(seconds) < 300


# --- names and paths -----------------------------------------------------------------------------

@pytest.mark.parametrize("stem", ["with spaces", "quote's \"double\"", "ünïcødé – ж 東京"])
def test_odd_file_names(edition, edition_process, tmp_path, stem):
    good = tmp_path / f"{stem}.xml"
    good.write_text(tei_document("<p>odd name words</p>"), encoding="utf-8")
    out = tmp_path / f"out {stem}"
    run = edition("transform", good, "--to", "text", "-o", out)
    assert run.exit_code == 0, run.stderr
    assert "odd name words" in output_text(out / f"{stem}.txt")
    bad = tmp_path / f"bad {stem}.xml"
    bad.write_text("<TEI>\n<p></TEI>", encoding="utf-8")
    assert_one_line_error(edition_process("validate", bad), bad, "xml-wellformed", True)


def test_output_names_from_documents_cannot_escape_the_output_folder(edition, tmp_path):
    ids = ["../../escaped", "/tmp/escaped-absolute", "a/../../../escaped", "..", "x\\..\\..\\escaped"]
    parts = "".join(f'<div xml:id="{i}" n="{i}"><head>Part {n}</head><p>words {n}</p></div>'
                    for n, i in enumerate(ids))
    member = tei_document(parts, root_attributes=' xml:id="../../../escaped-root"')
    corpus = (f'<teiCorpus xmlns="{TEI_NS}" xml:id="../corpus-escape"><teiHeader><fileDesc><titleStmt>'
              "<title>C</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p>"
              "</sourceDesc></fileDesc></teiHeader>"
              + member.replace(f'<TEI xmlns="{TEI_NS}"', "<TEI") * 2 + "</teiCorpus>")
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    (work / "doc.xml").write_text(member)
    (work / "corpus.xml").write_text(corpus)
    out = work / "out"
    before = {p for p in tmp_path.rglob("*")}
    for target in EXTENSIONS:
        run = edition("transform", work / "doc.xml", work / "corpus.xml", "--to", target, "-o", out)
        run.assert_no_traceback()
    created = {p for p in tmp_path.rglob("*")} - before
    assert created, "nothing was written"
    outside = [p for p in created if out not in p.parents and p != out]
    assert not outside, outside
    assert not list(Path("/tmp").glob("escaped-absolute*"))


# --- no network, no reads outside the inputs ------------------------------------------------------

class _Trap(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        type(self).requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(SECRET.encode())

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def trap():
    """A local HTTP server that records every request made to it."""
    _Trap.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trap)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Trap.requests
    server.shutdown()
    server.server_close()


@pytest.fixture
def lure(tmp_path, trap):
    """Documents whose every URL-bearing place points at the trap or at a secret local file."""
    base, _ = trap
    secret_dir = tmp_path / "secret"
    secret_dir.mkdir()
    secret = secret_dir / "secret.txt"
    secret.write_text(SECRET)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    urls = [f"{base}/remote", secret.as_uri(), str(secret), "../secret/secret.txt"]
    body = "".join(
        f'<p>Lure {n} <ref target="{u}">ref</ref> <ptr target="{u}"/> <graphic url="{u}"/>'
        f' <figure><graphic url="{u}"/></figure> <xi:include href="{u}" parse="text"/></p>'
        for n, u in enumerate(urls))
    documents = {
        "dtd.xml": tei_document("<p>DTD lure</p>", prolog=f'<!DOCTYPE TEI SYSTEM "{base}/tei.dtd">'),
        "local-dtd.xml": tei_document("<p>local DTD lure</p>", prolog=f'<!DOCTYPE TEI SYSTEM "{secret}">'),
        "models.xml": tei_document(
            "<p>model lure</p>",
            prolog=(f'<?xml-model href="{base}/tei.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>'
                    f'<?xml-stylesheet type="text/xsl" href="{base}/evil.xsl"?>'
                    f'<?xml-stylesheet type="text/css" href="{secret.as_uri()}"?>'),
            root_attributes=(' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
                             f' xsi:schemaLocation="{TEI_NS} {base}/tei.xsd"')),
        "links.xml": tei_document(body, root_attributes=f' xmlns:xi="http://www.w3.org/2001/XInclude"'
                                                        f' xml:base="{base}/"'),
        "facsimile.xml": tei_document("<p>facsimile lure</p>").replace(
            "<text>", f'<facsimile xml:base="{base}/"><surface><graphic url="{secret.as_uri()}"/>'
                      f'<graphic url="{base}/page.png"/></surface></facsimile><text>'),
    }
    for name, text in documents.items():
        (inputs / name).write_text(text)
    return sorted(inputs.glob("*.xml")), secret


@pytest.fixture
def no_sockets(monkeypatch):
    """Make any Python-level outgoing connection fail, and record it."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def refuse(self, address, *args):
        if self.family == socket.AF_UNIX:
            return real_connect(self, address, *args)
        attempts.append(address)
        raise OSError("network access attempted during a test that forbids it")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: (attempts.append(address), refuse(socket.socket(), address))[1])
    return attempts


def test_no_network_and_no_outside_reads_in_process(edition, tmp_path, trap, lure, no_sockets):
    _, requests = trap
    files, secret = lure
    out = tmp_path / "out"
    run = edition("validate", *files)
    run.assert_no_traceback()
    for target in EXTENSIONS:
        run = edition("transform", *files, "--to", target, "-o", out, "-j", "1")
        run.assert_no_traceback()
        assert run.exit_code == 0, run.stderr
    assert requests == [] and no_sockets == []
    for produced in out.rglob("*"):
        if produced.is_file():
            assert SECRET.encode() not in produced.read_bytes(), produced
    assert {f.stem for f in files} <= {p.stem for p in out.glob("*.html")}


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_no_network_and_no_outside_reads_traced(edition_process, tmp_path, trap, lure):
    _, requests = trap
    files, secret = lure
    out = tmp_path / "out"
    log = tmp_path / "strace.log"
    probe = subprocess.run(["strace", "-f", "-o", str(tmp_path / "probe.log"), "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here: {probe.stderr.decode(errors='replace').strip()}")
    targets = ["html", "text", "fo"]
    from pipeline.publish.tools import fop_available

    if fop_available():
        targets.append("pdf")
    for target in targets:
        run = edition_process("transform", *files, "--to", target, "-o", out, timeout=600,
                              prefix=("strace", "-f", "-qq", "-e", "trace=open,openat,openat2,connect",
                                      "-o", str(log)))
        run.assert_no_traceback()
        assert run.exit_code == 0, run.stderr
        trace = log.read_text(errors="replace")
        opened_secret = [line for line in trace.splitlines() if str(secret.parent) in line]
        assert not opened_secret, opened_secret[:5]
        inet = [line for line in trace.splitlines()
                if "connect(" in line and ("AF_INET" in line or "AF_INET6" in line)]
        assert not inet, inet[:5]
    assert requests == []


# --- safe HTML ----------------------------------------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(2)", " java&#9;script:alert(3)", "&#x0A;javascript:alert(4)",
    "vbscript:msgbox(5)", "data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==",
    "data:image/svg+xml,&lt;svg onload='alert(7)'/&gt;", "//evil.example/8", "\\\\evil.example\\9",
    "file:///etc/passwd", "jar:http://evil.example/x!/y",
]
GOOD_URLS = ["https://example.org/ok", "http://example.org/ok", "#p1", "images/plate1.png", "other.html#x"]
SCRIPTY = "<script>alert('text')</script>"
HOSTILE_ATTRIBUTE = "&quot;&gt;&lt;script&gt;alert(10)&lt;/script&gt;&lt;x y=&apos;"


def hostile_html_document() -> str:
    links = "".join(
        f'<p n="{n}">Link {n}: <ref target="{u}">ref {n}</ref> <ptr target="{u}"/> '
        f'<graphic url="{u}"/> <figure><graphic url="{u}"/><head>fig {n}</head></figure> '
        f'<persName ref="{u}">person {n}</persName> <placeName ref="{u}" key="{u}">place {n}</placeName> '
        f'<title ref="{u}">title {n}</title> <bibl><ref target="{u}">bibl {n}</ref></bibl> '
        f'<idno type="URI">{u}</idno> <link target="{u} #p1"/> <media url="{u}" mimeType="video/mp4"/> '
        f'<hi facs="{u}" source="{u}" corresp="{u}">hi {n}</hi></p>'
        for n, u in enumerate(BAD_URLS + GOOD_URLS))
    body = (
        f'<div xml:id="d{HOSTILE_ATTRIBUTE}" n="{HOSTILE_ATTRIBUTE}" type="{HOSTILE_ATTRIBUTE}">'
        f'<head rend="{HOSTILE_ATTRIBUTE}">Safe HTML</head>'
        f"<p>Script-looking text: &lt;script&gt;alert('text')&lt;/script&gt; and "
        f"<![CDATA[<img src=x onerror=alert(11)>]]> stays text.</p>"
        f'<p style="background:url(javascript:alert(12)); behavior:url(x.htc); width:expression(alert(13))"'
        f' rend="color:red; background-image:url(&quot;javascript:alert(14)&quot;)"'
        f' rendition="#r1 javascript:alert(15)">styled words</p>'
        f'<p onclick="alert(16)" onmouseover="alert(17)">handler words</p>'
        f'<p><html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(18)</html:script>'
        f'<html:a xmlns:html="http://www.w3.org/1999/xhtml" href="javascript:alert(19)">html link</html:a>'
        f'<svg:svg xmlns:svg="http://www.w3.org/2000/svg" onload="alert(20)"><svg:script>alert(21)</svg:script></svg:svg>'
        f'<script xmlns="">alert(22)</script><iframe xmlns="" src="javascript:alert(23)"/></p>'
        f'<pb n="{HOSTILE_ATTRIBUTE}" facs="javascript:alert(24)"/>'
        f'<note n="{HOSTILE_ATTRIBUTE}" xml:id="n&quot;1">note words</note>'
        f"{links}</div>")
    rendition = ('<encodingDesc><tagsDecl><rendition xml:id="r1" scheme="css">color: blue; }'
                 " &lt;/style&gt;&lt;script&gt;alert(25)&lt;/script&gt; body { background: url(javascript:alert(26))"
                 "</rendition></tagsDecl></encodingDesc></teiHeader>")
    document = tei_document(body, root_attributes=f' xml:id="root{HOSTILE_ATTRIBUTE}"')
    document = document.replace("</teiHeader>", rendition)
    return document.replace("<text>", '<facsimile><surface><graphic url="javascript:alert(27)"/>'
                                       '<graphic url="data:image/png;base64,iVBORw0KGgo="/></surface></facsimile><text>')


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "background", "cite", "longdesc",
                  "manifest", "ping", "codebase", "archive", "xlink:href", "{http://www.w3.org/1999/xlink}href",
                  "srcset", "imagesrcset", "itemtype", "profile", "usemap"}
_CONTROL = "".join(chr(c) for c in range(33))


def _url_is_safe(url: str) -> bool:
    # Browsers drop whitespace and control characters inside a URL before reading the scheme.
    cleaned = "".join(ch for ch in url if ch not in _CONTROL)
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    scheme, colon, _ = cleaned.partition(":")
    if not colon or any(ch in scheme for ch in "/?#"):
        return True  # relative (a colon, if any, comes after the path starts) or a fragment
    return scheme.lower() in ("http", "https")


def _css_is_safe(css: str) -> bool:
    lowered = "".join(css.lower().split())
    if any(bad in lowered for bad in ("expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding",
                                      "@import", "</")):
        return False
    import re

    return all(_url_is_safe(url.strip("'\"")) for url in re.findall(r"url\(([^)]*)\)", lowered))


def _inline_scripts(document) -> list[str]:
    return [script.text or "" for script in document.iter("script") if not script.get("src")]


def test_html_output_has_no_executable_script_and_only_safe_links(edition, tmp_path):
    from lxml import html as lxml_html

    (tmp_path / "hostile.xml").write_text(hostile_html_document(), encoding="utf-8")
    (tmp_path / "baseline.xml").write_text(tei_document("<p>Harmless words.</p>"), encoding="utf-8")
    out = tmp_path / "out"
    run = edition("transform", tmp_path / "hostile.xml", tmp_path / "baseline.xml", "--to", "html", "-o", out)
    run.assert_no_traceback()
    assert run.exit_code == 0, run.stderr
    baseline = lxml_html.document_fromstring((out / "baseline.html").read_bytes())
    document = lxml_html.document_fromstring((out / "hostile.html").read_bytes())
    problems = []
    allowed_scripts = set(_inline_scripts(baseline))
    for script in _inline_scripts(document):
        if script not in allowed_scripts:
            problems.append(f"inline script not in the edition's own pages: {script[:80]!r}")
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in ("iframe", "frame", "object", "embed", "applet", "base", "form", "svg", "math"):
            problems.append(f"<{tag}> element in the output")
        if tag == "script" and element.get("src") and not _url_is_safe(element.get("src")):
            problems.append(f"script from {element.get('src')!r}")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append("meta refresh")
        if tag == "style" and not _css_is_safe(element.text or ""):
            problems.append(f"unsafe <style>: {(element.text or '')[:120]!r}")
        for name, value in element.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                problems.append(f"event handler {name}={value!r} on <{tag}>")
            elif lname in URL_ATTRIBUTES and not all(
                    _url_is_safe(part.strip().split(" ")[0]) for part in value.split(",")):
                problems.append(f"unsafe URL {name}={value!r} on <{tag}>")
            elif lname == "style" and not _css_is_safe(value):
                problems.append(f"unsafe style={value!r} on <{tag}>")
    assert not problems, "\n".join(problems)
    text = " ".join(document.text_content().split())
    # The script-looking text is kept, as text.
    assert "<script>alert('text')</script>" in text
    assert "<img src=x onerror=alert(11)>" in text
    for words in ("styled words", "handler words", "note words", "ref 0", "ref 11"):
        assert words in text, words


def test_fo_output_points_only_at_safe_resources(edition, tmp_path):
    (tmp_path / "hostile.xml").write_text(hostile_html_document(), encoding="utf-8")
    out = tmp_path / "out"
    run = edition("transform", tmp_path / "hostile.xml", "--to", "fo", "-o", out)
    run.assert_no_traceback()
    assert run.exit_code == 0, run.stderr
    from lxml import etree

    fo = etree.parse(str(out / "hostile.fo"))
    bad = []
    for attribute in ("src", "external-destination"):
        for value in fo.xpath(f"//@{attribute}"):
            url = value.strip()
            if url.startswith("url(") and url.endswith(")"):
                url = url[4:-1].strip("'\"")
            if not _url_is_safe(url) or url.startswith("/") or ".." in url.split("/"):
                bad.append(f"{attribute}={value!r}")
    assert not bad, bad


# --- the findings of the hostile review (issue 15) -----------------------------------------------
# Each test below failed on the code the review attacked and passes since its cause was fixed.

def _project(root: Path, docs: dict[str, str] | None = None) -> Path:
    """A small edition project: tei/<name>.xml for each document (one by default)."""
    (root / "tei").mkdir(parents=True)
    for name, text in (docs or {"doc": tei_document("<p>Project words.</p>")}).items():
        (root / "tei" / f"{name}.xml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def no_pdf(monkeypatch):
    import pipeline.publish.tools
    monkeypatch.setattr(pipeline.publish.tools, "fop_available", lambda: False)


def _build(project: Path, **options):
    """An in-process build that collects its messages: (report, stdout lines, problem lines)."""
    from pipeline.build.engine import build_project

    said, problems = [], []

    def on_event(event):
        if event.kind == "problem":
            problems.append(event.message)
        elif event.kind != "progress":
            said.append(event.message)

    report = build_project(project, jobs=1, on_event=on_event, **options)
    said += report.notes  # what the CLI prints after the build
    return report, said, problems


def test_1_published_tei_copy_cannot_run_anything_in_a_browser(edition, tmp_path):
    from lxml import etree

    path = HOSTILE / "tei-copy-active-content.xml"
    run = edition("transform", path, "--to", "html", "--param", "site=yes", "--param", "downloads=tei",
                  "-o", tmp_path)
    assert run.exit_code == 0, run.stderr
    data = (tmp_path / "tei-copy-active-content.xml").read_bytes()
    copy = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    active = {"http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML"}
    assert not [e.tag for e in copy.iter(etree.Element) if etree.QName(e).namespace in active]
    assert not [(e.tag, a) for e in copy.iter(etree.Element) for a in e.attrib if a.lower().startswith("on")]
    assert b"javascript:" not in data
    assert b"xml-stylesheet" not in data.replace(b"removed from the published copy", b"")
    assert b"<?xml-model" in data  # other instructions stay
    # The TEI text stays, and each removal is marked where it was.
    words = " ".join(copy.itertext())
    assert "Words before the script." in words and "Words after the script." in words
    assert b"removed from the published copy: the SVG element <svg>" in data


def test_1_the_copy_made_in_place_is_the_copy_made_from_a_copy():
    from lxml import etree

    from pipeline.publish.teicopy import published_copy
    from pipeline.xmlio import parse_file

    path = HOSTILE / "tei-copy-active-content.xml"
    kept = parse_file(path)
    before = etree.tostring(kept)
    assert published_copy(kept) == published_copy(parse_file(path), in_place=True)
    assert etree.tostring(kept) == before  # the caller's tree is left as it was


def test_2_table_spans_are_bounded_by_the_table(edition, tmp_path):
    from lxml import etree

    path = HOSTILE / "table-huge-spans.xml"
    started = time.monotonic()
    run = edition("transform", path, "--to", "fo", "-o", tmp_path)
    assert time.monotonic() - started < 60
    run.assert_no_traceback()
    assert run.exit_code == 0, run.stderr
    fo = etree.parse(str(tmp_path / "table-huge-spans.fo"))
    ns = {"fo": "http://www.w3.org/1999/XSL/Format"}
    columns = fo.xpath("//fo:table-column", namespaces=ns)
    assert 0 < len(columns) <= 3
    spans = [int(v) for v in fo.xpath("//@number-columns-spanned | //@number-rows-spanned")]
    assert spans and max(spans) <= 3
    assert "Wide cell words" in " ".join(fo.getroot().itertext())
    run = edition("validate", path)
    warnings = [line for line in run.error_lines() if "[table-span]" in line]
    assert len(warnings) == 2 and all(": warning: <cell>: @" in line for line in warnings), run.stderr
    assert all(line.startswith(f"{path}:") for line in warnings), warnings


def test_3_build_state_cannot_delete_outside_output(tmp_path, no_pdf):
    import json

    project = _project(tmp_path / "proj")
    report, _, _ = _build(project)
    assert report.ok
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    absolute = tmp_path / "absolute-victim.txt"
    absolute.write_text("keep me too")
    state_path = project / "output" / ".edition-state.json"
    state = json.loads(state_path.read_text())
    state["steps"]["html:gone"] = {"deps": {}, "outputs": {"../victim.txt": [7, 1]}}
    state["steps"]["text:gone"] = {"deps": {}, "outputs": {str(absolute): [11, 1]}}
    state["steps"]["fo:odd"] = {"deps": "not a dict", "outputs": []}
    state_path.write_text(json.dumps(state))
    for _ in range(2):  # and on every later build
        report, _, problems = _build(project)
        assert report.ok, [p.format() for p in report.problems]
        assert victim.read_text() == "keep me" and absolute.read_text() == "keep me too"
    # The first of them said which entries it ignored.
    state_path.write_text(json.dumps(state))
    _, _, problems = _build(project)
    assert any("../victim.txt" in line and "[build-state]" in line for line in problems), problems
    # A corrupt state is a full rebuild, not a crash.
    state_path.write_text('{"format": 1, "steps": {"x": [1, 2]}, "scans": {"a": 5}}')
    report, _, _ = _build(project)
    assert report.ok and report.built


def test_4_build_lock_is_never_followed_through_a_symlink(edition, tmp_path):
    project = _project(tmp_path / "proj")
    (project / "output").mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious data\n")
    (project / "output" / ".edition.lock").symlink_to(victim)
    run = edition("build", project)
    run.assert_no_traceback()
    assert run.exit_code != 0
    assert victim.read_text() == "precious data\n"
    lines = run.error_lines()
    assert len(lines) == 1 and "symbolic link" in lines[0] and "[output-symlink]" in lines[0], lines


def test_6_a_hand_edit_saved_during_convert_is_not_overwritten(tmp_path, monkeypatch):
    import pipeline.convert.converter as converter
    from pipeline.errors import EditionError

    source = tmp_path / "diary.txt"
    source.write_text("1 January 1937\n\nFirst entry words.\n", encoding="utf-8")
    output = tmp_path / "diary.xml"
    converter.convert_file(source, output)
    source.write_text("1 January 1937\n\nChanged entry words.\n", encoding="utf-8")
    real = converter.convert_text
    edit = b"<!-- the editor's work -->"

    def convert_while_the_editor_saves(*args, **kwargs):
        result = real(*args, **kwargs)
        output.write_bytes(output.read_bytes().replace(b"</TEI>", edit + b"</TEI>"))
        return result

    monkeypatch.setattr(converter, "convert_text", convert_while_the_editor_saves)
    with pytest.raises(EditionError) as caught:
        converter.convert_file(source, output)
    assert caught.value.rule == "hand-edited" and "changed while" in caught.value.message
    assert edit in output.read_bytes()
    assert not list(tmp_path.glob(".edition-*.tmp"))


@pytest.mark.parametrize("url", ["/\\evil.example/x", "\\/evil.example/x", "\\\\evil.example/x",
                                 " /\t\\evil.example/x", "https:\\\\evil.example", "https:/\\evil.example"])
def test_8_backslashes_cannot_make_a_protocol_relative_link(edition, tmp_path, url):
    from lxml import html as lxml_html

    (tmp_path / "doc.xml").write_text(tei_document(f'<p><ref target="{url}">link words</ref></p>'))
    run = edition("transform", tmp_path / "doc.xml", "--to", "html", "-o", tmp_path)
    assert run.exit_code == 0, run.stderr
    page = lxml_html.document_fromstring((tmp_path / "doc.html").read_bytes())
    hrefs = [a.get("href") for a in page.iter("a") if a.get("href")]
    assert all(_url_is_safe(h) for h in hrefs), hrefs
    assert all("evil.example" not in h or h.startswith("https://evil.example") for h in hrefs), hrefs
    assert "link words" in page.text_content()


@pytest.mark.parametrize("where", ["tei/editorial.toml", "tei/register/persons.xml", "tei/source/fifo.txt"])
def test_9_a_fifo_in_the_project_does_not_hang_the_build(edition_process, tmp_path, where):
    project = _project(tmp_path / "proj")
    (project / "tei" / "source").mkdir()
    (project / "tei" / "source" / "diary.txt").write_text("1 January 1937\n\nEntry words.\n")
    fifo = project / where
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    started = time.monotonic()
    run = edition_process("build", project, "-j", "1", timeout=120)
    assert time.monotonic() - started < 120
    run.assert_no_traceback()
    assert run.exit_code == 1
    assert any(where.split("/")[-1] in line and "not a regular file" in line for line in run.error_lines()), run.stderr


def test_12_inputs_with_the_same_stem_never_overwrite_each_other(edition, tmp_path):
    for folder in ("d1", "d2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.xml").write_text(tei_document(f"<p>Words of {folder}.</p>"))
    out = tmp_path / "out"
    run = edition("transform", tmp_path / "d1" / "x.xml", tmp_path / "d2" / "x.xml", "--to", "text", "-o", out)
    run.assert_no_traceback()
    assert run.exit_code == 1
    assert "Words of d1" in (out / "x.txt").read_text()
    lines = run.error_lines()
    assert len(lines) == 1 and lines[0].startswith(str(tmp_path / "d2" / "x.xml")), lines
    assert "[output-collision]" in lines[0] and str(tmp_path / "d1" / "x.xml") in lines[0]


def test_14_a_full_disk_names_the_first_write_that_failed(tmp_path, no_pdf, monkeypatch):
    import errno

    import pipeline.xmlio
    from pipeline.errors import EditionError

    project = _project(tmp_path / "proj")
    real = pipeline.xmlio.atomic_write
    full = []

    def disk_full(path, data, **kwargs):
        if Path(path).parent.name in ("html", "text", "fo") or full:
            full.append(Path(path))
            raise EditionError(f"cannot write: {os.strerror(errno.ENOSPC)}", path, rule="output-unwritable")
        return real(path, data, **kwargs)

    monkeypatch.setattr(pipeline.xmlio, "atomic_write", disk_full)
    with pytest.raises(EditionError) as caught:
        _build(project)
    assert caught.value.file == str(full[0]) and ".edition-state" not in caught.value.file
    assert any(p.name == ".edition-state.json" for p in full)  # the state's save failed too, unseen
    # What the workers had Saxon write, staged for those writes, was dropped with them.
    assert not [p for p in (project / "output").rglob("*") if is_temporary(p.name)]


def test_15_entity_csv_cannot_run_spreadsheet_formulas(edition):
    import csv
    import io

    run = edition("entities", HOSTILE / "csv-formulas.xml", "--format", "csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert any(c.startswith("'=HYPERLINK(") for c in cells), cells  # the name itself is all there
    assert any(c == "'+cmd|' /C calc'!A0" for c in cells), cells


def test_16_document_ids_cannot_capture_the_page_controls(edition, tmp_path):
    from lxml import html as lxml_html

    own = ["main", "reading-toggle", "intro-heading", "toc-heading", "notes-heading", "register-person",
           "ed:main", "ed:reading-toggle"]
    paragraphs = "".join(f'<p xml:id="{i}">para {n}</p>' for n, i in enumerate(own))
    body = (f'<div><head>Part</head>{paragraphs}<p><choice><sic>teh</sic><corr>the</corr></choice>'
            f'<persName ref="#p1">Anna</persName><note xml:id="n1">note</note><note xml:id="ed:peek-n1">x</note></p></div>')
    header_people = ('<particDesc><listPerson><person xml:id="p1"><persName>Anna</persName></person>'
                     '</listPerson></particDesc>')
    document = tei_document(body).replace("</teiHeader>", f"<profileDesc>{header_people}</profileDesc></teiHeader>")
    (tmp_path / "doc.xml").write_text(document)
    run = edition("transform", tmp_path / "doc.xml", "--to", "html", "-o", tmp_path)
    assert run.exit_code == 0, run.stderr
    page = lxml_html.document_fromstring((tmp_path / "doc.html").read_bytes())
    ids = [e.get("id") for e in page.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert page.get_element_by_id("ed:reading-toggle").tag == "button"
    assert page.get_element_by_id("ed:main").tag == "main"
    assert page.get_element_by_id("reading-toggle").tag == "p"  # the document's own, kept as it is


def test_10_odd_values_never_reach_the_user_as_a_saxon_trace(edition_process, tmp_path):
    digits = tmp_path / "arabic-digits.xml"
    digits.write_text(tei_document('<p>On <date when="١٩٣٧-٠١-٠٢">the second day</date>.</p>'), encoding="utf-8")
    attributes = tmp_path / "many-attributes.xml"
    many = " ".join(f'data-a{i}="x"' for i in range(300))
    attributes.write_text(tei_document(f"<p {many}>Many attribute words.</p>"), encoding="utf-8")
    for path, words in ((digits, "the second day"), (attributes, "Many attribute words")):
        for target, ext in EXTENSIONS.items():
            run = edition_process("transform", path, "--to", target, "-o", tmp_path / "out")
            assert run.exit_code == 0 and not run.stderr, run.stderr
            assert words in output_text(tmp_path / "out" / f"{path.stem}.{ext}")
    run = edition_process("transform", digits, "--to", "text", "--param", "wrap=" + "9" * 30, "-o", tmp_path / "w")
    assert run.exit_code == 0 and not run.stderr, run.stderr
    assert "the second day" in output_text(tmp_path / "w" / "arabic-digits.txt")


def test_10_a_stylesheet_error_is_one_line_without_saxon_s_own_report(tmp_path):
    folder = tmp_path / "xslt" / "text"
    folder.mkdir(parents=True)
    (folder / "text.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema"><xsl:template match="/">'
        "<xsl:sequence select=\"xs:integer('١٢')\"/></xsl:template></xsl:stylesheet>")
    document = tmp_path / "doc.xml"
    document.write_text(tei_document("<p>words</p>"))
    script = ("import sys\nfrom pipeline.publish.transform import Transformer\nfrom pipeline.errors import EditionError\n"
              "try:\n    Transformer(sys.argv[1]).render(sys.argv[2], 'text')\n"
              "except EditionError as exc:\n    print(exc)\n")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "xslt"), str(document)],
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)))
    assert proc.stderr == "", proc.stderr
    assert proc.stdout.startswith(f"{document}: error: the transformation failed: ") and "[xslt-runtime]" in proc.stdout


RNG = "http://relaxng.org/ns/structure/1.0"


def _schema(body: str, prolog: str = "", grammar_attributes: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{prolog}<grammar xmlns="{RNG}"{grammar_attributes}>{body}'
            f'<start><element name="TEI" ns="{TEI_NS}"><ref name="anything"/></element></start>'
            '<define name="anything"><zeroOrMore><choice><attribute><anyName/></attribute><text/>'
            '<element><anyName/><ref name="anything"/></element></choice></zeroOrMore></define></grammar>')


def test_5_a_schema_reads_no_entity_and_no_network(edition, tmp_path, trap):
    base, requests = trap
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    document = tmp_path / "doc.xml"
    document.write_text(tei_document("<p>words</p>"))
    schemas = {
        "system-entity.rng": _schema('<a:documentation xmlns:a="x">&s;</a:documentation>',
                                     f'<!DOCTYPE grammar [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'),
        "network-entity.rng": _schema('<a:documentation xmlns:a="x">&s;</a:documentation>',
                                      f'<!DOCTYPE grammar [<!ENTITY s SYSTEM "{base}/entity">]>\n'),
        "external-dtd.rng": _schema("", f'<!DOCTYPE grammar SYSTEM "{base}/grammar.dtd">\n'),
        "network-include.rng": _schema(f'<include href="{base}/include.rng"/>'),
        "network-base.rng": _schema('<div xml:base="{base}/"><include href="x.rng"/></div>'.replace("{base}", base)),
        "network-external-ref.rng": _schema(f'<define name="x"><externalRef href="{base}/ref.rng"/></define>'),
    }
    for name, text in schemas.items():
        (tmp_path / name).write_text(text)
        run = edition("validate", "--schema", tmp_path / name, document)
        run.assert_no_traceback()
        assert run.exit_code != 0, (name, run.stdout)
        lines = run.error_lines()
        assert len(lines) == 1 and lines[0].startswith(f"{tmp_path / name}:"), (name, lines)
        assert SECRET not in run.stderr + run.stdout
    assert requests == []
    # A local schema with local includes still works.
    (tmp_path / "part.rng").write_text(f'<grammar xmlns="{RNG}"><define name="extra"><text/></define></grammar>')
    (tmp_path / "good.rng").write_text(_schema('<include href="part.rng"/>'))
    run = edition("validate", "--schema", tmp_path / "good.rng", document)
    assert run.exit_code == 0, run.stderr


def test_5_an_xsd_assertion_reads_no_file_and_no_network(edition, tmp_path, trap):
    # The assertions reach Saxon only when made of what validate/assertions.py knows: doc() is not.
    # (Read, the secret would make the document valid.)
    base, requests = trap
    secret = tmp_path / "secret.xml"
    secret.write_text(f"<secret>{SECRET}</secret>")
    document = tmp_path / "doc.xml"
    document.write_text(tei_document("<p>words</p>"))
    for source in (secret.as_uri(), f"{base}/secret.xml"):
        schema = tmp_path / "assert.xsd"
        schema.write_text(f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{TEI_NS}"
    targetNamespace="{TEI_NS}" elementFormDefault="qualified">
  <xs:element name="TEI"><xs:complexType><xs:sequence>
    <xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
    <xs:assert test="string(doc('{source}')) = '{SECRET}'"/></xs:complexType></xs:element>
</xs:schema>""")
        run = edition("validate", "--schema", schema, document)
        run.assert_no_traceback()
        assert run.exit_code != 0, run.stdout
        assert SECRET not in run.stderr + run.stdout
    assert requests == []


def test_11_file_names_are_escaped_for_display(edition_process, tmp_path):
    folder = os.fsencode(tmp_path)
    not_utf8 = Path(os.fsdecode(folder + b"/bad\xff.xml"))
    escape = tmp_path / "esc\x1b[31mred\x1b[0m.xml"
    broken = Path(os.fsdecode(folder + b"/broken\xfe\x1b[2J.xml"))
    for path in (not_utf8, escape):
        path.write_text(tei_document("<p>named words</p>"))
    broken.write_text("<TEI>")
    runs = [edition_process("transform", p, "--to", t, "-o", tmp_path / "out")
            for p in (not_utf8, escape) for t in ("html", "text")]
    runs += [edition_process("validate", p) for p in (not_utf8, escape, broken)]
    runs += [edition_process("validate", "--format", "json", not_utf8)]
    for run in runs:
        run.assert_no_traceback()
        assert "\x1b" not in run.stdout + run.stderr, (run.stdout, run.stderr)
    assert all(run.exit_code == 0 for run in runs[:-2]), [r.stderr for r in runs]
    assert any("bad\\xff.xml ->" in run.stdout for run in runs)
    assert any("esc\\x1b[31mred\\x1b[0m.xml ->" in run.stdout for run in runs)
    (line,) = runs[-2].error_lines()
    assert line.startswith(str(tmp_path) + "/broken\\xfe\\x1b[2J.xml:1:") and "[xml-wellformed]" in line
    import json
    assert json.loads(runs[-1].stdout)["ok"] is True
    assert "named words" in output_text(tmp_path / "out" / "bad\ufffd.txt")


def _process_table() -> dict[int, tuple[int, bytes]]:
    """pid -> (parent pid, state) of every process, from /proc."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_bytes().rpartition(b")")[2].split()
        except OSError:
            continue
        table[int(stat.parent.name)] = (int(fields[1]), fields[0])
    return table


def _descendants(pid: int) -> set[int]:
    table = _process_table()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = {child for child, (ppid, _) in table.items() if ppid == parent} - found
        todo += children
        found |= children
    return found


def _running(pids: set[int]) -> set[int]:
    table = _process_table()
    return {pid for pid in pids if pid in table and table[pid][1] != b"Z"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_13_workers_end_when_the_build_is_killed(tmp_path):
    import signal

    sample = Path(__file__).parent / "data" / "validate" / "diary-good.xml"
    project = _project(tmp_path / "proj", {f"doc{i}": sample.read_text(encoding="utf-8") for i in range(12)})
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(project), "-j", "2"],
                            env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    helpers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        # Two workers, forked from the build (or, where it cannot fork, a forkserver and a resource tracker too).
        while len(helpers) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            helpers = _descendants(proc.pid)
        assert len(helpers) >= 2, "the build started no worker processes"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15
        while _running(helpers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _running(helpers), f"still running 15 s after the build was killed: {_running(helpers)}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in _running(helpers):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def test_17_links_out_of_the_project_are_not_followed(tmp_path, no_pdf):
    from pipeline.errors import EditionError

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.xml").write_text(tei_document(f"<p>{SECRET}</p>"))
    (outside / "source.txt").write_text(f"1 January 1937\n\n{SECRET}\n")
    (outside / "register").mkdir()
    project = _project(tmp_path / "proj")
    (project / "tei" / "source").mkdir()
    (project / "tei" / "private.xml").symlink_to(outside / "private.xml")
    (project / "tei" / "source" / "leak.txt").symlink_to(outside / "source.txt")
    (project / "tei" / "register").symlink_to(outside / "register")
    (project / "tei" / "inside.xml").symlink_to(project / "tei" / "doc.xml")  # inside: followed
    report, _, problems = _build(project)
    assert report.ok, [p.format() for p in report.problems]
    published = [p for p in (project / "output").rglob("*") if p.is_file()]
    assert not [p for p in published if SECRET in p.read_text(errors="replace")]
    assert (project / "output" / "html" / "inside.html").is_file()
    warned = [line for line in problems if "[symlink-outside]" in line]
    assert len(warned) == 3 and all("outside the project" in line for line in warned), problems
    # output/ (or a folder of it) linked elsewhere: nothing is written there.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(project / "output" / "text")
    (project / "output" / "text").symlink_to(elsewhere)
    with pytest.raises(EditionError) as caught:
        _build(project, force=True)
    assert caught.value.rule == "symlink-outside" and caught.value.file.endswith("text")
    assert list(elsewhere.iterdir()) == []


def test_18_documents_above_the_configured_size_are_refused_clearly(edition, edition_process, tmp_path,
                                                                     monkeypatch):
    from pipeline.files import MAX_INPUT_ENV, _memory_bytes, max_input_bytes

    path = tmp_path / "large.xml"
    path.write_text(tei_document("<p>" + "Many words of a large document. " * 70_000 + "</p>"))
    assert path.stat().st_size > 2 * 1024 * 1024
    # The option, through the workers too (-j 2 with two inputs starts worker processes).
    other = tmp_path / "small.xml"
    other.write_text(tei_document("<p>small words</p>"))
    run = edition_process("--max-input-mb", "2", "transform", path, other, "--to", "text", "-j", "2",
                          "-o", tmp_path / "out")
    assert run.exit_code == 1
    (line,) = run.error_lines()
    assert line.startswith(f"{path}: error: the file is larger than 2 MB") and "[xml-limit]" in line, line
    assert "small words" in output_text(tmp_path / "out" / "small.txt")
    # The environment variable, in every command that reads a document.
    monkeypatch.setenv(MAX_INPUT_ENV, "1.5")
    for args in (["validate", path], ["transform", path, "--to", "html", "-o", tmp_path / "o2"],
                 ["entities", path]):
        run = edition(*args)
        assert_one_line_error(run, path, "xml-limit", False)
        assert "1.5 MB" in run.stderr
    monkeypatch.setenv(MAX_INPUT_ENV, "lots")
    run = edition("validate", path)
    assert run.exit_code == 2 and MAX_INPUT_ENV in run.stderr
    # By default the limit leaves room for the memory a document takes while it is published.
    monkeypatch.delenv(MAX_INPUT_ENV)
    memory = _memory_bytes()
    assert max_input_bytes() <= (memory // 128 if memory else 256 * 1024 * 1024)
