"""`{% load units %}{% unit_options units selected %}`: a unit select's options as a tree, as
UnitChoiceField renders them in forms (casework.org.fields)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from casework.org.fields import tree_labels

register = template.Library()


@register.simple_tag
def unit_options(units: Any, selected: Any = None) -> SafeString:
    """One <option> per unit, valued by its code, indented below the highest unit offered; `selected`
    is a unit or a code."""
    chosen = getattr(selected, "code", selected)
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<option value="{}"{}>{}</option>', unit.code, " selected" if unit.code == chosen else "", label
                ),
            )
            for unit, label in tree_labels(units)
        ),
    )
