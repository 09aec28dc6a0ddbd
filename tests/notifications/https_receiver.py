"""A webhook receiver over HTTPS on this machine, with a self-signed certificate
for ``localhost`` that the test trusts (``SSL_CERT_FILE``)."""

from __future__ import annotations

import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace


def self_signed_certificate(folder: Path, *names: str) -> tuple[Path, Path]:
    """(certificate, key) for localhost, 127.0.0.1 and ``names``, made with openssl."""
    alt_names = ",".join(["DNS:localhost", "IP:127.0.0.1", *(f"DNS:{name}" for name in names)])
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - fixed arguments
        [  # noqa: S607 - the system's openssl
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            f"subjectAltName={alt_names}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


class Receiver(BaseHTTPRequestHandler):
    """Records each POST (headers, body) and answers the next of ``replies`` (200 when none are left)."""

    replies: list[int] = []
    received: list[tuple[dict, bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        status = type(self).replies.pop(0) if type(self).replies else 200
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", "https://elsewhere.example/")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@contextmanager
def https_receiver(cert: Path, key: Path, *, host: str = "127.0.0.1") -> Iterator[SimpleNamespace]:
    """A threaded HTTPS server on a free port of ``host``; ``.port``, ``.handler`` (its Receiver class)."""
    handler = type("RecordingReceiver", (Receiver,), {"replies": [], "received": []})
    server = ThreadingHTTPServer((host, 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(port=server.server_port, handler=handler)
    finally:
        server.shutdown()
        server.server_close()
