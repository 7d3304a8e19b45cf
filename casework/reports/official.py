"""Official papers (notices, reports, import templates) are Vietnamese documents: their texts never
follow the reader's interface language."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.utils.translation import override

P = ParamSpec("P")
R = TypeVar("R")


def official_text(label: object) -> str:
    """A (possibly lazy) label as printed on an official Vietnamese document."""
    with override("vi"):
        return str(label)


def in_vietnamese(func: Callable[P, R]) -> Callable[P, R]:
    """Build the decorated document in Vietnamese (a fresh override per call: safe across threads)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with override("vi"):
            return func(*args, **kwargs)

    return wrapper
