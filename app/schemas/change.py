"""The change feed: what changed, in commit order, with tombstones for deletions."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

ChangeKind = Literal["article", "person", "organization", "place", "event"]
ChangeOp = Literal["create", "update", "delete", "restore"]


class ChangePublic(BaseModel):
    seq: int = Field(description="Position in the feed; later changes have larger numbers.", examples=[42])
    at: datetime = Field(description="When the change was committed (UTC).")
    kind: ChangeKind = Field(examples=["person"])
    id: int = Field(description="The resource's id.", examples=[1])
    ref: str = Field(description="The resource's slug at the time of the change.", examples=["keith-kellogg"])
    op: ChangeOp = Field(examples=["update"])
    version: int = Field(description="The resource's version after the change (a delete: its last one).",
                         examples=[2])
    deleted: bool = Field(description="A tombstone: the resource no longer exists as of this change.",
                          examples=[False])


class ChangeFeed(BaseModel):
    items: list[ChangePublic]
    next_since: str = Field(
        description="Pass as `since=` to read on. Never null: at the end of the feed it is where "
        "to poll from next.", examples=["42"],
    )
    has_more: bool = Field(description="More changes wait after this page.", examples=[False])
