"""pipeline/project.py: the one home of where things are."""
from __future__ import annotations

import pytest

from pipeline.errors import EditionError
from pipeline.project import DEFAULT_FOP_CONFIG, DEFAULT_SCHEMA, PACKAGE_XSLT_DIR, SOURCE_GROWTH, Project, user_cache_dir


def test_user_cache_dir_honours_the_explicit_folder_then_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("TEI_EDITION_CACHE")
    assert user_cache_dir() == tmp_path / "xdg" / "tei-edition"


def test_schema_cache_and_fop_helper_share_the_cache_folder(monkeypatch, tmp_path):
    """Both caches once computed their own folder, and only the schema's honoured $TEI_EDITION_CACHE."""
    import inspect

    from pipeline.publish import fop
    from pipeline.validate import schemas
    for module in (fop, schemas):
        assert "user_cache_dir()" in inspect.getsource(module)
        assert "XDG_CACHE_HOME" not in inspect.getsource(module)


def test_a_project_falls_back_to_the_packaged_stylesheets_and_schema(tmp_path):
    (tmp_path / "tei").mkdir()
    project = Project.open(tmp_path)
    assert project.xslt_dir == PACKAGE_XSLT_DIR and project.schema == DEFAULT_SCHEMA
    assert project.fop_config == DEFAULT_FOP_CONFIG
    (tmp_path / "xslt" / "fo").mkdir(parents=True)
    (tmp_path / "xslt" / "fo" / "fop.xconf").write_text("<fop/>")
    assert Project.open(tmp_path).xslt_dir == tmp_path / "xslt"
    assert Project.open(tmp_path).fop_config == tmp_path / "xslt" / "fo" / "fop.xconf"


@pytest.mark.parametrize("make", [lambda p: p / "absent", lambda p: p])
def test_a_folder_without_tei_is_not_a_project(tmp_path, make):
    with pytest.raises(EditionError):
        Project.open(make(tmp_path))


def test_inside_agrees_with_resolving_the_path_through_its_links(tmp_path):
    """Project.inside looks at the parts below the root before resolving a path: links to folders
    and files out of the project, links that stay in, '..' that climbs out, missing parts."""
    from pathlib import Path

    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "file.xml").write_text("<x/>")
    root = tmp_path / "proj"
    (root / "tei" / "register").mkdir(parents=True)
    (root / "tei" / "doc.xml").write_text("<x/>")
    (root / "tei" / "out").symlink_to(outside / "sub")
    (root / "tei" / "out-file.xml").symlink_to(outside / "sub" / "file.xml")
    (root / "tei" / "in").symlink_to(root / "tei" / "register")
    (root / "tei" / "in-file.xml").symlink_to(root / "tei" / "doc.xml")
    (root / "tei" / "loop").symlink_to(root / "tei" / "loop")
    project = Project.open(root)
    cases = {
        "tei/doc.xml": True, "tei": True, "tei/register": True, "tei/missing/deeper.xml": True,
        "tei/out": False, "tei/out/file.xml": False, "tei/out-file.xml": False, "tei/out/../doc.xml": False,
        "tei/in": True, "tei/in/x.xml": True, "tei/in-file.xml": True, "tei/../../outside/sub": False,
        "tei/loop": False,
    }
    for rel, expected in cases.items():
        path = root / rel
        assert project.inside(path) is expected, rel
        assert project.inside(str(path)) is expected, rel
        try:
            resolved = Path(path).resolve()
        except RuntimeError:  # a link loop
            continue
        assert expected == (resolved == project.root or project.root in resolved.parents), rel
    assert project.inside(root) and not project.inside(tmp_path) and not project.inside(outside)
    assert not project.inside(str(root) + "-sibling/tei/doc.xml")


def test_a_build_reads_its_documents_registers_and_the_tei_its_sources_become(tmp_path):
    """Saxon's heap is made for the TEI a build reads (pipeline/publish/isolate.py): its documents,
    its registers, and a source not converted yet at the size of the TEI it becomes."""
    (tmp_path / "tei" / "register").mkdir(parents=True)
    project = Project.open(tmp_path)
    assert project.tei_bytes() == 0
    (tmp_path / "tei" / "letters").mkdir()
    (tmp_path / "tei" / "letters" / "one.xml").write_bytes(b"x" * 300)
    (tmp_path / "tei" / "register" / "persons.xml").write_bytes(b"x" * 400)
    assert project.tei_bytes() == 700
    (tmp_path / "tei" / "source").mkdir()
    (tmp_path / "tei" / "source" / "two.txt").write_bytes(b"x" * 100)
    assert project.tei_bytes() == 700 + 100 * SOURCE_GROWTH
    (tmp_path / "tei" / "two.xml").write_bytes(b"x" * 600)  # converted: its TEI counts, not its text
    assert project.tei_bytes() == 1300
