"""Who is connected with whom: persons, organizations and places linked by the events they
take part in together and the articles that name them together.

Bounded: at most `limit` nodes (the centre first, then the strongest links), `truncated` when
more were found. Depth 1 is the centre and its neighbours (a star); depth 2 adds the neighbours'
neighbours and every link between the nodes of depth 1.
"""

import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

import orjson
from pyroaring import BitMap
from sqlalchemy import (
    BigInteger,
    Text,
    and_,
    cast,
    distinct,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.kinds import ENTITY_KINDS, KINDS, EntityKey
from app.models import Article, Event, EventParticipant, Mention
from app.models.base import id_of
from app.services.analytics.selection import id_list, ids_in, json_array, rows_by_id
from app.services.common import get_by_ref
from app.services.refs import entity_refs

EVIDENCE = 5  # event and article refs per edge


@dataclass
class Link:
    shared_events: int = 0
    co_mentions: int = 0
    event_ids: str = ""  # every shared event as "date id", comma-separated; evidence is picked
    article_ids: str = ""  # for the kept edges only
    latest: tuple[list[int], list[int]] | None = None  # or picked already: event and article ids


def _pair(a: EntityKey, b: EntityKey) -> tuple[EntityKey, EntityKey]:
    return (a, b) if a <= b else (b, a)


def _is_none_of(table, keys: set[EntityKey]):
    return and_(*(or_(getattr(table, kind.owner_field).is_(None),
                      getattr(table, kind.owner_field).not_in([i for k, i in keys if k == kind.name]))
                  for kind in ENTITY_KINDS if any(k == kind.name for k, _ in keys)))


RELATIONS = (  # link table, the shared row, the counter it feeds
    (EventParticipant, "event_id", "events"),
    (Mention, "article_id", "articles"),
)


def _pairs(session: Session, table, row: str, kind, ids: list[int], since: date | None, columns,
           dated: bool = False):
    """`columns(mine, other, shared)` of the self-join of a link table (mentions by article,
    participants by event, with the event when `dated`) from the `kind` nodes `ids`; only rows
    since `since`."""
    mine, other = aliased(table), aliased(table)
    shared = getattr(mine, row)
    statement = (select(*columns(mine, other, shared)).join(other, getattr(other, row) == shared)
                 .where(getattr(mine, kind.owner_field).in_(ids)))
    return _since(statement, table, shared, since, dated), mine, other


def _since(statement, table, shared, since: date | None, dated: bool = False):
    """Only rows since `since`: events dated from then, articles published from then; joined to
    the event of each participant row for that or, when `dated`, for its date (evidence)."""
    if table is EventParticipant and (since or dated):
        statement = statement.join(Event, col(Event.id) == shared)
        if since:
            statement = statement.where(col(Event.date_start) >= since)
    elif since:
        statement = statement.join(Article, col(Article.id) == shared).where(
            col(Article.published_at) >= datetime(since.year, since.month, since.day, tzinfo=UTC))
    return statement


def _evidence_key(table, shared):
    """What a pair's evidence is chosen by: events by date then id ("2020-08-09 12", undated
    ones with an empty date sort first, so last when the latest are taken), articles by id."""
    if table is EventParticipant:
        return func.coalesce(cast(Event.date_start, Text), "") + " " + cast(shared, Text)
    return shared


def _links_from(session: Session, frontier: set[EntityKey], since: date | None, links: dict,
                evidence: bool = True, relations=RELATIONS) -> None:
    """Add to `links` every (frontier node, other entity) pair sharing events or articles,
    counted in SQL: one grouped read per relation and kind of node, returning per pair how many
    rows it shares and, with `evidence`, their ids (a ring that only picks the next nodes needs
    the counts: the next ring reads every kept link again, with its evidence)."""
    for kind in ENTITY_KINDS:
        ids = [i for k, i in frontier if k == kind.name]
        if not ids:
            continue
        for table, row, counted in relations:
            def per_pair(mine, other, shared, table=table, owner=kind.owner_field):
                # grouped by one integer for the pair: sorting on it costs half four columns'
                pair = getattr(mine, owner) * literal(PAIR, BigInteger) + _entity_code(other)
                listed = id_list(session, _evidence_key(table, shared), distinct=True)
                return pair, func.count(distinct(shared)), listed if evidence else literal("")

            statement, _, _ = _pairs(session, table, row, kind, ids, since, per_pair, dated=evidence)
            for pair, n, shared_ids in session.connection().execute(statement.group_by(literal_column("1"))):
                mine_key, theirs = (kind.name, pair // PAIR), _entity_of(pair % PAIR)
                if theirs == mine_key:
                    continue
                link = links[_pair(mine_key, theirs)]
                if counted == "events":
                    link.shared_events, link.event_ids = n, shared_ids
                else:
                    link.co_mentions, link.article_ids = n, shared_ids


PAIR = 2 ** 32  # a pair's code: its node's id times PAIR plus the other entity's code


def _entity_code(table):
    """The entity of a mention or participant row as one integer: its id times four plus its
    kind's place in ENTITY_KINDS."""
    return func.coalesce(*(getattr(table, kind.owner_field) * 4 + n for n, kind in enumerate(ENTITY_KINDS)))


def _entity_of(code: int) -> EntityKey:
    return ENTITY_KINDS[code % 4].name, code // 4


def _rows_of(session: Session, nodes: set[EntityKey], table, row: str, since: date | None,
             ) -> dict[EntityKey, BitMap]:
    """Per node, the ids of its events (or articles) as a compressed bitmap: one read of the link
    table's index per kind of node, each node's ids aggregated into one JSON array (parsing one
    text per node costs far less than a row per event or article)."""
    out: dict[EntityKey, BitMap] = {}
    for kind in ENTITY_KINDS:
        ids = [i for k, i in nodes if k == kind.name]
        if not ids:
            continue
        owner, shared = getattr(table, kind.owner_field), getattr(table, row)
        statement = select(owner, json_array(session, shared)).where(owner.in_(ids)).group_by(owner)
        if since:
            statement = _since(statement, table, shared, since)
        for own, keys in session.connection().execute(statement):
            out[(kind.name, own)] = BitMap(orjson.loads(keys))
    return out


def _event_order(session: Session, events: dict[EntityKey, BitMap]) -> dict[int, int]:
    """Each of the nodes' events' place in date order (undated first, then by date, ties by id),
    by which a pair's latest shared events are its evidence: one walk of the (date, id) index
    aggregated into one array (a row per event costs more than the rest of the graph), of the
    whole table when the nodes take part in a good share of it, else of their events only."""
    every = BitMap.union(*events.values()) if events else BitMap()
    if not every:
        return {}
    chosen = (ids_in(session, col(Event.id), every)
              if len(every) * 4 < (session.connection().execute(select(func.max(Event.id))).scalar() or 0)
              else true())
    if session.get_bind().dialect.name == "postgresql":
        statement = select(cast(func.json_agg(col(Event.id)).aggregate_order_by(
            col(Event.date_start).asc().nulls_first(), col(Event.id)), Text)).where(chosen)
    else:  # SQLite before 3.44 has no ORDER BY in an aggregate: it aggregates a subquery in its
        # order (NULL first), read off the (date, id) index
        in_order = select(col(Event.id)).where(chosen).order_by(col(Event.date_start), col(Event.id))
        statement = select(func.json_group_array(in_order.subquery().c.id))
    ids = session.connection().execute(statement).scalar()
    ordered = orjson.loads(ids or "[]")
    return dict(zip(ordered, range(len(ordered)), strict=True))


class Rows:
    """The events and articles of the graph's nodes as bitmaps, each node's read once per graph
    (and its events only when its links are counted: a contender for the last place in a ring
    is ranked by its articles alone)."""

    def __init__(self, session: Session, since: date | None):
        self.session, self.since = session, since
        self.events: dict[EntityKey, BitMap] = {}
        self.articles: dict[EntityKey, BitMap] = {}
        self.done: dict[str, set[EntityKey]] = {"events": set(), "articles": set()}

    def read(self, nodes: set[EntityKey], events: bool = True) -> "Rows":
        for name, table, row in (("events", EventParticipant, "event_id"),
                                 ("articles", Mention, "article_id")):
            if (events or name == "articles") and (missing := nodes - self.done[name]):
                getattr(self, name).update(_rows_of(self.session, missing, table, row, self.since))
                self.done[name] |= missing
        return self


NONE = BitMap()


def _links_among(session: Session, frontier: set[EntityKey], within: set[EntityKey], rows: Rows,
                 links: dict) -> None:
    """`_links_from` among known nodes: each node's events and articles read once as bitmaps,
    and every pair's shared ones found by one bitmap AND each; the evidence, the latest of them:
    articles the AND's last ids, events the latest of it in date order. At fifty busy nodes and 100,000
    articles this costs a fraction of the self-join, which also reads every other entity's rows."""
    nodes = frontier | within
    rows.read(nodes)
    place = _event_order(session, {n: rows.events[n] for n in nodes if n in rows.events}).__getitem__
    events, articles = rows.events, rows.articles
    done: set[EntityKey] = set()
    for near in frontier:
        done.add(near)
        my_events, my_articles = events.get(near, NONE), articles.get(near, NONE)
        for far in within - done:
            shared = my_events & events.get(far, NONE)
            co_mentioned = my_articles & articles.get(far, NONE)
            if shared or co_mentioned:
                link = links[_pair(near, far)]
                link.shared_events, link.co_mentions = len(shared), len(co_mentioned)
                # sorted in C (a key per id) costs less than nlargest's loop in Python; a bitmap's
                # ids by position cost less than a slice of it
                newest = min(len(co_mentioned), EVIDENCE)
                link.latest = (sorted(shared, key=place)[:-EVIDENCE - 1:-1],
                               [co_mentioned[i] for i in range(-1, -newest - 1, -1)])


def _more_beyond(session: Session, frontier: set[EntityKey], since: date | None,
                 nodes: set[EntityKey]) -> bool:
    """Whether a frontier node links to any entity outside `nodes` (one row is enough)."""
    for kind in ENTITY_KINDS:
        ids = [i for k, i in frontier if k == kind.name]
        if not ids:
            continue
        for table, row, _ in RELATIONS:
            statement, _, other = _pairs(session, table, row, kind, ids, since, lambda m, o, r: (r,))
            if session.connection().execute(statement.where(_is_none_of(other, nodes)).limit(1)).first():
                return True
    return False


def _strongest(candidates: dict[EntityKey, tuple[int, int]], room: int) -> list[EntityKey]:
    ranked = sorted(candidates, key=lambda k: (-candidates[k][0], -candidates[k][1], k))
    return ranked[:max(room, 0)]


CONTENDERS = 4  # at most this many times the room (or 16) read as bitmaps to break ties


def _strongest_by_events(session: Session, frontier: set[EntityKey], nodes: dict[EntityKey, int],
                         room: int, rows: Rows) -> list[EntityKey] | None:
    """The `room` strongest new neighbours of the frontier when more than `room` entities share
    events with it, so that shared events, the first key of strength, decide who is kept: then
    co-mentions, the second key, are needed only for the kept and for those tied with the last
    of them, and come from their bitmaps, not from a count over every entity named beside the
    frontier (the costliest read of a busy graph). None when there are not that many."""
    by_events: dict[tuple[EntityKey, EntityKey], Link] = defaultdict(Link)
    _links_from(session, frontier, rows.since, by_events, evidence=False, relations=RELATIONS[:1])
    events: dict[EntityKey, int] = defaultdict(int)
    for (a, b), link in by_events.items():
        for near, far in ((a, b), (b, a)):
            if near in frontier and far not in nodes:
                events[far] += link.shared_events
    if len(events) <= room:
        return None
    last = sorted(events.values(), reverse=True)[room - 1]
    contenders = {key for key, n in events.items() if n >= last}
    if len(contenders) > CONTENDERS * max(room, 16):  # a crowd tied on a few shared events: reading
        return None  # each one's every article would cost more than the count it saves
    articles = rows.read(frontier | contenders, events=False).articles
    return _strongest({key: (events[key], sum(articles.get(near, NONE).intersection_cardinality(
        articles.get(key, NONE)) for near in frontier)) for key in contenders}, room)


def build_graph(session: Session, center: EntityKey, depth: int, since: date | None, limit: int) -> dict:
    """Ring by ring: the strongest new neighbours of the frontier kept while there is room, then
    the links among the kept counted, with their evidence. Who is strongest is counted in SQL,
    by shared events alone when they decide. The cap applies while expanding: once it is reached,
    a further ring reads only the links among the nodes already kept (and whether any other
    exists)."""
    links: dict[tuple[EntityKey, EntityKey], Link] = defaultdict(Link)
    nodes: dict[EntityKey, int] = {center: 0}  # node -> its depth
    frontier = {center}
    truncated = False
    rows = Rows(session, since)
    for level in range(1, depth + 1):
        room = limit - len(nodes)
        if room <= 0:
            _links_among(session, frontier, set(nodes), rows, links)
            truncated = truncated or _more_beyond(session, frontier, since, set(nodes))
            break
        if (kept := _strongest_by_events(session, frontier, nodes, room, rows)) is not None:
            truncated = True  # more entities share events with the frontier than there is room for
            nodes.update((key, level) for key in kept)
            if level == depth:  # the kept links' counts and evidence
                _links_among(session, frontier, set(nodes), rows, links)
            frontier = set(kept)
            continue
        _links_from(session, frontier, since, links, evidence=level == depth)
        found: dict[EntityKey, tuple[int, int]] = {}
        for (a, b), link in links.items():
            for near, far in ((a, b), (b, a)):
                if near in frontier and far not in nodes:
                    events, articles = found.get(far, (0, 0))
                    found[far] = (events + link.shared_events, articles + link.co_mentions)
        kept = _strongest(found, room)
        truncated = truncated or len(kept) < len(found)
        nodes.update((key, level) for key in kept)
        frontier = set(kept)
    return _present(session, nodes, links, truncated)


def _evidence(links: list[Link]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Per kept edge (by position): up to EVIDENCE event ids, latest first (undated last), and
    article ids, newest first."""
    def latest(dated: str) -> list[int]:
        keyed = [(day, int(i)) for day, i in (d.split(" ") for d in dated.split(","))] if dated else []
        return [i for _, i in heapq.nlargest(EVIDENCE, keyed)]

    def newest(ids: str) -> list[int]:
        return sorted(map(int, ids.split(",")))[:-EVIDENCE - 1:-1] if ids else []  # sorted in C

    events = {n: link.latest[0] if link.latest else latest(link.event_ids) for n, link in enumerate(links)}
    articles = {n: link.latest[1] if link.latest else newest(link.article_ids)
                for n, link in enumerate(links)}
    return events, articles


def _present(session: Session, nodes: dict[EntityKey, int], links: dict, truncated: bool) -> dict:
    refs = entity_refs(session, nodes)
    edges = [(pair, link) for pair, link in links.items() if pair[0] in nodes and pair[1] in nodes]
    edges.sort(key=lambda e: (-e[1].shared_events, -e[1].co_mentions, e[0]))
    event_evidence, article_evidence = _evidence([link for _, link in edges])
    # thousands of titles at a busy depth 2
    events = rows_by_id(session, {i for ids in event_evidence.values() for i in ids},
                        id=col(Event.id), slug=col(Event.slug), title=col(Event.title))
    articles = rows_by_id(session, {i for ids in article_evidence.values() for i in ids},
                          id=col(Article.id), slug=col(Article.slug), title=col(Article.title))
    node_ids = {key: f"{key[0]}:{key[1]}" for key in nodes}
    node_list = []
    for key, level in nodes.items():  # the centre, then ring by ring, strongest first
        ref = refs[key]
        data = {"id": node_ids[key], "kind": ref["kind"], "slug": ref["slug"], "name": ref["name"],
                "entity_id": key[1], "depth": level}
        node_list.append({"id": data["id"], "data": data})
    edge_list = []
    for n, ((a, b), link) in enumerate(edges):
        if (nodes[b], b) < (nodes[a], a):  # from the node nearer the centre
            a, b = b, a
        source, target = node_ids[a], node_ids[b]
        edge_id = f"{source}--{target}"
        data = {
            "id": edge_id, "source": source, "target": target,
            "shared_events": link.shared_events, "co_mentions": link.co_mentions,
            "weight": link.shared_events + link.co_mentions,
            "events": [events[i] for i in event_evidence[n]],
            "articles": [articles[i] for i in article_evidence[n]],
        }
        edge_list.append({"id": edge_id, "source": source, "target": target, "data": data})
    return {"nodes": node_list, "edges": edge_list, "truncated": truncated}


def center_of(session: Session, kind: str, ref: str) -> EntityKey:
    row = get_by_ref(session, KINDS[kind].model, ref, kind)
    return (kind, id_of(row))
