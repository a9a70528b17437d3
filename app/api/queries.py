"""A query parameter the API takes once is refused when sent more than once.

`?include=aliases&include=events` would otherwise keep only the last value, silently: the
OpenAPI declares these parameters as one string each (lists inside them are comma-separated:
`include=aliases,events`), so a client repeating one has made a mistake worth naming. Array
parameters (declared as lists) may repeat."""

import types
import typing

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

SEQUENCES = (list, tuple, set, frozenset)


def _is_sequence(annotation: typing.Any) -> bool:
    if typing.get_origin(annotation) in SEQUENCES or annotation in SEQUENCES:
        return True
    return any(_is_sequence(arg) for arg in typing.get_args(annotation)
               if typing.get_origin(annotation) in (typing.Union, types.UnionType))


def _query_fields(dependant: Dependant):
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _query_fields(sub)


SINGLE = "_dipnews_single_valued"  # kept on the route: worked out at its first repeated parameter


def _single_valued(route: APIRoute) -> frozenset[str]:
    found = getattr(route, SINGLE, None)
    if found is None:
        found = frozenset(field.alias for field in _query_fields(route.dependant)
                          if not _is_sequence(field.field_info.annotation))
        setattr(route, SINGLE, found)
    return found


def once_each(request: Request) -> None:
    """422 naming every single-valued query parameter sent twice (`app.api.security.authorize`
    calls it for every route)."""
    route, query = request.scope.get("route"), request.query_params
    if not isinstance(route, APIRoute) or len(query.multi_items()) == len(query):
        return
    single = _single_valued(route)
    repeated = [name for name in dict.fromkeys(request.query_params.keys())
                if name in single and len(request.query_params.getlist(name)) > 1]
    if repeated:
        raise RequestValidationError([
            {"type": "repeated", "loc": ("query", name), "input": request.query_params.getlist(name),
             "msg": f"Give `{name}` once; several values go in one, comma-separated where the "
                    f"parameter takes a list (`{name}=a,b`)"}
            for name in repeated
        ])
