"""jing's batch (schemas.JingBatch, pipeline/validate/java/JingBatch.java): one JVM per process and
schema answers as jing's command does, is never shared with a forked worker, and gives way to the
command when it cannot run or fails."""
from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from pipeline.errors import EditionError
from pipeline.validate import schemas
from pipeline.validate.sourcedoc import SourceDocument
from pipeline.xmlio import parse_bytes

DATA = Path(__file__).parent / "data" / "validate"

pytestmark = pytest.mark.skipif(schemas._jing_jar() is None or shutil.which("javac") is None,
                                reason="jing's batch needs Java, javac and jing's jar (apt-get install jing default-jdk-headless)")


@pytest.fixture(autouse=True, scope="module")
def private_cache(tmp_path_factory):
    """The helper is compiled into a folder of this test run, never the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEI_EDITION_CACHE", str(tmp_path_factory.mktemp("helper-cache")))
        yield


def documents(paths) -> list[SourceDocument]:
    loaded = []
    for path in paths:
        data = Path(path).read_bytes()
        loaded.append(SourceDocument(Path(path), parse_bytes(data, path), data))
    return loaded


def seen(findings: list[list]) -> list[list[tuple]]:
    return [[(f.severity, f.message, f.rule, None if f.element is None else f.element.sourceline, f.attribute)
             for f in found] for found in findings]


def validator(schema: Path, *, batch: bool = True) -> schemas.RngValidator:
    made = schemas.RngValidator(schema, schema.read_bytes())
    made._batchable = batch
    return made


def invalid_copy(tmp_path: Path) -> Path:
    text = (DATA / "diary-good.xml").read_text(encoding="utf-8").replace("<body>", '<body bogus="1">', 1)
    path = tmp_path / "invalid.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_jvm_answers_as_jing_s_command_document_by_document(corpus_files, tei_all_rng, monkeypatch):
    """Each corpus file in a call of its own, as a build's tasks validate them: one JVM, and the same
    findings, in the same order, as one run of jing's command over them all."""
    starts = []
    start = schemas.JingBatch.start
    monkeypatch.setattr(schemas.JingBatch, "start", classmethod(lambda cls, schema: starts.append(schema) or start(schema)))
    docs = documents(corpus_files)
    batched = validator(tei_all_rng)
    by_batch = [batched.check_all([document])[0] for document in docs]
    assert len(starts) == 1 and batched._batch is not None and batched._batch.usable
    by_command = validator(tei_all_rng, batch=False).check_all(docs)
    assert seen(by_batch) == seen(by_command)
    assert sum(1 for found in by_command if found) >= 5  # invalid files: the comparison is not of empty lists
    batched._batch.close()


def test_a_call_of_many_files_and_a_later_call_use_the_same_jvm(tmp_path):
    schema = DATA / "minimal-tei.rng"
    good = tmp_path / "good.xml"
    good.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>', encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body>\n  <p>x</p> <div/></body></text></TEI>',
                   encoding="utf-8")
    checker = validator(schema)
    first = checker.check_all(documents([good, bad, good]))
    process = checker._batch._process
    second = checker.check_all(documents([bad]))
    assert checker._batch._process is process
    assert [len(found) for found in first] == [0, 1, 0] and seen(second) == seen(first[1:2])
    assert first[1][0].rule == "schema" and 'element "div" not allowed' in first[1][0].message
    checker._batch.close()
    assert process.poll() is not None  # closed: the JVM has ended


_INHERITED: schemas.RngValidator | None = None


def _in_forked_worker(path: str) -> tuple[bool, bool, list]:
    parents = _INHERITED._batch
    # Its pipes were let go at the fork, so the parent's JVM still ends when the parent closes it.
    released = parents is not None and parents._process is None
    inherited_usable = parents is not None and parents.usable
    findings = _INHERITED.check_all(documents([path]))
    return released, inherited_usable, seen(findings)


def test_a_forked_worker_starts_its_own_jvm_and_leaves_the_parent_s_alone(tmp_path):
    global _INHERITED
    bad = invalid_copy(tmp_path)
    _INHERITED = checker = validator(schemas.DEFAULT_SCHEMA.parent / "tei_all.rng")
    expected = seen(checker.check_all(documents([bad])))
    assert expected[0] and checker._batch is not None
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            released, inherited_usable, findings = pool.submit(_in_forked_worker, str(bad)).result(timeout=300)
        assert released and not inherited_usable and findings == expected
        assert checker._batch.usable and seen(checker.check_all(documents([bad]))) == expected
    finally:
        _INHERITED = None
        checker._batch.close()


def test_a_jvm_that_dies_gives_way_to_the_command(tmp_path):
    bad = invalid_copy(tmp_path)
    checker = validator(schemas.DEFAULT_SCHEMA.parent / "tei_all.rng")
    expected = seen(checker.check_all(documents([bad])))
    checker._batch._process.kill()
    checker._batch._process.wait()
    assert seen(checker.check_all(documents([bad]))) == expected
    assert checker._batch is None  # given up: the command from now on


def test_a_name_the_protocol_cannot_carry_goes_to_the_command_and_the_jvm_stays(tmp_path):
    """A file name with a line break cannot be one line of the protocol: jing's command validates
    that call, and the JVM serves the next one."""
    bad = invalid_copy(tmp_path)
    checker = validator(schemas.DEFAULT_SCHEMA.parent / "tei_all.rng")
    expected = seen(checker.check_all(documents([bad])))
    batch = checker._batch
    try:
        odd = tmp_path / "line\nbreak.xml"
        shutil.copy(bad, odd)
        assert batch.check([str(odd)]) is None and batch.usable
        lines, status = checker._run_jing([str(odd)])
        assert status == 1 and any("bogus" in line for line in lines)
        assert checker._batch is batch and batch.usable
        assert seen(checker.check_all(documents([bad]))) == expected
    finally:
        batch.close()


def test_without_javac_the_command_validates(tmp_path, monkeypatch):
    import pipeline.jvm

    real_which = pipeline.jvm.which
    monkeypatch.setattr(pipeline.jvm, "which", lambda name: None if name == "javac" else real_which(name))
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "empty-cache"))
    bad = invalid_copy(tmp_path)
    checker = validator(schemas.DEFAULT_SCHEMA.parent / "tei_all.rng")
    findings = checker.check_all(documents([bad]))
    assert checker._batch is None and [f.attribute for f in findings[0]] == ["bogus"]


def test_a_schema_jing_refuses_is_still_one_clear_error(tmp_path):
    schema = tmp_path / "broken.rng"
    schema.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="missing"/></start>'
                      '</grammar>', encoding="utf-8")
    checker = validator(schema)
    with pytest.raises(EditionError) as caught:
        checker.check_all(documents([DATA / "diary-good.xml"]))
    assert caught.value.rule == "schema-invalid" and checker._batch is None


def test_an_edited_schema_s_old_jvm_ends(tmp_path, monkeypatch):
    """`edition watch` over a project whose RELAX NG schema the editor changes: the compilation of the
    schema as it was, and its JVM, are let go, not kept for the life of the process."""
    monkeypatch.setattr(schemas, "_VALIDATORS", {})
    schema = tmp_path / "mine.rng"
    schema.write_bytes((DATA / "minimal-tei.rng").read_bytes())
    good = tmp_path / "good.xml"
    good.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>', encoding="utf-8")
    first = schemas.get_validator(schema)
    assert first.check_all(documents([good])) == [[]]
    process = first._batch._process
    schema.write_bytes(schema.read_bytes() + b"\n<!-- edited -->\n")
    second = schemas.get_validator(schema)
    assert second is not first and second.check_all(documents([good])) == [[]]
    assert process.poll() is not None and first._batch is None
    assert list(schemas._VALIDATORS.values()) == [second]
    second.close()


def test_many_files_with_many_errors_never_fill_both_pipes(tmp_path, monkeypatch):
    """Three thousand invalid files in one call (`edition validate` of a collection): their names
    sent all at once (120 KB) would fill the JVM's input while its errors (1 KB a file) fill its
    output, each side waiting for the other until the watchdog killed it. One file at a time, its
    answer read before the next."""
    monkeypatch.setattr(schemas, "_JING_TIMEOUT", 60)
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p>' + "<p><zz/></p>" * 10
                   + "</body></text></TEI>", encoding="utf-8")
    checker = validator(DATA / "minimal-tei.rng")
    found = checker.check_all(documents([bad]) * 3000)
    assert len(found) == 3000 and all(len(errors) == 10 for errors in found)
    assert checker._batch is not None and checker._batch.usable  # it answered: not killed, no command
    checker._batch.close()


# --- the JVM's class archive (pipeline.jvm.SharedClasses) -----------------------------------------

def _archives() -> list[Path]:
    from pipeline.project import user_cache_dir

    return sorted(user_cache_dir().glob("*.jsa")) + sorted(user_cache_dir().glob(".*.jsa"))


def _minimal_pair(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "good.xml"
    good.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>', encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body>\n  <p>x</p> <div/></body></text></TEI>',
                   encoding="utf-8")
    return good, bad


def test_the_jvm_leaves_its_classes_for_the_next_one_which_answers_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))
    schema = DATA / "minimal-tei.rng"
    docs = documents(_minimal_pair(tmp_path))
    first = validator(schema)
    expected = seen(first.check_all(docs))
    assert any("-XX:ArchiveClassesAtExit=" in option for option in first._batch._shared.options)
    assert _archives() == []  # written as the JVM ends
    first._batch.close()
    (archive,) = _archives()
    assert archive.name.startswith("classes-") and archive.stat().st_size > 0
    second = validator(schema)
    assert seen(second.check_all(docs)) == expected
    assert second._batch._shared.options[0] == f"-XX:SharedArchiveFile={archive}"
    second._batch.close()
    assert _archives() == [archive]
    # An archive the JVM cannot use (damaged, another Java's) is passed over: the same answers.
    archive.write_bytes(b"not an archive")
    third = validator(schema)
    assert seen(third.check_all(docs)) == expected and third._batch is not None
    third._batch.close()


def _validate_in_worker(path: str) -> int:
    found = schemas.get_validator(DATA / "minimal-tei.rng").check_all(documents([path]))  # kept, as a build's
    return len(found[0])


def test_a_pool_worker_s_jvm_leaves_its_archive_when_the_pool_ends(tmp_path, monkeypatch):
    # A pool's worker ends without atexit: multiprocessing's exit hook closes its batches.
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))
    good, _bad = _minimal_pair(tmp_path)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_validate_in_worker, str(good)).result(timeout=300) == 0
    assert [a.name.startswith("classes-") for a in _archives()] == [True]
