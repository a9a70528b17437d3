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

from sqlalchemy import Text, and_, cast, distinct, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.kinds import ENTITY_KINDS, KINDS, EntityKey
from app.models import Article, Event, EventParticipant, Mention
from app.models.base import id_of
from app.services.analytics.selection import id_list
from app.services.common import get_by_ref
from app.services.refs import entity_refs

EVIDENCE = 5  # event and article refs per edge


@dataclass
class Link:
    shared_events: int = 0
    co_mentions: int = 0
    event_ids: str = ""  # every shared event as "date id", comma-separated; evidence is picked
    article_ids: str = ""  # for the kept edges only

    def strength(self) -> tuple[int, int]:
        return self.shared_events, self.co_mentions


def _owner(owners) -> EntityKey:
    """The entity of a mention or participant row, from its `<kind>_id` columns in kind order."""
    return next((k.name, i) for k, i in zip(ENTITY_KINDS, owners, strict=True) if i is not None)


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


def _pairs(session: Session, table, row: str, kind, ids: list[int], since: date | None, columns):
    """`columns(mine, other, shared)` of the self-join of a link table (mentions by article,
    participants by event, with the event) from the `kind` nodes `ids`; only rows since `since`."""
    mine, other = aliased(table), aliased(table)
    shared = getattr(mine, row)
    statement = (select(*columns(mine, other, shared)).join(other, getattr(other, row) == shared)
                 .where(getattr(mine, kind.owner_field).in_(ids)))
    return _since(statement, table, shared, since), mine, other


def _since(statement, table, shared, since: date | None):
    """Joined to the event of each participant row (its date is evidence), and only rows since
    `since`: events dated from then, articles published from then."""
    if table is EventParticipant:
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


def _links_from(session: Session, frontier: set[EntityKey], since: date | None, links: dict) -> None:
    """Add to `links` every (frontier node, other entity) pair sharing events or articles,
    counted in SQL: one grouped read per relation and kind of node, returning per pair how many
    rows it shares and their ids."""
    for kind in ENTITY_KINDS:
        ids = [i for k, i in frontier if k == kind.name]
        if not ids:
            continue
        for table, row, counted in RELATIONS:
            def pair_of(mine, other, owner=kind.owner_field):
                return (getattr(mine, owner), *(getattr(other, k.owner_field) for k in ENTITY_KINDS))

            def per_pair(mine, other, shared, table=table):
                evidence = id_list(session, _evidence_key(table, shared), distinct=True)
                return (*pair_of(mine, other), func.count(distinct(shared)), evidence)

            statement, mine, other = _pairs(session, table, row, kind, ids, since, per_pair)
            statement = statement.group_by(*pair_of(mine, other))
            for own, *owners, n, shared_ids in session.connection().execute(statement):  # Core: plain rows
                theirs, mine_key = _owner(owners), (kind.name, own)
                if theirs == mine_key:
                    continue
                link = links[_pair(mine_key, theirs)]
                if counted == "events":
                    link.shared_events, link.event_ids = n, shared_ids
                else:
                    link.co_mentions, link.article_ids = n, shared_ids


Dated = tuple[str, int]  # an event's date (ISO text, "" if undated) and id: how its evidence sorts


def _rows_of(session: Session, nodes: set[EntityKey], table, row: str, since: date | None,
             ) -> dict[EntityKey, str]:
    """Per node, its events' "date id" keys (or its articles' ids) as comma-separated text: one
    read of the link table's index per kind of node (parsing a string per node costs far less
    than a row per event or article)."""
    out: dict[EntityKey, str] = {}
    for kind in ENTITY_KINDS:
        ids = [i for k, i in nodes if k == kind.name]
        if not ids:
            continue
        owner, shared = getattr(table, kind.owner_field), getattr(table, row)
        statement = select(owner, id_list(session, _evidence_key(table, shared))).where(owner.in_(ids))
        statement = _since(statement, table, shared, since).group_by(owner)
        for own, keys in session.connection().execute(statement):
            out[(kind.name, own)] = keys
    return out


def _dated(keys: str) -> dict[int, Dated]:
    found = {}
    for key in keys.split(","):
        day, _, event_id = key.partition(" ")
        found[int(event_id)] = (day, int(event_id))
    return found


def _links_among(session: Session, frontier: set[EntityKey], within: set[EntityKey], since: date | None,
                 links: dict) -> None:
    """`_links_from` among known nodes: each node's events and articles read once, and every
    pair's shared ones found by intersecting them here. At fifty busy nodes and 100,000 articles
    this costs half the self-join, which also reads the mentions of every other entity."""
    events = {node: _dated(keys) for node, keys in
              _rows_of(session, frontier | within, EventParticipant, "event_id", since).items()}
    articles = {node: set(map(int, keys.split(","))) for node, keys in
                _rows_of(session, frontier | within, Mention, "article_id", since).items()}
    done: set[EntityKey] = set()
    for near in frontier:
        done.add(near)
        for far in within - done:
            pair = None
            if (mine := events.get(near)) and (theirs := events.get(far)):
                if common := mine.keys() & theirs.keys():  # iterates the smaller of the two
                    link = links[pair := _pair(near, far)]
                    # `_evidence` picks the latest few: hand it only those (sorted in C)
                    latest = sorted(map(mine.__getitem__, common))[-EVIDENCE:]
                    link.shared_events = len(common)
                    link.event_ids = ",".join(f"{day} {i}" for day, i in latest)
            if (mentioned := articles.get(near)) and (also := articles.get(far)):
                if shared := mentioned & also:
                    link = links[pair or _pair(near, far)]
                    link.co_mentions = len(shared)
                    link.article_ids = ",".join(map(str, sorted(shared)[-EVIDENCE:]))


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


def build_graph(session: Session, center: EntityKey, depth: int, since: date | None, limit: int) -> dict:
    """Ring by ring: the frontier's links counted in SQL and the strongest new neighbours kept
    while there is room. The cap applies while expanding: once it is reached, a further ring
    reads only the links among the nodes already kept (and whether any other exists)."""
    links: dict[tuple[EntityKey, EntityKey], Link] = defaultdict(Link)
    nodes: dict[EntityKey, int] = {center: 0}  # node -> its depth
    frontier = {center}
    truncated = False
    for level in range(1, depth + 1):
        room = limit - len(nodes)
        if room <= 0:
            _links_among(session, frontier, set(nodes), since, links)
            truncated = truncated or _more_beyond(session, frontier, since, set(nodes))
            break
        _links_from(session, frontier, since, links)
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

    events = {n: latest(link.event_ids) for n, link in enumerate(links)}
    articles = {n: sorted(map(int, link.article_ids.split(",")))[:-EVIDENCE - 1:-1]  # sorted in C
                if link.article_ids else [] for n, link in enumerate(links)}
    return events, articles


def _present(session: Session, nodes: dict[EntityKey, int], links: dict, truncated: bool) -> dict:
    refs = entity_refs(session, nodes)
    edges = [(pair, link) for pair, link in links.items() if pair[0] in nodes and pair[1] in nodes]
    edges.sort(key=lambda e: (-e[1].strength()[0], -e[1].strength()[1], e[0]))
    event_evidence, article_evidence = _evidence([link for _, link in edges])
    event_ids = {i for ids in event_evidence.values() for i in ids}
    article_ids = {i for ids in article_evidence.values() for i in ids}
    connection = session.connection()  # Core rows: thousands of titles at a busy depth 2
    events = {i: {"id": i, "slug": slug, "title": title} for i, slug, title in connection.execute(
        select(col(Event.id), col(Event.slug), col(Event.title)).where(col(Event.id).in_(event_ids)))}
    articles = {i: {"id": i, "slug": slug, "title": title} for i, slug, title in connection.execute(
        select(col(Article.id), col(Article.slug), col(Article.title))
        .where(col(Article.id).in_(article_ids)))}

    def node_id(key: EntityKey) -> str:
        return f"{key[0]}:{key[1]}"

    node_list = []
    for key, level in nodes.items():  # the centre, then ring by ring, strongest first
        data = {"id": node_id(key), **{k: refs[key][k] for k in ("kind", "slug", "name")},
                "entity_id": key[1], "depth": level}
        node_list.append({"id": data["id"], "data": data})
    edge_list = []
    for n, (pair, link) in enumerate(edges):
        a, b = sorted(pair, key=lambda key: (nodes[key], key))  # from the node nearer the centre
        shared, co = link.strength()
        data = {
            "id": f"{node_id(a)}--{node_id(b)}", "source": node_id(a), "target": node_id(b),
            "shared_events": shared, "co_mentions": co, "weight": shared + co,
            "events": [events[i] for i in event_evidence[n]],
            "articles": [articles[i] for i in article_evidence[n]],
        }
        edge_list.append({"id": data["id"], "source": data["source"], "target": data["target"],
                          "data": data})
    return {"nodes": node_list, "edges": edge_list, "truncated": truncated}


def center_of(session: Session, kind: str, ref: str) -> EntityKey:
    row = get_by_ref(session, KINDS[kind].model, ref, kind)
    return (kind, id_of(row))
