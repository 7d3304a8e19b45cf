"""One way for views to answer "outside your scope": 404, so the object's existence is not revealed.

Services and selectors raise `core.errors.OutOfScope` (or a DoesNotExist); views either
use these wrappers or rely on `ServiceErrorMiddleware`, which catches what escapes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from core.errors import OutOfScope


def scoped_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator for function views: OutOfScope and DoesNotExist become Http404."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (OutOfScope, ObjectDoesNotExist) as exc:
            raise Http404 from exc

    return wrapper


class ScopedViewMixin:
    """For class-based views: the same translation around dispatch."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except (OutOfScope, ObjectDoesNotExist) as exc:
            raise Http404 from exc


def get_in_scope_or_404(queryset: QuerySet, **lookup: Any) -> Model:
    """Like get_object_or_404, on a queryset that the caller has already scoped with scope_q."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
