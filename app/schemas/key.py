"""API keys as the API shows them: never the secret, except once, when created."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from app.schemas.common import ORMModel

Scope = Literal["read", "write", "admin"]
KeyName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100,
                                           pattern=r"^[\w.@:-]+( [\w.@:-]+)*$")]


class KeyCreate(BaseModel):
    name: KeyName = Field(description="Who or what uses the key; the change log records it.",
                          examples=["newsroom-importer"])
    scope: Scope = Field(description="read < write < admin.", examples=["write"])
    expires_at: datetime | None = Field(default=None, description="When the key stops working (UTC).",
                                        examples=["2027-06-30T00:00:00Z"])


class KeyPublic(ORMModel):
    id: int = Field(examples=[2])
    name: str = Field(examples=["newsroom-importer"])
    prefix: str = Field(description="The key's first characters, to tell keys apart.",
                        examples=["dn_Xq3vT9a"])
    scope: Scope = Field(examples=["write"])
    created_at: datetime
    expires_at: datetime | None = Field(examples=[None])
    revoked_at: datetime | None = Field(examples=[None])


class KeyCreated(KeyPublic):
    key: str = Field(description="The secret: shown this once, only its hash is stored.",
                     examples=["dn_Xq3vT9aLw0yF2mB7cN1dR8eK4hJ6gP5sU0iO3zA9tQe"])
