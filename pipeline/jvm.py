"""Our own small Java helpers (FOP's batch, jing's batch), compiled once with ``javac``.

Starting a JVM and loading what a tool needs (FOP's fonts, jing's compiled schema) costs far more
than most documents' work, so the tools that run per document keep one JVM and feed it jobs. The
helpers are Java sources in the package, compiled at first use into the user's cache folder against
the jars Debian installed.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from .project import user_cache_dir

_compile_lock = threading.Lock()


def compiled_helper(source: Path, classpath: list[Path] | None) -> Path | None:
    """The folder holding the compiled class of ``source`` (a ``.java`` file whose class is its stem),
    compiling it first if needed; None where that is impossible (no javac, a jar missing, a failed
    compilation).

    The folder name is a hash of the source and the jars, so an upgraded tool or an edited helper gets
    a fresh build; a build goes to a temporary folder renamed into place, so parallel workers never see
    half a class file.
    """
    javac = shutil.which("javac")
    if classpath is None or javac is None or not source.is_file():
        return None
    name = source.stem
    digest = hashlib.sha256(source.read_bytes())
    for jar in classpath:
        stat = jar.stat()
        digest.update(f"{jar.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    target = user_cache_dir() / f"{name.lower()}-{digest.hexdigest()[:16]}"
    if (target / f"{name}.class").is_file():
        return target
    with _compile_lock:
        if (target / f"{name}.class").is_file():
            return target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            build = Path(tempfile.mkdtemp(prefix=f".{name.lower()}-", dir=target.parent))
        except OSError:
            return None
        result = subprocess.run(
            [javac, "-nowarn", "-d", str(build), "-cp", os.pathsep.join(map(str, classpath)), str(source)],
            capture_output=True, text=True,
        )
        if result.returncode != 0 or not (build / f"{name}.class").is_file():
            shutil.rmtree(build, ignore_errors=True)
            return None
        try:
            os.replace(build, target)
        except OSError:  # another process won the race: its build is as good as ours
            shutil.rmtree(build, ignore_errors=True)
        return target if (target / f"{name}.class").is_file() else None
