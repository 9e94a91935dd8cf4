"""`edition build`: the whole project, incrementally, in parallel, safely.

Small temporary projects (two or more copies of the sample diary document) keep this fast; one
module-wide cold build of the real diary source checks the end-to-end flow. PDF is switched off
except where a test is about PDF, because a FOP run costs seconds.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build.engine import LOCK_FILE, STATE_FILE, build_project
from pipeline.cli import main
from pipeline.errors import EditionError
from pipeline.files import is_temporary
from pipeline.xmlio import TEI_NS, XML_NS, parse_file

from conftest import REPO, CliRun

SAMPLE = REPO / "tests" / "data" / "validate" / "diary-good.xml"
TARGET_FILES = {"html": "{}.html", "fo": "{}.fo", "text": "{}.txt"}


# --- building blocks ------------------------------------------------------------------------------
def sample_tei(name: str, *, uses_persons: bool = True, invalid: bool = False) -> bytes:
    """The sample diary document as ``name``; optionally without any pointer into the persons register."""
    from lxml import etree

    tree = parse_file(SAMPLE)
    root = tree.getroot()
    root.set(f"{{{XML_NS}}}id", name)
    if not uses_persons:
        etree.strip_tags(root, f"{{{TEI_NS}}}persName")
        for said in root.iter(f"{{{TEI_NS}}}said"):
            said.attrib.pop("who", None)
        for people in root.findall(f".//{{{TEI_NS}}}listPerson"):
            people.getparent().remove(people)
    if invalid:
        body_p = root.find(f".//{{{TEI_NS}}}body//{{{TEI_NS}}}p")
        etree.SubElement(body_p, f"{{{TEI_NS}}}notAnElementOfThisEdition")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def make_project(root: Path, docs: dict[str, bytes], *, registers: bool = True, stylesheets: bool = False) -> Path:
    (root / "tei").mkdir(parents=True)
    for name, data in docs.items():
        (root / "tei" / f"{name}.xml").write_bytes(data)
    if registers:
        shutil.copytree(REPO / "tei" / "register", root / "tei" / "register")
    if stylesheets:  # the project brings its own copy of the stylesheets (xslt/ overrides the package's)
        shutil.copytree(REPO / "xslt", root / "xslt")
    return root


def outputs(project: Path, name: str, targets=("html", "fo", "text")) -> dict[str, Path]:
    return {t: project / "output" / t / TARGET_FILES[t].format(name) for t in targets}


def leftover_temporaries(project: Path) -> list[Path]:
    """Temporary files left in the outputs: staged by a worker or atomic_write and never put in place."""
    return [p for p in (project / "output").rglob("*") if is_temporary(p.name)]


def snapshot(project: Path) -> dict[str, int]:
    """mtime_ns of every output file, to see what a build rewrote.

    The search index (output/html/pagefind/) is left out: the site step remakes it whole, and the
    names of its filter files vary from run to run (see pipeline/publish/search.py).
    """
    bundle = project / "output" / "html" / "pagefind"
    return {str(p.relative_to(project)): p.stat().st_mtime_ns
            for p in (project / "output").rglob("*")
            if p.is_file() and not p.name.startswith(".") and bundle not in p.parents}


def no_fop_env() -> dict[str, str]:
    """A subprocess environment in which Apache FOP cannot be found."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if not (Path(p) / "fop").exists() and not (Path(p) / "java").exists())
    return {"PATH": path, "EDITION_JAVA_DIR": "/nonexistent"}


def run_edition(*args, env: dict | None = None, timeout: float = 300) -> CliRun:
    """``python -m pipeline ARGS`` as a real subprocess."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


def invoke(*args) -> CliRun:
    """``edition ARGS`` in this process through click's CliRunner."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return CliRun(result.exit_code, result.stdout, result.stderr, exception)


@pytest.fixture
def no_pdf(monkeypatch):
    """In-process builds without FOP (fast): the PDF step is skipped with its one-line note."""
    import pipeline.publish.tools
    monkeypatch.setattr(pipeline.publish.tools, "fop_available", lambda: False)


@pytest.fixture
def two_docs(tmp_path, no_pdf) -> Path:
    """alpha points into the persons register, beta does not; both built once."""
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"),
                                               "beta": sample_tei("beta", uses_persons=False)})
    report = build_project(project, jobs=1)
    assert report.ok, [p.format() for p in report.problems]
    return project


# --- the diary, end to end ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def diary(tmp_path_factory) -> tuple[Path, CliRun]:
    """A project holding the diary's source and registers, built cold once through the CLI."""
    project = tmp_path_factory.mktemp("diary") / "edition"
    (project / "tei" / "source").mkdir(parents=True)
    shutil.copy2(REPO / "tei" / "source" / "serge-diary-ii.txt", project / "tei" / "source")
    for extra in ("register", "editorial.toml"):
        src = REPO / "tei" / extra
        if src.is_dir():
            shutil.copytree(src, project / "tei" / extra)
        elif src.is_file():
            shutil.copy2(src, project / "tei" / extra)
    return project, invoke("build", project)


def test_cold_build_of_the_diary_converts_validates_and_writes_every_output(diary):
    project, run = diary
    run.assert_no_traceback()
    assert run.exit_code == 0, run.stdout + run.stderr
    assert (project / "tei" / "serge-diary-ii.xml").is_file()
    assert "converted" in run.stdout and "serge-diary-ii.txt" in run.stdout
    for target, path in outputs(project, "serge-diary-ii").items():
        assert path.is_file() and path.stat().st_size > 1000, target
    pdf = project / "output" / "pdf" / "serge-diary-ii.pdf"
    from pipeline.publish.tools import fop_available
    if fop_available():
        assert pdf.read_bytes().startswith(b"%PDF")
    else:
        assert "apt-get install -y fop" in run.stdout
    assert "output" in run.stdout.splitlines()[-1]  # says where the outputs went
    steps = json.loads((project / "output" / STATE_FILE).read_text())["steps"]
    assert {"convert:serge-diary-ii", "validate:serge-diary-ii", "html:serge-diary-ii"} <= set(steps)


def test_unchanged_project_rebuilds_nothing_and_says_so_subprocess(diary):
    project, first = diary
    assert first.exit_code == 0
    before = snapshot(project)
    run = run_edition("build", project)
    run.assert_no_traceback()
    assert run.exit_code == 0, run.stderr
    assert "nothing to rebuild" in run.stdout
    assert snapshot(project) == before


def test_an_unchanged_build_loads_no_stage(diary):
    """The no-op path stays light: the modules that make outputs, and what they pull in, are imported
    only when some step has to run (they cost an unchanged build more than the build itself)."""
    project, first = diary
    assert first.exit_code == 0
    script = ("import json, runpy, sys\n"
              f"sys.argv = ['edition', 'build', {str(project)!r}]\n"
              "try:\n    runpy.run_module('pipeline', run_name='__main__')\n"
              "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
              "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert "nothing to rebuild" in done.stdout
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    heavy = {"lxml", "lxml.etree", "saxonche", "xmlschema", "pipeline.publish.fop", "pipeline.publish.site",
             "pipeline.publish.search", "pipeline.publish.transform", "pipeline.validate", "pipeline.convert",
             "pagefind_bin_extended", "concurrent.futures", "logging", "subprocess",
             "_hashlib",  # hashlib's OpenSSL: our content hashes are BLAKE2b, loaded without it
             "pipeline.build.work",  # the jobs for workers: an unchanged build has none
             "shutil", "bz2", "lzma"}  # finding java and fop (publish.tools.which)
    assert not heavy & loaded, sorted(heavy & loaded)


def test_the_command_leaves_its_objects_to_the_exit_without_a_last_collection(diary):
    """The CLI's process freezes what is left as its last exit handler, so that Python's shutdown
    does not look through it for garbage (cli.run), whatever the command; the output is all there."""
    project, first = diary
    for args, says in ((["build", str(project)], "nothing to rebuild"), (["--help"], "Usage:")):
        script = ("import atexit, gc, runpy, sys\n"
                  "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
                  f"sys.argv = ['edition', *{args!r}]\n"
                  "runpy.run_module('pipeline', run_name='__main__')\n")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
        assert done.returncode == 0, done.stderr
        assert says in done.stdout
        assert done.stdout.splitlines()[-1] == "frozen at exit: True", args


def test_which_finds_a_command_where_shutil_does(tmp_path, monkeypatch):
    """publish.tools.which, the build's way to find java, fop and jing without importing shutil,
    answers as shutil.which: the first executable file of that name on PATH, never a folder."""
    from pipeline.publish.tools import which

    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    for path, mode in ((first / "plain", 0o644), (second / "plain", 0o755), (first / "tool", 0o755),
                       (second / "tool", 0o755), (second / "only-here", 0o700)):
        path.write_text("#!/bin/sh\n", encoding="utf-8")
        path.chmod(mode)
    (first / "folder").mkdir()
    (tmp_path / "here").write_text("", encoding="utf-8")
    (tmp_path / "here").chmod(0o755)
    monkeypatch.chdir(tmp_path)
    names = ["tool", "plain", "only-here", "folder", "here", "missing"]
    for path in (os.pathsep.join(map(str, (first, second))), f"{second}{os.pathsep}{first}",
                 f"{os.pathsep}{first}", str(first), ""):
        monkeypatch.setenv("PATH", path)
        assert [which(name) for name in names] == [shutil.which(name) for name in names], path
    monkeypatch.delenv("PATH")  # the system's default path, as shutil takes it
    assert [which(name) for name in ("sh", "tool", "missing")] == [shutil.which(name) for name in ("sh", "tool", "missing")]
    monkeypatch.setenv("PATH", os.pathsep.join(map(str, (first, second))))
    assert [which(name) for name in names[:4]] == [str(first / "tool"), str(second / "plain"),
                                                    str(second / "only-here"), None]


def test_hand_edited_tei_is_kept_and_built_from_even_with_force(diary, tmp_path, no_pdf):
    project = tmp_path / "copy"
    shutil.copytree(diary[0], project)
    tei = project / "tei" / "serge-diary-ii.xml"
    original = tei.read_text(encoding="utf-8")
    body = original.index("<body")
    end_of_p = original.index("</p>", body) + len("</p>")
    edited = original[:end_of_p] + "<p>An editor's own paragraph.</p>" + original[end_of_p:]
    tei.write_text(edited, encoding="utf-8")
    source = project / "tei" / "source" / "serge-diary-ii.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA late addition to the source.\n", encoding="utf-8")

    for args in (("build", project), ("build", project, "--force")):
        run = invoke(*args)
        run.assert_no_traceback()
        assert run.exit_code == 0, run.stdout + run.stderr
        assert "edited by hand" in run.stdout and "edition convert" in run.stdout
        assert tei.read_text(encoding="utf-8") == edited
    assert "An editor" in outputs(project, "serge-diary-ii")["text"].read_text(encoding="utf-8")


def test_a_worker_is_told_when_it_renders_several_documents(tmp_path, no_pdf, monkeypatch):
    """More documents to render than workers: each worker renders several, and compiles first the
    compilation their kinds share (Transformer.several_documents); one document per worker (an
    editor's text, a rebuild after one edit) is not told so, and a worker that holds no shared
    compilation compiles the lean one of its kind at once."""
    from pipeline.build import work

    told: dict[str, bool] = {}
    process_document = work.process_document

    def recording(job):
        if job.renders:
            told[job.name] = job.several_documents
        return process_document(job)

    monkeypatch.setattr(work, "process_document", recording)
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"), "beta": sample_tei("beta")})
    assert build_project(project, jobs=1).ok
    assert told == {"alpha": True, "beta": True}
    told.clear()
    (project / "tei" / "beta.xml").write_bytes(sample_tei("beta", uses_persons=False))
    assert build_project(project, jobs=1).ok
    assert told == {"beta": False}


# --- incremental: only what a change affects ------------------------------------------------------
def test_register_change_rebuilds_only_the_documents_using_that_register(two_docs):
    persons = two_docs / "tei" / "register" / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8") + "<!-- one entry revised -->\n", encoding="utf-8")
    report = build_project(two_docs, jobs=1)
    assert report.ok
    assert "site" in report.built  # the registers feed the site's register pages
    assert {key.split(":")[1] for key in report.built if ":" in key} == {"alpha"}


def test_editing_the_html_stylesheet_rebuilds_only_html(tmp_path, no_pdf):
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"), "beta": sample_tei("beta")},
                           stylesheets=True)
    assert build_project(project, jobs=1).ok
    params = project / "xslt" / "html" / "params.xsl"
    params.write_text(params.read_text(encoding="utf-8") + "<!-- a tweak -->\n", encoding="utf-8")
    report = build_project(project, jobs=1)
    # The pages and the records (made with the HTML stylesheet's functions), then the site step.
    assert sorted(report.built) == ["html:alpha", "html:beta", "record:alpha", "record:beta", "site"]


def test_an_edit_that_keeps_size_and_modification_time_is_still_rebuilt(two_docs, monkeypatch):
    """Inputs are known by their stat between builds once settled (every file marked at once here):
    an unchanged build reads none of them, and a write that puts back the size and modification
    time (same-length correction, `cp -p`, an editor keeping times) still rebuilds."""
    from pipeline.build import state as state_module

    monkeypatch.setattr(state_module, "SETTLED_NS", 0)
    assert build_project(two_docs, jobs=1, force=True).ok  # saves every input's mark
    read = []
    original_read = state_module.FileHashes.read
    monkeypatch.setattr(state_module.FileHashes, "read", lambda self, path: read.append(path) or original_read(self, path))
    report = build_project(two_docs, jobs=1)
    assert report.ok and report.built == [] and read == [], read
    alpha = two_docs / "tei" / "alpha.xml"
    st = alpha.stat()
    text = alpha.read_text(encoding="utf-8")
    changed = text.replace("published a book", "published a BOOK", 1)
    assert changed != text and len(changed) == len(text)
    alpha.write_text(changed, encoding="utf-8")
    os.utime(alpha, ns=(st.st_atime_ns, st.st_mtime_ns))
    report = build_project(two_docs, jobs=1)
    assert report.ok and {key.split(":")[1] for key in report.built if ":" in key} == {"alpha"}
    assert "published a BOOK" in (two_docs / "output" / "text" / "alpha.txt").read_text(encoding="utf-8")


def test_force_rebuilds_every_output(two_docs):
    before = snapshot(two_docs)
    run = invoke("build", two_docs, "--force", "-j", "1")
    assert run.exit_code == 0, run.stderr
    after = snapshot(two_docs)
    assert before.keys() <= after.keys()
    assert all(after[path] != mtime for path, mtime in before.items()), "--force left outputs untouched"


def test_touched_or_deleted_output_is_rebuilt(two_docs):
    html = outputs(two_docs, "beta")["html"]
    html.unlink()
    report = build_project(two_docs, jobs=1)
    assert report.built == ["html:beta"] and html.is_file()


def test_outputs_of_a_removed_document_are_removed(two_docs):
    (two_docs / "tei" / "beta.xml").unlink()
    lines: list[str] = []
    report = build_project(two_docs, jobs=1, on_event=lambda event: lines.append(event.message))
    assert report.ok
    assert not any(p.exists() for p in outputs(two_docs, "beta").values())
    assert all(p.exists() for p in outputs(two_docs, "alpha").values())
    assert any("removed" in line for line in lines)


# --- failures ---------------------------------------------------------------------------------------
def test_invalid_document_is_reported_and_keeps_its_last_good_outputs(two_docs):
    alpha = two_docs / "tei" / "alpha.xml"
    good_html = outputs(two_docs, "alpha")["html"].read_bytes()
    alpha.write_bytes(sample_tei("alpha", invalid=True))
    beta_html = outputs(two_docs, "beta")["html"]
    beta_html.unlink()  # beta has work to do in the same build

    run = run_edition("build", two_docs, "-j", "1", env=no_fop_env())
    run.assert_no_traceback()
    assert run.exit_code == 1
    assert any(line.startswith(f"tei{os.sep}alpha.xml:") or "alpha.xml:" in line.split(": ")[0]
               for line in run.error_lines()), run.stderr
    assert any(":" in line.split(": error")[0] for line in run.error_lines() if "alpha.xml" in line)
    assert "last good" in run.stderr
    assert outputs(two_docs, "alpha")["html"].read_bytes() == good_html
    assert beta_html.is_file(), "one invalid document stopped the others"
    assert "1 failed" in run.stdout

    # Fixed, it builds again.
    alpha.write_bytes(sample_tei("alpha"))
    fixed = run_edition("build", two_docs, env=no_fop_env())
    assert fixed.exit_code == 0, fixed.stderr


def test_an_invalid_document_split_over_cores_is_published_whole_when_the_project_says_so(tmp_path, no_pdf):
    """On two cores the plain text follows the validation in its part (work.document_parts): an
    invalid document that the project publishes still gets every output, the text among them."""
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha", invalid=True)})
    (project / "edition.toml").write_text('[validate]\ninvalid = "publish"\n', encoding="utf-8")
    report = build_project(project, jobs=2)
    assert report.ok and report.held_back == {}, [p.format() for p in report.problems]
    assert all(path.is_file() for path in outputs(project, "alpha").values())
    assert "Agabekov published a book" in (project / "output" / "text" / "alpha.txt").read_text(encoding="utf-8")


def test_a_document_split_over_cores_is_checked_as_a_whole(tmp_path, no_pdf):
    """One document on two workers is rendered in parts beside its validation (its HTML page and
    record by the build's own process, with the site stylesheet it compiles anyway): an invalid one
    is still held back as a whole, and a valid one gets the outputs one worker makes."""
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha", invalid=True)})
    report = build_project(project, jobs=2)
    assert not report.ok
    assert any(k.replace(os.sep, "/").endswith("tei/alpha.xml") for k in report.held_back), report.held_back
    assert not any(path.exists() for path in outputs(project, "alpha").values())
    assert not leftover_temporaries(project)  # what the rendering parts staged was dropped

    (project / "tei" / "alpha.xml").write_bytes(sample_tei("alpha"))
    split = build_project(project, jobs=2)
    assert split.ok, [p.format() for p in split.problems]
    assert not leftover_temporaries(project)
    made = {t: path.read_bytes() for t, path in outputs(project, "alpha").items()}
    record = (project / "output" / ".records" / "alpha.xml").read_bytes()
    alone = build_project(project, jobs=1, force=True)
    assert alone.ok
    assert {t: path.read_bytes() for t, path in outputs(project, "alpha").items()} == made
    assert (project / "output" / ".records" / "alpha.xml").read_bytes() == record


def test_a_worker_leaves_its_outputs_in_their_folders_and_sends_back_only_their_names(tmp_path):
    """The rendered files do not cross between processes: a worker has Saxon write each into a
    temporary file in its target's output folder, and the build puts it in place (or drops it)."""
    import pickle

    from pipeline.build.work import DocumentJob, process_document
    from pipeline.project import PACKAGE_XSLT_DIR
    from pipeline.xmlio import StagedFile, discard_staged

    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha")})
    output = project / "output"
    renders = {"fo": {"stem": "alpha"}, "text": {"stem": "alpha"}, "record": {"site": "yes", "stem": "alpha"}}
    job = DocumentJob("alpha", str(project / "tei" / "alpha.xml"), False, "", None, str(PACKAGE_XSLT_DIR),
                      renders, stage_in=str(output))
    result = process_document(job)
    staged = {target: files[name] for target, files in result.rendered.items() for name in files}
    assert all(isinstance(file, StagedFile) for file in staged.values()), staged
    assert {target: Path(file.path).parent for target, file in staged.items()} == \
        {"fo": output / "fo", "text": output / "text", "record": output / ".records"}
    assert staged["fo"].read_bytes().rstrip().endswith(b"</fo:root>")
    assert len(pickle.dumps(result)) < 2000  # names, not documents
    discard_staged(staged.values())
    assert not leftover_temporaries(project)


def test_a_worker_that_validates_and_renders_gives_saxon_the_document_once(tmp_path, monkeypatch):
    """The schema's assertions are asked by Saxon (validate/assertions.py) of the tree the
    rendering then uses: the document is parsed by Saxon once, not once per step."""
    from pipeline.build.work import DocumentJob, process_document
    from pipeline.project import DEFAULT_SCHEMA, PACKAGE_XSLT_DIR
    from pipeline.publish import transform

    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha")})
    parsed, asked = [], []
    real_saxon_tree, real_run = transform.Document.saxon_tree, transform.run_to_string

    def saxon_tree(self):
        parsed.append(self._node is None)
        return real_saxon_tree(self)

    def run_to_string(executable, tree, node=None):
        asked.append(node)
        return real_run(executable, tree, node)

    monkeypatch.setattr(transform.Document, "saxon_tree", saxon_tree)
    monkeypatch.setattr(transform, "run_to_string", run_to_string)
    job = DocumentJob("alpha", str(project / "tei" / "alpha.xml"), True, str(DEFAULT_SCHEMA), None,
                      str(PACKAGE_XSLT_DIR), {"text": {"stem": "alpha"}, "fo": {"stem": "alpha"}})
    result = process_document(job)
    assert result.valid and not result.failed, result.problems
    assert len(asked) == 1 and asked[0] is not None  # the assertions, on the rendering's tree
    assert parsed.count(True) == 1 and len(parsed) >= 3  # made once: for them, then text, then FO


@pytest.mark.skipif(shutil.which("fop") is None, reason="Apache FOP is not installed")
def test_a_pdf_made_later_is_made_from_the_fo_rendered_for_it_and_leaves_nothing_behind(tmp_path, monkeypatch):
    """Built first without FOP, then with it: only the PDF is stale, so the FO is rendered for FOP
    alone (staged beside the current one, which stays as it is) and dropped once the PDF is made."""
    import pipeline.publish.tools

    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha")})
    with monkeypatch.context() as without_fop:
        without_fop.setattr(pipeline.publish.tools, "fop_available", lambda: False)
        assert build_project(project, jobs=2).ok
    fo = outputs(project, "alpha")["fo"]
    written = fo.stat().st_mtime_ns, fo.read_bytes()
    report = build_project(project, jobs=2)
    assert report.ok, [p.format() for p in report.problems]
    assert "pdf:alpha" in report.built and "fo:alpha" not in report.built
    assert (project / "output" / "pdf" / "alpha.pdf").read_bytes().startswith(b"%PDF")
    assert (fo.stat().st_mtime_ns, fo.read_bytes()) == written
    assert not leftover_temporaries(project)


def worker_pid(_task) -> int:
    return os.getpid()


def test_builds_sharing_a_pool_keep_its_workers_and_see_an_edit(tmp_path, no_pdf):
    """edition watch gives every build the same workers (their stylesheets compiled, their validator
    loaded); a build leaves a pool it was given running, and an edited stylesheet is still obeyed."""
    from pipeline.workers import WorkerPool, run_parallel

    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"), "beta": sample_tei("beta")},
                           stylesheets=True)
    with WorkerPool(2) as pool:
        assert build_project(project, pool=pool).ok
        workers = {outcome.result for outcome in run_parallel(worker_pid, list(range(6)), pool=pool)}
        about = project / "xslt" / "html" / "about.xsl"
        about.write_text(about.read_text(encoding="utf-8").replace(
            '<p class="colophon">', '<p class="colophon">Edited while watching. '), encoding="utf-8")
        again = build_project(project, pool=pool)
        assert again.ok and {"html:alpha", "html:beta", "site"} <= set(again.built)
        assert {outcome.result for outcome in run_parallel(worker_pid, list(range(6)), pool=pool)} <= workers
    assert len(workers) == 2 and os.getpid() not in workers
    for page in ("alpha.html", "beta.html", "index.html"):
        assert "Edited while watching." in (project / "output" / "html" / page).read_text(encoding="utf-8"), page


def test_a_build_lets_its_own_workers_go_before_its_site_step(tmp_path, no_pdf, monkeypatch):
    """Nothing after the documents needs the workers: they wind down while the site is made, and
    the build returns once they are gone."""
    from pipeline.build import engine
    from pipeline.workers import WorkerPool, _alive

    events, pids = [], []
    stop, close, site = WorkerPool.stop, WorkerPool.close, engine._BuildRun.build_site
    monkeypatch.setattr(WorkerPool, "stop", lambda pool: (events.append("stop"), pids.extend(pool._executor._processes),
                                                          stop(pool))[2])
    monkeypatch.setattr(WorkerPool, "close", lambda pool: (events.append("close"), close(pool))[1])
    monkeypatch.setattr(engine._BuildRun, "build_site", lambda run, documents: (events.append("site"),
                                                                                 site(run, documents))[1])
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"), "beta": sample_tei("beta")})
    assert build_project(project, jobs=2).ok
    assert events == ["stop", "site", "close"]
    assert len(pids) == 2 and not any(_alive(pid) for pid in pids)


_FORKED_POOL_BUILDS = """
import sys
import pipeline.publish.tools
from pipeline.build.engine import build_project
from pipeline.workers import WorkerPool, start_method

pipeline.publish.tools.fop_available = lambda: False
assert start_method() == "fork", start_method()  # a fresh process: no thread, no Saxon
with WorkerPool(2) as pool:
    for force in (False, True):
        report = build_project(sys.argv[1], pool=pool, force=force, lock_timeout=3)
        assert report.ok, [p.format() for p in report.problems]
    assert start_method() == "forkserver"  # the site step loaded Saxon here: no more forks
print("two builds")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_forked_by_a_build_do_not_keep_its_lock(tmp_path):
    """A fresh build forks its workers (no forkserver to boot first); they share the build's open
    files, and flock belongs to the open file: kept alive for the next build, as edition watch keeps
    them, they would hold its lock, and it would wait for its own workers until it gave up."""
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"), "beta": sample_tei("beta")})
    done = subprocess.run([sys.executable, "-c", _FORKED_POOL_BUILDS, str(project)], capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "two builds"


def test_workers_boot_while_the_sources_convert(tmp_path, monkeypatch, no_pdf):
    """A source to convert means documents for the workers next: the build starts them first, so
    that they boot while this process converts (one source converts here)."""
    import pipeline.build.work as work
    from pipeline.project import Project
    from pipeline.workers import WorkerPool

    order = []
    start = WorkerPool.start
    monkeypatch.setattr(WorkerPool, "start", lambda pool, **options: (order.append(("workers", options)),
                                                                      start(pool, **options)))

    def convert(job):
        order.append("convert")
        raise EditionError("not converted in this test", job.source, rule="test")
    monkeypatch.setattr(work, "convert_source", convert)

    project = tmp_path / "proj"
    (project / "tei" / "source").mkdir(parents=True)
    (project / "tei" / "source" / "alpha.txt").write_text("A diary.\n", encoding="utf-8")
    build_project(project, jobs=2)
    # They prepare the schema's validator and Saxon meanwhile: the converted text is validated and
    # rendered next.
    assert order == [("workers", {"warm_up": (work.prepare_worker, str(Project.open(project).schema))}),
                     "convert"]
    # With one job there are no workers to start.
    order.clear()
    build_project(project, jobs=1)
    assert order == ["convert"]


def test_the_build_makes_saxons_heap_for_the_tei_it_reads_here_and_in_its_workers(tmp_path, monkeypatch, no_pdf,
                                                                                   pool_options):
    """Saxon's isolate is made once per process, with a young generation that a process with little
    to read never fills (pipeline/publish/isolate.py): the build says how much TEI it reads in this
    process before any work, and to every worker it starts."""
    from pipeline.publish import isolate

    monkeypatch.setattr(isolate, "_expected_bytes", None)
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"), "beta": sample_tei("beta")})
    report = build_project(project, jobs=2)
    assert report.ok and report.built
    read = sum(path.stat().st_size for path in (project / "tei").rglob("*.xml"))
    assert isolate._expected_bytes == read
    assert pool_options == [{"initializer": isolate.expect_documents, "initargs": (read,)}]


def test_a_worker_s_warm_up_prepares_it_for_either_kind_of_task(monkeypatch, tmp_path):
    """The warm-up the workers run while the sources convert leaves both the schema's validator and
    the stylesheet every render compiles first (the facts) in the process: the pool gives the
    validation and the rendering to whichever worker is idle first."""
    import pipeline.build.work as work
    import pipeline.publish.transform as transform
    import pipeline.validate.schemas as schemas
    from pipeline.project import Project

    monkeypatch.setattr(transform, "_FACTS", None)
    monkeypatch.setattr(schemas, "_VALIDATORS", {})
    project = tmp_path / "proj"
    (project / "tei").mkdir(parents=True)
    schema = Project.open(project).schema
    work.prepare_worker(str(schema))
    assert transform._FACTS is not None
    assert list(schemas._VALIDATORS) and schemas.get_validator(schema) is next(iter(schemas._VALIDATORS.values()))


def test_document_parts_cover_the_job_once():
    from dataclasses import replace

    from pipeline.build.engine import RENDERED
    from pipeline.build.work import RENDER_GROUPS, DocumentJob, document_parts, renders_by_builder

    assert sorted(t for group in RENDER_GROUPS for t in group) == sorted(RENDERED)

    renders = {t: {"stem": "a"} for t in ("html", "record", "fo", "text")}
    job = DocumentJob("a", "a.xml", True, "schema.xsd", None, "xslt", renders)
    parts = document_parts(job)
    assert [sorted(p.renders) for p in parts] == [["html", "record"], [], ["fo"], ["text"]]
    assert [p.validate for p in parts] == [False, True, False, False]
    # Fewer workers, fewer rendering parts: each pays for its own start. The shortest rendering, the
    # plain text, follows the validation (short too) rather than lengthening another part.
    two = document_parts(job, workers=2)
    assert [(p.validate, sorted(p.renders)) for p in two] == [(False, ["fo", "html", "record"]), (True, ["text"])]
    three = document_parts(job, workers=3)
    assert [(p.validate, sorted(p.renders)) for p in three] == [
        (False, ["html", "record"]), (True, ["text"]), (False, ["fo"])]
    assert [sorted(p.renders) for p in document_parts(replace(job, validate=False), workers=2)] == [
        ["html", "record"], ["fo", "text"]]
    assert document_parts(DocumentJob("r", "r.xml", True, "schema.xsd", None, "xslt", {})) == [
        DocumentJob("r", "r.xml", True, "schema.xsd", None, "xslt", {})]
    unvalidated = document_parts(DocumentJob("a", "a.xml", False, "schema.xsd", None, "xslt", {"text": {}}))
    assert [(p.validate, sorted(p.renders)) for p in unvalidated] == [(False, ["text"])]
    # The HTML page and the record for the build's own process, first, beside the workers' parts.
    own = document_parts(job, workers=2, html_by_builder=True)
    assert [(p.validate, sorted(p.renders), renders_by_builder(p)) for p in own] == [
        (False, ["html", "record"], True), (True, ["text"], False), (False, ["fo"], False)]
    assert [(p.validate, sorted(p.renders)) for p in document_parts(job, workers=3, html_by_builder=True)] == [
        (False, ["html", "record"]), (True, []), (False, ["fo"]), (False, ["text"])]  # a worker each
    assert [renders_by_builder(p) for p in document_parts(replace(job, renders={"fo": {}}), html_by_builder=True)] \
        == [False, False]  # nothing of the HTML stylesheet's to render


def test_a_split_build_validates_every_document_in_one_task():
    """One schema validator start for an editor's edition (a text and its registers), not one per
    worker that happens to be free, the rendering that follows a validation after all of them; a
    collection's documents stay one task each."""
    from pipeline.build.work import DocumentJob, document_parts, document_tasks

    renders = {t: {"stem": "a"} for t in ("html", "record", "fo", "text")}
    text = DocumentJob("a", "a.xml", True, "schema.xsd", None, "xslt", renders)
    registers = [DocumentJob(n, f"{n}.xml", True, "schema.xsd", None, "xslt", {}) for n in ("p", "q", "r")]
    parts = [(0, part) for part in document_parts(text, workers=2)] + [(i, job) for i, job in enumerate(registers, 1)]
    tasks = document_tasks(parts, split=True)
    assert [[(index, part.validate, sorted(part.renders)) for index, part in task] for task in tasks] == [
        [(0, False, ["fo", "html", "record"])],
        [(1, True, []), (2, True, []), (3, True, []), (0, True, ["text"])]]
    whole = [(0, text)] + [(i, job) for i, job in enumerate(registers, 1)]
    assert document_tasks(whole, split=False) == [[item] for item in whole]
    rendering = [part for part in document_parts(text, workers=3) if not part.validate]
    assert document_tasks([(0, part) for part in rendering], split=True) == [[(0, part)] for part in rendering]


def test_a_failed_task_of_several_documents_fails_each_of_them(two_docs, monkeypatch):
    """A task holding several documents' validation that fails (its worker died) holds back every
    document in it, each with the reason, and writes nothing of theirs."""
    from pipeline import workers
    from pipeline.build import engine, work

    def dies(jobs):
        if len(jobs) > 1:
            raise RuntimeError("the validation worker died")
        return [work.process_document(job) for job in jobs]

    def here(function, tasks, labels=None, **_options):  # the tasks in this process, so the patch holds
        return (workers.run_task(function, i, task, labels[i]) for i, task in enumerate(tasks))

    monkeypatch.setattr(work, "process_documents", dies)
    monkeypatch.setattr(workers, "run_parallel", here)
    report = engine.build_project(two_docs, jobs=3, force=True)
    assert not report.ok
    documents = sorted(path.name for path in (two_docs / "tei").rglob("*.xml"))
    assert sorted(Path(held).name for held in report.held_back) == documents  # the texts and registers
    assert all("the validation worker died" in why for why in report.held_back.values())
    # each document's problem names that document, not the first of the task
    assert sorted(Path(problem.file).name for problem in report.problems) == documents
    assert report.built == ["site"]  # nothing of theirs: only the site pages, from the records they had
    assert not leftover_temporaries(two_docs)


def test_malformed_document_reports_line_and_column(two_docs):
    alpha = two_docs / "tei" / "alpha.xml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("<body>", "<body", 1), encoding="utf-8")
    run = invoke("build", two_docs, "-j", "1")
    run.assert_no_traceback()
    assert run.exit_code == 1
    located = [line for line in run.error_lines() if "alpha.xml:" in line and ": error:" in line]
    assert located and located[0].split("alpha.xml:")[1].split(":")[0].isdigit(), run.stderr


def test_not_a_project_is_one_clear_line(tmp_path):
    for run in (invoke("build", tmp_path), run_edition("build", tmp_path)):
        run.assert_no_traceback()
        assert run.exit_code != 0
        assert len(run.error_lines()) == 1 and "not an edition project: it has no tei/ folder" in run.stderr


def test_without_fop_everything_else_is_built_and_one_line_says_how_to_install(two_docs):
    shutil.rmtree(two_docs / "output")
    run = run_edition("build", two_docs, env=no_fop_env())
    run.assert_no_traceback()
    assert run.exit_code == 0, run.stderr
    assert [line for line in run.stdout.splitlines() if "apt-get install -y fop" in line].__len__() == 1
    assert all(p.is_file() for p in outputs(two_docs, "alpha").values())
    assert not (two_docs / "output" / "pdf").exists()

    required = run_edition("build", two_docs, "--require-pdf", env=no_fop_env())
    required.assert_no_traceback()
    assert required.exit_code == 1
    assert len(required.error_lines()) == 1 and "fop" in required.stderr.lower()


# --- many documents, many cores, other machines -------------------------------------------------
def test_parallel_build_reports_each_document_and_a_summary(tmp_path):
    docs = {f"doc{i}": sample_tei(f"doc{i}") for i in range(4)}
    docs["broken"] = sample_tei("broken", invalid=True)
    project = make_project(tmp_path / "proj", docs)
    run = run_edition("build", project, "--jobs", "2", env=no_fop_env())
    run.assert_no_traceback()
    assert run.exit_code == 1
    for name in docs:
        if name != "broken":
            assert all(p.is_file() for p in outputs(project, name).values()), name
    assert not outputs(project, "broken")["html"].exists()
    summary = run.stdout.strip().splitlines()
    # 4 documents x (html, fo, text, record) and the site step.
    assert any("17 built" in line and "1 failed" in line for line in summary), run.stdout
    assert sum("built " in line and ".xml ->" in line for line in summary) == 4  # plain lines in a log


def test_dask_cluster_does_the_per_document_work(tmp_path, no_pdf):
    distributed = pytest.importorskip("distributed", reason="the optional 'distributed' extra is not installed")
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"), "beta": sample_tei("beta")})
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        report = build_project(project, dask_address=cluster.scheduler_address)
    assert report.ok, [p.format() for p in report.problems]
    assert all(p.is_file() for name in ("alpha", "beta") for p in outputs(project, name).values())


# --- safety: locks and crashes -------------------------------------------------------------------
def _hold_lock(project: Path) -> int:
    (project / "output").mkdir(exist_ok=True)
    fd = os.open(project / "output" / LOCK_FILE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.write(fd, b"424242\n")
    return fd


def test_a_second_build_waits_for_the_first_and_names_it(two_docs):
    fd = _hold_lock(two_docs)
    threading.Timer(0.5, os.close, args=(fd,)).start()
    lines: list[str] = []
    started = time.monotonic()
    report = build_project(two_docs, jobs=1, on_event=lambda event: lines.append(event.message), lock_timeout=30)
    assert report.ok and time.monotonic() - started >= 0.4
    assert any("waiting" in line and "pid 424242" in line for line in lines), lines


def test_a_build_gives_up_when_the_lock_is_held_too_long(two_docs):
    fd = _hold_lock(two_docs)
    try:
        with pytest.raises(EditionError, match="pid 424242"):
            build_project(two_docs, jobs=1, lock_timeout=0.3)
    finally:
        os.close(fd)


def test_a_killed_build_leaves_whole_outputs_and_the_next_build_finishes_the_job(tmp_path):
    docs = {f"doc{i}": sample_tei(f"doc{i}") for i in range(8)}
    project = make_project(tmp_path / "proj", docs)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", **no_fop_env()}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(project), "-j", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("built "):
                proc.send_signal(signal.SIGKILL)  # mid-way: some documents done, the rest not
                break
    finally:
        proc.wait(timeout=120)
    # Whatever was written is whole (old or new), never half a file.
    for path in (project / "output").rglob("*"):
        if path.is_file() and path.suffix == ".fo":
            parse_file(path)
        elif path.is_file() and path.suffix == ".html":
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path
    rebuilt = run_edition("build", project, "-j", "1", env=no_fop_env())
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert all(p.is_file() for name in docs for p in outputs(project, name).values())
    assert not list((project / "output").rglob(".edition-*.tmp"))
    again = run_edition("build", project, env=no_fop_env())
    assert "nothing to rebuild" in again.stdout, again.stdout  # the state matches the outputs


# --- the report is data; the CLI formats it -----------------------------------------------------------
def test_build_format_json_says_what_was_built_skipped_and_held_back(two_docs):
    alpha = two_docs / "tei" / "alpha.xml"
    alpha.write_bytes(sample_tei("alpha", invalid=True))
    run = invoke("build", two_docs, "-j", "1", "--format", "json")
    assert run.exit_code == 1
    report = json.loads(run.stdout)  # stdout is the report alone
    assert report["ok"] is False and report["documents"] == 2
    assert [h["document"] for h in report["held_back"]] == [str(alpha)]
    assert "invalid" in report["held_back"][0]["reason"] and "notAnElementOfThisEdition" in report["held_back"][0]["reason"]
    assert report["failed"] == ["validate:alpha"] and report["skipped"] > 0
    assert any(p["rule"] and p["line"] for p in report["problems"])
    alpha.write_bytes(sample_tei("alpha"))
    again = json.loads(invoke("build", two_docs, "-j", "1", "--format", "json").stdout)
    assert again["ok"] and again["held_back"] == [] and again["failed"] == []


def test_the_library_prints_nothing_and_reports_through_events(two_docs, capsys):
    (two_docs / "tei" / "beta.xml").unlink()
    events = []
    report = build_project(two_docs, jobs=1, on_event=events.append)
    assert capsys.readouterr() == ("", "")
    assert {e.kind for e in events} >= {"removed"} and report.ok


def test_the_fop_question_is_asked_once_per_build(two_docs, monkeypatch):
    import pipeline.publish.tools
    asked = []
    monkeypatch.setattr(pipeline.publish.tools, "fop_available", lambda: asked.append(1) or False)
    for name in ("alpha", "beta"):
        for target in ("html", "fo", "text"):
            outputs(two_docs, name)[target].unlink()
    report = build_project(two_docs, jobs=1, force=True)
    assert len(asked) == 1 and sum("PDF skipped" in note for note in report.notes) == 1


def test_an_override_project_depends_on_the_packaged_stylesheets_it_falls_back_to(tmp_path):
    """A project's xslt/ with only html/html.xsl: its own entry imports the packaged one through a
    computed href, and fo/, text/, site/ are the packaged folders. A change to any of those must
    rebuild it, so they are all in its steps' dependencies."""
    from pipeline.build.engine import Dependencies
    from pipeline.build.state import BuildState
    from pipeline.project import Project

    project_dir = tmp_path / "override"
    shutil.copytree(REPO / "tests" / "data" / "override-project", project_dir)
    project = Project.open(project_dir)
    state = BuildState.load(project.output_dir / ".edition-state.json", project.root)
    deps = Dependencies(project, state)
    html = deps.stylesheets("html")
    assert "project:xslt/html/html.xsl" in html
    assert {"package:xslt/html/html.xsl", "package:xslt/core/core.xsl", "package:xslt/html/assets/edition.css"} <= set(html)
    assert "package:xslt/fo/fo.xsl" in deps.stylesheets("fo")
    assert "package:xslt/text/text.xsl" in deps.stylesheets("text")
    site = deps.stylesheets("site")
    assert {"package:xslt/site/site.xsl", "package:xslt/html/assets/edition.js"} <= set(site)
    # The site's pages are made with the HTML stylesheet in use: the project's own, and all it imports.
    assert {"project:xslt/html/html.xsl", "package:xslt/html/html.xsl", "package:xslt/core/core.xsl"} <= set(site)


def test_a_project_s_own_html_stylesheet_makes_the_site_s_pages_too(tmp_path, no_pdf):
    """The override project changes the colophon "at the foot of every page": the site's pages
    (home, registers, chronology, about) are made with its HTML stylesheet as well, and editing
    that stylesheet remakes them with the edit."""
    project = tmp_path / "override"
    shutil.copytree(REPO / "tests" / "data" / "override-project", project)
    assert build_project(project, jobs=1).ok
    html = project / "output" / "html"
    pages = sorted(p.name for p in html.glob("*.html") if p.name != "search.html")
    assert {"index.html", "persons.html", "chronology.html", "about.html", "note.html"} <= set(pages)
    for page in pages:
        assert "published by the Example Society" in (html / page).read_text(encoding="utf-8"), page
    own = project / "xslt" / "html" / "html.xsl"
    own.write_text(own.read_text(encoding="utf-8").replace("the Example Society", "the Other Society"),
                   encoding="utf-8")
    # In this same process (as `edition watch` and a library's caller build): nothing compiled
    # before the edit may serve after it, neither for the site step nor for the page.
    again = build_project(project, jobs=1)
    assert "site" in again.built and "html:note" in again.built
    for page in ("index.html", "note.html"):
        assert "published by the Other Society" in (html / page).read_text(encoding="utf-8"), page


def test_an_asset_a_project_gains_reaches_the_site_in_the_same_process(tmp_path, no_pdf):
    """A Transformer reads the HTML assets once; a build in the same process (`edition watch`, a
    library's caller) after the project gained its own stylesheet file must write that one."""
    project = tmp_path / "override"
    shutil.copytree(REPO / "tests" / "data" / "override-project", project)
    assert build_project(project, jobs=1).ok
    css = project / "output" / "html" / "edition.css"
    assert css.read_bytes() == (REPO / "xslt" / "html" / "assets" / "edition.css").read_bytes()
    own = project / "xslt" / "html" / "assets" / "edition.css"
    own.parent.mkdir()
    own.write_text("/* the project's own look */\n", encoding="utf-8")
    again = build_project(project, jobs=1)
    assert "site" in again.built
    assert css.read_text(encoding="utf-8") == "/* the project's own look */\n"
