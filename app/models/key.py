"""API keys: who may write. Only a hash of each key is stored."""

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, utcnow

KEY_SCOPES = ("read", "write", "admin")


class ApiKey(SQLModel, table=True):
    """One key: its name (what the audit log records), scope, expiry and the SHA-256 of its secret."""

    __tablename__ = "api_key"
    __table_args__ = (CheckConstraint("scope IN ('read', 'write', 'admin')", name="scope"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    prefix: str = Field(max_length=16)  # the first characters, to recognise a key in a list
    secret_hash: str = Field(max_length=64, unique=True)
    scope: str = Field(max_length=10)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
