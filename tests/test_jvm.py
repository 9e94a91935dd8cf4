"""The helper JVMs' class archive (pipeline.jvm.SharedClasses): made by one JVM as it ends well,
used by the next of the same Java and jars, never left half-written. (With Java itself:
tests/test_jing_batch.py.)"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.jvm import SharedClasses


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))


def _jars(tmp_path: Path) -> tuple[Path, list[Path]]:
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\n")
    jar = tmp_path / "tool.jar"
    jar.write_bytes(b"PK")
    return java, [jar]


def _written(shared: SharedClasses) -> Path:
    """What the JVM does with -XX:ArchiveClassesAtExit as it exits: write the archive there."""
    (option,) = [o for o in shared.options if o.startswith("-XX:ArchiveClassesAtExit=")]
    pending = Path(option.split("=", 1)[1])
    pending.write_bytes(b"classes")
    return pending


def test_a_jvm_that_ends_well_leaves_its_archive_to_the_next(tmp_path):
    java, jars = _jars(tmp_path)
    first = SharedClasses(str(java), jars)
    pending = _written(first)
    assert pending.name.startswith(".") and pending != first.archive
    first.ended(0)
    assert first.archive.read_bytes() == b"classes" and not pending.exists()
    second = SharedClasses(str(java), jars)
    assert second.options[0] == f"-XX:SharedArchiveFile={first.archive}"
    second.ended(0)  # it wrote nothing: the archive stays
    assert first.archive.read_bytes() == b"classes"


@pytest.mark.parametrize("returncode", [1, -9, None])
def test_a_jvm_that_ends_badly_leaves_nothing(tmp_path, returncode):
    java, jars = _jars(tmp_path)
    shared = SharedClasses(str(java), jars)
    pending = _written(shared)
    shared.ended(returncode)
    assert not pending.exists() and not shared.archive.exists()


def test_two_jvms_at_once_write_apart(tmp_path):
    java, jars = _jars(tmp_path)
    one, two = SharedClasses(str(java), jars), SharedClasses(str(java), jars)
    assert _written(one) != _written(two)
    one.ended(0)
    two.ended(0)
    assert one.archive == two.archive and one.archive.is_file()
    assert sorted(p.name for p in one.archive.parent.iterdir()) == [one.archive.name]


def test_another_java_or_jar_gets_an_archive_of_its_own(tmp_path):
    java, jars = _jars(tmp_path)
    first = SharedClasses(str(java), jars)
    jars[0].write_bytes(b"PK upgraded")
    assert SharedClasses(str(java), jars).archive != first.archive
    other_java = tmp_path / "java17"
    other_java.write_text("#!/bin/sh\n")
    assert SharedClasses(str(other_java), jars).archive != first.archive


def test_the_jvm_s_messages_about_the_archive_go_to_stderr(tmp_path):
    # The helpers answer on stdout: a warning there (an archive of another Java) would be read as an
    # answer; and a Java without dynamic archives must still start.
    java, jars = _jars(tmp_path)
    first = SharedClasses(str(java), jars)
    _written(first)
    first.ended(0)
    for shared in (first, SharedClasses(str(java), jars)):
        assert shared.options[-3:] == ["-XX:+IgnoreUnrecognizedVMOptions", "-Xlog:disable", "-Xlog:all=warning:stderr"]
