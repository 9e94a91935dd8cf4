"""Where things are: the package's own resources, and the parts of an edition project.

One home for the layout. A project is a folder with ``tei/`` (documents, ``tei/source/`` plain texts,
``tei/register/`` registers, ``tei/editorial.toml``); its own ``xslt/`` and ``schema/`` override the
package's, and ``output/`` receives what is built. Every stage asks this module, so the fallbacks to the
packaged stylesheets and schema are written once.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import EditionError

PACKAGE_DIR = Path(__file__).resolve().parent
# The stylesheets and the schema live beside the package (the repository root in an editable install).
PACKAGE_ROOT = PACKAGE_DIR.parent
PACKAGE_XSLT_DIR = PACKAGE_ROOT / "xslt"
DEFAULT_SCHEMA = PACKAGE_ROOT / "schema" / "tei-edition.xsd"
DEFAULT_FOP_CONFIG = PACKAGE_XSLT_DIR / "fo" / "fop.xconf"
FOP_HELPER_SOURCE = PACKAGE_DIR / "publish" / "java" / "FopBatch.java"


def user_cache_dir() -> Path:
    """Where compiled schemas and the FOP helper are kept between runs: $TEI_EDITION_CACHE, else the
    user cache folder ($XDG_CACHE_HOME or ~/.cache, then tei-edition)."""
    explicit = os.environ.get("TEI_EDITION_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tei-edition"


@dataclass(frozen=True)
class Project:
    """Where a project's parts are; ``xslt/`` and ``schema/`` of the project override the package's."""

    root: Path

    @classmethod
    def open(cls, project_dir: str | Path) -> "Project":
        """The project in ``project_dir``; an EditionError when it is not one."""
        root = Path(project_dir).resolve()
        if not root.is_dir():
            raise EditionError("no such project folder", project_dir, rule="project")
        if not (root / "tei").is_dir():
            raise EditionError("not an edition project: it has no tei/ folder", project_dir, rule="project")
        return cls(root)

    @property
    def config_file(self) -> Path:
        """The optional project file, ``edition.toml``."""
        return self.root / "edition.toml"

    @property
    def tei_dir(self) -> Path:
        return self.root / "tei"

    @property
    def register_dir(self) -> Path:
        return self.tei_dir / "register"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def xslt_dir(self) -> Path:
        own = self.root / "xslt"
        return own if own.is_dir() else PACKAGE_XSLT_DIR

    @property
    def schema(self) -> Path:
        own = self.root / "schema" / "tei-edition.xsd"
        return own if own.is_file() else DEFAULT_SCHEMA

    @property
    def fop_config(self) -> Path:
        own = self.xslt_dir / "fo" / "fop.xconf"
        return own if own.is_file() else DEFAULT_FOP_CONFIG

    def registers_arg(self) -> Path | None:
        """The register folder to hand to the stages, or None when the project has none."""
        return self.register_dir if self.register_dir.is_dir() else None

    def sources(self) -> list[Path]:
        return sorted((self.tei_dir / "source").glob("*.txt"))

    def documents(self) -> list[Path]:
        return sorted(p for p in self.tei_dir.glob("*.xml") if p.is_file())

    def register_files(self) -> list[Path]:
        return sorted(self.register_dir.glob("*.xml")) if self.register_dir.is_dir() else []
