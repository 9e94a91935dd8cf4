"""Every user error of every command is one clear line on stderr, a non-zero exit, no traceback.

Each case runs twice: in-process through click's CliRunner and as a real ``python -m pipeline``
subprocess (what a user sees, including Python's own start-up and exit paths).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

TEI_NS = "http://www.tei-c.org/ns/1.0"
MINIMAL_TEI = (f'<TEI xmlns="{TEI_NS}">\n<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
               "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
               "</teiHeader>\n<text><body><p>Some words.</p></body></text>\n</TEI>\n")
PERSONS = (f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Persons</title></titleStmt>'
           "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
           '<standOff><listPerson><person xml:id="ann"><persName type="standard">Ann Smith</persName>'
           "</person></listPerson></standOff></TEI>\n")


@dataclass
class Case:
    """One error situation: how to set it up and what the error line must say."""

    setup: Callable[[Path], tuple[list, Path | None]]  # tmp -> (arguments, file named in the error)
    must_say: tuple[str, ...] = ()
    positioned: bool = False  # the line carries file:line:column
    exit_code: int | None = None  # None: any non-zero


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def missing(tmp: Path) -> Path:
    return tmp / "no such file.xml"


def malformed(tmp: Path) -> Path:
    return _write(tmp / "malformed.xml", f'<TEI xmlns="{TEI_NS}">\n<text>\n<p>unclosed\n</text></TEI>\n')


def not_tei(tmp: Path) -> Path:
    return _write(tmp / "not-tei.xml", '<TEI xmlns="http://www.example.org/other">\n<text/></TEI>\n')


def invalid_tei(tmp: Path) -> Path:
    # Well-formed, TEI namespace, a header, but one element TEI does not have.
    return _write(tmp / "invalid.xml", MINIMAL_TEI.replace("<p>Some words.</p>", "<p>Some words.</p>\n<nonsense/>"))


def registers(tmp: Path) -> Path:
    return _write(tmp / "register" / "persons.xml", PERSONS).parent


def unwritable_dir(tmp: Path) -> Path:
    # A regular file where a folder must be created: unwritable even for root.
    return _write(tmp / "occupied", "a file, not a folder") / "out"


def project(tmp: Path, tei_name: str, tei_text: str) -> Path:
    root = tmp / "project"
    _write(root / "tei" / tei_name, tei_text)
    return root


CASES: dict[str, Case] = {
    # convert
    "convert-missing": Case(lambda t: (["convert", t / "absent.txt"], t / "absent.txt"), ("absent.txt",)),
    "convert-binary": Case(
        lambda t: (["convert", _write(t / "binary.txt", b"\xff\xfe\x00\x01garbage\x00" * 50), "-o", t / "o.xml"],
                   t / "binary.txt")),
    "convert-unwritable": Case(
        lambda t: (["convert", _write(t / "diary.txt", "1st Sept. 1914\n\nA short entry.\n"),
                    "-o", unwritable_dir(t) / "diary.xml"], unwritable_dir(t) / "diary.xml")),
    # validate
    "validate-missing": Case(lambda t: (["validate", missing(t)], missing(t))),
    "validate-malformed": Case(lambda t: (["validate", malformed(t)], malformed(t)),
                               ("[xml-wellformed]",), positioned=True, exit_code=1),
    "validate-not-tei": Case(lambda t: (["validate", not_tei(t)], not_tei(t)), ("[tei-root]",), exit_code=1),
    "validate-invalid": Case(lambda t: (["validate", invalid_tei(t)], invalid_tei(t)), positioned=True, exit_code=1),
    "validate-missing-schema": Case(
        lambda t: (["validate", _write(t / "ok.xml", MINIMAL_TEI), "--schema", t / "none.rng"], t / "none.rng"),
        ("none.rng",)),
    # transform
    "transform-missing": Case(lambda t: (["transform", missing(t), "--to", "html", "-o", t / "o"], missing(t))),
    "transform-malformed": Case(lambda t: (["transform", malformed(t), "--to", "text", "-o", t / "o"], malformed(t)),
                                ("[xml-wellformed]",), positioned=True),
    "transform-not-tei": Case(lambda t: (["transform", not_tei(t), "--to", "fo", "-o", t / "o"], not_tei(t)),
                              ("[tei-root]",)),
    "transform-unknown-to": Case(lambda t: (["transform", _write(t / "ok.xml", MINIMAL_TEI), "--to", "docx"], None),
                                 ("--to", "docx"), exit_code=2),
    "transform-unwritable": Case(
        lambda t: (["transform", _write(t / "ok.xml", MINIMAL_TEI), "--to", "html", "-o", unwritable_dir(t)],
                   unwritable_dir(t))),
    "transform-bad-param": Case(
        lambda t: (["transform", _write(t / "ok.xml", MINIMAL_TEI), "--to", "text", "-o", t / "o",
                    "--param", "novalue"], None), ("--param", "novalue"), exit_code=2),
    # build
    "build-missing-project": Case(lambda t: (["build", t / "no project"], t / "no project"), ("no project",)),
    "build-malformed": Case(lambda t: (["build", project(t, "broken.xml", "<TEI>\n<oops></TEI>")],
                                       t / "project" / "tei" / "broken.xml"), positioned=True),
    "build-not-tei": Case(lambda t: (["build", project(t, "other.xml", '<TEI xmlns="urn:x"/>')],
                                     t / "project" / "tei" / "other.xml"), ("[tei-root]",)),
    # watch
    "watch-missing-project": Case(lambda t: (["watch", t / "no project"], t / "no project"), ("no project",)),
    # tag
    "tag-missing": Case(lambda t: (["tag", missing(t), "--registers", registers(t)], missing(t))),
    "tag-malformed": Case(lambda t: (["tag", malformed(t), "--registers", registers(t)], malformed(t)),
                          ("[xml-wellformed]",), positioned=True),
    "tag-not-tei": Case(lambda t: (["tag", not_tei(t), "--registers", registers(t)], not_tei(t)), ("[tei-root]",)),
    # entities
    "entities-missing": Case(lambda t: (["entities", missing(t), "--registers", registers(t)], missing(t))),
    "entities-malformed": Case(lambda t: (["entities", malformed(t), "--registers", registers(t)], malformed(t)),
                               ("[xml-wellformed]",), positioned=True),
    "entities-not-tei": Case(lambda t: (["entities", not_tei(t), "--registers", registers(t)], not_tei(t)),
                             ("[tei-root]",)),
}

# Usage errors and one representative of each error kind also run as real subprocesses (each costs
# a Python start-up); the rest run in-process only.
SUBPROCESS = {
    "convert-missing", "validate-malformed", "validate-not-tei", "validate-invalid", "transform-missing",
    "transform-malformed", "transform-unknown-to", "transform-unwritable", "transform-bad-param",
    "build-missing-project", "tag-malformed", "entities-not-tei", "watch-missing-project",
}


def check(run, case: Case, named: Path | None) -> None:
    run.assert_no_traceback()
    if case.exit_code is None:
        assert run.exit_code != 0, run.stdout + run.stderr
    else:
        assert run.exit_code == case.exit_code, run.stdout + run.stderr
    # Only error lines count: a build may add a line on what it did about the failure.
    lines = [line for line in run.error_lines() if re.search(r"(^|: )error:", line, re.IGNORECASE)]
    if named is not None:
        lines = [line for line in lines if str(named) in line]
        assert len(lines) == 1, f"expected one line naming {named} on stderr, got:\n{run.stderr}"
    else:
        assert len(lines) == 1, run.stderr
    line = lines[0]
    for text in case.must_say:
        assert text in line, line
    if case.positioned:
        assert line.startswith(f"{named}:"), line
        position = line[len(str(named)) + 1:].split(":")
        assert position[0].isdigit() and position[1].isdigit(), line


@pytest.mark.parametrize("name", sorted(CASES))
def test_error_in_process(edition, tmp_path, name):
    case = CASES[name]
    args, named = case.setup(tmp_path)
    check(edition(*args), case, named)


@pytest.mark.parametrize("name", sorted(SUBPROCESS))
def test_error_in_subprocess(edition_process, tmp_path, name):
    case = CASES[name]
    args, named = case.setup(tmp_path)
    check(edition_process(*args, cwd=tmp_path, timeout=300), case, named)


def test_debug_flag_shows_the_traceback(edition_process, tmp_path):
    run = edition_process("--debug", "validate", malformed(tmp_path), cwd=tmp_path)
    assert run.exit_code != 0
    # --debug is the one way to see Python's view of an error.
    assert "Traceback" in run.stderr or str(malformed(tmp_path)) in run.stderr


def test_one_bad_file_does_not_hide_the_good_ones(edition, tmp_path):
    good = _write(tmp_path / "good.xml", MINIMAL_TEI)
    run = edition("transform", good, malformed(tmp_path), missing(tmp_path), "--to", "html", "-o", tmp_path / "o")
    run.assert_no_traceback()
    assert run.exit_code != 0
    assert (tmp_path / "o" / "good.html").is_file()
    assert len([line for line in run.error_lines() if str(malformed(tmp_path)) in line]) == 1
    assert len([line for line in run.error_lines() if str(missing(tmp_path)) in line]) == 1
