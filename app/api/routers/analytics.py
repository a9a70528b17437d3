"""/v1/timeline, /v1/articles/timeline, /v1/relations, /v1/graph: the record, analysed."""

from typing import Annotated

import orjson
from fastapi import APIRouter, Path, Query, Response

from app.api.deps import SessionDep
from app.errors import Unprocessable, problem_responses
from app.schemas.analytics import ArticleTimeline, Granularity, Graph, Relations, Timeline
from app.schemas.common import PartialDateStr, Timestamp
from app.schemas.event import EventType
from app.search.presentation import SEARCH_HELP
from app.services.analytics.graph import build_graph, center_of
from app.services.analytics.relations import relations
from app.services.analytics.timeline import article_timeline, event_timeline
from app.services.articles import ArticleFilters
from app.services.events import EventFilters
from app.text.dates import parse_partial_date

router = APIRouter(tags=["analytics"])



def CountryPath(which: str, example: str):  # noqa: N802  (a parameter declaration, like Path)
    return Path(min_length=1, max_length=200, examples=[example],
                description=f"The {which} country: an ISO 3166-1 alpha-2 code or a place id or slug.")


Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", examples=["BY"],
                                      description="ISO 3166-1 alpha-2 of the event's place or of a "
                                      "participating country.")]

def as_built(answer: dict) -> Response:
    """An analytical answer's JSON as its service built it. The services build the declared shape
    from plain values (ids, slugs, titles, counts, dates as text; the contract tests check each
    against its schema): re-validating a depth-2 graph's thousands of edges or a daily timeline's
    thousands of buckets on every request would cost a fifth of the request or more."""
    return Response(orjson.dumps(answer), media_type="application/json")


TIMELINE_HELP = """Matching events per year, month or day, oldest period first (periods without
events are left out). Honest about precision: an event known only to the year counts in its year
and is never placed on 1 January; asked for months or days, it goes to `imprecise` (per year; an
event known to the month, asked for days: per month). Undated events are counted in `undated`.
`total` counts them all. Filters as on `GET /v1/events`."""


@router.get(
    "/v1/timeline",
    operation_id="getTimeline",
    summary="Events over time",
    description=TIMELINE_HELP,
    response_model=Timeline,
    responses=problem_responses(400, 404, 422),
)
def get_timeline(
    session: SessionDep,
    granularity: Annotated[Granularity, Query(description="Bucket size.", examples=["year"])] = "year",
    date_from: Annotated[PartialDateStr | None, Query(alias="from", examples=["2020"])] = None,
    date_to: Annotated[PartialDateStr | None, Query(alias="to", examples=["2022"])] = None,
    country: Country = None,
    person: Annotated[str | None, Query(max_length=200, description="Person id or slug taking part.",
                                        examples=["mike-pompeo"])] = None,
    organization: Annotated[str | None, Query(max_length=200, description="Organization id or slug "
                                              "taking part.", examples=["us-embassy-belarus"])] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place id or slug where it was held, "
                                       "or a place (a country) taking part.", examples=["belarus"])] = None,
    type: Annotated[EventType | None, Query(description="Event type.")] = None,
    q: Annotated[str | None, Query(description=SEARCH_HELP, examples=["візит"])] = None,
    per_bucket: Annotated[int, Query(ge=0, le=50, description="Events listed per bucket (the count "
                                     "covers all).")] = 5,
):
    filters = EventFilters(type=type, date_from=date_from, date_to=date_to, participant=person,
                           country=country, q=q, organization=organization, involving_place=place)
    return as_built(event_timeline(session, filters, granularity, per_bucket))


@router.get(
    "/v1/articles/timeline",
    operation_id="getArticleTimeline",
    summary="Articles over time",
    description="How many matching articles were published per year, month or day (UTC), oldest "
    "first; articles without a publication date are counted in `undated`. Filters as on "
    "`GET /v1/articles`: `person=alexander-lukashenko&granularity=month` is how often he is in the "
    "news per month.",
    response_model=ArticleTimeline,
    responses=problem_responses(400, 404, 422),
)
def get_article_timeline(
    session: SessionDep,
    granularity: Annotated[Granularity, Query(description="Bucket size.", examples=["month"])] = "year",
    published_from: Annotated[Timestamp | None, Query(description="Published at or after (ISO 8601).")] = (
        None
    ),
    published_to: Annotated[Timestamp | None, Query(description="Published before (ISO 8601).")] = None,
    outlet: Annotated[str | None, Query(max_length=200, examples=["NewsWeek"])] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2}$", examples=["uk"])] = None,
    person: Annotated[str | None, Query(max_length=200, description="Person id or slug named.",
                                        examples=["alexander-lukashenko"])] = None,
    organization: Annotated[str | None, Query(max_length=200, description="Organization id or slug named.",
                                              examples=["belta"])] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place id or slug named.",
                                       examples=["minsk"])] = None,
    event: Annotated[str | None, Query(max_length=200, description="Event id or slug reported.",
                                       examples=["kellogg-lukashenko-talks-minsk"])] = None,
    q: Annotated[str | None, Query(description=SEARCH_HELP, examples=["Лукашенку"])] = None,
):
    filters = ArticleFilters(published_from=published_from, published_to=published_to, outlet=outlet,
                             language=language, person=person, event=event, q=q,
                             organization=organization, place=place)
    return as_built(article_timeline(session, filters, granularity))


@router.get(
    "/v1/relations/{country_a}/{country_b}",
    operation_id="getRelations",
    summary="Two countries' relations",
    description="Events in which both countries take part (a place of the country, or a person or "
    "organization of the country, is a participant), dated ones by date and the undated last "
    "(`undated: true`), each with its CAMEO code, its Goldstein score (Goldstein 1992, −10 conflict "
    "to +10 cooperation, as the GDELT Project maps it to CAMEO codes; null without a code), who "
    "took part for each side and the sentences that report it; plus a summary per year (count, "
    "mean Goldstein, types).",
    response_model=Relations,
    responses=problem_responses(404, 422),
)
def get_relations(
    session: SessionDep,
    country_a: Annotated[str, CountryPath("first", "US")],
    country_b: Annotated[str, CountryPath("second", "BY")],
    limit: Annotated[int, Query(ge=1, le=1000, description="Events listed (the summary counts all).")] = 200,
):
    return relations(session, country_a, country_b, limit)


GRAPH_HELP = """Persons, organizations and places linked to one centre (give exactly one of
`person`, `organization`, `place`): an edge joins two that take part in the same events
(`shared_events`) or are named in the same articles (`co_mentions`), with up to five of those
events and articles as evidence. `depth=1` is the centre and its neighbours; `depth=2` adds their
neighbours and the links among the first ring. At most `limit` nodes, strongest links first;
`truncated` says more were connected. `since` keeps events dated from then and articles
published from then (undated events drop out).

One shape for both libraries: every node and edge carries `data` (cytoscape.js:
`cytoscape({elements: graph})`) and, at its top level, `id` and `source`/`target` (d3:
`d3.forceSimulation(graph.nodes).force("link", d3.forceLink(graph.edges).id(d => d.id))`).
`/v1/persons/{ref}/connections` counts the same shared events and articles."""


@router.get(
    "/v1/graph",
    operation_id="getGraph",
    summary="Who is connected with whom",
    description=GRAPH_HELP,
    response_model=Graph,
    responses=problem_responses(404, 422),
)
def get_graph(
    session: SessionDep,
    person: Annotated[str | None, Query(max_length=200, description="Centre: a person id or slug.",
                                        examples=["keith-kellogg"])] = None,
    organization: Annotated[str | None, Query(max_length=200, description="Centre: an organization.")] = None,
    place: Annotated[str | None, Query(max_length=200, description="Centre: a place.")] = None,
    depth: Annotated[int, Query(ge=1, le=2, description="1 or 2 steps from the centre.")] = 1,
    since: Annotated[PartialDateStr | None, Query(description="Only links from this date on.")] = None,
    limit: Annotated[int, Query(ge=2, le=500, description="Most nodes returned, the centre included.")] = 50,
):
    given = {kind: ref for kind, ref in (("person", person), ("organization", organization),
                                         ("place", place)) if ref}
    if len(given) != 1:
        raise Unprocessable("Give exactly one centre: person=, organization= or place=.",
                            errors=[{"loc": ["query", "person"], "msg": "exactly one centre",
                                     "type": "centre"}])
    (kind, ref), = given.items()
    start = parse_partial_date(since)[0] if since else None
    return as_built(build_graph(session, center_of(session, kind, ref), depth, start, limit))
