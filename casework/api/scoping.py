"""Serializer fields for ids in payloads: an object the caller may not see answers 404, like a URL would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from rest_framework import serializers
from rest_framework.exceptions import NotFound

# The largest id a database column holds (bigint): a larger number is refused as input, not sent.
MAX_ID = 2**63 - 1


class ScopedPrimaryKeyField(serializers.IntegerField):
    """An id resolved through a scoped selector; unknown or out-of-scope ids raise 404 (not 400).

    `resolve(user, pk)` returns the object or raises Http404 / DoesNotExist.
    """

    def __init__(self, *, resolve: Callable[[Any, int], Any], **kwargs: Any) -> None:
        self.resolve = resolve
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        pk = super().to_internal_value(data)
        try:
            return self.resolve(self.context["request"].user, pk)
        except (Http404, ObjectDoesNotExist) as exc:
            raise NotFound() from exc

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "pk", value)


def visible_unit(user: Any, pk: int) -> Any:
    from casework.org.selectors import units_visible_to

    return units_visible_to(user=user).get(pk=pk)


def url_pk(value: Any) -> int:
    """An id from the URL; anything that is not a number is 404, like an id that does not exist."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def filter_units(request: Any) -> Any:
    """A list filter's unit choices: the reader's units only, so a unit outside their scope is refused
    exactly like one that does not exist (400, "not a valid choice") and nobody probes which ids exist."""
    from casework.org.models import Unit
    from casework.org.selectors import units_visible_to

    if request is None or not request.user.is_authenticated:
        return Unit.objects.none()
    return units_visible_to(user=request.user)


def filter_users(request: Any) -> Any:
    """A list filter's person choices: people in the reader's units (see `users_visible_to`), so
    naming someone else is refused like an id that does not exist."""
    from casework.org.models import User
    from casework.org.selectors import users_visible_to

    if request is None or not request.user.is_authenticated:
        return User.objects.none()
    return users_visible_to(user=request.user)


def visible_person(user: Any, pk: int) -> Any:
    """A person the caller may name (`users_nameable_by`): the caller, anyone holding a role in a
    unit they see or above their own. Anyone else, like an id that names nobody, is 404."""
    from casework.org.selectors import users_nameable_by

    return users_nameable_by(user=user).get(pk=pk)
