"""Who is told of a supervision's steps, in the site's language (notifications.language):

- created: its team, to prepare;
- started: the representatives of the unit supervised, whose work the team now follows;
- reported: the committee's chair, who closes it, with the assessment and the flags raised.

Whoever is conflicted with the unit supervised (a role held in it, a declared conflict: the teams'
rule, inspections.services.teams) is never told as someone's stand-in, nor as the chair who closes
it: they may neither sit on the team nor close it (supervision_may_work, supervision_may_close).
The representatives of the unit are told as themselves: the notice is theirs."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from casework.inspections.models import Flag
from casework.inspections.roles import CHAIR
from casework.inspections.services.teams import unit_conflicted_user_ids
from casework.org.models import Role
from casework.org.selectors import nearest_with_role, users_with_role
from casework.supervision.models import Supervision
from notifications.services import notify


def _url(supervision: Supervision) -> str:
    return reverse("supervision:detail", args=[supervision.pk])


def _period(supervision: Supervision) -> dict[str, str]:
    return {"start": f"{supervision.starts_on:%d/%m/%Y}", "end": f"{supervision.ends_on:%d/%m/%Y}"}


def supervision_created_notify(*, supervision: Supervision) -> None:
    """The team learns of the supervision it is to carry out."""
    notify(
        users=[m.user for m in supervision.team.select_related("user")],
        never=unit_conflicted_user_ids(unit=supervision.subject_unit),
        title=lambda: (
            gettext("Bạn được cử vào đoàn giám sát %(reference)s: %(title)s")
            % {"reference": supervision.reference, "title": supervision.title}
        ),
        body=lambda: (
            gettext("Giám sát %(unit)s từ %(start)s đến %(end)s.")
            % {"unit": supervision.subject_unit.name, **_period(supervision)}
        ),
        url=_url(supervision),
        unit=supervision.unit,
        key=f"supervision:{supervision.pk}:create",
        reference=supervision.reference,
    )


def supervision_started_notify(*, supervision: Supervision) -> None:
    """The unit supervised learns that the committee's team now follows its work."""
    notify(
        users=users_with_role(unit=supervision.subject_unit, roles=[Role.SUBJECT_REP]),
        title=lambda: (
            gettext("Cuộc giám sát %(reference)s tại đơn vị đã bắt đầu") % {"reference": supervision.reference}
        ),
        body=lambda: (
            gettext("Ủy ban kiểm tra %(unit)s giám sát %(title)s từ %(start)s đến %(end)s.")
            % {"unit": supervision.unit.name, "title": supervision.title, **_period(supervision)}
        ),
        url=_url(supervision),
        unit=supervision.subject_unit,
        key=f"supervision:{supervision.pk}:start",
        reference=supervision.reference,
    )


def supervision_reported_notify(*, supervision: Supervision, flags: list[Flag]) -> None:
    """The committee's chair (the nearest not conflicted with the unit) learns the report is in and
    waits for them to close it, and which flags it raised."""
    conflicted = unit_conflicted_user_ids(unit=supervision.subject_unit)

    def body() -> str:
        values = {"assessment": supervision.get_assessment_display()}
        if not flags:
            return gettext("Đánh giá: %(assessment)s. Không phát hiện dấu hiệu vi phạm.") % values
        return gettext("Đánh giá: %(assessment)s. Đã ghi nhận %(count)s dấu hiệu vi phạm: %(flags)s.") % {
            **values,
            "count": len(flags),
            "flags": ", ".join(f.reference for f in flags),
        }

    notify(
        users=nearest_with_role(unit=supervision.unit, roles=CHAIR, exclude=conflicted),
        never=conflicted,
        title=lambda: (
            gettext("Cuộc giám sát %(reference)s đã báo cáo kết quả, chờ kết thúc")
            % {"reference": supervision.reference}
        ),
        body=body,
        url=_url(supervision),
        unit=supervision.unit,
        key=f"supervision:{supervision.pk}:report",
        reference=supervision.reference,
    )
