"""Which external tools this machine has: Apache FOP (with Java) for PDF, Pagefind for search.

Every build asks both, an unchanged one too (whether a PDF link and a search box appear is an input
of the pages), so this module imports nothing heavy: finding a tool must not cost what using it
does (:mod:`pipeline.publish.fop` loads lxml and a thread pool, the Pagefind packages load logging).
"""
from __future__ import annotations

import os
import shutil
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


def fop_available() -> bool:
    """True when PDFs can be made here: the batch helper's Java tools and jars, or a ``fop`` command."""
    batch = helper_classpath() is not None and shutil.which("java") is not None
    return batch or shutil.which("fop") is not None


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
    on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(on_path) if on_path and Path(on_path).is_file() else None
