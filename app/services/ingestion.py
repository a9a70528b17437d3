"""Ingest plain-text documents: check the bytes, parse, store once, link, propose new people."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.errors import Unprocessable
from app.mentions.matcher import current_matcher, names_token
from app.models import Article, Candidate, CandidateMention, Mention
from app.models.base import id_of, table_of
from app.schemas.article import ArticleCreate
from app.services import articles
from app.services.analysis import Analysis, analyse
from app.services.candidates import record_candidates
from app.services.media import find_media, media_of_url, media_organization
from app.text.names import NameMatcher
from app.text.parsing import ParsedDocument, parse_document

CONTROL_SHARE = 0.05  # more control characters than this and the "text" is binary
TEXT_CONTROLS = frozenset("\n\r\t\f\v")


@dataclass
class DocumentMeta:
    published_at: datetime | None = None
    url: str | None = None
    outlet: str | None = None
    language: str = "uk"


@dataclass
class IngestResult:
    article: Article
    created: bool
    candidates: list[Candidate] = field(default_factory=list)
    truncated: bool = False  # the analysis reached a cap (app.services.analysis)


def decode_document(raw: bytes) -> str:
    """The text of a document's bytes; a problem for empty, non-UTF-8 or binary content."""
    if not raw.strip():
        raise Unprocessable("The document is empty: send UTF-8 text, its title on the first line.")
    if b"\x00" in raw:
        # 422 as for a NUL in any JSON field: no engine stores it, and both answer alike
        raise Unprocessable("The document contains NUL bytes (U+0000): send UTF-8 text without them.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # 422 like an empty or NUL-bearing document: the request is well formed, its text is not
        raise Unprocessable(
            f"The document is not valid UTF-8 (byte {exc.start}): re-encode it as UTF-8."
        ) from exc
    controls = sum(1 for ch in text if ch < " " and ch not in TEXT_CONTROLS)
    if controls > CONTROL_SHARE * len(text):
        raise Unprocessable(f"The document has {controls} control characters: it looks binary, not text.")
    return text


def _parse(text: str) -> ParsedDocument:
    try:
        parsed = parse_document(text)
    except ValueError as exc:
        raise Unprocessable(f"The document cannot be read: {exc}.") from exc
    if not parsed.body:
        raise Unprocessable("The document has a title line but no body below it.")
    return parsed


def _article_data(parsed: ParsedDocument, meta: DocumentMeta) -> ArticleCreate:
    try:
        return ArticleCreate(
            title=parsed.title, body=parsed.body, lead=parsed.lead, language=meta.language,
            published_at=meta.published_at, url=meta.url,
            outlet=meta.outlet or (parsed.outlet or "")[:200] or None,
            original_source=(parsed.original_source or "")[:200] or None,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise Unprocessable(f"The document cannot be stored: {where}: {first['msg']}.") from exc


@dataclass
class PreparedDocument:
    """A document parsed, validated and analysed, ready to store: everything but the writes."""

    data: ArticleCreate
    digest: str
    names_token: str | None  # the names version its analysis matched against
    analysis: Analysis
    media: dict[str, int | None]  # the known organizations its outlet and source name


def prepare_document(
    session: Session, text: str, meta: DocumentMeta | None = None, matcher: NameMatcher | None = None,
) -> PreparedDocument:
    """Parse and analyse a document, reading only: run it before the write transaction opens,
    so no writer waits on this document's text analysis (bounded: see app.services.analysis)."""
    meta = meta or DocumentMeta()
    parsed = _parse(text)
    data = _article_data(parsed, meta)
    token = names_token(session)
    matcher = matcher or current_matcher(session)
    media = _known_attribution(session, parsed, data, meta, matcher)
    analysis = analyse(data.title, data.body, matcher)
    return PreparedDocument(data, articles.content_hash_of(data.title, data.body), token, analysis, media)


def store_document(session: Session, prepared: PreparedDocument, *, reanalyse: bool = True) -> IngestResult:
    """Store a prepared document once (by the hash of its normalised text): the writes only.

    Concurrent posts of one text: the first stores it, the others find it (after the unique
    index made them wait for the first to commit) and answer with it. When the known names
    changed since the analysis, `reanalyse` matches again here, in the write transaction; the
    API passes False and calls `catch_up` after the commit instead, which analyses outside it."""
    for attempt in range(2):
        existing = _by_hash(session, prepared.digest)
        if existing is not None:
            return IngestResult(existing, created=False, candidates=pending_candidates_of(session, existing))
        if reanalyse and names_token(session) != prepared.names_token:  # names changed: again
            data = prepared.data
            prepared.analysis = analyse(data.title, data.body, current_matcher(session))
            prepared.names_token = names_token(session)
        try:
            with session.begin_nested():
                article = articles.store_article(
                    session, prepared.data, prepared.digest, prepared.analysis, **prepared.media,
                )
                _create_new_media(session, article)
                proposed = record_candidates(session, id_of(article), prepared.analysis.names)
        except IntegrityError:
            # another writer stored this text, or proposed one of its names, or took its slug,
            # and committed first: look again (once)
            if attempt:
                raise
            continue
        return IngestResult(article, created=True, candidates=proposed,
                            truncated=prepared.analysis.truncated)
    raise AssertionError("unreachable")


def catch_up(
    session: Session, article_id: int, prepared: PreparedDocument,
    reading: Callable[[Session], AbstractContextManager], writing: Callable[[Session], object],
    attempts: int = 3,
) -> None:
    """After storing with `reanalyse=False` and committing: if the known names changed while the
    document was analysed, link the stored article against the current names, analysing outside
    the write transaction. Name writes committed after the article relink it themselves, so this
    only closes the window of the analysis; it retries while the names keep moving (bounded).
    `reading`: app.db.reading, the read-only stretch that holds no write lock; `writing`:
    app.db.writing, which begins the write transaction that follows it as one."""
    token = prepared.names_token
    for _ in range(attempts):
        with reading(session):
            current = names_token(session)
            if current == token:
                return
            data = prepared.data
            analysis = analyse(data.title, data.body, current_matcher(session))
        writing(session)
        if names_token(session) != current:  # the write transaction: did they move again?
            session.rollback()
            continue
        session.execute(delete(Mention).where(col(Mention.article_id) == article_id))
        if analysis.mentions:
            session.execute(insert(table_of(Mention)), [
                {**row, "article_id": article_id} for row in analysis.mentions
            ])
        session.commit()
        return


def ingest_document(
    session: Session, text: str, meta: DocumentMeta | None = None, matcher: NameMatcher | None = None,
) -> IngestResult:
    """Prepare and store a document in one go (the CLI and batch ingest; one transaction).

    Pass a `matcher` built once when ingesting many documents against the same known names.
    """
    return store_document(session, prepare_document(session, text, meta, matcher))


def _by_hash(session: Session, digest: str) -> Article | None:
    return session.execute(select(Article).where(col(Article.content_hash) == digest)).scalar_one_or_none()


def _known_attribution(
    session: Session, parsed: ParsedDocument, data: ArticleCreate, meta: DocumentMeta, matcher: NameMatcher,
) -> dict[str, int | None]:
    """The known organizations the outlet and the source name (updating `data`'s names in place).

    An outlet named only by a bare verb ("Про це повідомляє BELTA") that is a known news agency,
    in a text that names no source, is the original source: outlets relay agencies' reports.
    With no outlet in the text, a `url` whose host spells a known outlet names it (services.media).
    """
    outlet = find_media(session, data.outlet, matcher) if data.outlet else None
    source = find_media(session, data.original_source, matcher) if data.original_source else None
    if (outlet is not None and data.original_source is None and not meta.outlet and not parsed.outlet_explicit
            and outlet.kind == "news_agency"):
        data.original_source, data.outlet, source, outlet = data.outlet, None, outlet, None
    if data.outlet is None and meta.url and (outlet := media_of_url(session, meta.url)) is not None:
        data.outlet = outlet.name
    return {"outlet_id": outlet.id if outlet else None, "original_source_id": source.id if source else None}


def _create_new_media(session: Session, article: Article) -> None:
    """Outlets and sources no organization is known for become organizations of kind `media`,
    created after the article so that creating them links their mentions in it too."""
    if article.outlet and article.outlet_id is None:
        article.outlet_id = media_organization(session, article.outlet)
    if article.original_source and article.original_source_id is None:
        article.original_source_id = media_organization(session, article.original_source)


def pending_candidates_of(session: Session, article: Article) -> list[Candidate]:
    return list(session.execute(
        select(Candidate).where(
            col(Candidate.status) == "pending",
            col(Candidate.id).in_(
                select(col(CandidateMention.candidate_id))
                .where(col(CandidateMention.article_id) == article.id)
            ),
        ).order_by(col(Candidate.id))
    ).scalars())
