"""`{% load process_diagram %}{% process_diagram obj %}`: the object's flow as inline SVG, current step highlighted."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from casework.reports.diagram import process_diagram_svg

register = template.Library()


@register.simple_tag(name="process_diagram")
def process_diagram(obj: Any, field: str = "status") -> SafeString:
    return process_diagram_svg(obj, field)
