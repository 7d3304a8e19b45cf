"""Enumerating the URLConf for the role matrix: every named route with its parameter names."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# Django admin is superuser-only and has its own login; the matrix covers its index only.
EXCLUDED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "cases:detail"
    params: tuple[str, ...]
    converters: tuple[tuple[str, str], ...]  # (param, converter class name)

    @property
    def namespace(self) -> str:
        return self.name.rsplit(":", 1)[0] if ":" in self.name else ""

    def __str__(self) -> str:
        return self.name


def _params(pattern) -> tuple[list[str], dict[str, str]]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters), {k: type(v).__name__ for k, v in pattern.converters.items()}
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex), {}
    return [], {}


def all_routes() -> list[Route]:
    seen: dict[tuple[str, tuple[str, ...]], Route] = {}

    def walk(patterns, namespace: str, params: list[str], converters: dict[str, str]) -> None:
        for entry in patterns:
            names, convs = _params(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                if ns.split(":")[0] in EXCLUDED_NAMESPACES:
                    continue
                walk(entry.url_patterns, ns, params + names, {**converters, **convs})
            elif isinstance(entry, URLPattern) and entry.name:
                all_params = tuple(p for p in params + names if p != "format")  # DRF format-suffix twins
                if len(all_params) != len(params + names):
                    continue
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                key = (name, all_params)
                seen.setdefault(
                    key, Route(name=name, params=all_params, converters=tuple(sorted({**converters, **convs}.items())))
                )

    walk(get_resolver().url_patterns, "", [], {})
    return sorted(seen.values(), key=lambda r: r.name)


def routes_without_args() -> list[Route]:
    return [r for r in all_routes() if not r.params]


def routes_with_args() -> list[Route]:
    return [r for r in all_routes() if r.params]
