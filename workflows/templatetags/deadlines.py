"""Template filters for showing deadlines."""

from __future__ import annotations

from django import template

from workflows.calendar import deadline_is_estimated

register = template.Library()


@register.filter
def estimated(deadline) -> bool:
    """The due date is counted across a year with no official calendar notice yet (dự kiến)."""
    return deadline_is_estimated(deadline)
