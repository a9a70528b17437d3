"""Ingest plain-text documents: check the bytes, parse, store once, link, propose new people."""

from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import select
from sqlmodel import Session, col

from app.errors import BadRequest, Unprocessable
from app.mentions.matcher import current_matcher
from app.models import Article, Candidate, CandidateMention
from app.schemas.article import ArticleCreate
from app.services import articles
from app.services.candidates import propose_candidates
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


def decode_document(raw: bytes) -> str:
    """The text of a document's bytes; a problem for empty, non-UTF-8 or binary content."""
    if not raw.strip():
        raise Unprocessable("The document is empty: send UTF-8 text, its title on the first line.")
    if b"\x00" in raw:
        raise BadRequest("The document contains NUL bytes: it looks binary, not UTF-8 text.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            f"The document is not valid UTF-8 (byte {exc.start}): re-encode it as UTF-8."
        ) from exc
    controls = sum(1 for ch in text if ch < " " and ch not in TEXT_CONTROLS)
    if controls > CONTROL_SHARE * len(text):
        raise BadRequest(f"The document has {controls} control characters: it looks binary, not text.")
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


def ingest_document(
    session: Session, text: str, meta: DocumentMeta | None = None, matcher: NameMatcher | None = None,
) -> IngestResult:
    """Store a document once (by the hash of its normalised text) and link what it names.

    Pass a `matcher` built once when ingesting many documents against the same known names.
    """
    meta = meta or DocumentMeta()
    parsed = _parse(text)
    data = _article_data(parsed, meta)
    digest = articles.content_hash_of(data.title, data.body)
    existing = session.execute(select(Article).where(Article.content_hash == digest)).scalar_one_or_none()
    if existing is not None:
        return IngestResult(existing, created=False, candidates=pending_candidates_of(session, existing))
    matcher = matcher or current_matcher(session)
    known = _known_attribution(session, parsed, data, meta, matcher)
    article, mentions = articles.store_article(session, data, digest, matcher, **known)
    _create_new_media(session, article)
    return IngestResult(article, created=True, candidates=propose_candidates(session, article, mentions))


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
            Candidate.status == "pending",
            col(Candidate.id).in_(
                select(CandidateMention.candidate_id).where(CandidateMention.article_id == article.id)
            ),
        ).order_by(Candidate.id)
    ).scalars())
