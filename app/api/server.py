"""uvicorn's HTTP protocols, with the one answer they write themselves (a request that cannot be
parsed as HTTP: an over-long URL or header, a control character in a header) as a problem like
every other error instead of plain text. `dipnews serve` passes `PROTOCOL` as uvicorn's `http`.

Each connection also gets `TCP_NODELAY`. asyncio sets it only on sockets whose protocol number
says TCP, and a worker of several (`WORKERS=2`) accepts on a listening socket inherited from the
supervisor that says 0: there Nagle's algorithm held every response's last segment until the
client's delayed ACK, 40 ms per request (22 req/s on one connection instead of 1,000)."""

import socket
from typing import Any

import orjson
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.errors import PROBLEM_JSON, TYPE_BASE


def problem_400(msg: str) -> bytes:
    return orjson.dumps({
        "type": TYPE_BASE + "bad-request", "title": "Bad Request", "status": 400,
        "detail": f"The request cannot be read as HTTP ({msg.rstrip('.')}): check the URL's length "
                  "and that no header holds control characters.",
    })


def _raw_400(msg: str) -> bytes:
    body = problem_400(msg)
    return (b"HTTP/1.1 400 Bad Request\r\ncontent-type: " + PROBLEM_JSON.encode() + b"\r\ncontent-length: "
            + str(len(body)).encode() + b"\r\ncache-control: no-store\r\nconnection: close\r\n\r\n" + body)


class _Ours:
    """What dipnews changes in either of uvicorn's HTTP protocols (mixed in before it)."""

    transport: Any

    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # a connection already gone: nothing to send anyway
                pass
        super().connection_made(transport)  # type: ignore[misc]

    def send_400_response(self, msg: str) -> None:
        self.transport.write(_raw_400(msg))
        self.transport.close()


class ProblemH11Protocol(_Ours, H11Protocol):
    pass


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class ProblemHttpToolsProtocol(_Ours, HttpToolsProtocol):
        pass

    PROTOCOL: type = ProblemHttpToolsProtocol
except ImportError:  # httptools is optional in uvicorn
    PROTOCOL = ProblemH11Protocol
