"""Reading the files of a project or an input safely: regular files only; the names of our own
temporary files.

A FIFO, a socket or a device where a source, a register or ``editorial.toml`` is expected would
block a build forever (while it holds the project's lock) or never end (``/dev/zero``). Every stage
reads through :func:`read_regular`, which opens without blocking and checks what it opened, so no
race between a check and the read lets such a file through. Light on purpose: the build state's
no-op path uses it. The size limit for input documents lives here too.
"""
from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from .errors import EditionError


#: Largest input we ever read by default. Publishing a document takes many times its size in memory
#: (lxml's tree, Saxon's copy, the result trees: up to ~55x for a large TEI file), so above the limit
#: of :func:`max_input_bytes` we stop with a clear error instead of being killed by the system.
MAX_INPUT_BYTES = 256 * 1024 * 1024
#: The environment variable (and ``edition --max-input-mb``) that sets the limit in MB.
MAX_INPUT_ENV = "TEI_EDITION_MAX_INPUT_MB"
# The default limit is this fraction of the machine's (or container's) memory: two documents
# being published at once at ~60x their size each still fit.
_MEMORY_SHARE = 128

#: Every file the tool writes is first a temporary file of this shape in the folder it goes to, then
#: renamed into place (:func:`pipeline.xmlio.atomic_write`); one left by a killed process is swept
#: by the next build, and ``edition watch`` ignores them.
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".edition-", ".tmp"


def is_temporary(name: str) -> bool:
    """Whether a file name is one of our temporary files."""
    return name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX)


def file_size(path: str | Path) -> int:
    """Bytes of the file at ``path``, 0 where there is none (reading it reports that)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def max_input_bytes() -> int:
    """The size above which an input document is refused: ``$TEI_EDITION_MAX_INPUT_MB`` if set,
    else the smaller of :data:`MAX_INPUT_BYTES` and 1/128 of the memory this machine gives us.

    Raises ValueError when the variable is not a positive number (the CLI checks it first)."""
    explicit = os.environ.get(MAX_INPUT_ENV, "").strip()
    if explicit:
        try:
            megabytes = float(explicit)
        except ValueError:
            megabytes = -1
        if not megabytes > 0:
            raise ValueError(f"{MAX_INPUT_ENV}={explicit!r}: give the size limit in MB, a positive number")
        return int(megabytes * 1024 * 1024)
    memory = _memory_bytes()
    return min(MAX_INPUT_BYTES, memory // _MEMORY_SHARE) if memory else MAX_INPUT_BYTES


@functools.cache
def _memory_bytes() -> int | None:
    """Physical memory, or the container's memory limit when that is smaller; None if unknown.

    Asked once per process: every document read asks for the size limit, and reading the control
    group's files each time was a third of the check that lets Saxon parse a file itself
    (``pipeline.xmlio.plain_tei_file``: 0.13 of 0.43 ms a file, profiled)."""
    sizes = []
    try:
        sizes.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        pass
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            value = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if value.isdigit():
            sizes.append(int(value))
    sizes = [size for size in sizes if size > 0]
    return min(sizes) if sizes else None


class NotRegularFile(OSError):
    """The path names a FIFO, socket or device, not a regular file."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(f"{path} is not a regular file (a FIFO, socket or device?)")
        self.strerror = "not a regular file (a FIFO, socket or device is never read)"
        self.filename = str(path)


def read_regular(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of ``path`` (at most ``limit`` + 1 when a limit is given).

    Raises FileNotFoundError, IsADirectoryError, :class:`NotRegularFile` or another OSError.
    """
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read() if limit is None else handle.read(limit + 1)
    finally:
        os.close(fd)


def read_input(path: str | Path, limit: int | None = None) -> bytes:
    """:func:`read_regular` for an input the user named: every failure is one EditionError."""
    try:
        return read_regular(path, limit)
    except NotRegularFile:
        raise EditionError("is not a regular file", path, rule="file-unreadable") from None
    except FileNotFoundError:
        raise EditionError("no such file", path, rule="file-missing") from None
    except IsADirectoryError:
        raise EditionError("is a directory, not a file", path, rule="file-missing") from None
    except OSError as exc:
        raise EditionError(f"cannot read: {exc.strerror or exc}", path, rule="file-unreadable") from None
