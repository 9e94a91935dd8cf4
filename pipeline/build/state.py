"""The build state: what every output was made from, so a rebuild redoes only what changed.

For each build step (``convert:<name>``, ``validate:<name>``, ``html:<name>`` ...) the state records
the content hash of everything the step read (source text, TEI, registers, schema, every stylesheet
module reachable through xsl:include/xsl:import, the FOP configuration, parameters, tool version)
and the size and modification time of every file it wrote. A step is up to date when the same
inputs hash the same and its outputs are still there untouched.

The state file is replaced atomically and only after the outputs it describes are on disk, so a
build killed at any moment leaves a state that under-describes (never over-describes) the outputs:
the next build simply redoes the steps the state does not vouch for.

Deliberately light: only the standard library and :mod:`pipeline.xmlio`'s writer, so that a no-op
rebuild never imports lxml-heavy stages, Saxon or a schema compiler.
"""
from __future__ import annotations

import json
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..files import read_regular

STATE_FORMAT = 1

# Stylesheet and schema references we follow to find every file a step depends on. A regular
# expression over the bytes is enough (we only need the href values) and keeps lxml out of the
# no-op path. Matching inside a comment only adds a dependency, which costs at most one rebuild.
# The expressions are given to re's functions as they stand (re compiles one on first use and keeps
# it): an unchanged build reads every scan from the state and matches none of them, and compiling
# the eight at import cost it 7 M of its 357 M instructions.
_XSL_REF = (
    rb"<(?:[\w.-]+:)?(?:include|import|import-schema)\b[^>]*?\b(?:href|schema-location)\s*=\s*[\"']([^\"']+)[\"']"
)
_DOC_FUNCTIONS = (b"doc", b"document", b"unparsed-text", b"unparsed-text-lines", b"json-doc")
_DOC_REF = rb"\b(?:" + b"|".join(_DOC_FUNCTIONS) + rb")\(\s*[\"']([^\"'$]+)[\"']"
_XSD_REF = rb"<(?:[\w.-]+:)?(?:include|import|redefine|override)\b[^>]*?\bschemaLocation\s*=\s*[\"']([^\"']+)[\"']"
_RNG_REF = rb"<(?:[\w.-]+:)?(?:include|externalRef)\b[^>]*?\bhref\s*=\s*[\"']([^\"']+)[\"']"
# Our own modules a stage's code imports (``from .x import``, ``from . import x``), so that the
# "tool version" of a step is the code that actually produces it, not every module of the package.
# The names: a parenthesised list may run over several lines; each name may have an alias.
_PY_REF = rb"(?m)^[ \t]*from[ \t]+(\.+)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[\w, \t]+)"
#: A kind's name in the state's scans where its reading has changed since states were first kept:
#: an older reading's result, kept under the plain name, is not reused (it took "x as y" for a
#: module named so) and is dropped with the next saving build.
_SCAN_NAMES = {"py": "py2"}

# Which register file a TEI document reads, by the elements and attributes that point into it.
REGISTER_MARKERS = {
    "persons": rb"<(?:[\w.-]+:)?(?:persName|person|listPerson)\b|\swho\s*=",
    "places": rb"<(?:[\w.-]+:)?(?:placeName|place|listPlace|geogName)\b",
    "organisations": rb"<(?:[\w.-]+:)?(?:orgName|org|listOrg)\b",
}


try:  # hashlib's own BLAKE2b; importing hashlib also loads OpenSSL, a few ms of every unchanged build
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b


def hash_bytes(data: bytes) -> str:
    """A short content hash (BLAKE2b, 128 bits): fast, and collisions are not a concern here."""
    return blake2b(data, digest_size=16).hexdigest()


# How long a file must have stood unchanged, when it is read, for its hash to be kept with its
# stat (see FileHashes): the file system's clock moves in ticks (a few ms, 2 s on FAT), and a
# second write within the tick of one read could leave size and times as they were.
SETTLED_NS = 3_000_000_000


class FileHashes:
    """Content hashes of files, each file read at most once per build.

    Files are known by their path as a string: an unchanged build asks for hundreds of them, and
    building a Path for each question cost it a tenth of its time.

    ``marks`` (the last build's, from the state) remembers a file's hash with its stat: size,
    modification and change times, inode. A file whose stat matches its mark is not read again:
    an unchanged build of the diary read and hashed 127 files, 1.4 MB, for 23 M of its 322 M
    instructions. A write changes the change time (which no program can set back), a replaced file
    its inode; a file is marked only when both its times are ``SETTLED_NS`` old as it is read.
    """

    def __init__(self, marks: dict[str, list] | None = None) -> None:
        self._hashes: dict[str, str] = {}
        self._data: dict[str, bytes | None] = {}
        self._made: dict[str, dict] = {}
        self._previous = marks or {}
        # The marks of the files this build has hashed, for the state to keep.
        self.marks: dict[str, list] = {}

    def read(self, path: str | Path) -> bytes | None:
        """The file's bytes, or None when it does not exist or cannot be read."""
        key = os.fspath(path)
        if key not in self._data:
            try:
                self._data[key] = read_regular(key)
            except OSError:
                self._data[key] = None
        return self._data[key]

    def hash(self, path: str | Path) -> str:
        """The content hash, or ``"missing"`` so that a file appearing later counts as a change."""
        key = os.fspath(path)
        digest = self._hashes.get(key)
        if digest is None:
            digest = self._hashes[key] = self._hash(key)
        return digest

    def _hash(self, key: str) -> str:
        try:
            st = os.stat(key)
        except OSError:  # what cannot be stat'ed cannot be read
            return "missing"
        seen = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino] if stat.S_ISREG(st.st_mode) else None
        mark = self._previous.get(key)
        if seen is not None and mark is not None and mark[:4] == seen:
            self.marks[key] = mark
            return mark[4]
        data = self.read(key)
        if data is None:
            return "missing"
        digest = hash_bytes(data)
        # The stat was taken before the read: a write after it gives the file new times.
        if seen is not None and time.time_ns() - max(seen[1], seen[2]) >= SETTLED_NS:
            self.marks[key] = [*seen, digest]
        return digest

    def made_of(self, path: str) -> dict:
        """What the build made of the file's content (by kind: module_closure's references), kept
        as long as its hash is."""
        made = self._made.get(path)
        if made is None:
            made = self._made[path] = {}
        return made

    def forget(self, path: str | Path) -> None:
        """Drop what we know of a file we just rewrote."""
        key = os.fspath(path)
        self._hashes.pop(key, None)
        self._data.pop(key, None)
        self._made.pop(key, None)
        self.marks.pop(key, None)  # made again when it is hashed next


@dataclass
class BuildState:
    """The persisted state of one project's outputs (``output/.edition-state.json``)."""

    path: Path
    root: Path  # output paths are stored relative to it, so a moved project keeps its state
    steps: dict[str, dict] = field(default_factory=dict)
    # Scan results keyed by content hash (references of a stylesheet, registers a TEI uses):
    # valid forever for that content, so a no-op rebuild parses nothing.
    scans: dict[str, list[str]] = field(default_factory=dict)
    # Hashes of files with their stat (FileHashes): the last build's, and then those of the files
    # this build has hashed; saved with the steps, never on their own (an unchanged build writes
    # nothing).
    files: dict[str, list] = field(default_factory=dict)
    dirty: bool = False

    # Entries of a loaded state that were dropped as malformed or unsafe, for the build to report.
    rejected: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path, root: Path) -> "BuildState":
        """Read the state; a missing, unreadable or foreign file means "nothing is known".

        The file is untrusted (anyone who can write ``output/`` can edit it): a step whose record
        is malformed, or that names an output outside the project (absolute, ``..``), is dropped and
        listed in :attr:`rejected`; dropping a step only means rebuilding it.
        """
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path, root)
        if not isinstance(raw, dict) or raw.get("format") != STATE_FORMAT:
            return cls(path, root)
        steps = raw.get("steps") if isinstance(raw.get("steps"), dict) else {}
        scans = raw.get("scans") if isinstance(raw.get("scans"), dict) else {}
        state = cls(path, root)
        for key, step in steps.items():
            why = _malformed_step(step)
            if why:
                state.rejected.append(f"ignored the recorded step {key!r} of {path.name}: {why}")
            else:
                state.steps[key] = step
        state.scans = {k: v for k, v in scans.items()
                       if isinstance(v, list) and all(isinstance(ref, str) for ref in v)}
        files = raw.get("files") if isinstance(raw.get("files"), dict) else {}
        state.files = {k: v for k, v in files.items() if _well_formed_mark(v)}
        return state

    def save(self) -> None:
        """Replace the state file atomically (only when something changed)."""
        if not self.dirty:
            return
        from ..xmlio import atomic_write  # imported late: lxml is not needed to read the state

        payload = {"format": STATE_FORMAT, "steps": self.steps, "scans": self._live_scans(), "files": self.files}
        atomic_write(self.path, json.dumps(payload, indent=1, sort_keys=True) + "\n")
        self.dirty = False

    def _live_scans(self) -> dict[str, list[str]]:
        # Keep scan results only for content some step still depends on, so the file does not grow
        # with every edit ever made.
        # A scan of an older reading (under a name _SCAN_NAMES has replaced) is never asked again.
        live = {h for step in self.steps.values() for h in step.get("deps", {}).values()}
        return {k: refs for k, refs in self.scans.items()
                if k.partition(":")[2] in live and k.partition(":")[0] not in _SCAN_NAMES}

    def is_current(self, key: str, deps: dict[str, str]) -> bool:
        """True when ``key`` was built from exactly ``deps`` and its outputs are untouched."""
        step = self.steps.get(key)
        if not step or step.get("deps") != deps:
            return False
        return all(_stat_matches(self.root / p, mark) for p, mark in step.get("outputs", {}).items())

    def record(self, key: str, deps: dict[str, str], outputs: list[Path], **extra) -> None:
        """Remember that ``key`` was built from ``deps`` into ``outputs`` (call after writing them)."""
        marks = {}
        for out in outputs:
            st = os.stat(out)
            marks[_relative(Path(out), self.root)] = [st.st_size, st.st_mtime_ns]
        self.steps[key] = {"deps": deps, "outputs": marks, **extra}
        self.dirty = True

    def forget(self, key: str) -> None:
        """Drop a step (its document went away, or its outputs must be rebuilt)."""
        if self.steps.pop(key, None) is not None:
            self.dirty = True

    def outputs_of(self, key: str) -> list[Path]:
        """The files a recorded step wrote."""
        return [self.root / p for p in self.steps.get(key, {}).get("outputs", {})]


def _malformed_step(step) -> str | None:
    """Why a recorded step cannot be trusted, or None when it is well formed."""
    if not isinstance(step, dict) or not isinstance(step.get("deps"), dict) \
            or not isinstance(step.get("outputs", {}), dict):
        return "not a step record"
    for name, mark in step.get("outputs", {}).items():
        if not safe_relative(name):
            return f"the output {name!r} is not a path inside the project"
        if not (isinstance(mark, list) and len(mark) == 2 and all(type(n) is int for n in mark)):
            return f"the output {name!r} has no size and time"
    return None


def _well_formed_mark(mark) -> bool:
    """A file mark as FileHashes makes it: size, two times and inode (integers), and the hash."""
    return (isinstance(mark, list) and len(mark) == 5 and isinstance(mark[4], str)
            and all(isinstance(n, int) and not isinstance(n, bool) for n in mark[:4]))


def safe_relative(name) -> bool:
    """True for a relative '/'-separated path that stays below its base (no ``..``, not absolute)."""
    if not isinstance(name, str) or not name or "\x00" in name or "\\" in name:
        return False
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _stat_matches(path: Path, mark: list[int]) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns] == list(mark)


def module_closure(entries: list[Path] | list[str], hashes: FileHashes, state: BuildState, kind: str = "xsl") -> list[str]:
    """Every file reachable from ``entries`` through include/import (and literal doc() hrefs), as
    normalised path strings in order.

    ``kind`` is ``"xsl"`` for stylesheets, ``"xsd"`` or ``"rng"`` for schemas, ``"py"`` for the
    package's own modules. The references of each file are cached in ``state`` by content hash, so
    an unchanged tree is not re-scanned, and resolved once per build (in ``hashes``), so the walks
    from each output's entries through the same modules only follow them.
    """
    # Strings, not Paths, in the walk and its result: every build walks every stylesheet module
    # (with each file's references resolved once per build, 14 M of an unchanged build's 350 M
    # instructions).
    seen: dict[str, None] = {}
    todo = [os.path.normpath(p) for p in entries]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        refs = _references(path, kind, hashes, state)
        if refs is None and kind == "py":
            continue  # the other spelling of a module (x.py vs x/__init__.py)
        seen[path] = None  # a missing stylesheet too: its appearing later is a change
        if refs:
            todo.extend(refs)
    return sorted(seen)


def _references(path: str, kind: str, hashes: FileHashes, state: BuildState) -> list[str] | None:
    """The local files ``path`` refers to (normalised paths), or None when it is missing."""
    made = hashes.made_of(path)
    if kind in made:
        return made[kind]
    digest = hashes.hash(path)
    refs: list[str] | None = None
    if digest != "missing":
        key = f"{_SCAN_NAMES.get(kind, kind)}:{digest}"
        names = state.scans.get(key)
        if names is None:
            data = hashes.read(path) or b""
            if kind == "py":
                found = _python_refs(data)
            else:
                patterns = {"xsl": (_XSL_REF, _DOC_REF), "xsd": (_XSD_REF,), "rng": (_RNG_REF,)}[kind]
                if kind == "xsl" and not any(function + b"(" in data for function in _DOC_FUNCTIONS):
                    # A document function's name is no literal prefix the expression can search
                    # for: tried at every word of a stylesheet, it was 9 of a cold build's 10 ms
                    # of scanning (our 49 modules); few call one.
                    patterns = (_XSL_REF,)
                found = {g.decode("utf-8", "replace") for pat in patterns for m in re.finditer(pat, data) for g in m.groups() if g}
            names = sorted(found)
            state.scans[key] = names
            state.dirty = True
        folder = os.path.dirname(path)
        # A URI we cannot resolve to a local file, or a computed href, is left out.
        refs = [os.path.normpath(os.path.join(folder, name)) for name in names
                if not ("://" in name or name.startswith("#") or "{" in name)]
    made[kind] = refs
    return refs


def _python_refs(data: bytes) -> set[str]:
    """The files of our package a module imports relatively, as paths from the module's folder.

    ``from .x import a`` is ``x.py`` (or the package ``x/__init__.py``); ``from ..pkg.mod import a``
    climbs one folder first; ``from . import a, b`` names sibling modules. Both spellings of a module
    are listed; the one that does not exist hashes as missing and is skipped.
    """
    found: set[str] = set()
    for match in re.finditer(_PY_REF, data):
        dots, module, names = (g.decode("utf-8", "replace") for g in match.groups())
        base = "../" * (len(dots) - 1)
        if module:
            stem = base + module.replace(".", "/")
            found.update({stem + ".py", stem + "/__init__.py"})
        else:
            # "a as b" names the module a; comments may stand between the lines of a list.
            listed = re.sub(r"#[^\n]*", "", names).strip("()")
            for name in (n.split()[0] for n in listed.split(",") if n.strip()):
                found.update({base + name + ".py", base + name + "/__init__.py"})
    return found


def registers_used(tei: Path, hashes: FileHashes, state: BuildState) -> list[str]:
    """Which register kinds (persons, places, organisations) a TEI document points into."""
    digest = hashes.hash(tei)
    key = f"registers:{digest}"
    kinds = state.scans.get(key)
    if kinds is None:
        data = hashes.read(tei) or b""
        kinds = [kind for kind, pattern in REGISTER_MARKERS.items() if re.search(pattern, data)]
        state.scans[key] = kinds
        state.dirty = True
    return kinds
