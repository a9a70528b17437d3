"""`dipnews serve`'s HTTP protocol (app.api.server): every connection is sent without delay.

With `WORKERS=2` each worker accepts on a listening socket inherited from uvicorn's supervisor,
whose protocol number reads 0. asyncio sets `TCP_NODELAY` only on sockets that say TCP, so
there every response's last segment waited for the client's delayed ACK: 40 ms a request, 22
requests a second on a keep-alive connection instead of a thousand. The same listening socket
is made here and served by uvicorn with dipnews' protocol on asyncio's loop."""

import socket
import threading
import time

import httpx
import uvicorn

from app.api.server import PROTOCOL


async def hello(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


def test_a_connection_accepted_on_an_inherited_socket_is_sent_without_delay():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)  # protocol number 0, as inherited
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(hello, http=PROTOCOL, loop="asyncio", lifespan="off",
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):  # bounded: up to 10 s for the server to start
            if server.started:
                break
            time.sleep(0.05)
        assert server.started
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            assert client.get("/").text == "ok"
            connections = list(server.server_state.connections)
            assert len(connections) == 1
            accepted = connections[0].transport.get_extra_info("socket")
            assert accepted.proto == 0  # the case asyncio leaves alone
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
