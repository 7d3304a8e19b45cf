"""The links above the inspection pages: each shown only to whom its page answers (the others get a 404)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.inspections.roles import INSPECTION_STAFF, READERS
from casework.org.selectors import user_has_role

register = template.Library()

# label, URL name, the roles whose page it is (None: everyone who reaches the inspection pages).
LINKS = [
    (_("Cuộc kiểm tra"), "inspections:inspection_list", None),
    (_("Dấu hiệu vi phạm"), "inspections:flag_list", READERS),
    (_("Kế hoạch kiểm tra"), "inspections:plan_list", READERS),
    (_("Cuộc giám sát"), "supervision:list", None),
    (_("Kiến nghị"), "inspections:recommendation_list", None),
    # The coverage report answers READERS, declaring one's conflicts the committee's staff (views).
    (_("Báo cáo bao phủ 100%"), "inspections:coverage", READERS),
    (_("Kê khai xung đột lợi ích"), "inspections:conflict_declare", INSPECTION_STAFF),
]


@register.simple_tag(takes_context=True)
def inspection_links(context: Any) -> list[tuple[str, str]]:
    user = context["request"].user
    return [
        (label, reverse(name)) for label, name, roles in LINKS if roles is None or user_has_role(user=user, roles=roles)
    ]
