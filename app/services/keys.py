"""API keys: created with a secret shown once, stored as a SHA-256, checked in constant time.

A key is `dn_` followed by 43 URL-safe characters (256 random bits), so secret scanners can
recognise a leaked one by its prefix and nobody can guess one. With that much entropy a plain
SHA-256 is as safe to store as a slow password hash, and cheap enough to check on every request.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from app.errors import Conflict, NotFound, Unprocessable
from app.models.base import utcnow
from app.models.key import KEY_SCOPES, ApiKey

KEY_PREFIX = "dn_"
KeyRefused = (Conflict, NotFound, Unprocessable)  # what the key commands report (`dipnews keys`)
SHOWN_PREFIX = 10  # `dn_` and 7 characters: enough to tell keys apart, far too few to guess one


def scope_allows(scope: str, needed: str) -> bool:
    """read < write < admin."""
    return KEY_SCOPES.index(scope) >= KEY_SCOPES.index(needed)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    key: ApiKey | None
    problem: str | None  # why the secret is refused, when it is


def create_key(session: Session, name: str, scope: str, expires_at: datetime | None = None
               ) -> tuple[ApiKey, str]:
    """A new key and its secret, which is not stored and cannot be shown again."""
    if scope not in KEY_SCOPES:
        raise Unprocessable(f"The scope must be one of {', '.join(KEY_SCOPES)}.")
    if expires_at is not None:
        expires_at = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
        if expires_at <= utcnow():
            raise Unprocessable(
                f"The expiry {expires_at:%Y-%m-%d %H:%M} UTC is past: the key would never work.")
    if session.execute(select(col(ApiKey.id)).where(col(ApiKey.name) == name)).first() is not None:
        raise Conflict(f"A key named {name!r} exists; revoke it or choose another name.")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, prefix=secret[:SHOWN_PREFIX], secret_hash=hash_secret(secret),
                 scope=scope, expires_at=expires_at)
    session.add(key)
    session.flush()
    return key, secret


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.execute(select(ApiKey).order_by(col(ApiKey.id))).scalars())


def get_key(session: Session, ref: str) -> ApiKey:
    """A key by id or name."""
    where = (col(ApiKey.id) == int(ref) if ref.isascii() and ref.isdigit() and len(ref) < 19
             else col(ApiKey.name) == ref)
    key = session.execute(select(ApiKey).where(where)).scalars().first()
    if key is None:
        raise NotFound(f"No API key with id or name {ref!r}.")
    return key


def revoke_key(session: Session, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        session.flush()
    return key


def verify(session: Session, secret: str) -> Verdict:
    """The key a secret belongs to, or why it is refused."""
    if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
        return Verdict(None, "The API key is malformed (dipnews keys start with `dn_`).")
    digest = hash_secret(secret)
    key = session.execute(select(ApiKey).where(col(ApiKey.secret_hash) == digest)).scalars().first()
    # Looked up by its hash, so the lookup reveals nothing of the secret; compared once more in
    # constant time all the same.
    if key is None or not hmac.compare_digest(key.secret_hash, digest):
        return Verdict(None, "The API key is unknown.")
    if key.revoked_at is not None:
        return Verdict(None, f"The API key {key.name!r} was revoked.")
    if key.expires_at is not None and key.expires_at <= utcnow():
        return Verdict(None, f"The API key {key.name!r} expired at {key.expires_at:%Y-%m-%dT%H:%M:%SZ}.")
    return Verdict(key, None)
