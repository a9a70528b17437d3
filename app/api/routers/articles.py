"""/v1/articles: news articles, their mentions."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.api.conditional import IfMatch
from app.api.deps import ArticleRefPath, PageDep, SessionDep, UpdatedSince
from app.api.facets import FacetedPage, facet_names, facets_query
from app.api.representations import Listing, Representation, representation_of
from app.errors import problem_responses
from app.schemas.article import (
    ArticleCreate,
    ArticlePublic,
    ArticleSummary,
    ArticleUpdate,
    MentionPublic,
)
from app.schemas.common import Timestamp
from app.search.presentation import SEARCH_HELP, with_snippets
from app.search.shadow import ARTICLES
from app.search.texts import snippets
from app.services import articles as service
from app.services.analytics.facets import ARTICLE_FACETS, article_facets
from app.services.analytics.selection import matching_articles

router = APIRouter(prefix="/v1/articles", tags=["articles"])
ArticleRep = Annotated[Representation, representation_of("article")]


@router.get(
    "",
    operation_id="listArticles",
    summary="List articles",
    description="Articles newest first (`sort=-published_at`), filtered by date, outlet, language, "
    "a person, organization or place they name, or an event they report. Keyset-paginated: follow "
    "`next_cursor` or the `Link: rel=\"next\"` header. The body is left out of lists.",
    response_model=FacetedPage[ArticleSummary],
    responses=problem_responses(400, 404, 422),
)
def list_articles(
    rep: ArticleRep,
    page: PageDep,
    published_from: Annotated[Timestamp | None, Query(description="Published at or after (ISO 8601).")] = (
        None
    ),
    published_to: Annotated[Timestamp | None, Query(description="Published before (ISO 8601).")] = None,
    outlet: Annotated[str | None, Query(max_length=200, examples=["NewsWeek"])] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2}$", examples=["uk"])] = None,
    person: Annotated[str | None, Query(max_length=200, description="Person id or slug named in the article.",
                                        examples=["keith-kellogg"])] = None,
    organization: Annotated[str | None, Query(max_length=200, description="Organization id or slug named "
                                              "in the article.", examples=["belta"])] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place id or slug named in the article.",
                                       examples=["minsk"])] = None,
    event: Annotated[str | None, Query(max_length=200, description="Event id or slug the article reports.",
                                       examples=["kellogg-lukashenko-talks-minsk"])] = None,
    q: Annotated[str | None, Query(description=SEARCH_HELP, examples=["Лукашенку"])] = None,
    sort: Annotated[str | None, Query(
        description="published_at, created_at, title or id; `-` for descending. "
        "Default: relevance with `q`, else -published_at.",
        pattern=service.LISTING.sort_pattern,
    )] = None,
    updated_since: UpdatedSince = None,
    facets: Annotated[str | None, facets_query(ARTICLE_FACETS, "person,year")] = None,
):
    filters = service.ArticleFilters(
        published_from=published_from, published_to=published_to, outlet=outlet, language=language,
        person=person, organization=organization, place=place, event=event, q=q,
        updated_since=updated_since,
    )
    counted = facet_names(facets, ARTICLE_FACETS)
    return rep.pages(
        page, lambda params: service.list_articles(rep.session, filters, sort, params),
        lambda rows: with_snippets([ArticleSummary.model_validate(r) for r in rows],
                                   snippets(ARTICLES, rows, q, rep.session)),
        ArticleSummary,
        facets=article_facets(rep.session, matching_articles(rep.session, filters), counted)
        if counted else None,
    )


@router.post(
    "",
    operation_id="createArticle",
    summary="Create an article",
    description="Stores an article from JSON and links the persons, organizations and places it "
    "names. To ingest a plain-text document, use `POST /v1/documents`.",
    status_code=status.HTTP_201_CREATED,
    response_model=ArticlePublic,
    responses=problem_responses(409, 422),
)
def create_article(data: ArticleCreate, session: SessionDep, response: Response):
    article = service.create_article(session, data)
    session.commit()
    response.headers["Location"] = f"/v1/articles/{article.id}"
    return article


@router.get(
    "/{ref}",
    operation_id="getArticle",
    summary="Get an article",
    description="One article by id or slug, body included.",
    response_model=ArticlePublic,
    responses=problem_responses(404),
)
def get_article(ref: ArticleRefPath, rep: ArticleRep):
    return rep.item(service.read_article(rep.session, ref), ArticlePublic.model_validate)


@router.patch(
    "/{ref}",
    operation_id="updateArticle",
    summary="Update an article",
    description="Changes the given fields only. A changed title or body re-links its mentions.",
    response_model=ArticlePublic,
    responses=problem_responses(404, 409, 412, 422),
)
def update_article(ref: ArticleRefPath, data: ArticleUpdate, session: SessionDep, if_match: IfMatch):
    article = service.get_article(session, ref)
    article = service.update_article(session, article, data, if_match.version_for(session, article))
    session.commit()
    return article


@router.delete(
    "/{ref}",
    operation_id="deleteArticle",
    summary="Delete an article",
    description="Deletes the article with its mentions and its event sources.",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 412),
)
def delete_article(ref: ArticleRefPath, session: SessionDep, if_match: IfMatch):
    article = service.get_article(session, ref)
    service.delete_article(session, article, if_match.version_for(session, article))
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{ref}/mentions",
    operation_id="listArticleMentions",
    summary="Names in an article",
    description="Every mention of a known person, organization or place, in title and body, "
    "with offsets: `article[field][start:end] == surface`.",
    response_model=list[MentionPublic],
    responses=problem_responses(404),
)
def list_article_mentions(ref: ArticleRefPath, rep: Listing):
    return rep.listing(service.article_mentions(rep.session, service.get_article(rep.session, ref)),
                       MentionPublic)
