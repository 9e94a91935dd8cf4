"""Where things are: the package's own resources, and the parts of an edition project.

One home for the layout. A project is a folder with ``tei/`` (documents, ``tei/source/`` plain texts,
``tei/register/`` registers, ``tei/editorial.toml``); its own ``xslt/`` and ``schema/`` override the
package's, and ``output/`` receives what is built. Every stage asks this module, so the fallbacks to the
packaged stylesheets and schema are written once.
"""
from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from .errors import EditionError, Problem
from .files import file_size

PACKAGE_DIR = Path(__file__).resolve().parent
# The stylesheets and the schema live beside the package (the repository root in an editable install).
PACKAGE_ROOT = PACKAGE_DIR.parent
PACKAGE_XSLT_DIR = PACKAGE_ROOT / "xslt"
DEFAULT_SCHEMA = PACKAGE_ROOT / "schema" / "tei-edition.xsd"
#: The official TEI P5 tei_all schema (RELAX NG), bundled with its licence (schema/TEI-LICENCE.md).
TEI_ALL_SCHEMA = PACKAGE_ROOT / "schema" / "tei_all.rng"
CONFIG_FILE = "edition.toml"
#: File stems the site step writes into output/html/: no document may take one of these names.
SITE_PAGE_NAMES = frozenset({"index", "persons", "places", "organisations", "events", "chronology", "search",
                             "about", "edition", "catalogue", "pagefind", "collection"})
DEFAULT_FOP_CONFIG = PACKAGE_XSLT_DIR / "fo" / "fop.xconf"
#: How much larger a source's TEI is than its text, for a source not converted yet (the diary's
#: TEI, header and markup of its names and dates, is 4.5 times its text).
SOURCE_GROWTH = 5
FOP_HELPER_SOURCE = PACKAGE_DIR / "publish" / "java" / "FopBatch.java"


@cache  # the same answer all process long: an unchanged build asks it a dozen times
def installed_version(distribution: str) -> str | None:
    """The installed version of a distribution (``tei-edition``, ``saxonche``), or None, read from
    the name of its ``.dist-info`` folder on ``sys.path``: importlib.metadata costs 30 ms to import,
    a sixth of an unchanged build, which asks this of every engine it depends on."""
    prefix = distribution.replace("-", "_").lower() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and folder.lower().startswith(prefix):
                return folder[len(prefix):-len(".dist-info")]
    return None


def user_cache_dir() -> Path:
    """Where compiled schemas and our Java helpers are kept between runs: $TEI_EDITION_CACHE, else the
    user cache folder ($XDG_CACHE_HOME or ~/.cache, then tei-edition)."""
    explicit = os.environ.get("TEI_EDITION_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tei-edition"


@dataclass(frozen=True)
class EditionConfig:
    """What ``edition.toml`` says (every field has the default a project without the file gets)."""

    title: str | None = None        # [edition] title: the site's title
    schema: str = "edition"         # [validate] schema: "edition", "tei_all" or a path to .rng/.xsd
    invalid: str = "hold"           # [validate] invalid: "hold" (not published) or "publish" (flagged)
    present: bool = field(default=False, compare=False)

    @property
    def publish_invalid(self) -> bool:
        return self.invalid == "publish"


#: section -> key -> (check, what a good value is)
_CONFIG_KEYS = {
    "edition": {"title": (lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string")},
    "validate": {
        "schema": (lambda v: isinstance(v, str) and v.strip() != "",
                   '"edition", "tei_all" or the path of a .rng/.xsd file'),
        "invalid": (lambda v: v in ("hold", "publish"), '"hold" or "publish"'),
    },
}


def read_config(path: Path) -> EditionConfig:
    """Read ``edition.toml``; a missing file is the defaults, anything wrong a one-line error naming the key."""
    if not path.is_file():
        return EditionConfig()
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    from .files import max_input_bytes, read_regular

    try:  # like every input: a regular file (never a FIFO), within the input size limit
        raw = read_regular(path, max_input_bytes())
    except OSError as exc:
        raise EditionError(f"cannot read it: {exc.strerror or exc}", path, rule="config") from None
    if len(raw) > max_input_bytes():
        raise EditionError("is larger than the input size limit", path, rule="config")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise EditionError("is not UTF-8 text", path, rule="config") from None
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(f"is not valid TOML: {exc}", path, rule="config") from None
    values: dict[str, str] = {}
    for section, table in data.items():
        known = _CONFIG_KEYS.get(section)
        if known is None:
            raise EditionError(f"unknown section [{section}] (known: {', '.join('[' + k + ']' for k in _CONFIG_KEYS)})",
                               path, rule="config")
        if not isinstance(table, dict):
            raise EditionError(f"'{section}' must be a [{section}] table", path, rule="config")
        for key, value in table.items():
            if key not in known:
                raise EditionError(f"unknown key '{section}.{key}' (known: {', '.join(section + '.' + k for k in known)})",
                                   path, rule="config")
            check, expected = known[key]
            if not check(value):
                raise EditionError(f"bad value for '{section}.{key}': {value!r} (expected {expected})",
                                   path, rule="config")
            values[key] = value.strip() if isinstance(value, str) else value
    schema = values.get("schema", "edition")
    if schema not in ("edition", "tei_all"):
        candidate = (path.parent / schema)
        if candidate.suffix.lower() not in (".rng", ".xsd"):
            raise EditionError(f"bad value for 'validate.schema': {schema!r} (expected \"edition\", \"tei_all\" "
                               "or the path of a .rng/.xsd file)", path, rule="config")
        if not candidate.is_file():
            raise EditionError(f"bad value for 'validate.schema': {schema!r} does not exist", path, rule="config")
    return EditionConfig(title=values.get("title"), schema=schema, invalid=values.get("invalid", "hold"), present=True)


def safe_stem(stem: str) -> str:
    """A file stem that cannot leave the output folder or hide itself.

    The input file's own name is kept as it is (spaces, quotes, any script: it is already a file
    name, and folding it to ASCII would make two names collide); what may come from the document
    (an ``xml:id``, a ``stem`` parameter) loses path separators, control characters and leading
    dots, so ``../x`` or ``/etc/x`` stays inside. Links to it are URI-encoded by the stylesheets.
    A byte of a file name that is not UTF-8 (a lone surrogate here) becomes U+FFFD: the name goes
    into the pages, which are UTF-8.
    """
    cleaned = re.sub("[\ud800-\udfff]", "\ufffd", stem)
    cleaned = re.sub(r"[\x00-\x1f\x7f/\\]+", "-", cleaned).strip(" .-")
    return cleaned or "text"


def output_names(relative_paths: list[str]) -> dict[str, tuple[str, str]]:
    """A distinct, stable output name for each document (``tei/``-relative posix path, without .xml).

    A document directly in ``tei/`` keeps its stem; one in a subfolder is named by its path with
    ``-`` for ``/`` (``letters/1890/a`` -> ``letters-1890-a``). Where a name is a site page's
    (``index``, ``persons`` ...) or two documents would share one -- also when they differ only in
    letter case, which a case-insensitive disk would merge -- each of them gets a suffix made from
    a hash of its own path, so the name depends on nothing but that path. Returns path -> (name, why);
    ``why`` is empty when the name is the plain one.
    """
    # safe_stem: what Transformer names the files, so the build finds them under this very name.
    plain = {rel: safe_stem(rel.replace("/", "-")) for rel in relative_paths}
    claims: dict[str, list[str]] = {}
    for rel, name in plain.items():
        claims.setdefault(name.casefold(), []).append(rel)
    names: dict[str, tuple[str, str]] = {}
    for rel, name in plain.items():
        reserved = name.casefold() in SITE_PAGE_NAMES
        shared = len(claims[name.casefold()]) > 1
        if reserved or shared:
            import hashlib  # here: an unchanged build does not need OpenSSL
            suffix = hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest()[:6]
            why = "is a page of the site" if reserved else "would be shared with " + ", ".join(
                f"tei/{other}.xml" for other in claims[name.casefold()] if other != rel)
            names[rel] = (f"{name}-{suffix}", f"'{name}' {why}")
        else:
            names[rel] = (name, "")
    return names


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

    @cached_property
    def config(self) -> EditionConfig:
        """``edition.toml`` (read once per Project; an EditionError names a bad key)."""
        return read_config(self.config_file)

    @property
    def title(self) -> str | None:
        return self.config.title

    @property
    def schema(self) -> Path:
        """The schema documents are validated against: edition.toml's choice, else the edition schema."""
        choice = self.config.schema
        if choice == "tei_all":
            return TEI_ALL_SCHEMA
        if choice != "edition":
            return (self.root / choice).resolve()
        own = self.root / "schema" / "tei-edition.xsd"
        return own if own.is_file() else DEFAULT_SCHEMA

    @property
    def fop_config(self) -> Path:
        own = self.xslt_dir / "fo" / "fop.xconf"
        return own if own.is_file() else DEFAULT_FOP_CONFIG

    def registers_arg(self) -> Path | None:
        """The register folder to hand to the stages, or None when the project has none."""
        return self.register_dir if self.register_files() else None

    def sources(self) -> list[Path]:
        return sorted(p for p in (self.tei_dir / "source").glob("*.txt") if self.inside(p))

    def documents(self) -> list[Path]:
        """Every ``tei/**/*.xml`` outside ``tei/register/`` (and hidden folders), in path order."""
        found = []
        for path in self.tei_dir.rglob("*.xml"):
            rel = path.relative_to(self.tei_dir)
            if rel.parts[0] == "register" or any(part.startswith(".") for part in rel.parts) or not path.is_file():
                continue
            if not self.inside(path):
                continue  # a link out of the project: check_links warns about it
            found.append(path)
        return sorted(found, key=lambda p: p.relative_to(self.tei_dir).as_posix())

    def document_names(self, documents: list[Path] | None = None) -> dict[Path, tuple[str, str]]:
        """Each document's output name and, when it is not the plain one, why (see :func:`output_names`)."""
        documents = self.documents() if documents is None else documents
        rels = {p: p.relative_to(self.tei_dir).with_suffix("").as_posix() for p in documents}
        names = output_names(list(rels.values()))
        return {p: names[rel] for p, rel in rels.items()}

    def tei_bytes(self) -> int:
        """The bytes of TEI a build of this project reads: its documents and registers, and the TEI
        each source not converted yet becomes, reckoned at SOURCE_GROWTH times its text (Saxon's
        heap is made for it, pipeline/publish/isolate.py)."""
        documents = self.documents()
        converted = {path.stem for path in documents if path.parent == self.tei_dir}
        return (sum(file_size(path) for path in (*documents, *self.register_files()))
                + sum(SOURCE_GROWTH * file_size(path) for path in self.sources() if path.stem not in converted))

    def register_files(self) -> list[Path]:
        folder = self.register_dir
        if not folder.is_dir() or not self.inside(folder):
            return []
        return sorted(p for p in folder.glob("*.xml") if self.inside(p))

    # -- symbolic links ------------------------------------------------------------------------
    # A link in tei/ to a file outside the project would be read and published (its copy lands in
    # output/html/); a link in output/ would make the build write, and delete, outside. Links that
    # stay inside the project are followed as usual.
    def inside(self, path: Path) -> bool:
        """True when ``path``, symbolic links followed, lies inside the project folder."""
        # Most paths asked about are written below the (resolved) root, with no link on the way:
        # that is told by looking at each part below the root, not by resolving the path from /
        # (an unchanged build of the diary asks it of 41 paths: 8 M of its 336 M instructions).
        text = os.fspath(path)
        root = os.fspath(self.root)
        if text.startswith(root) and text[len(root):len(root) + 1] == os.sep:
            part = root
            for name in text[len(root) + 1:].split(os.sep):
                if name == "..":
                    break
                part = os.path.join(part, name)
                try:
                    if stat.S_ISLNK(os.lstat(part).st_mode):
                        break
                except OSError:
                    break  # missing: resolved below, as it would have been
            else:
                return True
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
                     *(self.output_dir / name for name in ("html", "fo", "pdf", "text", "catalogue", ".records"))):
            if outside(path):
                raise EditionError(f"links to {_target(path)}, outside the project: refusing to "
                                   f"{'read' if path.suffix else 'write'} through it (replace the link "
                                   "by the file or folder itself)", path, rule="symlink-outside")
        # Documents may lie in subfolders (a subfolder may itself be such a link).
        candidates = [self.tei_dir / "source", self.register_dir, *self.tei_dir.rglob("*.xml"),
                      *(path for path in self.tei_dir.rglob("*") if path.is_symlink() and path.is_dir()),
                      *(self.tei_dir / "source").glob("*.txt")]
        return [Problem(str(path), None, None, "warning",
                        f"links to {_target(path)}, outside the project: left out of the build "
                        "(copy it into the project to build it)", "symlink-outside")
                for path in sorted(set(candidates)) if outside(path)]


def _target(path: Path) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return "a link loop"


CONFIG_TEMPLATE = """\
# The edition's project file (every key is optional; delete what you do not need).

[edition]
# The site's title. Default: the title of the only document, else the project folder's name.
{title_line}

[validate]
# What documents are validated against:
#   "edition"  the edition's own schema (schema/tei-edition.xsd), made for documents `edition convert` writes
#   "tei_all"  the official TEI P5 schema (bundled), for TEI written elsewhere
#   a path     any RELAX NG (.rng) or W3C XML Schema (.xsd) file, relative to this folder
schema = "{schema}"
# What happens to a document that does not validate:
#   "hold"     it is reported and not published (its last good outputs stay)
#   "publish"  it is published anyway, and flagged as invalid on the site and in the catalogue
invalid = "{invalid}"
"""


def init_project(directory: str | Path, *, title: str | None = None) -> list[Path]:
    """Make ``directory`` an edition project: a commented edition.toml and the folders. Returns what it made.

    Nothing that exists is overwritten: an existing edition.toml is an error.
    """
    root = Path(directory)
    config = root / CONFIG_FILE
    if config.exists():
        raise EditionError("already an edition project: edition.toml exists", config, rule="init-exists")
    made: list[Path] = []
    for folder in (root, root / "tei", root / "tei" / "source", root / "tei" / "register"):
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            made.append(folder)
    import json
    title_line = (f"title = {json.dumps(title, ensure_ascii=False)}" if title
                  else f"# title = {json.dumps(root.resolve().name, ensure_ascii=False)}")
    config.write_text(CONFIG_TEMPLATE.format(title_line=title_line, schema="tei_all", invalid="hold"),
                      encoding="utf-8")
    made.append(config)
    return made
