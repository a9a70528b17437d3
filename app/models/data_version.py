from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class DataVersion(SQLModel, table=True):
    """One row: which state of the data the database holds, for the response cache.

    Every transaction that writes anything bumps it before it commits (`app.db.keep_data_version`),
    so a cached response built at `(token, version)` is current exactly while the row still reads
    that. `token` is made once per database, so a recreated database never matches an old entry.
    """

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    token: str = Field(max_length=32)
