"""The `dipnews` command: serve, migrate, seed, ingest, keys."""

import argparse
import sys

from sqlmodel import Session, col


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


def _expiry(value: str):
    from datetime import UTC, datetime

    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date (2027-06-30 or 2027-06-30T12:00)") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def cmd_keys_create(args) -> int:
    from app.db import get_engine
    from app.services.keys import KeyRefused, create_key

    with Session(get_engine().execution_options(writing=True)) as session:
        try:
            key, secret = create_key(session, args.name, args.scope, args.expires)
        except KeyRefused as exc:
            print(f"no key created: {exc.detail}", file=sys.stderr)
            return 1
        session.commit()
        expiry = f", expires {key.expires_at:%Y-%m-%d %H:%M} UTC" if key.expires_at else ""
        print(f"created key {key.name!r} (id {key.id}, scope {key.scope}{expiry}); "
              "store it now, it is not shown again:", file=sys.stderr)
    print(secret)
    return 0


def cmd_keys_list(_args) -> int:
    from app.db import get_engine
    from app.models.base import utcnow
    from app.services.keys import list_keys

    with Session(get_engine()) as session:
        keys = list_keys(session)
    now = utcnow()
    print(f"{'id':>4}  {'name':<24} {'scope':<6} {'prefix':<11} {'created':<17} {'expires':<17} state")
    for key in keys:
        state = ("revoked" if key.revoked_at else
                 "expired" if key.expires_at and key.expires_at <= now else "active")
        expires = f"{key.expires_at:%Y-%m-%d %H:%M}" if key.expires_at else "never"
        print(f"{key.id:>4}  {key.name:<24} {key.scope:<6} {key.prefix + '…':<11} "
              f"{key.created_at:%Y-%m-%d %H:%M}  {expires:<17} {state}")
    return 0


def cmd_keys_revoke(args) -> int:
    from app.db import get_engine
    from app.services.keys import KeyRefused, get_key, revoke_key

    with Session(get_engine().execution_options(writing=True)) as session:
        try:
            key = revoke_key(session, get_key(session, args.key))
        except KeyRefused as exc:
            print(exc.detail, file=sys.stderr)
            return 1
        session.commit()
        print(f"revoked key {key.name!r} (id {key.id})")
    return 0


def has_active_key() -> bool:
    from sqlalchemy import select

    from app.db import get_engine
    from app.models import ApiKey

    with get_engine().connect() as connection:
        active = select(col(ApiKey.id)).where(col(ApiKey.revoked_at).is_(None)).limit(1)
        return connection.execute(active).first() is not None


def database_is_empty() -> bool:
    from sqlalchemy import select

    from app.db import get_engine
    from app.models import Article, Person

    with get_engine().connect() as connection:
        return all(connection.execute(select(col(m.id)).limit(1)).first() is None for m in (Article, Person))


def event_loop(settings) -> str:
    """uvicorn's loop: asyncio's when quick SQLite reads run on it, else uvloop's when installed.
    Under 32 connections, with reads answered on the loop, uvloop left some connections waiting
    (an article get's p99 80–140 ms, a list page's 240–390, against p90s of 21 and 60; asyncio's:
    22–32 and 81–98); with reads in the thread pool (PostgreSQL) uvloop's costs less CPU."""
    from app.db import is_sqlite

    reads = settings.read_database_url or settings.database_url
    return "asyncio" if settings.sqlite_reads_on_loop and is_sqlite(reads) else "auto"


def cmd_serve(args) -> int:
    import uvicorn

    from app.api.server import PROTOCOL
    from app.config import get_settings

    settings = get_settings()
    if not args.no_setup:
        if cmd_migrate(args) or (database_is_empty() and cmd_seed(args)):
            return 1
    if not has_active_key():
        print("No API key yet: reads are open, writes need one. Create the first with\n"
              "    uv run dipnews keys create --name admin --scope admin\n"
              "and send it as `Authorization: Bearer dn_...` (or Authorize in /docs).", file=sys.stderr)
    uvicorn.run(
        "app.main:app",
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        # X-Forwarded-For/-Proto only from the proxies named in FORWARDED_ALLOW_IPS (none by default)
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or None,
        server_header=False,
        http=PROTOCOL,  # uvicorn's own 400 (unparsable HTTP) as a problem too
        access_log=False,  # app.api.middleware writes a JSON access log instead
        # A worker imports the app (dictionaries included) before it answers the supervisor's
        # pings: ~4 s of CPU, 20 s and more on a loaded machine, where uvicorn's 5 s default
        # killed and restarted every worker before it could serve.
        timeout_worker_healthcheck=60,
        log_level="info",
        loop=event_loop(settings),
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
    keys = sub.add_parser("keys", help="API keys: create, list, revoke")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    create = key_commands.add_parser("create", help="make a key and print its secret once")
    create.add_argument("--name", required=True, help="who or what uses it (the change log records it)")
    create.add_argument("--scope", required=True, choices=("read", "write", "admin"),
                        help="read < write < admin")
    create.add_argument("--expires", type=_expiry, help="an ISO date or time (UTC unless given)")
    create.set_defaults(func=cmd_keys_create)
    key_commands.add_parser("list", help="every key, never the secrets").set_defaults(func=cmd_keys_list)
    revoke = key_commands.add_parser("revoke", help="stop a key at once")
    revoke.add_argument("key", metavar="NAME_OR_ID")
    revoke.set_defaults(func=cmd_keys_revoke)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
