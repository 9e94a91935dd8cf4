"""The build state: dependency scanning, change detection, and a state file that survives anything."""
from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.build.state import BuildState, FileHashes, module_closure, registers_used

XSL = "http://www.w3.org/1999/XSL/Transform"


def _stylesheet(path: Path, *refs: str, extra: str = "") -> None:
    includes = "".join(f'<xsl:{kind} href="{href}"/>' for kind, href in (r.split(":", 1) for r in refs))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<xsl:stylesheet xmlns:xsl="{XSL}" version="3.0">{includes}{extra}</xsl:stylesheet>')


def test_module_closure_follows_include_and_import_transitively(tmp_path):
    _stylesheet(tmp_path / "html" / "html.xsl", "import:../core/core.xsl", "include:params.xsl")
    _stylesheet(tmp_path / "html" / "params.xsl")
    _stylesheet(tmp_path / "core" / "core.xsl", "include:names.xsl",
                extra="<xsl:variable name=\"s\" select=\"doc('strings.xml')\"/>")
    _stylesheet(tmp_path / "core" / "names.xsl", "include:https://example.org/remote.xsl")
    (tmp_path / "core" / "strings.xml").write_text("<strings/>")
    _stylesheet(tmp_path / "fo" / "fo.xsl", "import:../core/core.xsl")
    state = BuildState(tmp_path / "state.json", tmp_path)

    found = module_closure([tmp_path / "html" / "html.xsl"], FileHashes(), state, "xsl")

    names = {Path(p).relative_to(tmp_path).as_posix() for p in found}
    assert names == {"html/html.xsl", "html/params.xsl", "core/core.xsl", "core/names.xsl", "core/strings.xml"}
    assert "fo/fo.xsl" not in names


def test_every_document_function_s_file_is_a_dependency(tmp_path):
    """A stylesheet is searched for document functions only where one is named (a quick look for
    each name): every one of them still finds its file, with or without space inside its call."""
    calls = {"doc": "a.xml", "document": "b.xml", "unparsed-text": "c.txt", "unparsed-text-lines": "d.txt",
             "json-doc": "e.json"}
    for function, name in calls.items():
        folder = tmp_path / function
        _stylesheet(folder / "s.xsl", extra=f"<xsl:variable name=\"v\" select=\"{function}( '{name}')\"/>")
        (folder / name).write_text("x")
        found = module_closure([folder / "s.xsl"], FileHashes(), BuildState(folder / "state.json", folder), "xsl")
        assert {Path(p).name for p in found} == {"s.xsl", name}, function
    # Named but not called, or called only by a computed name: nothing more.
    _stylesheet(tmp_path / "none" / "s.xsl", extra='<xsl:variable name="v" select="\'doc\', document-uri(/)"/>')
    found = module_closure([tmp_path / "none" / "s.xsl"], FileHashes(), BuildState(tmp_path / "st.json", tmp_path), "xsl")
    assert [Path(p).name for p in found] == ["s.xsl"]


def test_module_closure_reuses_scans_of_unchanged_files(tmp_path):
    _stylesheet(tmp_path / "a.xsl", "include:b.xsl")
    _stylesheet(tmp_path / "b.xsl")
    state = BuildState(tmp_path / "state.json", tmp_path)
    module_closure([tmp_path / "a.xsl"], FileHashes(), state, "xsl")
    scans = dict(state.scans)
    # Same content, new build: nothing is scanned again (the scan cache is keyed by content).
    state.dirty = False
    module_closure([tmp_path / "a.xsl"], FileHashes(), state, "xsl")
    assert state.scans == scans and not state.dirty
    # A new include is seen as soon as the file changes.
    _stylesheet(tmp_path / "a.xsl", "include:b.xsl", "include:c.xsl")
    _stylesheet(tmp_path / "c.xsl")
    found = module_closure([tmp_path / "a.xsl"], FileHashes(), state, "xsl")
    assert str(tmp_path / "c.xsl") in found


def test_python_module_closure_follows_relative_imports(tmp_path):
    (tmp_path / "a.py").write_text("from .b import x\nfrom . import c, d\n\ndef f():\n    from .e import y\n")
    for name in "bcde":
        (tmp_path / f"{name}.py").write_text("import os\n")
    found = module_closure([tmp_path / "a.py"], FileHashes(), BuildState(tmp_path / "s", tmp_path), "py")
    assert {Path(p).name for p in found} == {"a.py", "b.py", "c.py", "d.py", "e.py"}


def test_python_module_closure_reads_aliases_and_lists_over_lines(tmp_path):
    (tmp_path / "a.py").write_text("from . import b as B, c\nfrom . import (  # what the stage uses\n"
                                   "    d,\n    e as E,  # renamed\n)\nfrom .f import g as G\n")
    for name in "bcdef":
        (tmp_path / f"{name}.py").write_text("import os\n")
    found = module_closure([tmp_path / "a.py"], FileHashes(), BuildState(tmp_path / "s", tmp_path), "py")
    assert {Path(p).name for p in found} == {"a.py", "b.py", "c.py", "d.py", "e.py", "f.py"}


def test_scans_of_an_older_reading_are_not_reused_and_not_kept(tmp_path):
    (tmp_path / "a.py").write_text("from . import b as B\n")
    (tmp_path / "b.py").write_text("import os\n")
    state = BuildState(tmp_path / "state.json", tmp_path)
    digest = FileHashes().hash(tmp_path / "a.py")
    state.scans[f"py:{digest}"] = ["b as B.py", "b as B/__init__.py"]  # as the older reading kept it
    found = module_closure([tmp_path / "a.py"], FileHashes(), state, "py")
    assert {Path(p).name for p in found} == {"a.py", "b.py"}
    state.record("step", {"project:a.py": digest}, [])
    state.save()
    kept = json.loads((tmp_path / "state.json").read_text())["scans"]
    assert f"py:{digest}" not in kept and any(key.endswith(digest) for key in kept)


def test_python_module_closure_follows_imports_across_subpackages(tmp_path):
    (tmp_path / "stage").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "stage" / "mod.py").write_text("from ..errors import E\nfrom ..other.helper import h\nfrom .. import other\n")
    (tmp_path / "errors.py").write_text("import os\n")
    (tmp_path / "other" / "helper.py").write_text("from ..errors import E\n")
    (tmp_path / "other" / "__init__.py").write_text("")
    (tmp_path / "unrelated.py").write_text("")
    found = module_closure([tmp_path / "stage" / "mod.py"], FileHashes(), BuildState(tmp_path / "s", tmp_path), "py")
    assert {Path(p).relative_to(tmp_path).as_posix() for p in found} == {
        "stage/mod.py", "errors.py", "other/helper.py", "other/__init__.py"}


def test_registers_used_by_a_document(tmp_path):
    tei = tmp_path / "doc.xml"
    tei.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>'
                   '<placeName ref="#paris">Paris</placeName> <said who="#s">hi</said></p></body></text></TEI>')
    state = BuildState(tmp_path / "s", tmp_path)
    assert registers_used(tei, FileHashes(), state) == ["persons", "places"]


def test_a_step_is_current_only_with_the_same_inputs_and_untouched_outputs(tmp_path):
    out = tmp_path / "output" / "html" / "a.html"
    out.parent.mkdir(parents=True)
    out.write_text("<html/>")
    state = BuildState(tmp_path / "output" / "state.json", tmp_path)
    state.record("html:a", {"tei": "1"}, [out])
    assert state.is_current("html:a", {"tei": "1"})
    assert not state.is_current("html:a", {"tei": "2"})
    assert not state.is_current("html:b", {"tei": "1"})
    out.write_text("<html>edited by someone</html>")
    assert not state.is_current("html:a", {"tei": "1"})
    state.record("html:a", {"tei": "1"}, [out])
    out.unlink()
    assert not state.is_current("html:a", {"tei": "1"})


def test_state_round_trip_is_relative_to_the_project(tmp_path):
    out = tmp_path / "output" / "text" / "a.txt"
    out.parent.mkdir(parents=True)
    out.write_text("text")
    state = BuildState(tmp_path / "output" / "state.json", tmp_path)
    state.record("text:a", {"tei": "1"}, [out])
    state.save()
    raw = json.loads((tmp_path / "output" / "state.json").read_text())
    assert list(raw["steps"]["text:a"]["outputs"]) == ["output/text/a.txt"]
    loaded = BuildState.load(tmp_path / "output" / "state.json", tmp_path)
    assert loaded.is_current("text:a", {"tei": "1"})
    assert loaded.outputs_of("text:a") == [out]


def test_a_corrupt_or_foreign_state_file_means_nothing_is_known(tmp_path):
    path = tmp_path / "state.json"
    for content in ("{not json", "[]", json.dumps({"format": 999, "steps": {"x": {}}})):
        path.write_text(content)
        assert BuildState.load(path, tmp_path).steps == {}


def test_state_is_not_rewritten_when_nothing_changed(tmp_path):
    path = tmp_path / "state.json"
    state = BuildState(path, tmp_path)
    state.save()
    assert not path.exists()
    state.record("validate:a", {"tei": "1"}, [])
    state.save()
    before = os.stat(path).st_mtime_ns
    BuildState.load(path, tmp_path).save()
    assert os.stat(path).st_mtime_ns == before


def test_missing_files_hash_as_missing(tmp_path):
    hashes = FileHashes()
    assert hashes.hash(tmp_path / "nope.xml") == "missing"
    (tmp_path / "a").write_bytes(b"x")
    assert hashes.hash(tmp_path / "a") != hashes.hash(tmp_path / "nope.xml")


def test_a_settled_file_s_hash_is_kept_with_its_stat_and_any_write_is_seen(tmp_path, monkeypatch):
    from pipeline.build import state as state_module

    def build(marks: dict) -> tuple[str, dict]:
        """One build's hash of doc.xml, and the marks it leaves for the next."""
        hashes = FileHashes(marks)
        return hashes.hash(doc), hashes.marks

    doc = tmp_path / "doc.xml"
    doc.write_bytes(b"<a>one</a>")
    # Just written: not marked (a second write in the same tick of the clock could go unseen).
    first, marks = build({})
    assert marks == {}
    monkeypatch.setattr(state_module, "SETTLED_NS", 0)
    again, marks = build(marks)
    assert again == first and marks[str(doc)][4] == first
    # Marked: the next build takes the hash from the mark, without reading the file, and keeps it.
    def unread(self, path):
        raise AssertionError(f"read {path}")
    monkeypatch.setattr(FileHashes, "read", unread)
    assert build(marks) == (first, marks)
    monkeypatch.undo()
    monkeypatch.setattr(state_module, "SETTLED_NS", 0)
    # The same size and modification time put back (as `cp -p` or an editor might): the change
    # time still moved, so the file is read again.
    st = os.stat(doc)
    doc.write_bytes(b"<a>two</a>")
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(doc).st_size == st.st_size and os.stat(doc).st_mtime_ns == st.st_mtime_ns
    second, marks = build(marks)
    assert second == state_module.hash_bytes(b"<a>two</a>") != first
    assert marks[str(doc)][4] == second
    # Replaced by another file (a new inode), and gone.
    other = tmp_path / "other.xml"
    other.write_bytes(b"<a>new</a>")
    os.replace(other, doc)
    third, marks = build(marks)
    assert third == state_module.hash_bytes(b"<a>new</a>")
    doc.unlink()
    assert build(marks) == ("missing", {})
    # A file rewritten during a build is read again when it is next asked for.
    doc.write_bytes(b"<a>four</a>")
    hashes = FileHashes()
    hashes.hash(doc)
    doc.write_bytes(b"<a>five</a>")
    hashes.forget(doc)
    assert hashes.hash(doc) == state_module.hash_bytes(b"<a>five</a>")


def test_a_build_keeps_the_marks_of_the_files_it_hashed_and_checks_those_it_loads(tmp_path, monkeypatch):
    from pipeline.build import state as state_module

    monkeypatch.setattr(state_module, "SETTLED_NS", 0)
    path = tmp_path / "output" / "state.json"
    used, dropped = tmp_path / "used.xml", tmp_path / "dropped.xml"
    used.write_text("<used/>")
    dropped.write_text("<dropped/>")
    state = BuildState(path, tmp_path)
    first = FileHashes(state.files)
    first.hash(used), first.hash(dropped)
    state.files = first.marks
    state.record("validate:a", {"project:used.xml": first.hash(used)}, [])
    state.save()
    loaded = BuildState.load(path, tmp_path)
    assert sorted(loaded.files) == sorted([str(used), str(dropped)])
    # The next build asks only for used.xml: dropped.xml's mark goes.
    second = FileHashes(loaded.files)
    second.hash(used)
    loaded.files = second.marks
    loaded.record("validate:a", {"project:used.xml": second.hash(used)}, [])
    loaded.save()
    assert list(BuildState.load(path, tmp_path).files) == [str(used)]
    # Marks written by hand are untrusted input: malformed ones are dropped.
    raw = json.loads(path.read_text())
    raw["files"] = {"a": [1, 2, 3, 4, "h"], "b": [1, 2, 3, "h"], "c": "h", "d": [1, 2, 3, 4, 5],
                    "e": [1, 2.5, 3, 4, "h"], "f": [True, 2, 3, 4, "h"]}
    path.write_text(json.dumps(raw))
    assert list(BuildState.load(path, tmp_path).files) == ["a"]
    raw["files"] = ["not", "a", "mapping"]
    path.write_text(json.dumps(raw))
    assert BuildState.load(path, tmp_path).files == {}
