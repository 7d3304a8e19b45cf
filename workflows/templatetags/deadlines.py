"""Template filters for showing deadlines."""

from __future__ import annotations

from django import template

from core import clock
from workflows.calendar import deadline_is_estimated
from workflows.deadline_status import ClockState
from workflows.deadline_status import clock_state as state_at

register = template.Library()


@register.filter
def estimated(deadline) -> bool:
    """The due date is counted across a year with no official calendar notice yet (dự kiến)."""
    return deadline_is_estimated(deadline)


@register.filter
def clock_state(deadline) -> ClockState:
    """The clock as a list of an object's clocks states it now: done late, overdue, or its status."""
    return state_at(deadline, clock.now())
