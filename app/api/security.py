"""Who may do what: API keys and their scopes, checked for every route in one place.

`authorize` is an app-wide dependency: it reads the key (`Authorization: Bearer dn_...` or
`X-API-Key: dn_...`), decides the scope the request needs from its method and path
(`required_scope`), spends one request of the caller's rate-limit budget, and hands the key's
name to the access log and to the change log. Routers stay unaware. `app.api.openapi`
documents the same rules per operation from `required_scope`.
"""

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.api.queries import once_each
from app.config import get_settings
from app.db import SAFE_METHODS, get_session, reading, run_sync
from app.errors import Forbidden, Unauthorized
from app.services import keys as key_service
from app.services.changes import current_actor  # the key's name goes into the change log

ADMIN_PATHS = ("/v1/keys", "/v1/audit")
ACCESS = "dipnews.access"  # per-request dict the middleware reads: key name, rate-limit headers
REALM = 'Bearer realm="dipnews"'


def required_scope(method: str, path: str, require_read_key: bool | None = None) -> str | None:
    """The scope a request needs; None when anyone may make it."""
    if not path.startswith("/v1/"):
        return None
    if any(path == p or path.startswith(p + "/") for p in ADMIN_PATHS):
        return "admin"
    if method.upper() not in SAFE_METHODS:
        return "write"
    if require_read_key is None:
        require_read_key = get_settings().require_read_key
    return "read" if require_read_key else None


def presented_secret(request: Request) -> str | None:
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise Unauthorized("Send the key as `Authorization: Bearer dn_...` (or `X-API-Key: dn_...`).",
                               headers={"WWW-Authenticate": REALM + ', error="invalid_request"'})
        return credentials.strip()
    return request.headers.get("x-api-key") or None


def _lookup(session: Session, secret: str, writing: bool) -> key_service.Verdict:
    """The key's verdict. For a writing request the lookup is a read transaction of its own that
    ends here: on SQLite a writing request's transaction takes the one write lock, which must
    not be held while the body is still arriving or a document is being analysed."""
    if writing:
        with reading(session):
            return _lookup(session, secret, writing=False)
    verdict = key_service.verify(session, secret)
    if verdict.key is not None:
        session.expunge(verdict.key)
    return verdict


async def authorize(request: Request, session: Annotated[Session, Depends(get_session)]) -> None:
    """The app-wide dependency. It shares the route's session (one per request, lazily
    connected); a write's key is checked in a read transaction before the route's own. Then a
    single-valued query parameter sent twice is refused (`app.api.queries.once_each`): one
    dependency rather than two, as FastAPI's solving costs per dependency on every request."""
    await _authorize(request, session)
    once_each(request)


async def _authorize(request: Request, session: Session) -> None:
    scope = request.scope
    path = scope["path"]
    if not path.startswith("/v1/"):
        return
    needed = required_scope(request.method, path)
    secret = presented_secret(request)
    access = scope.get(ACCESS)
    if access is None:  # an app without the edge middleware (some tests): a dict of its own
        access = scope[ACCESS] = {}
    key = None
    if secret is not None:
        # A request the middlewares replay inside this one (a CSV's further pages, the current
        # representation an If-Match is checked against) shares `access`: one lookup, one hit.
        verdict = access.get("verdict")
        if verdict is None:
            verdict = access["verdict"] = await run_sync(
                _lookup, session, secret, request.method not in SAFE_METHODS)
        if verdict.key is None:
            raise Unauthorized(verdict.problem or "The API key is refused.",
                               headers={"WWW-Authenticate": REALM + ', error="invalid_token"'})
        key = verdict.key
        current_actor.set(key.name)
        access["key"] = key.name
    else:
        current_actor.set(None)
    limits = getattr(request.app.state, "rate_limits", None)
    if limits is not None and "headers" not in access:
        client = scope["client"][0] if scope.get("client") else "-"
        identity = f"key:{key.id}" if key else f"address:{client}"
        access["headers"] = await limits.spend(identity, key is not None)
    if needed is None:
        return
    if key is None:
        raise Unauthorized(f"This needs an API key with the `{needed}` scope: send "
                           "`Authorization: Bearer dn_...` (`dipnews keys create` makes one).",
                           headers={"WWW-Authenticate": REALM})
    if not key_service.scope_allows(key.scope, needed):
        raise Forbidden(f"The API key {key.name!r} has the `{key.scope}` scope; this needs `{needed}`.",
                        headers={"WWW-Authenticate":
                                 REALM + f', error="insufficient_scope", scope="{needed}"'})
