"""One webhook POST over HTTPS to an address checked beforehand (``webhook_addresses``).

The connection goes to the checked IP address itself, while TLS still checks
the certificate for the URL's host name (SNI and host name verification) and
the ``Host`` header names it: the name is never looked up again between the
check and the connection. Redirects are never followed (a 3xx is an answer
like any other); the response body is not read beyond its status line.
"""

from __future__ import annotations

import http.client
import socket
import ssl

from notifications.webhook_addresses import Destination, IPAddress


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to ``host`` that connects to ``address`` instead of looking ``host`` up."""

    def __init__(self, host: str, port: int, address: IPAddress, *, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((str(self._address), self.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(destination: Destination, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
    """POST ``body`` to the destination and return the HTTP status. Tries each checked address in
    order until one connects; raises OSError (ssl.SSLError, timeouts included) or an
    ``http.client.HTTPException`` when none answers."""
    context = ssl.create_default_context()
    error: BaseException | None = None
    for address in destination.addresses:
        connection = _PinnedHTTPSConnection(
            destination.host, destination.port, address, timeout=timeout, context=context
        )
        try:
            connection.connect()
        except OSError as exc:  # refused or unreachable: the next address may answer
            connection.close()
            error = exc
            continue
        try:
            connection.request("POST", destination.path, body=body, headers=headers)
            return connection.getresponse().status
        finally:
            connection.close()
    raise error or OSError("the host resolved to no address")
