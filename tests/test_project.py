"""pipeline/project.py: the one home of where things are."""
from __future__ import annotations

import pytest

from pipeline.errors import EditionError
from pipeline.project import DEFAULT_FOP_CONFIG, DEFAULT_SCHEMA, PACKAGE_XSLT_DIR, Project, user_cache_dir


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
