"""What a django-fsm-2 transition condition answers when drawn on a process diagram.

A condition that reads an object's records (a dialogue held, a re-examination recorded) cannot be
answered for a kind of object, only for one object; `on_path` gives it the answer for the kind: does
the path the law sets for an object like this one pass here? The diagram asks that; the transitions
always ask the condition itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

Condition = TypeVar("Condition", bound=Callable[..., bool])


def on_path(predicate: Callable[[Any], bool]) -> Callable[[Condition], Condition]:
    def mark(condition: Condition) -> Condition:
        condition.on_path = predicate  # type: ignore[attr-defined]
        return condition

    return mark


def path_condition(condition: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """The condition as the diagram asks it: its `on_path` answer when it has one, else itself."""
    return getattr(condition, "on_path", condition)
