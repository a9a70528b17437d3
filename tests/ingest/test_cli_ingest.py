"""`dipnews ingest PATH...` into a scratch database: a bad file never stops the others."""

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from app import cli
from app.config import get_settings
from app.db import get_engine, get_read_engine, make_engine
from app.models import Article, Candidate
from tests.helpers import DATABASE_URL
from tests.ingest.docs import NEW_CASES, NEW_PEOPLE
from tests.scratch_db import scratch_database


def _clear_caches() -> None:
    for cached in (get_engine, get_read_engine):
        if cached.cache_info().currsize:
            cached().dispose()
        cached.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def scratch_url(monkeypatch):
    with scratch_database(DATABASE_URL) as url:
        _clear_caches()
        monkeypatch.setenv("DATABASE_URL", url)
        try:
            yield url
        finally:
            _clear_caches()
            monkeypatch.setenv("DATABASE_URL", DATABASE_URL)
            _clear_caches()


def test_ingest_reports_created_present_and_failed(scratch_url, tmp_path, capsys):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(NEW_CASES, encoding="utf-8")
    (tmp_path / "news" / "b.txt").write_text(NEW_PEOPLE, encoding="utf-8")
    (tmp_path / "news" / "broken.txt").write_bytes("Заголовок\nТекст".encode("cp1251"))
    (tmp_path / "news" / "empty.txt").write_bytes(b"")
    again = tmp_path / "again.txt"
    again.write_text(NEW_PEOPLE, encoding="utf-8")
    assert cli.main(["migrate"]) == 0
    status = cli.main(["ingest", str(tmp_path / "news"), str(again), str(tmp_path / "missing.txt")])
    out, err = capsys.readouterr()
    assert status == 1
    assert "created 2, already present 1, failed 3" in out
    assert "broken.txt: The document is not valid UTF-8" in err
    assert "empty.txt: The document is empty" in err
    assert "missing.txt" in err
    engine = make_engine(scratch_url)
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 2
        names = set(session.execute(select(Candidate.name)).scalars())
    engine.dispose()
    assert {"Олег Петренко", "Ганна Кравчук"} <= names


def test_ingest_of_good_files_exits_zero(scratch_url, tmp_path, capsys):
    (tmp_path / "a.txt").write_text(NEW_PEOPLE, encoding="utf-8")
    assert cli.main(["migrate"]) == 0
    assert cli.main(["ingest", str(tmp_path / "a.txt")]) == 0
    assert "created 1, already present 0, failed 0" in capsys.readouterr().out
