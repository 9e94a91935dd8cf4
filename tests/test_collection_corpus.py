"""Issue 13's "done when": the diary's source and all 39 real TEI files of ../shared/corpus/real-tei in one
project (schema tei_all, invalid = publish) build in one command, and the site and catalogue hold them all.
Skips without ../shared. Without PDF (FOP adds minutes and nothing this test looks at)."""
from __future__ import annotations

import csv
import io
import shutil

import pytest
from lxml import html as lxml_html

from conftest import DIARY_SOURCE, REPO
from sitelinks import broken_links


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory, corpus_files, shared_dir):
    import pipeline.publish.tools
    from pipeline.build.engine import build_project

    assert len(corpus_files) == 39
    project = tmp_path_factory.mktemp("corpus") / "edition"
    (project / "tei" / "source").mkdir(parents=True)
    shutil.copy2(DIARY_SOURCE, project / "tei" / "source")
    shutil.copytree(REPO / "tei" / "register", project / "tei" / "register")
    shutil.copy2(REPO / "tei" / "editorial.toml", project / "tei" / "editorial.toml")
    corpus = shared_dir / "corpus" / "real-tei"
    for path in corpus_files:
        target = project / "tei" / "corpus" / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (project / "edition.toml").write_text('[edition]\ntitle = "Diaries and Letters"\n'
                                          '[validate]\nschema = "tei_all"\ninvalid = "publish"\n', encoding="utf-8")
    saved = pipeline.publish.tools.fop_available
    pipeline.publish.tools.fop_available = lambda: False
    try:
        report = build_project(project, jobs=2)
    finally:
        pipeline.publish.tools.fop_available = saved
    return project, report


def test_forty_documents_build_in_one_command(corpus_project):
    project, report = corpus_project
    assert report.ok, (report.failed, [p.format() for p in report.problems][:5])
    assert report.documents == 40 and report.held_back == {}


def test_the_home_page_lists_all_forty_with_their_metadata(corpus_project):
    project, _ = corpus_project
    rows = lxml_html.parse(str(project / "output" / "html" / "index.html")).findall(".//table[@id='ed:documents']/tbody/tr")
    assert len(rows) == 40
    titled = [row for row in rows if row[0].text_content().strip() and "Untitled" not in row[0].text_content()]
    assert len(titled) >= 38
    assert sum(1 for row in rows if row.get("data-date")) >= 20  # the rest give no date in their header
    assert {row.get("data-type") for row in rows} >= {"letter"}
    letter = next(row for row in rows if "Mamroth an Arthur Schnitzler" in row[0].text_content())
    assert letter[1].text_content() == "Mamroth, Fedor" and letter.get("data-date") == "1889-08-02"


def test_registers_hold_the_diarys_people_and_the_schnitzler_people_merged_by_gnd(corpus_project):
    project, _ = corpus_project
    persons = lxml_html.parse(str(project / "output" / "html" / "persons.html"))
    articles = persons.findall(".//article")
    ids = {a.get("id") for a in articles}
    assert {"pers-krivitsky", "pers-sneevliet"} <= ids  # the diary's register
    schnitzler = [a for a in articles if "gnd-118609807" in {e.get("id") for e in a.iter()}]
    assert len(schnitzler) == 1  # one entry for Arthur Schnitzler, described in several letters
    assert len(schnitzler[0].findall(".//p[@class='sources']/a")) >= 3
    assert schnitzler[0].findall(".//a[@class='mention']")


def test_no_internal_link_is_broken_anywhere_in_the_site(corpus_project):
    project, _ = corpus_project
    assert broken_links(project / "output", skip_sources_own=True) == []


def test_the_catalogue_has_forty_records(corpus_project):
    project, _ = corpus_project
    rows = list(csv.DictReader(io.StringIO((project / "output" / "catalogue" / "catalogue.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 40 and len({r["id"] for r in rows}) == 40
    assert {r["validity"] for r in rows} <= {"valid", "invalid"}
    assert all(len(r["sha256"]) == 64 and r["html"] for r in rows)
