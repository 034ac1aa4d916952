"""Enumerate every routed view and API operation with the access it declares.

Used by the access tests, so a new route is checked without anyone listing it. A route
whose view declares no access, or whose URL has a parameter we cannot fill, fails the suite.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from dryneedle.clinics.access import ACCESS_ATTRIBUTE
from dryneedle.json_api import api

OPERATOR_NAMESPACE = "admin"  # Django's admin site, mounted at /operator/
API_PREFIX = "api/"


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "patients/<int:patient_pk>/edit/"
    name: str
    access: str | None
    methods: tuple[str, ...] = ("GET", "POST")
    is_api: bool = False

    @property
    def id(self) -> str:
        prefix = "/".join(self.methods) + " " if self.is_api else ""
        return f"{prefix}/{self.route}"

    def parameters(self) -> list[str]:
        return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", self.route)]

    def url(self, values: dict[str, object]) -> str:
        missing = [p for p in self.parameters() if p not in values]
        if missing:
            raise LookupError(
                f"Route /{self.route} has parameter(s) {missing} that tests/routes.py cannot "
                "fill: add them to OBJECT_PARAMETERS in tests/security/test_route_access.py."
            )
        filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), self.route)
        filled = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), filled)
        return "/" + filled


def _walk(patterns, prefix: str = "", namespaces: tuple[str, ...] = ()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = (entry.namespace,) if entry.namespace else ()
            yield from _walk(
                entry.url_patterns, prefix + str(entry.pattern), namespaces + namespace
            )
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespaces


def _api_operations() -> list[Route]:
    routes = []
    for router_prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                full = (API_PREFIX + router_prefix.strip("/") + "/" + path.lstrip("/")).rstrip("/")
                full = full.replace("//", "/")
                routes.append(
                    Route(
                        route=full,
                        name=operation.view_func.__name__,
                        access=getattr(operation.view_func, ACCESS_ATTRIBUTE, None),
                        methods=tuple(operation.methods),
                        is_api=True,
                    )
                )
    return routes


def api_operation_routes() -> set[str]:
    """Django URL routes served by API operations (to prove none is missed)."""
    return {
        route.rstrip("/")
        for route, entry, namespaces in _walk(get_resolver().url_patterns)
        if "api" in namespaces and entry.name not in {*API_DOCUMENTATION, "api-root"}
    }


API_DOCUMENTATION = {"openapi-json", "openapi-view"}


def web_routes() -> list[Route]:
    """Routed Django views, including the API's documentation pages but not its operations."""
    routes = []
    for route, entry, namespaces in _walk(get_resolver().url_patterns):
        is_api_operation = "api" in namespaces and entry.name not in API_DOCUMENTATION
        if OPERATOR_NAMESPACE in namespaces or is_api_operation:
            continue
        routes.append(
            Route(
                route=route,
                name=":".join((*namespaces, entry.name or "")),
                access=getattr(entry.callback, ACCESS_ATTRIBUTE, None),
            )
        )
    return routes


def operator_routes() -> list[str]:
    return [
        route
        for route, _entry, namespaces in _walk(get_resolver().url_patterns)
        if OPERATOR_NAMESPACE in namespaces and "<" not in route
    ]


def all_routes() -> list[Route]:
    return web_routes() + _api_operations()
