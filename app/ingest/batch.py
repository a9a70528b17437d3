"""Ingest many files: one transaction per document, so one bad file never stops the others."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.errors import AppError
from app.mentions.matcher import current_matcher
from app.services.ingestion import decode_document, ingest_document


@dataclass
class BatchReport:
    created: list[Path] = field(default_factory=list)
    present: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)


def document_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the `*.txt` files under folders, in a stable order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        out.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()) if path.is_dir() else [path])
    return out


def ingest_files(
    session: Session, paths: list[Path], max_bytes: int, on_done: Callable[[Path], None] = lambda _: None,
) -> BatchReport:
    report = BatchReport()
    matcher = current_matcher(session)  # known names do not change while a batch runs
    session.commit()
    for path in paths:
        try:
            if path.stat().st_size > max_bytes:
                raise ValueError(f"larger than {max_bytes} bytes")
            result = ingest_document(session, decode_document(path.read_bytes()), matcher=matcher)
            session.commit()
            (report.created if result.created else report.present).append(path)
        except (AppError, OSError, ValueError, SQLAlchemyError) as exc:
            session.rollback()
            report.failed.append((path, getattr(exc, "detail", None) or str(exc).splitlines()[0]))
        on_done(path)
    return report
