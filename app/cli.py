"""The `dipnews` command: serve, migrate, seed, ingest."""

import argparse
import sys

from sqlmodel import Session


def cmd_migrate(_args) -> int:
    from app.db import get_engine
    from app.migrate import upgrade_if_behind

    upgrade_if_behind(get_engine())
    print("database at the latest migration")
    return 0


def cmd_seed(_args) -> int:
    from app.db import get_engine
    from app.ingest.seed import SeedError, load_documents, seed

    try:
        docs = load_documents()
    except SeedError as exc:
        print(f"seed rejected, nothing written: {exc}", file=sys.stderr)
        return 1
    with Session(get_engine().execution_options(writing=True)) as session:
        counts = seed(session, docs)
        session.commit()
    print(f"seeded {counts['articles']} article(s), {counts['events']} event(s)")
    return 0


def cmd_ingest(args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from app.config import get_settings
    from app.db import get_engine
    from app.ingest.batch import document_paths, ingest_files

    console = Console(stderr=True)
    paths = document_paths(args.paths)
    columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Session(get_engine().execution_options(writing=True)) as session, Progress(
        *columns, console=console, disable=not paths
    ) as progress:
        task = progress.add_task("ingest", total=len(paths))
        report = ingest_files(
            session, paths, get_settings().max_document_bytes, lambda _: progress.advance(task)
        )
    counts = len(report.created), len(report.present), len(report.failed)
    print("created {}, already present {}, failed {}".format(*counts))
    for path, reason in report.failed:
        print(f"failed: {path}: {reason}", file=sys.stderr)
    return 1 if report.failed or not paths else 0


def database_is_empty() -> bool:
    from sqlalchemy import select

    from app.db import get_engine
    from app.models import Article, Person

    with get_engine().connect() as connection:
        return all(connection.execute(select(m.id).limit(1)).first() is None for m in (Article, Person))


def cmd_serve(args) -> int:
    import uvicorn

    from app.config import get_settings

    settings = get_settings()
    if not args.no_setup:
        if cmd_migrate(args) or (database_is_empty() and cmd_seed(args)):
            return 1
    uvicorn.run(
        "app.main:app",
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        proxy_headers=True,
        log_level="info",
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dipnews", description="Diplomatic news API.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate, seed the database if it is empty, and serve the API")
    serve.add_argument("--host", help="default 127.0.0.1 (HOST)")
    serve.add_argument("--port", type=int, help="default 8000 (PORT)")
    serve.add_argument("--workers", type=int, help="uvicorn worker processes (WORKERS)")
    serve.add_argument("--no-setup", action="store_true", help="skip migrate and seed")
    serve.set_defaults(func=cmd_serve)
    migrate = sub.add_parser("migrate", help="upgrade the database to the latest migration")
    migrate.set_defaults(func=cmd_migrate)
    sub.add_parser("seed", help="load the packaged documents and annotations").set_defaults(func=cmd_seed)
    ingest = sub.add_parser("ingest", help="ingest plain-text documents (files or folders of *.txt)")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.set_defaults(func=cmd_ingest)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
