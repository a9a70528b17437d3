"""Identical misses arriving together are built once (`app.api.cache`): the first is built, the
others wait for it at the same data version and get its bytes, marked `collapsed` in
`Cache-Status`. What they share is never from before a write: a request that read a newer version
than the build started from goes through the app itself. The cache here wraps an app that answers
only when the test lets it, so the requests really are in flight together; the data version is
the test database's own row."""

import asyncio

import httpx
import pytest
from sqlalchemy import text

from app.api.cache import VERSION_SQL, ResponseCache
from app.db import BUMP, get_engine


class Held:
    """An app whose answers wait until `release` is set; it counts the requests it builds."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.built = 0
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send) -> None:
        self.built += 1
        number = self.built
        await self.release.wait()
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [(b"content-type", b"application/json"), (b"etag", f'"{number}"'.encode())]})
        await send({"type": "http.response.body", "body": f'{{"build": {number}}}'.encode()})


async def until(condition) -> None:
    for _ in range(500):  # at most 5 s
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the requests did not get there")


def bump_data_version() -> None:
    """A committed write, as far as the cache can tell: the row every write bumps."""
    with get_engine().begin() as connection:
        connection.execute(text(BUMP))


def run(scenario, status: int = 200) -> None:
    """`scenario(held, cache)` on a loop of its own: the cache in front of a held app."""
    held = Held(status)
    asyncio.run(scenario(held, ResponseCache(held)))


async def get_many(cache: ResponseCache, n: int, path: str = "/v1/articles?limit=3"):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cache), base_url="http://test") as client:
        return await asyncio.gather(*(client.get(path) for _ in range(n)))


@pytest.mark.usefixtures("engine")
def test_identical_misses_in_flight_together_are_built_once():
    async def scenario(held, cache):
        requests = asyncio.ensure_future(get_many(cache, 8))
        await until(lambda: held.built == 1 and cache.stats.waiting == 7)
        held.release.set()
        answers = await requests
        assert held.built == 1
        assert {a.status_code for a in answers} == {200}
        assert {a.content for a in answers} == {b'{"build": 1}'}
        assert {a.headers["etag"] for a in answers} == {'"1"'}
        statuses = sorted(a.headers["cache-status"] for a in answers)
        assert statuses == ["dipnews; fwd=uri-miss"] + ["dipnews; fwd=uri-miss; collapsed"] * 7
        again = (await get_many(cache, 1))[0]
        assert again.headers["cache-status"] == "dipnews; hit"
        assert again.content == b'{"build": 1}'
        assert held.built == 1

    run(scenario)


@pytest.mark.usefixtures("engine")
def test_a_request_after_a_write_does_not_share_a_build_from_before_it():
    async def scenario(held, cache):
        first = asyncio.ensure_future(get_many(cache, 1))
        await until(lambda: held.built == 1)
        bump_data_version()  # a write commits while the first answer is being built
        later = asyncio.ensure_future(get_many(cache, 3))
        # built by the app, not waiting for the first; the two after it wait for that new build
        await until(lambda: held.built == 2 and cache.stats.waiting == 2)
        held.release.set()
        (old,), news = await first, await later
        assert old.content == b'{"build": 1}'
        assert {new.content for new in news} == {b'{"build": 2}'}
        assert held.built == 2
        assert sorted(new.headers["cache-status"] for new in news) == [
            "dipnews; fwd=uri-miss", "dipnews; fwd=uri-miss; collapsed", "dipnews; fwd=uri-miss; collapsed"]
        assert (await get_many(cache, 1))[0].headers["cache-status"] == "dipnews; hit"

    run(scenario)


@pytest.mark.usefixtures("engine")
def test_when_the_first_answer_is_not_kept_each_waiting_request_is_built():
    async def scenario(held, cache):
        requests = asyncio.ensure_future(get_many(cache, 3))
        await until(lambda: held.built == 1 and cache.stats.waiting == 2)
        held.release.set()
        answers = await requests
        assert [a.status_code for a in answers] == [404] * 3
        assert held.built == 3  # an error is not shared: each asked for itself
        assert all("collapsed" not in a.headers["cache-status"] for a in answers)

    run(scenario, status=404)


def current_version() -> tuple[str, int]:
    with get_engine().connect() as connection:
        token, version = connection.execute(text(VERSION_SQL)).one()
    return token, version


@pytest.mark.usefixtures("engine")
def test_a_version_read_shared_by_requests_began_after_each_of_them_arrived():
    """Requests arriving together share version reads (on PostgreSQL one round trip answers many),
    but none is answered by a read that began before it arrived: a write committed in between
    would be missed. Each request here starts, then a write commits: the next request must see it."""
    async def scenario():
        reader = ResponseCache(Held()).reader()
        asked: list[tuple[asyncio.Task, int]] = []
        for _ in range(30):
            committed = current_version()[1]
            asked.append((asyncio.ensure_future(reader.current()), committed))
            for _ in range(3):
                await asyncio.sleep(0)  # let the read begin (or be joined)
            bump_data_version()
        burst = [asyncio.ensure_future(reader.current()) for _ in range(40)]
        latest = current_version()
        for task, committed in asked:
            state = await task
            assert state is not None
            assert state[1] >= committed  # never from before a write that committed before it asked
        assert {await task for task in burst} == {latest}
        reader.close()

    asyncio.run(scenario())
