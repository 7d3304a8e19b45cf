"""Stored values on any page as a reader sees them (casework.audit.labels is the one labelling layer).

{% load labels %}
{{ case|shown:"discipline_proposal" }}   → Khiển trách
{{ case|shown:"flag_ref" }}              → DH-00001
{{ item|shown:"topics" }}                → Sổ sách kế toán, Chi
"""

from __future__ import annotations

from typing import Any

from django import template

from casework.audit.references import object_reference
from casework.audit.timeline import format_value

register = template.Library()


@register.filter
def shown(obj: Any, field: str) -> str:
    meta = getattr(obj, "_meta", None)
    return format_value(getattr(obj, field, None), field, meta.label_lower if meta is not None else "")


@register.simple_tag
def reference_of(target_type: str, target_id: Any) -> str:
    """{% reference_of flag.source_type flag.source_id %} → TC-2026-00019 (never `cases.case #49`)."""
    return object_reference(target_type, target_id)
