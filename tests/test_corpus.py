"""Real-world TEI and synthetic documents with the same features: validate, transform, lose nothing.

The real corpus (../shared/corpus/real-tei: drama, letters, diaries, verse, early print,
manuscripts, apparatus, standoff indexes) runs where ../shared exists; the synthetic documents
below cover the same odd features (teiCorpus roots, an XML 1.1 declaration, facsimile-, sourceDoc-
and standOff-only documents, @rendition values that are not pointers, pb/lb/milestone anywhere,
deep nesting) and run everywhere. Every document must transform to html, text and fo without an
error, and its HTML and text must hold at least 99.5% of the words of its ``text`` (the HTML both
alternatives of every choice, the plain text at least one; see tests/teitools.py).
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from teitools import TEI_NS, content_elements, output_text, source_words, tei_document, words_kept

from pipeline.xmlio import parse_file

TARGETS = {"html": "html", "text": "txt", "fo": "fo"}
THRESHOLD = 0.995

# --- synthetic documents ---------------------------------------------------------------------------

def _member(n: str) -> str:
    """A TEI document for use inside a teiCorpus (the namespace comes from the corpus root)."""
    document = tei_document(f"<div><head>Member {n}</head><p>The {n} member speaks of harbours.</p></div>")
    return document.replace(f' xmlns="{TEI_NS}"', "")


_CORPUS_HEADER = tei_document("", text=False).split("<teiHeader>")[1].split("</teiHeader>")[0]
SYNTHETIC = {
    "corpus-root": (
        f'<teiCorpus xmlns="{TEI_NS}"><teiHeader>{_CORPUS_HEADER}</teiHeader>{_member("first")}'
        f"<teiCorpus><teiHeader>{_CORPUS_HEADER}</teiHeader>{_member('nested')}</teiCorpus>"
        f"{_member('second')}</teiCorpus>"
    ),
    "xml-1-1": tei_document("<p>Eleven words\u2028after a line separator in an XML one-one file.</p>",
                            prolog='<?xml version="1.1" encoding="UTF-8"?>\n'),
    "facsimile-only": tei_document(
        "", text=False,
        after_header='<facsimile><surface ulx="0" uly="0" lrx="100" lry="100"><graphic url="page1.jpg"/>'
                     '<zone xml:id="z1" ulx="1" uly="1" lrx="9" lry="9"/></surface>'
                     '<graphic url="page2.jpg" width="10cm"/></facsimile>'),
    "sourcedoc-only": tei_document(
        "", text=False,
        after_header='<sourceDoc><surface><zone><line>Dearest brother, the ship</line>'
                     '<line>sails at <del>dawn</del><add>noon</add> tomorrow</line></zone>'
                     '<zone><line>Yours ever, Margaret</line></zone></surface></sourceDoc>'),
    "standoff-only": tei_document(
        "", text=False,
        after_header='<standOff><listPerson><person xml:id="p1"><persName>Margaret Hale</persName>'
                     '<note>A letter writer</note></person></listPerson>'
                     '<listPlace><place xml:id="pl1"><placeName>Milton</placeName></place></listPlace></standOff>'),
    "rendition-values": tei_document(
        '<p rendition="italic">Plain word rendition.</p>'
        '<p rendition="simple:bold #missing">Scheme prefixed rendition.</p>'
        '<p rendition="#r1"><hi rendition="#r1 #r2 bold">Pointer</hi> rendition and '
        '<hi rend="font-size:40px; background:url(javascript:alert(1))" style="color: red">styled</hi> words.</p>',
        after_header="").replace(
        "</teiHeader>", '<encodingDesc><tagsDecl><rendition xml:id="r1" scheme="css">font-style: italic;'
                        '</rendition></tagsDecl></encodingDesc></teiHeader>'),
    "milestones-anywhere": (
        tei_document(
            '<pb n="1"/><milestone unit="part"/><div><pb n="2"/><head>Head <lb/>with a break</head>'
            '<lb/><p>Lon<lb break="no"/>don was <pb n="3" break="no"/>foggy</p><cb n="b"/>'
            '<list><pb n="4"/><item>first item</item><milestone unit="x"/><item>second <lb/>item</item></list>'
            '<lg><pb n="5"/><l>verse line one</l><lb/><l>verse line two</l></lg>'
            '<table><pb n="6"/><row><cell>cell text</cell></row></table>'
            '<p>Note here<note place="foot"><pb n="7"/>inside the note</note>.</p>'
            '<p><choice><sic>teh<lb/></sic><corr>the</corr></choice> corrected word</p></div><pb n="8"/>')
        .replace("<text>", '<text><pb n="0"/><fw type="header">Running header words</fw>')
        .replace("</body>", '</body><back><pb n="9"/><div><p>Back matter words</p></div></back>')
    ),
    "deep-nesting": tei_document(
        '<div><head>Outer</head>' + '<div><p>level</p>' * 60 + "<p>" + "<hi>" * 140 + "deepest words"
        + "</hi>" * 140 + "</p>" + "</div>" * 60 + "</div>"),
    "editorial-features": tei_document(
        '<div type="letter"><opener><dateline>Milton, <date when="1850-05-01">May Day</date></dateline>'
        "<salute>Dear Edith,</salute></opener>"
        "<p><choice><abbr>Mr</abbr><expan>Mister</expan></choice> Thornton <del>never</del> <add>often</add>"
        '<gap reason="illegible" quantity="2" unit="word"/> calls; <unclear>perhaps</unclear> '
        "<supplied>tomorrow</supplied>. <choice><orig>shew</orig><reg>show</reg></choice> "
        '<app><lem wit="#A">harbour</lem><rdg wit="#B">harbor</rdg></app> '
        '<q>quoted <q>inner</q> words</q> <foreign xml:lang="fr">en effet</foreign>.</p>'
        '<sp who="#m"><speaker>Margaret</speaker><stage>aside</stage><p>Spoken words</p></sp>'
        "<figure><graphic url=\"fig.png\"/><head>Figure title</head><figDesc>Figure described</figDesc></figure>"
        "<closer><signed>Margaret</signed></closer><postscript><p>Postscript words</p></postscript></div>"),
}


def _write_synthetic(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in SYNTHETIC.items():
        path = folder / f"{name}.xml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# --- running transforms once per session -------------------------------------------------------------

def _transform_all(paths: list[Path], out: Path, targets) -> dict[str, object]:
    from pipeline.publish.transform import transform_files

    assert len({p.stem for p in paths}) == len(paths), "output names would collide"
    return {target: transform_files(paths, target, out / target, {}, jobs=None) for target in targets}


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    paths = _write_synthetic(folder / "in")
    return paths, folder / "out", _transform_all(paths, folder / "out", TARGETS)


@pytest.fixture(scope="session")
def corpus_run(corpus_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    return corpus_files, out, _transform_all(corpus_files, out, TARGETS)


def _problems(report) -> str:
    return "\n".join(problem.format() for problem in report.problems)


def _check_transforms(paths, out, reports, target):
    report = reports[target]
    assert report.ok, _problems(report)
    missing = [p.name for p in paths if not (out / target / f"{p.stem}.{TARGETS[target]}").is_file()]
    assert not missing, missing


def _check_words(paths, out, target):
    failures, lines = [], []
    for path in paths:
        # A plain text is one reading: of each choice, one alternative's words are enough there.
        words = source_words(content_elements(parse_file(path).getroot()), one_reading=target == "text")
        kept = words_kept(words, output_text(out / target / f"{path.stem}.{TARGETS[target]}"))
        lines.append(f"{path.name}: {kept.describe()}")
        if kept.ratio < THRESHOLD:
            failures.append(lines[-1])
    print("\n".join(lines))
    assert not failures, "\n".join(failures)


# --- synthetic: run everywhere --------------------------------------------------------------------------

@pytest.mark.parametrize("target", sorted(TARGETS))
def test_synthetic_documents_transform(synthetic, target):
    _check_transforms(*synthetic, target)


@pytest.mark.parametrize("target", ["html", "text"])
def test_synthetic_documents_lose_no_words(synthetic, target):
    paths, out, reports = synthetic
    assert reports[target].ok, _problems(reports[target])
    _check_words(paths, out, target)


def test_synthetic_documents_validate_without_crashing(synthetic, edition):
    paths = synthetic[0]
    run = edition("validate", *paths)
    run.assert_no_traceback()
    assert run.exit_code in (0, 1)


def test_synthetic_documents_make_pdfs(synthetic):
    from pipeline.publish.tools import fop_available

    if not fop_available():
        pytest.skip("Apache FOP is not installed (apt-get install fop)")
    paths, out, _ = synthetic
    report = _transform_all(paths, out, ["pdf"])["pdf"]
    assert report.ok, _problems(report)
    for path in paths:
        pdf = out / "pdf" / f"{path.stem}.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-", path.name
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "pdf" / "deep-nesting.pdf"), "-"],
                              capture_output=True, text=True).stdout
        assert "deepest words" in " ".join(text.split())


# --- the real corpus ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", sorted(TARGETS))
def test_corpus_transforms_without_error(corpus_run, target):
    _check_transforms(*corpus_run, target)


@pytest.mark.parametrize("target", ["html", "text"])
def test_corpus_loses_no_words(corpus_run, target):
    paths, out, reports = corpus_run
    assert reports[target].ok, _problems(reports[target])
    _check_words(paths, out, target)


def test_corpus_validates_against_tei_all_reporting_not_crashing(corpus_files, tei_all_rng, edition):
    run = edition("validate", "--schema", tei_all_rng, "--format", "json", *corpus_files)
    run.assert_no_traceback()
    assert run.exit_code in (0, 1), run.stderr
    import json

    report = json.loads(run.stdout)
    names = {str(path) for path in corpus_files}
    problems = report.get("problems", [])
    assert all(problem["file"] in names for problem in problems), problems[:3]
    assert not [problem for problem in problems if problem.get("rule") == "internal"], problems[:3]


def test_corpus_makes_a_pdf_for_each(corpus_run):
    from pipeline.publish.tools import fop_available

    if not fop_available():
        pytest.skip("Apache FOP is not installed (apt-get install fop)")
    paths, out, _ = corpus_run
    report = _transform_all(paths, out, ["pdf"])["pdf"]
    assert report.ok, _problems(report)
    for path in paths:
        assert (out / "pdf" / f"{path.stem}.pdf").read_bytes()[:5] == b"%PDF-", path.name


def test_corpus_pages_have_no_broken_fragment_link(corpus_run):
    """Every '#id' link of every page points at an element of that page (issue 16: a mention of an
    event in L01000 once linked to a register section that lists persons, places and orgs only)."""
    paths, out, reports = corpus_run
    assert reports["html"].ok, _problems(reports["html"])
    broken = {}
    for page in sorted((out / "html").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\sid="([^"]*)"', text))
        missing = sorted({h for h in re.findall(r'\shref="#([^"]*)"', text) if html.unescape(h) not in
                          {html.unescape(i) for i in ids}})
        if missing:
            broken[page.name] = missing[:5]
    assert not broken, broken
