"""The floor: the five benchmark reads as raw SQL in one `async def` each, orjson, no framework work.

Served by uvicorn (`uvicorn tests.bench.floor_app:app`) against the same database as dipnews, so
the concurrent benchmark shows how far dipnews' request path is from what the engine alone costs.
`FLOOR_DATABASE_URL` is `sqlite:///FILE` or `postgresql://...` (psycopg). Not part of the API.
"""

import os
import sqlite3
import urllib.parse

import orjson

URL = os.environ.get("FLOOR_DATABASE_URL", "")
COLUMNS = ("id, slug, title, lead, language, published_at, outlet, original_source, url, created_at, "
           "updated_at, version")
ORDER = "coalesce(published_at, '0001-01-01 00:00:00+00')"  # as in the order index (app.models.base)
LIST = f"select {COLUMNS} from article order by {ORDER} desc, id desc limit 20"
GET = f"select {COLUMNS}, body from article where id = ?"
DEEP = (f"select {COLUMNS} from article where {ORDER} <= {{v}} and ({ORDER} < {{v}} or id < ?) "
        f"order by {ORDER} desc, id desc limit 20")  # {v}: the bound as each engine compares it
SEARCH = (f"select {', '.join('a.' + c for c in COLUMNS.split(', '))} from (select rowid as id, "
          "bm25(article_fts, 4.0, 1.0) as rank from article_fts where article_fts match ? "
          "order by rank, id limit 20) as h join article a on a.id = h.id order by h.rank, h.id")
PERSON = (f"select {COLUMNS} from article where id in (select article_id from mention where person_id = "
          "(select id from person where slug = ?)) order by published_at desc, id desc limit 20")


class Database:
    def __init__(self, url: str):
        self.postgres = url.startswith("postgresql")
        if self.postgres:
            import psycopg

            plain = url.replace("postgresql+psycopg", "postgresql")
            self.connection = psycopg.connect(plain, autocommit=True)
        else:
            self.connection = sqlite3.connect(url.removeprefix("sqlite:///"), check_same_thread=False)

    def rows(self, sql: str, params: tuple = ()) -> list[dict]:
        if self.postgres:
            sql = sql.replace("?", "%s")
        cursor = self.connection.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


_db: Database | None = None


def database() -> Database:
    global _db
    if _db is None:
        _db = Database(URL)
    return _db


def _default(value):
    return value.isoformat()


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    path = scope["path"]
    query = dict(urllib.parse.parse_qsl(scope["query_string"].decode()))
    db = database()
    if path == "/list":
        body = {"items": db.rows(LIST)}
    elif path.startswith("/get/"):
        found = db.rows(GET, (int(path.rsplit("/", 1)[1]),))
        body = found[0] if found else {}
    elif path == "/person":
        body = {"items": db.rows(PERSON, (query.get("slug", "keith-kellogg"),))}
    elif path == "/deep":
        bound = "cast(? as timestamptz)" if db.postgres else "?"
        body = {"items": db.rows(DEEP.format(v=bound), (query["v"], query["v"], int(query["id"])))}
    elif path == "/search" and not db.postgres:
        body = {"items": db.rows(SEARCH, (query["m"],))}
    else:
        body = {"ok": True}
    payload = orjson.dumps(body, default=_default)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
