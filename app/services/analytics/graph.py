"""Who is connected with whom: persons, organizations and places linked by the events they
take part in together and the articles that name them together.

Bounded: at most `limit` nodes (the centre first, then the strongest links), `truncated` when
more were found. Depth 1 is the centre and its neighbours (a star); depth 2 adds the neighbours'
neighbours and every link between the nodes of depth 1.
"""

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.kinds import ENTITY_KINDS, KINDS, EntityKey
from app.models import Article, Event, EventParticipant, Mention
from app.services.common import get_by_ref
from app.services.refs import entity_refs

EVIDENCE = 5  # event and article refs per edge


@dataclass
class Link:
    shared_events: int = 0
    co_mentions: int = 0
    events: list[int] = field(default_factory=list)  # evidence: latest first
    articles: list[int] = field(default_factory=list)  # evidence: newest first

    def strength(self) -> tuple[int, int]:
        return self.shared_events, self.co_mentions


def _owner(owners) -> EntityKey:
    """The entity of a mention or participant row, from its `<kind>_id` columns in kind order."""
    return next((k.name, i) for k, i in zip(ENTITY_KINDS, owners, strict=True) if i is not None)


def _pair(a: EntityKey, b: EntityKey) -> tuple[EntityKey, EntityKey]:
    return (a, b) if a <= b else (b, a)


def _links_from(session: Session, frontier: set[EntityKey], since: date | None, links: dict) -> None:
    """Add to `links` every (frontier node, other entity) pair sharing events or articles.

    One narrow read per kind and relation (ids only, off covering indexes), counted in Python:
    a busy centre's 10,000 articles are 40,000 short rows, cheaper to tally here than to sort
    for COUNT(DISTINCT) in SQL."""
    for kind in ENTITY_KINDS:
        ids = [i for k, i in frontier if k == kind.name]
        if not ids:
            continue
        mine, other = aliased(EventParticipant), aliased(EventParticipant)
        statement = (
            select(getattr(mine, kind.owner_field), other.event_id, Event.date_start,
                   *(getattr(other, k.owner_field) for k in ENTITY_KINDS))
            .join(other, other.event_id == mine.event_id).join(Event, Event.id == mine.event_id)
            .where(getattr(mine, kind.owner_field).in_(ids))
        )
        if since:
            statement = statement.where(Event.date_start >= since)
        shared: dict[tuple, dict[int, date]] = defaultdict(dict)
        for own, event_id, when, *owners in session.connection().execute(statement):  # Core: plain rows
            shared[(own, *owners)][event_id] = when or date.min
        for (own, *owners), events in shared.items():
            link = _link(links, (kind.name, own), owners)
            if link is not None:
                link.shared_events = len(events)
                link.events = _latest(events)
        mine_m, other_m = aliased(Mention), aliased(Mention)
        statement = (
            select(getattr(mine_m, kind.owner_field), other_m.article_id,
                   *(getattr(other_m, k.owner_field) for k in ENTITY_KINDS))
            .join(other_m, other_m.article_id == mine_m.article_id)
            .where(getattr(mine_m, kind.owner_field).in_(ids))
        )
        if since:
            statement = statement.join(Article, Article.id == mine_m.article_id).where(
                Article.published_at >= datetime(since.year, since.month, since.day, tzinfo=UTC))
        named: dict[tuple, set[int]] = defaultdict(set)
        for row in session.connection().execute(statement).tuples():
            named[row[:1] + row[2:]].add(row[1])
        for (own, *owners), articles in named.items():
            link = _link(links, (kind.name, own), owners)
            if link is not None:
                link.co_mentions = len(articles)
                link.articles = heapq.nlargest(EVIDENCE, articles)


def _latest(events: dict[int, date]) -> list[int]:
    """Up to EVIDENCE event ids, latest first (undated ones last)."""
    return heapq.nlargest(EVIDENCE, events, key=lambda i: (events[i], i))


def _link(links: dict, own: EntityKey, owners: list[int | None]) -> Link | None:
    theirs = _owner(owners)
    return None if theirs == own else links[_pair(own, theirs)]


def _strongest(candidates: dict[EntityKey, tuple[int, int]], room: int) -> list[EntityKey]:
    ranked = sorted(candidates, key=lambda k: (-candidates[k][0], -candidates[k][1], k))
    return ranked[:max(room, 0)]


def build_graph(session: Session, center: EntityKey, depth: int, since: date | None, limit: int) -> dict:
    links: dict[tuple[EntityKey, EntityKey], Link] = defaultdict(Link)
    nodes: dict[EntityKey, int] = {center: 0}  # node -> its depth
    frontier = {center}
    truncated = False
    for level in range(1, depth + 1):
        _links_from(session, frontier, since, links)
        found: dict[EntityKey, tuple[int, int]] = {}
        for (a, b), link in links.items():
            for near, far in ((a, b), (b, a)):
                if near in frontier and far not in nodes:
                    events, articles = found.get(far, (0, 0))
                    found[far] = (events + link.shared_events, articles + link.co_mentions)
        kept = _strongest(found, limit - len(nodes))
        truncated = truncated or len(kept) < len(found)
        nodes.update((key, level) for key in kept)
        frontier = set(kept)
    return _present(session, nodes, links, truncated)


def _present(session: Session, nodes: dict[EntityKey, int], links: dict, truncated: bool) -> dict:
    refs = entity_refs(session, nodes)
    edges = [(pair, link) for pair, link in links.items() if pair[0] in nodes and pair[1] in nodes]
    edges.sort(key=lambda e: (-e[1].strength()[0], -e[1].strength()[1], e[0]))
    event_ids = {i for _, link in edges for i in link.events}
    article_ids = {i for _, link in edges for i in link.articles}
    events = {e.id: {"id": e.id, "slug": e.slug, "title": e.title} for e in session.execute(
        select(Event.id, Event.slug, Event.title).where(Event.id.in_(event_ids)))}
    articles = {a.id: {"id": a.id, "slug": a.slug, "title": a.title} for a in session.execute(
        select(Article.id, Article.slug, Article.title).where(Article.id.in_(article_ids)))}

    def node_id(key: EntityKey) -> str:
        return f"{key[0]}:{key[1]}"

    node_list = []
    for key, level in nodes.items():  # the centre, then ring by ring, strongest first
        data = {"id": node_id(key), **{k: refs[key][k] for k in ("kind", "slug", "name")},
                "entity_id": key[1], "depth": level}
        node_list.append({"id": data["id"], "data": data})
    edge_list = []
    for pair, link in edges:
        a, b = sorted(pair, key=lambda key: (nodes[key], key))  # from the node nearer the centre
        shared, co = link.strength()
        data = {
            "id": f"{node_id(a)}--{node_id(b)}", "source": node_id(a), "target": node_id(b),
            "shared_events": shared, "co_mentions": co, "weight": shared + co,
            "events": [events[i] for i in link.events],
            "articles": [articles[i] for i in link.articles],
        }
        edge_list.append({"id": data["id"], "source": data["source"], "target": data["target"],
                          "data": data})
    return {"nodes": node_list, "edges": edge_list, "truncated": truncated}


def center_of(session: Session, kind: str, ref: str) -> EntityKey:
    row = get_by_ref(session, KINDS[kind].model, ref, kind)
    return (kind, row.id)
