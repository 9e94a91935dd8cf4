"""``edition serve``: preview a built site on a local web server.

The search (Pagefind) needs http: browsers refuse its fetches and WebAssembly on ``file://`` pages.
This is Python's own threaded static server with the MIME types a site of ours needs spelled out
(``.wasm`` must be ``application/wasm`` for streaming compilation; ``.pagefind`` and the ``.pf_*``
index chunks are binary), bound to 127.0.0.1 unless asked otherwise, so a preview is not published
to the network by accident.
"""
from __future__ import annotations

import functools
import http.server
import signal
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import EditionError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

#: Extensions whose type matters to a browser, independent of the machine's mime.types.
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with our MIME types, no caching (a preview shows the latest build) and the
    request log sent where the server was told to."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    log_to: Callable[[str], None] | None = None

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if self.log_to is not None:
            self.log_to(f"{self.address_string()} {format % args}")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # Ctrl-C does not wait for a browser's keep-alive connections


class _Server6(_Server):
    address_family = socket.AF_INET6


@dataclass
class PreviewServer:
    """A running preview: its URL, the folder it serves, and how to stop it."""

    root: Path
    url: str
    _server: _Server
    _thread: threading.Thread | None = None
    _serving: bool = False

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`stop`, Ctrl-C or SIGTERM (KeyboardInterrupt either way,
        after the socket is closed)."""
        self._serving = True
        if threading.current_thread() is threading.main_thread():
            # `kill` and service managers send SIGTERM: stop as cleanly as on Ctrl-C.
            signal.signal(signal.SIGTERM, _interrupt)
        try:
            self._server.serve_forever()
        finally:
            self._serving = False
            self._server.server_close()

    def start_in_background(self) -> "PreviewServer":
        self._serving = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="edition-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port (also for a server that was bound but never started)."""
        if self._serving:
            # shutdown() waits for serve_forever() to return: only call it on a server that serves.
            self._server.shutdown()
            self._serving = False
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def site_folder(path: Path | str | None = None) -> Path:
    """The folder to serve: ``path`` itself if it holds pages, else the project's ``output/html``."""
    base = Path(path) if path is not None else Path(".")
    if not base.exists():
        raise EditionError(f"{base}: no such folder", rule="serve-folder")
    if not base.is_dir():
        raise EditionError(f"{base}: not a folder (give a site folder or a project folder)", rule="serve-folder")
    built = base / "output" / "html"
    if not any(base.glob("*.html")) and built.is_dir():
        return built
    if not any(base.glob("*.html")):
        raise EditionError(f"{base}: no HTML pages here and no output/html/ (run `edition build` first)",
                           rule="serve-folder")
    return base


def start_server(path: Path | str | None = None, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 log: Callable[[str], None] | None = None) -> PreviewServer:
    """Bind a preview server for the site in ``path`` (see :func:`site_folder`); port 0 picks a free one.

    Raises :class:`EditionError` when the folder has no site or the address cannot be bound.
    """
    root = site_folder(path).resolve()
    handler = type("BoundSiteRequestHandler", (SiteRequestHandler,), {"log_to": staticmethod(log) if log else None})
    try:
        server_class = _Server6 if ":" in host else _Server
        server = server_class((host, port), functools.partial(handler, directory=str(root)))
    except (OSError, OverflowError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise EditionError(f"cannot serve on {host}:{port}: {reason}", rule="serve-address") from None
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    return PreviewServer(root=root, url=f"http://{shown}:{bound_port}/", _server=server)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only this machine (127.0.0.0/8, ::1), i.e. the preview is private."""
    try:
        return all(info[4][0].startswith(("127.", "::1")) for info in socket.getaddrinfo(host, None))
    except socket.gaierror:
        return False
