"""Our own small Java helpers (FOP's batch, jing's batch), compiled once with ``javac``.

Starting a JVM and loading what a tool needs (FOP's fonts, jing's compiled schema) costs far more
than most documents' work, so the tools that run per document keep one JVM and feed it jobs. The
helpers are Java sources in the package, compiled at first use into the user's cache folder against
the jars Debian installed, and packed in a jar.

A helper's JVM also starts from the classes the last one loaded (:class:`SharedClasses`): the JVM's
class data sharing keeps them in an archive, which the next JVM of the same Java and jars maps
instead of loading and verifying each class from its jar (a jing batch's start: 0.49-0.62 ->
0.34-0.37 s; FOP's: 0.58-0.67 -> 0.37-0.44 s). It archives classes from jars only: hence the jar.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import uuid
import zipfile
from pathlib import Path

from .project import user_cache_dir
from .publish.tools import which

_compile_lock = threading.Lock()


def compiled_helper(source: Path, classpath: list[Path] | None) -> Path | None:
    """The jar holding the compiled classes of ``source`` (a ``.java`` file whose class is its stem),
    compiling it first if needed; None where that is impossible (no javac, a jar missing, a failed
    compilation).

    The jar's name is a hash of the source and the jars, so an upgraded tool or an edited helper gets
    a fresh build; a build is packed into a temporary file renamed into place, so parallel workers
    never see half a jar.
    """
    javac = which("javac")
    if classpath is None or javac is None or not source.is_file():
        return None
    name = source.stem
    digest = hashlib.sha256(source.read_bytes())
    for jar in classpath:
        stat = jar.stat()
        digest.update(f"{jar.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    target = user_cache_dir() / f"{name.lower()}-{digest.hexdigest()[:16]}.jar"
    if target.is_file():
        return target
    with _compile_lock:
        if target.is_file():
            return target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            build = Path(tempfile.mkdtemp(prefix=f".{name.lower()}-", dir=target.parent))
        except OSError:
            return None
        try:
            result = subprocess.run(
                [javac, "-nowarn", "-d", str(build), "-cp", os.pathsep.join(map(str, classpath)), str(source)],
                capture_output=True, text=True,
            )
            if result.returncode != 0 or not (build / f"{name}.class").is_file():
                return None
            packed = build / f"{name}.jar"
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as jar:
                for compiled in sorted(build.glob("*.class")):
                    jar.write(compiled, compiled.name)
            os.replace(packed, target)  # another process may have won the race: its jar is as good
        except OSError:
            return None
        finally:
            shutil.rmtree(build, ignore_errors=True)
        return target if target.is_file() else None


#: Class data sharing's own messages (an archive of another Java, one it cannot write) are warnings
#: the JVM prints on stdout, where the helpers answer: on stderr instead. A Java older than 13,
#: which has no dynamic archive, ignores the options rather than refusing to start.
_QUIET_SHARING = ("-XX:+IgnoreUnrecognizedVMOptions", "-Xlog:disable", "-Xlog:all=warning:stderr")


class SharedClasses:
    """The class archive of the helper JVMs of one Java and classpath (see the module's notes).

    :attr:`options` start the JVM from the archive when there is one; else they have the JVM write
    one when it exits, to a name of its own, which :meth:`ended` puts in place once the JVM has
    ended well (a JVM killed while writing leaves nothing). An archive the JVM cannot use (another
    Java, a damaged file) is passed over by the JVM in silence, as if there were none; a changed
    Java or jar gives a new name.
    """

    def __init__(self, java: str, classpath: list[Path]) -> None:
        digest = hashlib.sha256()
        for path in [Path(java), *classpath]:
            try:
                real = path.resolve()
                stat = real.stat()
            except OSError:
                real, stat = path, None
            digest.update(f"{real}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}\n".encode())
        self.archive = user_cache_dir() / f"classes-{digest.hexdigest()[:16]}.jsa"
        self._pending: Path | None = None
        if self.archive.is_file():
            self.options = [f"-XX:SharedArchiveFile={self.archive}", *_QUIET_SHARING]
        else:
            try:
                self.archive.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                self.options = []
                return
            self._pending = self.archive.with_name(f".{self.archive.stem}-{uuid.uuid4().hex}.jsa")
            self.options = [f"-XX:ArchiveClassesAtExit={self._pending}", *_QUIET_SHARING]

    def ended(self, returncode: int | None) -> None:
        """The JVM has exited with ``returncode``: keep the archive it wrote, if it ended well."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        try:
            if returncode == 0 and pending.is_file() and pending.stat().st_size > 0:
                os.replace(pending, self.archive)
            else:
                pending.unlink(missing_ok=True)
        except OSError:
            pass
