from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class NamesVersion(SQLModel, table=True):
    """One row: which state of the known names (entities and aliases) the database holds.

    Every write of an entity or alias bumps it in the same transaction (`version` counts, `token`
    is new each time, so a rolled-back bump is never mistaken for a later one); each process
    keeps the name matcher built for the token it last saw (app.mentions.matcher).
    """

    __tablename__ = "names_version"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    token: str = Field(max_length=32)
