"""The full-text shadow is kept by whoever writes, not only by code that imported app.search:
a script that imports just the models and the engine factory still indexes what it writes."""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import create_engine, text

from app.migrate import upgrade
from tests.helpers import DATABASE_URL
from tests.scratch_db import scratch_database

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = textwrap.dedent("""
    import sys
    from sqlmodel import Session
    from app.db import make_engine
    from app.models import Article

    with Session(make_engine(sys.argv[1])) as session:
        session.add(Article(slug="skrypt", title="Посли зустрілися у Вільнюсі",
                            body="Посли зустрілися у Вільнюсі.", content_hash="skrypt-1"))
        session.commit()
    assert "app.search.fulltext" not in sys.modules  # nothing but app.db registered the shadow
""")


def test_a_script_that_imports_only_models_and_db_keeps_the_index():
    with scratch_database(DATABASE_URL) as url:
        upgrade(url)
        subprocess.run([sys.executable, "-c", SCRIPT, url], cwd=ROOT, check=True, timeout=120)
        engine = create_engine(url)
        key = "rowid" if url.startswith("sqlite") else "id"
        with engine.connect() as connection:
            shadow = connection.execute(text(
                f"SELECT title FROM article_fts WHERE {key} = "
                "(SELECT id FROM article WHERE slug = 'skrypt')"
            )).scalar()
        engine.dispose()
    assert shadow is not None  # the script's article has its shadow row
    assert "вільнюс" in re.split(r"[ |]", shadow)  # the lemmas of its title
