"""Fair use: a request budget per API key, and per client address for requests without one.

Built on `limits` (a sliding-window counter: a smoothed budget per window, refilled as the
window slides, like a token bucket that holds at most one window's worth). Counters live in
the process by default, and in Redis when `REDIS_URL` is set, so every worker and container
draws on one budget. Answers carry `RateLimit-Policy` and `RateLimit` (IETF httpapi draft);
a request over budget is a 429 problem with `Retry-After`.
"""

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from app.config import Settings
from app.errors import TooManyRequests


@dataclass(frozen=True)
class Budget:
    policy: str
    headers: list[tuple[bytes, bytes]]


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.storage: Storage = (
            RedisStorage(f"async+{settings.redis_url}", implementation="redispy",
                         key_prefix=settings.rate_limit_namespace)
            if settings.redis_url else MemoryStorage()
        )
        self.limiter = SlidingWindowCounterRateLimiter(self.storage)
        self.anonymous = parse(settings.rate_limit_anonymous)
        self.keyed = parse(settings.rate_limit_key)

    async def spend(self, identity: str, keyed: bool) -> list[tuple[bytes, bytes]]:
        """Take one request from `identity`'s budget: the headers to send, or TooManyRequests."""
        item: RateLimitItem = self.keyed if keyed else self.anonymous
        name = "key" if keyed else "address"
        allowed = await self.limiter.hit(item, identity)
        stats = await self.limiter.get_window_stats(item, identity)
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        window = item.get_expiry()
        headers = [
            (b"ratelimit-policy", f'"{name}";q={item.amount};w={window}'.encode()),
            (b"ratelimit", f'"{name}";r={stats.remaining};t={reset}'.encode()),
        ]
        if not allowed:
            retry = str(max(1, reset))
            raise TooManyRequests(
                f"More than {item.amount} requests in {window} s from this "
                f"{'API key' if keyed else 'address'}; retry in {retry} s.",
                headers={"Retry-After": retry, **{k.decode(): v.decode() for k, v in headers}},
            )
        return headers
