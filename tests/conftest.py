"""Shared fixtures: where the repo and the optional ../shared material are."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.publish import isolate as _isolate

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DIARY_SOURCE = REPO / "tei" / "source" / "serge-diary-ii.txt"
DIARY_TEI = REPO / "tei" / "serge-diary-ii.xml"


#: Tests of the Saxon isolate the pipeline makes itself (pipeline/publish/isolate.py), with options
#: of its own or the environment's: only with the saxonche release it knows, on Linux.
needs_known_saxonche = pytest.mark.skipif(
    _isolate._saxonche_libraries() is None,
    reason=f"the pipeline makes Saxon's isolate only with saxonche {', '.join(_isolate.VERIFIED_SAXONCHE)} on Linux")


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the repo; tests that need it skip where a fresh clone has none."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a fresh clone has no ../shared): test needs the shared material")
    return SHARED


@pytest.fixture(scope="session")
def tei_all_rng(shared_dir: Path) -> Path:
    path = shared_dir / "reference" / "tei" / "tei_all.rng"
    if not path.is_file():
        pytest.skip(f"{path} is absent: test needs the official TEI P5 tei_all schema")
    return path


@pytest.fixture(scope="session")
def corpus_files(shared_dir: Path) -> list[Path]:
    corpus = shared_dir / "corpus" / "real-tei"
    files = sorted(corpus.rglob("*.xml"))
    if not files:
        pytest.skip(f"{corpus} holds no TEI files")
    return files


# --- running the `edition` command (added for the CLI error-path and hostile-input tests) ---------

import os as _os
import subprocess as _subprocess
import sys as _sys
from dataclasses import dataclass as _dataclass


@_dataclass
class CliRun:
    """What one run of the `edition` command gave back, in-process or as a real subprocess."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def assert_no_traceback(self) -> None:
        assert "Traceback" not in self.stderr + self.stdout, self.stderr
        assert self.exception is None or isinstance(self.exception, SystemExit), repr(self.exception)
        assert "internal error" not in self.stderr, self.stderr


@pytest.fixture
def edition():
    """Run the CLI in this process through click's CliRunner: ``edition("validate", path)``."""
    from click.testing import CliRunner

    from pipeline.cli import main

    def run(*args) -> CliRun:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
        exception = result.exception if not isinstance(result.exception, SystemExit) else None
        return CliRun(result.exit_code, result.stdout, result.stderr, exception)

    return run


@pytest.fixture
def edition_process():
    """Run ``python -m pipeline ARGS`` as a real subprocess (``prefix`` wraps it, e.g. strace)."""

    def run(*args, cwd: Path | None = None, timeout: float = 300, prefix: tuple = (), env: dict | None = None) -> CliRun:
        env = dict(_os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", **(env or {}))
        proc = _subprocess.run([*prefix, _sys.executable, "-m", "pipeline", *map(str, args)],
                               cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        return CliRun(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture
def pool_options(monkeypatch) -> list[dict]:
    """The keyword options of every WorkerPool made while the test runs (the pool is still made)."""
    from pipeline.workers import WorkerPool

    made: list[dict] = []
    init = WorkerPool.__init__

    def recording(pool, *args, **options):
        made.append(options)
        init(pool, *args, **options)

    monkeypatch.setattr(WorkerPool, "__init__", recording)
    return made


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="Rewrite the expected outputs in tests/cases/<name>/ from the current stylesheets "
             "(review the diff before committing).",
    )


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    """True when the run was asked to rewrite golden files (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))
