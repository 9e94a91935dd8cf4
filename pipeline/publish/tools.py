"""Which external tools this machine has: Apache FOP (with Java) for PDF, Pagefind for search, and
where a command is (:func:`which`: java, javac, jing, fop).

Every build asks both, an unchanged one too (whether a PDF link and a search box appear is an input
of the pages), so this module imports nothing heavy: finding a tool must not cost what using it
does (:mod:`pipeline.publish.fop` loads lxml and a thread pool, the Pagefind packages load logging).
"""
from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

#: Where Debian's FOP jars are (libfop-java); tests and benchmarks point it elsewhere to hide them.
JAVA_DIR = Path(os.environ.get("EDITION_JAVA_DIR", "/usr/share/java"))
# The jars /usr/bin/fop puts on its class path (Debian's libfop-java and its dependencies).
REQUIRED_JARS = ("fop", "xmlgraphics-commons", "batik-all", "commons-io", "commons-logging", "fontbox2")
OPTIONAL_JARS = ("xml-apis", "xml-apis-ext")
# The packages of the `pagefind` wheel that carry its binary, best first, and the binary's names.
PAGEFIND_PACKAGES = ("pagefind_bin_extended", "pagefind_bin")
PAGEFIND_NAMES = ("pagefind_extended", "pagefind")


def helper_classpath() -> list[Path] | None:
    """The jars the FOP batch helper runs with, or None when a required one is missing."""
    jars: list[Path] = []
    for stem in REQUIRED_JARS:
        jar = JAVA_DIR / f"{stem}.jar"
        if not jar.is_file():
            return None
        jars.append(jar)
    jars += [JAVA_DIR / f"{stem}.jar" for stem in OPTIONAL_JARS if (JAVA_DIR / f"{stem}.jar").is_file()]
    return jars


def which(command: str) -> str | None:
    """The path of the executable ``command`` on PATH, as ``shutil.which`` answers for a bare name.
    On POSIX without importing shutil, which loads zlib, bz2 and lzma: 2 ms of every build, a no-op
    one's too (about a sixth of what it does beyond starting the CLI)."""
    if os.name != "posix":
        import shutil
        return shutil.which(command)
    path = os.environ.get("PATH")
    if path is None:  # where shutil.which looks then
        try:
            path = os.confstr("CS_PATH")
        except (AttributeError, ValueError):
            path = os.defpath
    for folder in path.split(os.pathsep) if path else ():
        candidate = os.path.join(folder, command)
        if os.access(candidate, os.F_OK | os.X_OK) and not os.path.isdir(candidate):
            return candidate
    return None


def fop_available() -> bool:
    """True when PDFs can be made here: the batch helper's Java tools and jars, or a ``fop`` command."""
    batch = helper_classpath() is not None and which("java") is not None
    return batch or which("fop") is not None


def pagefind_executable() -> Path | None:
    """The Pagefind binary that the ``pagefind`` package would run, or None.

    The lookup of ``pagefind.service.get_executable``: ``$PAGEFIND_BINARY_PATH``, else the binary
    inside the ``pagefind-bin-extended`` (then ``pagefind-bin``) wheel, else one on PATH. The wheels
    are found, not imported: importing them, or ``pagefind.service``, loads logging and asyncio.
    """
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        found = Path(os.environ["PAGEFIND_BINARY_PATH"])
        return found if found.is_file() else None
    for package in PAGEFIND_PACKAGES:
        try:
            spec = find_spec(package)
        except (ImportError, ValueError):
            continue
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for name in PAGEFIND_NAMES:
                if (Path(folder) / name).is_file():
                    return Path(folder) / name
    on_path = which("pagefind_extended") or which("pagefind")
    return Path(on_path) if on_path and Path(on_path).is_file() else None
