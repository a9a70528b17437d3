"""Every kind in the entity-kind registry (`app.kinds`) works through every route a kind has.

Adding a kind to the registry without wiring its router, JSON-LD, CSV, includes or search
fails here: each test runs once per registered kind, on its seed example.
"""

import csv
import importlib
import io
from pathlib import Path

import pytest

from app.kinds import ENTITY_KINDS

LD = {"Accept": "application/ld+json"}
CSV = {"Accept": "text/csv"}


@pytest.fixture(params=ENTITY_KINDS, ids=lambda kind: kind.name)
def kind(request):
    return request.param


def test_list_and_get(client, kind):
    listed = client.get(f"/v1/{kind.collection}?limit=100")
    assert listed.status_code == 200, listed.text
    slugs = [item["slug"] for item in listed.json()["items"]]
    assert kind.example in slugs
    one = client.get(f"/v1/{kind.collection}/{kind.example}")
    assert one.status_code == 200, one.text
    assert one.json()["slug"] == kind.example
    assert one.headers["etag"].startswith('"')
    assert client.get(f"/v1/{kind.collection}/{one.json()['id']}").json()["slug"] == kind.example


def test_relations_and_includes(client, kind):
    base = f"/v1/{kind.collection}/{kind.example}"
    embedded = client.get(f"{base}?include=articles,events")
    assert embedded.status_code == 200, embedded.text
    for relation, key in (("articles", "published_at"), ("events", "date_start")):
        page = client.get(f"{base}/{relation}")
        assert page.status_code == 200, page.text
        assert [i["slug"] for i in page.json()["items"]] == [i["slug"] for i in embedded.json()[relation]]
        assert all(key in i for i in embedded.json()[relation])
    assert client.get(f"/v1/{kind.collection}/no-such-{kind.name}/events").status_code == 404
    trimmed = client.get(f"{base}?fields={kind.fields_example}").json()
    assert set(trimmed) == set(kind.fields_example.split(","))


def test_search_by_kind(client, kind):
    name = client.get(f"/v1/{kind.collection}/{kind.example}").json()["name"]
    hits = client.get("/v1/search", params={"q": name, "kinds": kind.name})
    assert hits.status_code == 200, hits.text
    items = hits.json()["items"]
    assert items
    assert {hit["kind"] for hit in items} == {kind.name}
    assert kind.example in {hit["slug"] for hit in items}


def test_json_ld_of_list_and_item(client, kind):
    item = client.get(f"/v1/{kind.collection}/{kind.example}", headers=LD)
    assert item.headers["content-type"].startswith("application/ld+json")
    node = item.json()
    assert node["@id"].endswith(f"/v1/{kind.collection}/{kind.example}")
    assert node["@type"] in (kind.schema_type, "Country")
    listing = client.get(f"/v1/{kind.collection}", headers=LD).json()
    assert listing["@type"] == "ItemList"
    assert listing["itemListElement"]
    for relation in ("articles", "events"):
        related = client.get(f"/v1/{kind.collection}/{kind.example}/{relation}", headers=LD)
        assert related.json()["@type"] == "ItemList"


def test_csv_of_list_and_relations(client, kind):
    for url in (f"/v1/{kind.collection}", f"/v1/{kind.collection}/{kind.example}/articles",
                f"/v1/{kind.collection}/{kind.example}/events"):
        response = client.get(url, headers=CSV)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/csv"), url
        assert "id" in response.text.splitlines()[0].split(","), url
    rows = list(csv.DictReader(io.StringIO(client.get(f"/v1/{kind.collection}?limit=1", headers=CSV).text)))
    json_rows = client.get(f"/v1/{kind.collection}?limit=100").json()["items"]
    assert [r["slug"] for r in rows] == [i["slug"] for i in json_rows]  # every page, not only the first


# -- one entry: the routes every kind gets come from the registry, not from a router per kind --

GENERATED = (  # (method, path under /v1/<collection>, operation id) every kind gets
    ("GET", "", "list{Many}"),
    ("POST", "", "create{One}"),
    ("GET", "/{ref}", "get{One}"),
    ("PATCH", "/{ref}", "update{One}"),
    ("DELETE", "/{ref}", "delete{One}"),
    ("GET", "/{ref}/events", "list{One}Events"),
    ("GET", "/{ref}/articles", "list{One}Articles"),
)
EXTRAS = {"person": {"listPersonConnections"}}  # what a kind has beyond them, in a router of its own
EVERY_RESOURCE = "app.api.routers.audit"  # history and restore, made for every collection in one loop


def _served_by() -> dict[tuple[str, str, str | None], str]:
    """(method, path, operation id) → the router module that declares it, over app/api/routers/."""
    from fastapi.routing import APIRoute

    from app.api import routers

    served = {}
    for file in sorted(Path(routers.__file__).parent.glob("*.py")):
        module = importlib.import_module(f"app.api.routers.{file.stem}")
        for route in module.router.routes if hasattr(module, "router") else []:
            if isinstance(route, APIRoute):
                for method in route.methods:
                    served[(method, route.path, route.operation_id)] = module.__name__
    return served


def _generated(kind) -> set[tuple[str, str, str]]:
    one, many = kind.name.capitalize(), kind.collection.capitalize()
    return {(method, f"/v1/{kind.collection}{path}", op.format(One=one, Many=many))
            for method, path, op in GENERATED}


def test_every_kind_gets_every_generated_operation_from_one_place(kind):
    from app.api.resources import ENTITY_APIS
    from app.main import create_app

    assert kind.name in ENTITY_APIS, "give the kind its EntityApi in app/api/resources.py"
    paths = create_app().openapi()["paths"]
    offered = {(method.upper(), path, operation["operationId"]) for path, item in paths.items()
               for method, operation in item.items()}
    assert _generated(kind) <= offered
    served = _served_by()
    assert {served[op] for op in _generated(kind)} == {"app.api.routers.entities"}
    prefix = f"/v1/{kind.collection}"
    own = {op for (_, path, op), module in served.items()
           if (path == prefix or path.startswith(prefix + "/"))
           and module not in ("app.api.routers.entities", EVERY_RESOURCE)}
    assert own == EXTRAS.get(kind.name, set()), "a kind's own router holds only its extras"


def test_no_router_module_is_one_kinds_copy():
    """Only the generator declares the shared operations or takes a kind's create/update bodies."""
    from app.api import routers

    for file in Path(routers.__file__).parent.glob("*.py"):
        if file.name == "entities.py":
            continue
        text = file.read_text(encoding="utf-8")
        copied = sorted(op for kind in ENTITY_KINDS for _, _, op in _generated(kind) if f'"{op}"' in text)
        assert not copied, f"{file.name} declares generated operations {copied}"
        bodies = [k.name for k in ENTITY_KINDS if f"{k.name.capitalize()}Create" in text
                  or f"{k.name.capitalize()}Update" in text]
        assert not bodies, f"{file.name} takes {bodies}'s create/update bodies itself"
