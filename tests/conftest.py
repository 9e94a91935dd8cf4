"""Shared fixtures: where the repo and the optional ../shared material are."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DIARY_SOURCE = REPO / "tei" / "source" / "serge-diary-ii.txt"
DIARY_TEI = REPO / "tei" / "serge-diary-ii.xml"


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
