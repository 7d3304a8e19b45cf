"""A request-scoped memory of each user's active role assignments.

One page asks "which roles does this user hold?" many times (the menu, every home section, the
task pool, each scoped list): within one request the answer cannot change except through the
role services, which forget it. Outside a request (services, tasks, tests calling selectors
directly) nothing is remembered, so a role granted a moment ago is always seen; a service's one
permission check, which asks twice (recusal, then the role), reads them once in a `remembering()`
block of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

# user pk -> (day, assignments), ("derived", user pk) -> (assignments, {name: value}); None outside a
# request or a `remembering()` block.
_active: ContextVar[dict | None] = ContextVar("casework_role_cache", default=None)


def remembered(user_pk: int, day: Any, load: Callable[[], list]) -> list:
    cache = _active.get()
    if cache is None:
        return load()
    hit = cache.get(user_pk)
    if hit is None or hit[0] != day:
        hit = cache[user_pk] = (day, load())
    return hit[1]


def unremembered(user_pks: list[int], day: Any) -> list[int]:
    """Of these users, those whose assignments on `day` are not remembered: the ones worth reading
    ahead together (`remembered` then keeps them). None of them outside a request: nothing would be kept."""
    cache = _active.get()
    if cache is None:
        return []
    return [pk for pk in user_pks if (hit := cache.get(pk)) is None or hit[0] != day]


def derived(user_pk: int, roles: list, name: str, build: Callable[[], Any]) -> Any:
    """What `build` makes of the user's roles (`roles`, the list `remembered` gave): built once while
    that list is the remembered one. Forgetting the roles, or a new day, reads a new list, and what
    was derived from the old one is built again, as after `forget_derived`; outside a request nothing is kept. For a filter that
    many parts of one page ask for (the inbox's rule: the menu's badge, the task list, the reports
    to verify), built from the roles alone."""
    cache = _active.get()
    if cache is None:
        return build()
    key = ("derived", user_pk)
    hit = cache.get(key)
    if hit is None or hit[0] is not roles:
        hit = cache[key] = (roles, {})
    values = hit[1]
    if name not in values:
        values[name] = build()
    return values[name]


def forget(user_pk: int) -> None:
    cache = _active.get()
    if cache is not None:
        cache.pop(user_pk, None)


def forget_derived() -> None:
    """Forget what was derived from every user's roles in this request (`derived`), the roles kept: a
    write that a derived rule reads besides the roles, which no role change announces (a delegation from
    the body changes what the committee's chair, or its acting chair, may decide), is seen by what the
    rest of the request builds."""
    cache = _active.get()
    if cache is not None:
        for key in [key for key in cache if isinstance(key, tuple) and key[0] == "derived"]:
            del cache[key]


@contextmanager
def remembering() -> Iterator[None]:
    """Remember assignments until the block ends (inside a request: the request's memory)."""
    if _active.get() is not None:
        yield
        return
    token = _active.set({})
    try:
        yield
    finally:
        _active.reset(token)


class RoleCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with remembering():
            return self.get_response(request)


def forget_on_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete of a RoleAssignment (services, admin, imports alike)."""
    forget(instance.user_id)


def forget_derived_on_change(sender: Any, **kwargs: Any) -> None:
    """post_save / post_delete of a row a derived rule reads besides the roles (a Delegation: the admin,
    the demo and tests alike)."""
    forget_derived()
