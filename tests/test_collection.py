"""A project is a collection: edition.toml, documents in subfolders, the site step, merged registers,
the catalogue, and what a change rebuilds. Runs everywhere on tests/collections/small (tei_all is
bundled in schema/); the 40-document case with ../shared is in test_collection_corpus.py."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from pipeline.build.engine import build_project, build_site_step
from pipeline.cli import main
from pipeline.errors import EditionError
from pipeline.project import SITE_PAGE_NAMES, Project, output_names, read_config, safe_stem

from conftest import REPO
from sitelinks import broken_links

SMALL = REPO / "tests" / "collections" / "small"
EXPECTED = SMALL / "expected"


@pytest.fixture
def no_pdf(monkeypatch):
    import pipeline.publish.tools
    monkeypatch.setattr(pipeline.publish.tools, "fop_available", lambda: False)


def copy_small(tmp_path: Path) -> Path:
    project = tmp_path / "small"
    shutil.copytree(SMALL, project, ignore=shutil.ignore_patterns("expected", "output"))
    return project


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The small collection, built once (without PDF)."""
    import pipeline.publish.tools
    saved = pipeline.publish.tools.fop_available
    pipeline.publish.tools.fop_available = lambda: False
    try:
        project = copy_small(tmp_path_factory.mktemp("collection"))
        report = build_project(project, jobs=1)
    finally:
        pipeline.publish.tools.fop_available = saved
    return project, report


def page(project: Path, name: str):
    return lxml_html.parse(str(project / "output" / "html" / name))


def text_of(element) -> str:
    return " ".join(element.text_content().split())


# --- edition.toml -----------------------------------------------------------------------------------
def test_without_edition_toml_a_project_keeps_todays_defaults(tmp_path):
    config = read_config(tmp_path / "edition.toml")
    assert (config.title, config.schema, config.invalid, config.present) == (None, "edition", "hold", False)
    (tmp_path / "tei").mkdir()
    assert Project.open(tmp_path).schema.name == "tei-edition.xsd"


def test_schema_choices(tmp_path):
    (tmp_path / "tei").mkdir()
    (tmp_path / "edition.toml").write_text('[validate]\nschema = "tei_all"\n', encoding="utf-8")
    tei_all = Project.open(tmp_path).schema
    assert tei_all.name == "tei_all.rng" and tei_all.stat().st_size == 1_098_331
    assert (tei_all.parent / "TEI-LICENCE.md").is_file()
    (tmp_path / "mine.rng").write_bytes((REPO / "tests" / "data" / "validate" / "minimal-tei.rng").read_bytes())
    (tmp_path / "edition.toml").write_text('[validate]\nschema = "mine.rng"\n', encoding="utf-8")
    assert Project.open(tmp_path).schema == (tmp_path / "mine.rng").resolve()


@pytest.mark.parametrize("content, says", [
    ('[edition]\ntitel = "x"\n', "unknown key 'edition.titel'"),
    ('[validation]\nschema = "tei_all"\n', "unknown section [validation]"),
    ('[validate]\ninvalid = "ignore"\n', "bad value for 'validate.invalid': 'ignore'"),
    ('[validate]\nschema = "schema.dtd"\n', "bad value for 'validate.schema'"),
    ('[validate]\nschema = "absent.rng"\n', "'absent.rng' does not exist"),
    ('[edition]\ntitle = 3\n', "bad value for 'edition.title': 3"),
    ('[edition\ntitle = "x"\n', "is not valid TOML"),
])
def test_a_bad_edition_toml_is_one_line_naming_the_key(tmp_path, content, says):
    (tmp_path / "tei").mkdir()
    (tmp_path / "edition.toml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "edition.toml" in lines[0] and says in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_edition_init_writes_a_commented_project_and_says_what_next(tmp_path):
    target = tmp_path / "new"
    result = CliRunner().invoke(main, ["init", str(target), "--title", 'Letters "of" 1890'])
    assert result.exit_code == 0, result.output
    assert "Next:" in result.stdout and "edition build" in result.stdout
    assert all((target / p).is_dir() for p in ("tei", "tei/source", "tei/register"))
    config = read_config(target / "edition.toml")
    assert config.title == 'Letters "of" 1890' and config.schema == "tei_all" and config.present
    assert (target / "edition.toml").read_text(encoding="utf-8").count("#") > 5  # it explains itself
    again = CliRunner().invoke(main, ["init", str(target)])
    assert again.exit_code == 1 and "already an edition project" in again.stderr


def test_an_initialised_empty_project_builds(tmp_path, no_pdf):
    CliRunner().invoke(main, ["init", str(tmp_path / "p")])
    report = build_project(tmp_path / "p", jobs=1)
    assert report.ok and report.documents == 0
    assert "No documents" in (tmp_path / "p" / "output" / "html" / "index.html").read_text(encoding="utf-8")


# --- documents and their names ---------------------------------------------------------------------
paths = st.lists(st.from_regex(r"(?:[a-zA-Z0-9_ -]{1,6}/){0,2}[a-zA-Z0-9_ .-]{1,8}", fullmatch=True)
                 .filter(lambda p: not p.startswith("register/")), unique=True, max_size=12)


@given(paths)
@example(["0", "0."])  # hypothesis found it: two paths whose safe stems are the same
def test_output_names_are_distinct_never_a_site_page_and_depend_on_the_path_alone(rels):
    names = output_names(rels)
    folded = [name.casefold() for name, _why in names.values()]
    assert len(set(folded)) == len(folded)
    assert not set(folded) & SITE_PAGE_NAMES
    for rel in rels:  # the same file gets the same name in any company it keeps
        alone = output_names([rel])[rel][0]
        # (suffixed: the plain name as the build makes it -- "0." is "0" -- and a hash of the path)
        assert names[rel][0] in (alone, f"{safe_stem(rel.replace('/', '-'))}-" + names[rel][0].rsplit("-", 1)[-1])


def test_documents_are_every_xml_under_tei_except_the_registers(tmp_path):
    project = copy_small(tmp_path)
    (project / "tei" / ".hidden").mkdir()
    (project / "tei" / ".hidden" / "x.xml").write_text("<x/>")
    found = [p.relative_to(project / "tei").as_posix() for p in Project.open(project).documents()]
    assert found == ["a-diary.xml", "drafts/aaa-draft.xml", "index.xml", "letters/b-letter.xml"]


# --- the small collection, built ----------------------------------------------------------------------
def test_one_invalid_document_is_held_back_and_the_rest_and_the_site_are_built(small):
    project, report = small
    assert not report.ok  # something failed: the draft
    assert [Path(d).name for d in report.held_back] == ["aaa-draft.xml"]
    assert "notAnElementOfTEI" in next(iter(report.held_back.values()))
    assert "site" in report.built
    for name in ("index", "persons", "places", "organisations", "chronology", "search", "about"):
        assert (project / "output" / "html" / f"{name}.html").is_file(), name
    assert not (project / "output" / "html" / "drafts-aaa-draft.html").exists()


def test_a_document_named_index_does_not_take_the_home_page(small):
    project, report = small
    home = page(project, "index.html")
    assert text_of(home.find(".//h1")) == "A Small Collection"
    assert any("tei/index.xml is published as index-" in note.replace("\\", "/") for note in report.notes)
    [own] = [p for p in (project / "output" / "html").glob("index-*.html")]
    assert "An Index That Is a Document" in own.read_text(encoding="utf-8")


def test_the_home_page_lists_every_published_document_with_its_metadata(small):
    project, _ = small
    rows = page(project, "index.html").findall(".//table[@id='ed:documents']/tbody/tr")
    found = {text_of(row[0]): [text_of(cell) for cell in row[1:]] for row in rows}
    assert found["A Small Diary"][:4] == ["Jane Doe", "1 July 1843", "diary", "en"]
    assert found["Charles an Ada, 2. 8. 1843"][:4] == ["Charles Babbage", "2 August 1843", "letter", "de"]
    assert "An Index That Is a Document" in found
    assert len(rows) == 3  # the held-back draft was never published
    # In date order without JavaScript; every row links its HTML, TEI and text.
    assert [row.get("data-date") for row in rows] == ["1843-07-01", "1843-08-02", ""]
    for row in rows:
        assert {a.text for a in row[5].findall("a")} == {"TEI", "Text"}


def test_registers_merge_by_id_and_authority_and_list_every_mention(small):
    project, _ = small
    persons = page(project, "persons.html")
    articles = {text_of(a.find("h2")).split(" (")[0]: a for a in persons.findall(".//article")}
    ada = articles["Ada Lovelace"]  # tei/register's pers-ada and the letter's al, one GND
    ids = {e.get("id") for e in ada.iter() if e.get("id")}
    assert {"pers-ada", "al", "gnd-118574884"} <= ids
    mentions = [a.get("href") for a in ada.findall(".//a[@class='mention']")]
    assert len(mentions) == 3 and sum(h.startswith("a-diary.html#") for h in mentions) == 2
    babbage = articles["Charles Babbage"]  # the letter's cb (bare GND id) and the diary's GND URI
    assert "gnd-118505114" in {e.get("id") for e in babbage.iter() if e.get("id")}
    assert [a.get("href") for a in babbage.findall(".//p[@class='authority']/a")] == ["https://d-nb.info/gnd/118505114"]
    assert "Nobody Mentioned" in articles
    assert len([k for k in articles if "Lovelace" in k]) == 1


def test_a_name_with_an_authority_uri_links_to_the_merged_entry(small):
    project, _ = small
    diary = page(project, "a-diary.html")
    links = {text_of(a): a.get("href") for a in diary.iter("a") if "name" in (a.get("class") or "")}
    assert links["Lady Lovelace"] == "persons.html#gnd-118574884"
    assert links["Babbage"] == "persons.html#gnd-118505114"
    assert links["Ada"] == "persons.html#pers-ada"  # an entry of tei/register/, not copied into the document


def test_no_internal_link_of_the_site_is_broken(small):
    project, _ = small
    assert broken_links(project / "output") == []


def test_each_page_carries_dublin_core_and_a_link_to_its_tei(small):
    project, _ = small
    head = page(project, "letters-b-letter.html").find(".//head")
    meta = {m.get("name"): m.get("content") for m in head.findall("meta") if m.get("name")}
    assert meta["DC.language"] == "de" and meta["citation_title"]
    [alternate] = head.findall("link[@rel='alternate']")
    assert alternate.get("type") == "application/tei+xml" and alternate.get("href") == "letters-b-letter.xml"
    assert (project / "output" / "html" / "letters-b-letter.xml").is_file()


def test_the_chronology_spans_the_documents_and_their_dated_entries(small):
    project, _ = small
    chronology = page(project, "chronology.html")
    assert [text_of(h) for h in chronology.findall(".//section/h2")] == ["1843"]
    hrefs = [a.get("href") for a in chronology.findall(".//section//a")]
    assert hrefs == ["a-diary.html#e1", "a-diary.html#e2", "letters-b-letter.html"]
    assert "A Small Diary" in text_of(chronology.find(".//section//li"))


def test_the_catalogue_has_a_record_per_published_document(small):
    project, _ = small
    folder = project / "output" / "catalogue"
    rows = list(csv.DictReader(io.StringIO((folder / "catalogue.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["a-diary", rows[1]["id"], "letters-b-letter"]
    letter = rows[2]
    assert letter["tei_file"] == "tei/letters/b-letter.xml" and letter["validity"] == "valid"
    assert letter["source"] == "London, British Library, Add MS 37192" and letter["date"] == "1843-08-02"
    import hashlib
    assert letter["sha256"] == hashlib.sha256((project / "tei" / "letters" / "b-letter.xml").read_bytes()).hexdigest()
    assert all((project / "output" / letter[k]).is_file() for k in ("html", "tei", "text", "fo"))
    data = json.loads((folder / "catalogue.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == 3 and data["documents"][0]["licence"] == "https://creativecommons.org/licenses/by/4.0/"


def test_the_site_step_alone_remakes_the_site_from_the_documents_outputs_and_renders_no_document(small, tmp_path, no_pdf):
    built, _ = small
    project = tmp_path / "copy"
    shutil.copytree(built, project)
    html = project / "output" / "html"
    before = {name: (html / name).read_bytes() for name in ("index.html", "persons.html")}
    catalogue = (project / "output" / "catalogue" / "catalogue.json").read_bytes()
    for name in before:
        (html / name).unlink()
    (project / "output" / "catalogue" / "catalogue.json").unlink()
    report = build_site_step(project)
    assert report.ok and report.built == ["site"] and report.documents == 4  # one never published
    assert {name: (html / name).read_bytes() for name in before} == before
    assert (project / "output" / "catalogue" / "catalogue.json").read_bytes() == catalogue
    assert report.site_seconds > 0


def test_the_oai_pmh_static_repository_has_the_required_shape(small):
    project, _ = small
    tree = etree.parse(str(project / "output" / "catalogue" / "oai-pmh.xml"))
    ns = {"sr": "http://www.openarchives.org/OAI/2.0/static-repository", "oai": "http://www.openarchives.org/OAI/2.0/",
          "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/", "dc": "http://purl.org/dc/elements/1.1/"}
    root = tree.getroot()
    assert root.tag == "{%s}Repository" % ns["sr"]
    assert [etree.QName(c).localname for c in root] == ["Identify", "ListMetadataFormats", "ListRecords"]
    identify = root.find("sr:Identify", ns)
    for required in ("repositoryName", "baseURL", "protocolVersion", "adminEmail", "earliestDatestamp",
                     "deletedRecord", "granularity"):
        assert identify.find(f"oai:{required}", ns) is not None, required
    assert identify.findtext("oai:protocolVersion", namespaces=ns) == "2.0"
    assert root.find("sr:ListMetadataFormats/oai:metadataFormat/oai:metadataPrefix", ns).text == "oai_dc"
    records = root.findall("sr:ListRecords[@metadataPrefix='oai_dc']/oai:record", ns)
    assert len(records) == 3
    identifiers = [r.findtext("oai:header/oai:identifier", namespaces=ns) for r in records]
    assert len(set(identifiers)) == 3 and all(i.startswith("oai:") for i in identifiers)
    for record in records:
        assert record.findtext("oai:header/oai:datestamp", namespaces=ns)
        dc = record.find("oai:metadata/oai_dc:dc", ns)
        assert dc.findtext("dc:title", namespaces=ns)
        assert all(etree.QName(c).namespace == ns["dc"] for c in dc)


@pytest.mark.parametrize("name", ["catalogue.csv", "persons.html", "index.html"])
def test_golden_collection(small, name, update_golden):
    """The small collection's catalogue and pages, byte for byte (pytest --update-golden rewrites them)."""
    project, _ = small
    folder = "catalogue" if name.startswith("catalogue") else "html"
    got = (project / "output" / folder / name).read_bytes()
    expected = EXPECTED / name
    if update_golden or not expected.exists():
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(got)
    assert got == expected.read_bytes()


# --- what a change rebuilds ---------------------------------------------------------------------------
def test_an_unchanged_collection_rebuilds_nothing_and_the_home_page_stays_put(tmp_path, no_pdf):
    project = copy_small(tmp_path)
    (project / "tei" / "drafts" / "aaa-draft.xml").unlink()
    assert build_project(project, jobs=1).ok
    home = (project / "output" / "html" / "index.html").read_bytes()
    again = build_project(project, jobs=1)
    assert again.ok and again.built == []
    assert (project / "output" / "html" / "index.html").read_bytes() == home


def test_editing_one_document_rebuilds_its_outputs_and_the_site_only(tmp_path, no_pdf):
    project = copy_small(tmp_path)
    build_project(project, jobs=1)
    diary = project / "tei" / "a-diary.xml"
    diary.write_text(diary.read_text(encoding="utf-8").replace("at the Analytical Society", "in town"),
                     encoding="utf-8")
    report = build_project(project, jobs=1)
    assert sorted(report.built) == ["fo:a-diary", "html:a-diary", "record:a-diary", "site", "text:a-diary"]


def test_editing_a_register_entry_rebuilds_the_documents_that_use_it_and_the_site(tmp_path, no_pdf):
    project = copy_small(tmp_path)
    build_project(project, jobs=1)
    persons = project / "tei" / "register" / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8").replace("mathematician", "mathematician, writer"),
                       encoding="utf-8")
    report = build_project(project, jobs=1)
    rebuilt = {key.split(":", 1)[1] for key in report.built if ":" in key}
    assert "site" in report.built and "a-diary" in rebuilt
    assert not any(key.endswith(":index-" + key.rsplit("-", 1)[-1]) for key in report.built if "index-" in key)
    assert "mathematician, writer" in (project / "output" / "html" / "persons.html").read_text(encoding="utf-8")


def test_the_draft_that_sorts_first_never_hides_the_site(tmp_path, no_pdf):
    """Issue 15 item 7: site pages used to come from the first document; a broken draft hid them."""
    project = copy_small(tmp_path)
    (project / "tei" / "aaa.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><broken", encoding="utf-8")
    report = build_project(project, jobs=1)
    assert not report.ok and any(Path(d).name == "aaa.xml" for d in report.held_back)
    rows = page(project, "index.html").findall(".//table[@id='ed:documents']/tbody/tr")
    assert len(rows) == 3
    assert "Ada Lovelace" in (project / "output" / "html" / "persons.html").read_text(encoding="utf-8")


def test_build_format_json_reports_the_names_it_made_and_what_it_held_back(tmp_path, no_pdf):
    project = copy_small(tmp_path)
    result = CliRunner().invoke(main, ["build", str(project), "-j", "1", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert any("published as index-" in note for note in report["notes"])
    assert [Path(h["document"]).name for h in report["held_back"]] == ["aaa-draft.xml"]
    assert "site" in report["built"]


def test_a_single_document_project_is_titled_by_its_document(tmp_path, no_pdf):
    project = tmp_path / "one"
    (project / "tei").mkdir(parents=True)
    shutil.copy2(SMALL / "tei" / "a-diary.xml", project / "tei")
    shutil.copytree(SMALL / "tei" / "register", project / "tei" / "register")
    (project / "edition.toml").write_text('[validate]\nschema = "tei_all"\n', encoding="utf-8")
    assert build_project(project, jobs=1).ok
    assert text_of(page(project, "index.html").find(".//h1")) == "A Small Diary"


def test_invalid_publish_publishes_and_flags(tmp_path, no_pdf):
    project = copy_small(tmp_path)
    (project / "edition.toml").write_text('[validate]\nschema = "tei_all"\ninvalid = "publish"\n', encoding="utf-8")
    report = build_project(project, jobs=1)
    assert report.ok and report.held_back == {}
    assert (project / "output" / "html" / "drafts-aaa-draft.html").is_file()
    rows = list(csv.DictReader(io.StringIO((project / "output" / "catalogue" / "catalogue.csv").read_text())))
    assert {r["id"]: r["validity"] for r in rows}["drafts-aaa-draft"] == "invalid"
    flagged = page(project, "index.html").findall(".//span[@class='flag']")
    assert len(flagged) == 1
    with pytest.raises(EditionError):
        read_config(_write(tmp_path / "bad.toml", '[validate]\ninvalid = "yes"\n'))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_changing_the_site_stylesheet_rebuilds_the_site_step_alone(tmp_path, no_pdf):
    project = copy_small(tmp_path)
    shutil.copytree(REPO / "xslt", project / "xslt")
    (project / "tei" / "drafts" / "aaa-draft.xml").unlink()
    assert build_project(project, jobs=1).ok
    site_xsl = project / "xslt" / "site" / "site.xsl"
    site_xsl.write_text(site_xsl.read_text(encoding="utf-8") + "<!-- revised -->\n", encoding="utf-8")
    assert build_project(project, jobs=1).built == ["site"]


# --- the search, made at the end of the site step ----------------------------------------------------
def test_the_site_step_writes_the_search_page_and_indexes_the_site(small):
    from pipeline.build.state import BuildState
    from pipeline.publish.tools import pagefind_executable

    if pagefind_executable() is None:
        pytest.skip("Pagefind is not installed")
    project, report = small
    html = project / "output" / "html"
    assert (html / "search.html").is_file() and (html / "pagefind" / "pagefind-entry.json").is_file()
    assert report.search["pages"] >= 3  # the documents' pages and the site's own
    for name in ("index.html", "a-diary.html", "persons.html"):
        links = page(project, name).xpath("//*[local-name() = 'nav'][@class = 'site-nav']//*[local-name() = 'a']/@href")
        assert "search.html" in links, name
    search_nav = [a.get("href") for a in page(project, "search.html").iter("{*}a")]
    assert {"index.html", "persons.html", "chronology.html", "about.html"} <= set(search_nav)
    state = BuildState.load(project / "output" / ".edition-state.json", project)
    assert {"output/html/search.html", "output/html/search.js"} <= set(state.steps["site"]["outputs"])


def test_without_pagefind_the_site_has_no_search_and_the_build_says_so(tmp_path, no_pdf, monkeypatch):
    import pipeline.publish.tools

    monkeypatch.setattr(pipeline.publish.tools, "pagefind_executable", lambda: None)
    project = copy_small(tmp_path)
    (project / "tei" / "drafts" / "aaa-draft.xml").unlink()
    report = build_project(project, jobs=1)
    assert report.ok and "site" in report.built
    assert any("search skipped: Pagefind is not installed" in note for note in report.notes)
    html = project / "output" / "html"
    assert not (html / "search.html").exists() and not (html / "pagefind").exists()
    for name in ("index.html", "a-diary.html"):
        assert 'href="search.html"' not in (html / name).read_text(encoding="utf-8"), name
    assert build_project(project, jobs=1).built == []  # and a second build is still a no-op


def test_a_failed_index_is_a_note_and_the_next_build_tries_again(tmp_path, no_pdf, monkeypatch):
    import pipeline.publish.search
    from pipeline.errors import EditionError
    from pipeline.publish.tools import pagefind_executable

    if pagefind_executable() is None:
        pytest.skip("Pagefind is not installed")
    project = copy_small(tmp_path)
    (project / "tei" / "drafts" / "aaa-draft.xml").unlink()
    real = pipeline.publish.search.index_site

    def failing(site, **options):
        raise EditionError("Pagefind failed: out of memory", rule="search-failed")

    monkeypatch.setattr(pipeline.publish.search, "index_site", failing)
    report = build_project(project, jobs=1)
    assert report.ok and any("search not indexed: Pagefind failed" in note for note in report.notes)
    monkeypatch.setattr(pipeline.publish.search, "index_site", real)
    again = build_project(project, jobs=1)
    assert again.built == ["site"] and (project / "output" / "html" / "pagefind" / "pagefind-entry.json").is_file()
    assert build_project(project, jobs=1).built == []


def test_an_entry_id_cannot_take_the_ids_of_the_site_pages_own_controls(tmp_path, no_pdf):
    """The site pages' own ids are under ed: (ed:own-id), as the documents' pages have them since the
    hardening: an xml:id in a register or document can never capture the heading or the filter."""
    project = copy_small(tmp_path)
    (project / "tei" / "drafts" / "aaa-draft.xml").unlink()
    register = project / "tei" / "register" / "persons.xml"
    register.write_text(register.read_text(encoding="utf-8").replace('xml:id="pers-unused"', 'xml:id="register-person"'),
                        encoding="utf-8")
    assert build_project(project, jobs=1).ok
    for name in ("index.html", "persons.html", "chronology.html"):
        ids = page(project, name).xpath("//@id")
        assert len(ids) == len(set(ids)), name
    persons = page(project, "persons.html")
    assert persons.xpath("//*[@id = 'ed:register-person']")[0].tag.endswith("h1")
    assert persons.xpath("//*[@id = 'register-person']")[0].tag.endswith("article")


def test_a_document_whose_file_name_has_control_characters_is_published_under_a_safe_name(tmp_path, no_pdf):
    project = copy_small(tmp_path)
    (project / "tei" / "drafts" / "aaa-draft.xml").unlink()
    odd = project / "tei" / "letters" / "b\x1b[31m-letter.xml"
    odd.write_bytes((project / "tei" / "letters" / "b-letter.xml").read_bytes())
    report = build_project(project, jobs=1)
    assert report.ok, [p.format() for p in report.problems]
    html = project / "output" / "html"
    assert (html / "letters-b-[31m-letter.html").is_file()
    assert 'href="letters-b-%5B31m-letter.html"' in (html / "index.html").read_text(encoding="utf-8")
    assert broken_links(html) == []
    assert build_project(project, jobs=1).built == []
