"""The registers: loading, scopes, caching, standOff copies, and the content of the project's registers."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import EditionError
from pipeline.entities.registers import find_registers_dir, fold, load_registers
from pipeline.xmlio import NSMAP, TEI_NS, XML_NS

REGISTER_FILES = ("persons.xml", "places.xml", "organisations.xml")


@pytest.fixture(scope="session")
def registers(repo_dir):
    return load_registers(repo_dir / "tei" / "register")


def test_fold_keeps_length_and_equates_apostrophes_and_accents():
    for text in ("Gérard’s", "Place de L'Odéon", "Göring", "Siguranța", "naïve"):
        assert len(fold(text)) == len(text)
    assert fold("Gérard’s") == fold("Gerard's") == "Gerard's"
    assert fold("Wörther") == fold("Worther")


@pytest.mark.parametrize("text, folded", [
    ("`quoted’ ‘twice’ ʼokina", "'quoted' 'twice' 'okina"),  # every apostrophe the same
    ("Ça, Ñuñoa, Łódź, Ærø", "Ca, Nunoa, Łodz, Ærø"),  # Ł and Æ have no base letter to fold to
    ("½ × ﬁ ß ≠", "½ × ﬁ ß ≠"),  # not letters with marks (≠ is = with a stroke): kept
    ("e\u0301 \u0301", "e\u0301 \u0301"),  # a combining mark alone is no letter: kept
    ("Ελλάδα, Москва́", "Ελλαδα, Москва\u0301"),
])
def test_fold_folds_each_character_on_its_own(text, folded):
    assert fold(text) == folded
    # one character for one, each the same wherever it stands (the table learns it once)
    assert [fold(char) for char in text] == list(folded)
    assert fold(folded) == folded


def test_scoped_form_applies_only_in_overlapping_dated_divisions(registers):
    bastich_b = next(f for f in registers.forms if f.entry_id == "pers-bastich" and f.text == "B.")
    assert bastich_b.applies(((1937, 12, 1), (1937, 12, 31)), frozenset())
    assert not bastich_b.applies(((1938, 12, 1), (1938, 12, 31)), frozenset())
    assert not bastich_b.applies(None, frozenset()), "undated text never resolves a scoped initial"
    plain = next(f for f in registers.forms if f.text == "Sneevliet")
    assert not plain.scoped and plain.applies(None, frozenset())


def write_register(folder: Path, people: str) -> None:
    (folder / "persons.xml").write_text(
        f'<TEI xmlns="{TEI_NS}"><standOff><listPerson>{people}</listPerson></standOff></TEI>', encoding="utf-8")


def test_register_refuses_a_form_claimed_twice_in_overlapping_scopes(tmp_path):
    write_register(tmp_path, '<person xml:id="a"><persName>B.</persName></person>'
                             '<person xml:id="b"><persName notBefore="1937-01-01">B.</persName></person>')
    with pytest.raises(EditionError) as info:
        load_registers(tmp_path)
    assert info.value.rule == "register-ambiguous-form" and info.value.line


def test_register_accepts_the_same_initial_in_disjoint_scopes(tmp_path):
    write_register(tmp_path, '<person xml:id="a"><persName notAfter="1937-12-31">B.</persName></person>'
                             '<person xml:id="b"><persName notBefore="1938-01-01">B.</persName></person>')
    assert len(load_registers(tmp_path).forms) == 2


def test_register_errors_are_edition_errors(tmp_path):
    with pytest.raises(EditionError, match="does not exist"):
        load_registers(tmp_path / "absent")
    with pytest.raises(EditionError, match="no .xml"):
        load_registers(tmp_path)
    write_register(tmp_path, "<person/>")
    with pytest.raises(EditionError, match="xml:id"):
        load_registers(tmp_path)
    write_register(tmp_path, '<person xml:id="a"/><person xml:id="a"/>')
    with pytest.raises(EditionError, match="used twice"):
        load_registers(tmp_path)
    (tmp_path / "persons.xml").write_text("<TEI><unclosed></TEI>", encoding="utf-8")
    with pytest.raises(EditionError, match="well-formed"):
        load_registers(tmp_path)


def test_registers_are_cached_until_a_file_changes(tmp_path, repo_dir):
    for name in REGISTER_FILES:
        (tmp_path / name).write_bytes((repo_dir / "tei" / "register" / name).read_bytes())
    first = load_registers(tmp_path)
    assert load_registers(tmp_path) is first
    text = (tmp_path / "persons.xml").read_text(encoding="utf-8").replace(">Bastich<", ">Bastić<", 1)
    (tmp_path / "persons.xml").write_text(text, encoding="utf-8")
    assert load_registers(tmp_path) is not first
    assert load_registers(tmp_path).entries["pers-bastich"].label == "Bastić"


def test_two_projects_in_one_process_keep_their_registers_cached(tmp_path, repo_dir):
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
        for name in REGISTER_FILES:
            (folder / name).write_bytes((repo_dir / "tei" / "register" / name).read_bytes())
    first = [load_registers(folder) for folder in folders]
    assert [load_registers(folder) for folder in folders] == first  # switching back and forth rereads nothing
    assert all(again is before for again, before in zip((load_registers(f) for f in folders), first))


def test_places_nest_and_standoff_copies_leave_out_nested_entries(registers):
    assert registers.ancestors("place-rotonde") == ["place-france", "place-paris", "place-bd-montparnasse"]
    copy = registers.standoff_copy("place-paris")
    assert copy.get(f"{{{XML_NS}}}id") == "place-paris"
    assert copy.find(f"{{{TEI_NS}}}place") is None and copy.find(f"{{{TEI_NS}}}location") is not None


def test_find_registers_dir_looks_in_the_project_only(tmp_path, repo_dir):
    assert find_registers_dir(repo_dir / "tei" / "serge-diary-ii.xml") == (repo_dir / "tei" / "register").resolve()
    assert find_registers_dir(tmp_path / "x" / "y" / "z" / "doc.xml") is None


# ------------------------------------------------------------------ the project's registers

def test_project_registers_are_valid_tei(repo_dir, tei_all_rng):
    from pipeline.validate.validator import validate_files

    report = validate_files([repo_dir / "tei" / "register" / n for n in REGISTER_FILES], schema=tei_all_rng)
    assert report.ok, report.summary() + "\n" + "\n".join(p.format() for p in report.problems)


def test_every_entry_has_a_standard_name_and_one_entry_per_entity(registers):
    labels = [e.label for e in registers.entries.values()]
    assert len(labels) == len(set(labels)), "two entries with the same standard name"
    for entry in registers.entries.values():
        name_tag = {"person": "persName", "place": "placeName", "org": "orgName"}[entry.kind]
        names = entry.element.findall(f"tei:{name_tag}", NSMAP)
        assert [n.get("type") for n in names].count("standard") == 1, entry.id
        if entry.kind == "place":
            assert entry.element.get("type"), f"{entry.id} has no kind of place"


def test_authority_identifiers_are_well_formed(registers):
    for entry in registers.entries.values():
        for idno in entry.element.findall("tei:idno", NSMAP):
            kind, value = idno.get("type"), idno.text or ""
            assert kind in ("wikidata", "VIAF", "GeoNames"), entry.id
            if kind == "wikidata":
                assert value[0] == "Q" and value[1:].isdigit(), entry.id
            if kind == "GeoNames":
                assert value.startswith("https://www.geonames.org/") and value.rstrip("/").split("/")[-1].isdigit()


def test_the_diary_initials_are_scoped(registers):
    """Initials that mean different people in different parts of the diary carry a scope each."""
    for text in ("B.", "L.", "R.", "S.", "K.", "A.", "M."):
        forms = [f for f in registers.forms if f.text == text]
        assert forms and all(f.scoped for f in forms), text
    assert {f.entry_id for f in registers.forms if f.text == "B."} == {"pers-bastich", "pers-brandler"}
    assert {f.entry_id for f in registers.forms if f.text == "R."} == {"pers-reiss", "pers-tasca"}


def test_a_missing_register_folder_is_the_same_error_for_tagging_and_validation(tmp_path, repo_dir):
    from pipeline.entities.registers import Registers
    from pipeline.validate.validator import validate_files

    missing = tmp_path / "absent"
    for read in (lambda: load_registers(missing), lambda: Registers().read_folder(missing),
                 lambda: validate_files([repo_dir / "tests" / "data" / "validate" / "diary-good.xml"],
                                        registers_dir=missing)):
        with pytest.raises(EditionError) as caught:
            read()
        assert caught.value.rule == "register-missing"


def test_the_validator_reads_leniently_what_tagging_refuses(tmp_path):
    from pipeline.entities.registers import Registers

    (tmp_path / "a.xml").write_text(f'<TEI xmlns="{TEI_NS}"><standOff><listPerson>'
                                    '<person xml:id="p1"><persName>Ann</persName></person></listPerson>'
                                    '<listEvent><event xml:id="e1"><p>x</p></event></listEvent></standOff></TEI>')
    (tmp_path / "b.xml").write_text("<broken")
    with pytest.raises(EditionError):
        load_registers(tmp_path)
    lenient = Registers().read_folder(tmp_path)
    assert [p.file for p in lenient.problems] == [str(tmp_path / "b.xml")]
    assert lenient.find("e1").path.name == "a.xml" and lenient.entry("#p1").label == "Ann"
