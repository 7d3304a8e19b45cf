"""`{% sort_header "column" "Label" %}`: a list's column header that sorts the list by that column
(again: the other way), keeping the page's filters; the list's view puts `sort` (its
workflows.list_order.ListOrder) and `sort_columns` in the context."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, column: str, label: str, css: str = "") -> str:
    """`css`: the header cell's class, e.g. "num" over a column of figures (right-aligned)."""
    request = context["request"]
    order = context.get("sort")
    columns = context.get("sort_columns") or ()
    if column not in columns:
        return (
            format_html('<th scope="col" class="{}">{}</th>', css, label)
            if css
            else format_html('<th scope="col">{}</th>', label)
        )
    current = order is not None and order.column == column
    descending = bool(current and order.descending)
    query = request.GET.copy()
    query.pop("page", None)
    query["sort"] = column if (not current or descending) else f"-{column}"
    if current:
        aria, arrow = ("descending", " ▼") if descending else ("ascending", " ▲")
        hint = _("đang xếp giảm dần") if descending else _("đang xếp tăng dần")
        return format_html(
            '<th scope="col"{} aria-sort="{}"><a href="?{}" class="sort sort-active" title="{}">{}{}</a></th>',
            format_html(' class="{}"', css) if css else "",
            aria,
            query.urlencode(),
            hint,
            label,
            arrow,
        )
    return format_html(
        '<th scope="col"{}><a href="?{}" class="sort" title="{}">{}</a></th>',
        format_html(' class="{}"', css) if css else "",
        query.urlencode(),
        _("Sắp xếp theo cột này"),
        label,
    )
