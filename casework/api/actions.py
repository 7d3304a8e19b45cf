"""POST actions on a resource: parse the payload, call one service, answer the object's new state.

A refusal that does not say which actions remain allowed gets them from the resource's own
"which actions may this user take" function, so every 409 carries `allowed_actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from casework.api.errors import ACTION_ERRORS
from casework.org.models import User
from core.errors import TransitionNotAllowed


def acting_user(request: Request) -> User:
    """The signed-in user a service acts for. No anonymous request reaches a view (the API's
    DEFAULT_PERMISSION_CLASSES is IsAuthenticated); one that did would be refused as such."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user


def object_action(
    *,
    name: str,
    service: Callable[..., Any],
    object_kwarg: str,
    input_serializer: type[serializers.Serializer] | None,
    output_serializer: type[serializers.Serializer],
    summary: str | Promise,
    allowed: Callable[[Any, Any], list[str]] | None = None,
    status_code: int = 200,
    output_from_result: bool = False,
) -> Callable[..., Response]:
    """Build a viewset @action calling `service(<object_kwarg>=obj, actor=user, **payload)`.

    The response is `output_serializer` of the re-read object (through the view's scoped
    get_object), or of the service's result when `output_from_result` (e.g. a created finding).
    """

    def run(self: Any, request: Any, pk: Any = None) -> Response:
        obj = self.get_object()
        values: dict[str, Any] = {}
        if input_serializer is not None:
            data = input_serializer(data=request.data, context={"request": request})
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        try:
            result = service(**{object_kwarg: obj}, actor=request.user, **values)
        except TransitionNotAllowed as exc:
            if exc.allowed or allowed is None:
                raise
            raise TransitionNotAllowed(exc.message, allowed=allowed(request.user, self.get_object())) from exc
        context = {"request": request}
        if output_from_result:
            return Response(output_serializer(result, context=context).data, status=status_code)
        return Response(output_serializer(self.get_object(), context=context).data, status=status_code)

    run.__name__ = name
    # extend_schema goes on the finished action: @action replaces the function's kwargs, where
    # drf-spectacular keeps the annotation, so annotating before it would be lost.
    run = action(detail=True, methods=["post"], url_path=name, filter_backends=[], pagination_class=None)(run)
    return extend_schema(
        request=input_serializer,
        responses={status_code: output_serializer, **ACTION_ERRORS},
        summary=summary,
    )(run)


def attach_actions(viewset: type, actions: dict[str, Callable[..., Response]]) -> None:
    for name, view in actions.items():
        setattr(viewset, name, view)
