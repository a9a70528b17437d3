"""A real `dipnews serve`: what uvicorn answers by itself, before the app sees a request (a
request line or header it cannot parse), is a problem like every other error."""

import socket
from urllib.parse import urlsplit

import orjson

from tests.access.live import serve


def raw(url: str, request: bytes) -> tuple[bytes, bytes]:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        conn.sendall(request)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


def test_unparsable_requests_get_a_problem(engine):
    with serve() as server:
        cases = {
            "control character in a header": b"GET /v1/persons HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                             b"X-Note: a\x01b\r\n\r\n",
            "header line without a colon": b"GET /v1/persons HTTP/1.1\r\nHost: 127.0.0.1\r\nbroken\r\n\r\n",
        }
        for why, request in cases.items():
            head, body = raw(server.url, request)
            assert head.startswith(b"HTTP/1.1 400"), (why, head)
            assert b"content-type: application/problem+json" in head.lower(), (why, head)
            problem = orjson.loads(body)
            assert problem["status"] == 400
            assert "cannot be read as HTTP" in problem["detail"], why
