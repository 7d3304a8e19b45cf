"""Template helpers so any app can show an audit timeline.

    {% load audit_tags %}{% audit_timeline events %}
or  {% include "audit/_timeline.html" with events=events %}
where `events` comes from `casework.audit.selectors.audit_timeline_for(user=..., target=...)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from casework.audit.labels import action_label, actor_display
from casework.audit.models import AuditEvent
from casework.audit.timeline import TimelineEntry, event_reason, timeline_entries, withheld

register = template.Library()


@register.simple_tag
def audit_entries(events: Iterable[AuditEvent]) -> list[TimelineEntry]:
    return timeline_entries(events)


@register.inclusion_tag("audit/_timeline.html")
def audit_timeline(events: Iterable[AuditEvent]) -> dict:
    return {"events": events}


@register.filter
def audit_action(code: str) -> str:
    return action_label(code)


@register.filter
def audit_actor(label: str) -> object:
    return actor_display(label)


@register.filter
def audit_reason(event: Any) -> str:
    """The reason in clear while the case's key lives (casework.audit.timeline.event_reason); none for an
    event withheld from its reader (an escalation's raising they may not open)."""
    return "" if withheld(event) else event_reason(event)
