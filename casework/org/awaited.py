"""Whom a step waits on, as a page says it: the bodies and the leaders of a unit, never people, named
from the rule of the service that takes the step (a case's approval, casework.cases.selectors
.case_approval_awaited; an escalation's decision, workflows.selectors.escalation_awaited; a plan's
approval, casework.inspections.selectors.plan_approval_awaited)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext, gettext_noop

from casework.org.models import Role
from casework.org.selectors import user_holds_role

# To a reader who must not learn that those who would decide are conflicted: the step waits on the
# competent level, without saying which.
COMPETENT_APPROVAL = gettext_noop("Chờ cấp có thẩm quyền phê duyệt")
COMPETENT_DECISION = gettext_noop("Chờ cấp có thẩm quyền quyết định")


def body_name(*, unit: Any, members: Iterable[Any]) -> str:
    """The body of `unit` that these members of its leadership decide for: its standing committee (Ban
    Thường vụ) when one of them sits on it, else its executive committee (Ban Chấp hành)."""
    if any(user_holds_role(user=member, roles=(Role.BTV_MEMBER,), unit=unit) for member in members):
        return gettext("Ban Thường vụ %(unit)s") % {"unit": unit}
    return gettext("Ban Chấp hành %(unit)s") % {"unit": unit}


def awaited_line(*, names: list[str], decision: bool = False) -> str:
    """ "Chờ A hoặc B phê duyệt" (or "quyết định" for a decision): each of `names` may take the step."""
    if not names:
        return gettext(COMPETENT_DECISION if decision else COMPETENT_APPROVAL)
    who = names[0]
    for name in names[1:]:
        who = gettext("%(first)s hoặc %(second)s") % {"first": who, "second": name}
    if decision:
        return gettext("Chờ %(who)s quyết định") % {"who": who}
    return gettext("Chờ %(who)s phê duyệt") % {"who": who}
