"""uvicorn's HTTP protocols, with the one answer they write themselves (a request that cannot be
parsed as HTTP: an over-long URL or header, a control character in a header) as a problem like
every other error instead of plain text. `dipnews serve` passes `PROTOCOL` as uvicorn's `http`."""

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


class ProblemH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        self.transport.write(_raw_400(msg))
        self.transport.close()


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class ProblemHttpToolsProtocol(HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:
            self.transport.write(_raw_400(msg))
            self.transport.close()

    PROTOCOL: type = ProblemHttpToolsProtocol
except ImportError:  # httptools is optional in uvicorn
    PROTOCOL = ProblemH11Protocol
