"""Reading the files of a project or an input safely: regular files only.

A FIFO, a socket or a device where a source, a register or ``editorial.toml`` is expected would
block a build forever (while it holds the project's lock) or never end (``/dev/zero``). Every stage
reads through :func:`read_regular`, which opens without blocking and checks what it opened, so no
race between a check and the read lets such a file through. Light on purpose: the build state's
no-op path uses it.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


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
