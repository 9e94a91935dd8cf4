"""The PDF itself, rendered by Apache FOP and read back with poppler's tools (pdftotext, pdfinfo,
pdffonts, pdftohtml): what a publisher or a library would check before accepting the file."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline.publish.fop import FopBatch, reproducible_pdf
from pipeline.publish.tools import fop_available
from pipeline.publish.transform import Transformer
from pipeline.xmlio import parse_bytes

from teitools import tei_document

REPO = Path(__file__).resolve().parent.parent
DIARY = REPO / "tei" / "serge-diary-ii.xml"
CASES = REPO / "tests" / "cases"
POPPLER = ("pdftotext", "pdfinfo", "pdffonts", "pdftohtml")

SCRIPTS = tei_document(
    '<div><head>Scripts</head>'
    '<p xml:lang="el">Ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν.</p>'
    '<p xml:lang="ru">Пролетарии всех стран, соединяйтесь!</p>'
    '<p>Łódź, Kraków, Ærøskøbing, Ğazi, “typographic” ‘quotes’ — and dashes – and … ellipses.</p></div>')


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, tuple[Path, object]]:
    """The diary (A4, US Letter, PDF/A-1b) and a document in other scripts, rendered in one FOP JVM."""
    if not fop_available():
        pytest.skip("Apache FOP is not installed (apt-get install fop)")
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"poppler-utils is not installed ({', '.join(missing)}): apt-get install poppler-utils")
    out = tmp_path_factory.mktemp("pdf")
    transformer = Transformer()
    jobs = {
        "diary": (DIARY, {}),
        "letter": (DIARY, {"page-size": "letter"}),
        "pdfa": (DIARY, {"pdfa": "yes"}),
        "scripts": (parse_bytes(SCRIPTS.encode("utf-8"), "scripts.xml"), {}),
        "apparatus": (CASES / "apparatus" / "input.xml", {}),
        "epidoc": (CASES / "epidoc" / "input.xml", {}),
    }
    results = {}
    with FopBatch() as batch:
        for name, (source, params) in jobs.items():
            (fo,) = transformer.render(source, "fo", params).values()
            results[name] = (out / f"{name}.pdf", batch.render(fo, out / f"{name}.pdf", source=name))
        # Again, in the same JVM, a little later: the bytes must not depend on the clock.
        (fo,) = transformer.render(DIARY, "fo", {}).values()
        results["again"] = (out / "again.pdf", batch.render(fo, out / "again.pdf", source="again"))
    return results


def text_of(pdf: Path, *pages: int, layout: bool = False) -> str:
    command = ["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8"]
    if pages:
        command += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    # pdftotext writes the fi/fl ligatures DejaVu draws as single characters.
    return " ".join(text.replace("ﬁ", "fi").replace("ﬂ", "fl").replace("ﬀ", "ff").split())


def info(pdf: Path) -> dict[str, str]:
    lines = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def page_count(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


# --- the diary --------------------------------------------------------------------------------------

def test_the_diary_has_a_sane_number_of_pages_and_no_font_warnings(pdfs):
    pdf, result = pdfs["diary"]
    assert 8 <= page_count(pdf) <= 40
    assert result.pages == page_count(pdf)
    assert not [w for w in result.warnings if "glyph" in w.lower() or "font" in w.lower()], result.warnings


def test_the_tagged_diary_pdf_uses_only_structure_types_fop_knows(pdfs):
    """A tagged PDF maps every fo role to a PDF structure type; an unknown one (our index lists were
    role="ed:locators") made FOP warn once per list, 168 lines on every build of the diary."""
    _pdf, result = pdfs["diary"]
    assert not [w for w in result.warnings if "structure type" in w], result.warnings


def test_title_page_names_title_author_source_and_credits(pdfs):
    first = flat(text_of(pdfs["diary"][0], 1))
    for expected in ("The Diary of Victor Serge – II", "Victor Serge", "The New International",
                     "Vol. XVI No. 1", "Einde O’Callaghan", "Roland Ferguson"):
        assert expected in first, expected


def test_contents_list_sections_and_entries_with_their_pages(pdfs):
    pdf = pdfs["diary"][0]
    contents = text_of(pdf, 2, layout=True)
    assert "Contents" in contents
    listed = re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", contents, flags=re.MULTILINE)
    listed = [(flat(title), number) for title, number in listed]
    titles = [title for title, _ in listed]
    assert "Reiss, Krivitsky, Bastich, Others" in titles and "The Klement Affair, Krivitsky" in titles
    assert "December 1937" in titles and "20 July 1938" in titles
    numbers = [int(number) for _, number in listed]
    assert numbers == sorted(numbers)  # in reading order
    # The contents' page numbers are the printed folios: the Klement section starts on that page.
    folio = dict(listed)["The Klement Affair, Krivitsky"]
    page = next(n for n in range(1, page_count(pdf) + 1)
                if text_of(pdf, n, layout=True).rstrip().splitlines()[-1].strip() == folio)
    assert "The Klement Affair, Krivitsky" in text_of(pdf, page)


def test_the_whole_text_is_there(pdfs):
    text = flat(text_of(pdfs["diary"][0]))
    for passage in ("Have lived for a month in a stifling atmosphere of crime, full of mystery and revelations.",
                    "On the 6th, nobody at the post office. Uneasiness.",
                    "B. thinks that in the Reiss affair, as well as in the Barcelona crimes"):
        assert passage in text, passage


def test_notes_are_footnotes_at_the_foot_of_the_page_of_their_call(pdfs):
    pdf = pdfs["diary"][0]
    tree_notes = re.findall(r'<note n="(\d+)"[^>]*>(.*?)</note>', DIARY.read_text(encoding="utf-8"), flags=re.S)
    assert tree_notes, "the diary has notes"
    for number, body in tree_notes[:3]:
        words = " ".join(re.sub(r"<[^>]+>", "", body).split()[:4])
        pages = [n for n in range(1, page_count(pdf) + 1) if words in flat(text_of(pdf, n))]
        assert pages, f"note {number} ({words}…) is not in the PDF"
        page_lines = [line.strip() for line in text_of(pdf, pages[0], layout=True).splitlines() if line.strip()]
        at = next(i for i, line in enumerate(page_lines) if words.split()[0] in line and line.startswith(number))
        assert at > len(page_lines) // 2, f"note {number} is not at the foot of page {pages[0]}"


def test_the_index_gives_every_page_of_a_mention_once(pdfs):
    pdf = pdfs["diary"][0]
    start = next(n for n in range(1, page_count(pdf) + 1)
                 if re.search(r"^Index$", text_of(pdf, n), flags=re.MULTILINE) and "Persons" in text_of(pdf, n))
    index = flat(text_of(pdf, start, page_count(pdf)))
    assert "Persons" in index and "Places" in index
    entry = re.search(r"Krivitsky, Walter \(1899–10 February 1941\) ([\d–, ]+)", index)
    assert entry, index[:500]
    locators = [part.strip() for part in entry[1].split(",") if part.strip()]
    pages = []
    for locator in locators:
        first, _, last = locator.partition("–")
        pages += list(range(int(first), int(last or first) + 1))
    assert pages == sorted(set(pages)), "each page once, in order"
    assert len(pages) >= 4  # he runs through the diary
    assert re.search(r"Moscow [\d–, ]+", index) and re.search(r"Brussels [\d–, ]+", index)


def test_corrections_are_reported_with_the_original(pdfs):
    pdf = pdfs["diary"][0]
    # the contents lists the interventions too (issue 14): the apparatus is the later page
    start = next(n for n in range(3, page_count(pdf) + 1) if "Editorial interventions" in text_of(pdf, n))
    apparatus = flat(text_of(pdf, start, page_count(pdf)))
    assert "Montenegrin" in apparatus and "Montertegrin" in apparatus


def test_bookmarks_metadata_and_embedded_fonts(pdfs):
    pdf = pdfs["diary"][0]
    outline = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf)],
                             capture_output=True, text=True, check=True).stdout
    items = re.findall(r'<item page="(\d+)">([^<]+)</item>', outline)
    titles = [title for _, title in items]
    assert "Reiss, Krivitsky, Bastich, Others" in titles and "December 1937" in titles and "20 July 1938" in titles
    meta = info(pdf)
    assert meta["Title"] == "The Diary of Victor Serge – II"
    assert meta["Author"] == "Victor Serge"
    assert meta["Subject"]
    assert meta["Page size"].startswith("595.2") and "A4" in meta["Page size"]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "every font embedded"


def test_us_letter_by_a_parameter(pdfs):
    assert info(pdfs["letter"][0])["Page size"].startswith("612 x 792")


def test_pdfa_1b_by_a_parameter(pdfs):
    data = pdfs["pdfa"][0].read_bytes()
    assert b"<pdfaid:part>1</pdfaid:part>" in data and b"<pdfaid:conformance>B</pdfaid:conformance>" in data
    assert b"pdfaid" not in pdfs["diary"][0].read_bytes()


def test_the_same_document_gives_the_same_bytes(pdfs):
    assert pdfs["diary"][0].read_bytes() == pdfs["again"][0].read_bytes()
    assert info(pdfs["diary"][0])["CreationDate"].endswith("2018 UTC")  # the source's "Last updated", not today


def test_greek_cyrillic_and_accents_render_with_no_missing_glyph(pdfs):
    pdf, result = pdfs["scripts"]
    text = flat(text_of(pdf))
    for passage in ("Ἐν ἀρχῇ ἦν ὁ λόγος", "Пролетарии всех стран, соединяйтесь!", "Łódź, Kraków, Ærøskøbing",
                    "“typographic” ‘quotes’"):
        assert passage in text, passage
    assert not [w for w in result.warnings if "glyph" in w.lower()], result.warnings


def test_apparatus_entries_are_footnotes_lettered_like_their_calls(pdfs):
    pdf, result = pdfs["apparatus"]
    text = flat(text_of(pdf))
    for entry in ("a l. 1 quick] A J2; swift B", "b l. 2 over] A; om. J2", "d l. 3 runs] A; runnes B, rvns J2; flees K",
                  "e l. 4 the dark wood] A; the forest B J2", "f l. 5 rests] rest B — B's plural is a misprint."):
        assert entry in text, entry
    assert not result.warnings, result.warnings


def test_leiden_signs_are_text_with_glyphs(pdfs):
    pdf, result = pdfs["epidoc"]
    text = flat(text_of(pdf))
    for passage in ("Imp(eratori) Caes(ari)", "⟨et⟩ (filio) [pio?]", "[...]ris [- - -]", "..ae ⟦Getae⟧ \\fratri/ /suo\\",
                    "{et} [.12–15]", "p(ecunia) publ(ica)", "Face a", "Translation"):
        assert passage in text, passage
    assert not [w for w in result.warnings if "glyph" in w.lower()], result.warnings


def test_a_machine_without_an_optional_font_still_renders(tmp_path, monkeypatch):
    if not fop_available():
        pytest.skip("Apache FOP is not installed (apt-get install fop)")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = (REPO / "xslt" / "fo" / "fop.xconf").read_text(encoding="utf-8")
    config = config.replace("file:///usr/share/fonts/opentype/junicode/", "file:///nonexistent/junicode/")
    (tmp_path / "fop.xconf").write_text(config, encoding="utf-8")
    # U+E425 is only in Junicode; the FO asks for that family, which is now not installed.
    document = tei_document("<p>Abbreviated \ue425 sign and plain words.</p>")
    (fo,) = Transformer().render(parse_bytes(document.encode("utf-8"), "mufi.xml"), "fo", {}).values()
    with FopBatch(tmp_path / "fop.xconf") as batch:
        batch.render(fo, tmp_path / "mufi.pdf")
    assert "plain words" in text_of(tmp_path / "mufi.pdf")


# --- reproducible bytes, without FOP ------------------------------------------------------------------

FAKE_PDF = (b"%PDF-1.4\n1 0 obj\n<< /CreationDate (D:20261201193915Z) >>\nendobj\n"
            b"<xmp:CreateDate>2026-12-01T19:39:15Z</xmp:CreateDate><dc:date>2026-12-01T19:39:15Z</dc:date>"
            b"<xmp:MetadataDate>2026-12-01T19:39:15+01:00</xmp:MetadataDate>\n"
            b"trailer\n<< /ID [<0DA427791034FCF6339E8E5AB4003759> <0DA427791034FCF6339E8E5AB4003759>] >>\n%%EOF")


def test_reproducible_pdf_replaces_clock_bytes_in_place():
    stamp = datetime(1938, 7, 20, tzinfo=timezone.utc)
    fixed = reproducible_pdf(FAKE_PDF, stamp)
    assert len(fixed) == len(FAKE_PDF)  # the xref offsets stay right
    assert b"(D:19380720000000Z)" in fixed
    assert b"<xmp:CreateDate>1938-07-20T00:00:00Z</xmp:CreateDate>" in fixed
    assert b"<dc:date>1938-07-20T00:00:00Z</dc:date>" in fixed
    assert b"<xmp:MetadataDate>1938-07-20T00:00:00+00:00</xmp:MetadataDate>" in fixed
    assert b"0DA427791034FCF6339E8E5AB4003759" not in fixed
    # Same content, other clock: same bytes; other content: another /ID.
    later = FAKE_PDF.replace(b"19:39:15", b"23:01:02")
    assert reproducible_pdf(later, stamp) == fixed
    assert reproducible_pdf(FAKE_PDF.replace(b"%PDF-1.4", b"%PDF-1.5"), stamp)[-60:] != fixed[-60:]
    # A document dated in the year 800 still gets dates of the same length.
    early = reproducible_pdf(FAKE_PDF, datetime(800, 1, 2, tzinfo=timezone.utc))
    assert len(early) == len(FAKE_PDF) and b"(D:08000102000000Z)" in early


def test_many_pdfs_share_a_few_jvms_and_a_bad_one_does_not_stop_the_others(tmp_path):
    if not fop_available():
        pytest.skip("Apache FOP is not installed (apt-get install fop)")
    from pipeline.errors import EditionError
    from pipeline.publish.fop import render_all

    transformer = Transformer()
    good = [transformer.render(parse_bytes(tei_document(f"<p>Document number {n}.</p>").encode(), f"d{n}.xml"),
                               "fo", {}).popitem()[1] for n in range(3)]
    broken = b'<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format"><fo:block>no page</fo:block></fo:root>'
    fos = [good[0], broken, good[1], good[2]]
    jobs = [(fo, tmp_path / f"out{n}.pdf", f"doc{n}") for n, fo in enumerate(fos)]
    results = list(render_all(jobs, workers=2))
    assert [job for job, _ in results] == jobs  # in the order given, whichever JVM finished first
    outcomes = [outcome for _, outcome in results]
    assert isinstance(outcomes[1], EditionError) and "doc1" in str(outcomes[1])
    for n in (0, 2, 3):
        assert outcomes[n].pages >= 1 and f"Document number {n - (n > 1)}." in text_of(tmp_path / f"out{n}.pdf")
    assert not (tmp_path / "out1.pdf").exists()


def test_the_stamp_is_source_date_epoch_else_the_documents_date_else_the_epoch(monkeypatch):
    from pipeline.publish.fop import _stamp

    dated = parse_bytes(b'<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format"><fo:declarations>'
                        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><xmp:CreateDate xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
                        b'2018-12-02T00:00:00Z</xmp:CreateDate></x:xmpmeta></fo:declarations></fo:root>')
    undated = parse_bytes(b'<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format"/>')
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert _stamp(dated) == datetime(2018, 12, 2, tzinfo=timezone.utc)
    assert _stamp(undated) == datetime(1970, 1, 1, tzinfo=timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert _stamp(dated) == datetime(2001, 9, 9, 1, 46, 40, tzinfo=timezone.utc)


def test_the_fop_command_fallback_gives_the_same_pdf_as_the_batch(tmp_path):
    if not fop_available() or shutil.which("fop") is None:
        pytest.skip("Apache FOP is not installed (apt-get install fop)")
    # A name in the text gives the FO an index, so both FOP passes run on both paths.
    document = tei_document('<p>Words about <persName ref="#p1">Anna</persName>.</p>').replace(
        "</TEI>", '<standOff><listPerson><person xml:id="p1"><persName>Anna</persName></person>'
                  "</listPerson></standOff></TEI>")
    (fo,) = Transformer().render(parse_bytes(document.encode(), "one.xml"), "fo", {}).values()
    with FopBatch(use_jvm=False) as command:
        assert not command.batched
        by_command = command.render(fo, tmp_path / "command.pdf")
    with FopBatch() as batch:
        batch.render(fo, tmp_path / "batch.pdf")
    assert by_command.pages >= 1 and "Words about Anna." in text_of(tmp_path / "command.pdf")
    assert (tmp_path / "command.pdf").read_bytes() == (tmp_path / "batch.pdf").read_bytes()


def test_the_second_jvm_starts_from_the_first_s_classes_and_makes_the_same_pdf(tmp_path, monkeypatch):
    """FOP's JVM leaves the classes it loaded in an archive as it ends (pipeline.jvm.SharedClasses),
    and the next starts from them: the same bytes either way."""
    if not fop_available():
        pytest.skip("Apache FOP is not installed (apt-get install fop)")
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))
    (fo,) = Transformer().render(parse_bytes(SCRIPTS.encode(), "scripts.xml"), "fo", {}).values()
    with FopBatch() as first:
        if not first.batched:
            pytest.skip("FOP's batch helper cannot run here (javac)")
        first.render(fo, tmp_path / "first.pdf")
    archives = sorted((tmp_path / "cache").glob("classes-*.jsa"))
    assert len(archives) == 1 and archives[0].stat().st_size > 0
    with FopBatch() as second:
        assert second.batched and f"-XX:SharedArchiveFile={archives[0]}" in second._process.args
        second.render(fo, tmp_path / "second.pdf")
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()


def test_an_undated_pdf_claims_no_creation_date():
    # A document with no dated revision or publication: no "1 January 1970" (issue 14).
    from pipeline.publish.fop import UNDATED

    undated = reproducible_pdf(FAKE_PDF, datetime(1970, 1, 1, tzinfo=timezone.utc), dated=False)
    assert len(undated) == len(FAKE_PDF)
    assert b"/CreationDate" not in undated and b"(D:1970" not in undated
    assert UNDATED[:-1] in undated


def test_an_undated_document_makes_an_undated_pdf(tmp_path, monkeypatch):
    if not fop_available() or shutil.which("pdfinfo") is None:
        pytest.skip("needs Apache FOP and pdfinfo (poppler-utils)")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    tei = tmp_path / "undated.xml"
    tei.write_text(tei_document("<p>No date anywhere.</p>"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "transform", str(tei), "--to", "pdf", "-o",
                             str(tmp_path)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    info = subprocess.run(["pdfinfo", "-custom", str(tmp_path / "undated.pdf")], capture_output=True, text=True).stdout
    assert "1970" not in info and "CreationDate" not in info
    assert "no document date" in info


def test_pdfs_are_tagged_for_screen_readers(tmp_path):
    # FOP's accessibility mode: a structure tree that screen readers and PDF/UA checkers read.
    if not fop_available() or shutil.which("pdfinfo") is None:
        pytest.skip("needs Apache FOP and pdfinfo (poppler-utils)")
    tei = tmp_path / "tagged.xml"
    tei.write_text(tei_document("<div><head>A heading</head><p>A paragraph.</p></div>"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "transform", str(tei), "--to", "pdf", "-o",
                             str(tmp_path)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    info = subprocess.run(["pdfinfo", str(tmp_path / "tagged.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info


def test_an_fo_file_that_cannot_be_read_is_one_clear_error(tmp_path):
    """The build hands FOP the FO's file, not its bytes: a file gone meanwhile is an error, not a crash."""
    from pipeline.errors import EditionError

    batch = FopBatch()
    try:
        with pytest.raises(EditionError) as caught:
            batch.render(tmp_path / "gone.fo", tmp_path / "out.pdf", source="doc.xml")
    finally:
        batch.close()
    assert caught.value.rule == "fop" and "cannot read the XSL-FO" in caught.value.message
    assert caught.value.file.endswith("gone.fo") and not (tmp_path / "out.pdf").exists()
