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

from .errors import EditionError, Problem

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
        return self.register_dir if self.register_dir.is_dir() and self.inside(self.register_dir) else None

    def sources(self) -> list[Path]:
        return sorted(p for p in (self.tei_dir / "source").glob("*.txt") if self.inside(p))

    def documents(self) -> list[Path]:
        return sorted(p for p in self.tei_dir.glob("*.xml") if p.is_file() and self.inside(p))

    def register_files(self) -> list[Path]:
        folder = self.registers_arg()
        return sorted(p for p in folder.glob("*.xml") if self.inside(p)) if folder else []

    # -- symbolic links ------------------------------------------------------------------------
    # A link in tei/ to a file outside the project would be read and published (its copy lands in
    # output/html/); a link in output/ would make the build write, and delete, outside. Links that
    # stay inside the project are followed as usual.
    def inside(self, path: Path) -> bool:
        """True when ``path``, symbolic links followed, lies inside the project folder."""
        try:
            resolved = Path(path).resolve()
        except (OSError, RuntimeError):  # a link loop
            return False
        return resolved == self.root or self.root in resolved.parents

    def check_links(self) -> list[Problem]:
        """Warnings for the inputs left out because they link outside the project.

        Raises EditionError where leaving out is not possible: ``tei/editorial.toml`` (every
        conversion reads it) and ``output/`` or one of its folders (the build writes there).
        """
        def outside(path: Path) -> bool:
            return os.path.lexists(path) and not self.inside(path)

        for path in (self.tei_dir / "editorial.toml", self.output_dir,
                     *(self.output_dir / name for name in ("html", "fo", "pdf", "text"))):
            if outside(path):
                raise EditionError(f"links to {_target(path)}, outside the project: refusing to "
                                   f"{'read' if path.suffix else 'write'} through it (replace the link "
                                   "by the file or folder itself)", path, rule="symlink-outside")
        candidates = [self.tei_dir / "source", self.register_dir, *self.tei_dir.glob("*.xml"),
                      *(self.tei_dir / "source").glob("*.txt")]
        if self.register_dir.is_dir() and self.inside(self.register_dir):
            candidates += self.register_dir.glob("*.xml")
        return [Problem(str(path), None, None, "warning",
                        f"links to {_target(path)}, outside the project: left out of the build "
                        "(copy it into the project to build it)", "symlink-outside")
                for path in sorted(candidates) if outside(path)]


def _target(path: Path) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return "a link loop"
