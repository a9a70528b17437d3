"""Content negotiation for every GET under /v1 (a pure ASGI middleware), one pass through the app.

`application/json` is the default; `application/ld+json` (schema.org) and `text/csv` (any list,
every row matching the filters) are rendered by the route's `Representation`
(`app.api.representations`) from the same typed objects as its JSON. This middleware only picks
the format from `Accept` (406 when nothing offered is acceptable), hands it to the route in the
scope, adds `Vary: Accept`, and turns a route's JSON answer to a request for another format into
a 406 (a route that offers only JSON, such as one candidate).
"""

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem_response

JSON, JSONLD, CSV = "application/json", "application/ld+json", "text/csv"
GEOJSON = "application/geo+json"  # place and event lists (app.api.geojson)
OFFERS = (JSON, JSONLD, CSV, GEOJSON)
FORMAT = "dipnews.format"  # scope key: the media type the route is to answer with


def preferred(accept: str, offers: tuple[str, ...] = OFFERS) -> str | None:
    """The offer the Accept header likes best (server order breaks ties); None if none is acceptable."""
    ranges = []
    for part in accept.split(","):
        media, *params = part.strip().split(";")
        q = 1.0
        for param in params:
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.strip().lower(), q))
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    aliases = {offer, "application/problem+json"} if offer == JSON else {offer}
    family = offer.split("/")[0] + "/*"
    specificity, quality = -1, 0.0
    for media, q in ranges:
        rank = 2 if media in aliases else 1 if media == family else 0 if media == "*/*" else -1
        if rank > specificity:
            specificity, quality = rank, q
    return quality


def _not_acceptable(scope: Scope, detail: str) -> Response:
    return problem_response(Request(scope), 406, "Not Acceptable", detail, "not-acceptable",
                            headers={"Vary": "Accept"})


class ContentNegotiation:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        choice = preferred(Headers(scope=scope).get("accept") or "*/*")
        if choice is None:
            response = _not_acceptable(scope, f"This resource is available as {', '.join(OFFERS)} "
                                              "(CSV for lists only).")
            await response(scope, receive, send)
            return
        scope[FORMAT] = choice
        await self.app(scope, receive, self._checked(scope, receive, send, choice))

    @staticmethod
    def _checked(scope: Scope, receive: Receive, send: Send, choice: str) -> Send:
        refused = False

        async def wrapped(message: Message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                answered_json = headers.get("content-type", "").startswith(JSON)
                if choice != JSON and message["status"] < 300 and answered_json:
                    refused = True
                    response = _not_acceptable(scope, f"This resource is offered as {JSON} only; "
                                                      "ask for application/json here.")
                    await response(scope, receive, send)
                    return
                headers.append("Vary", "Accept")
            elif refused:
                return
            await send(message)

        return wrapped
