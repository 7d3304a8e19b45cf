"""Theo dõi, đôn đốc việc thực hiện kết luận nội dung tố cáo.

The resolver records the measures the conclusion requires (what, by which unit, by when) and who
follows them: themselves, or a member of the inspection committee of the same level; with nobody
named, the committee as a whole (Luật Tố cáo 2018 Đ.44 khoản 3; Nghị định 31/2019/NĐ-CP Đ.18
khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.3: "Người giải quyết tố cáo có trách nhiệm theo dõi,
đôn đốc hoặc giao cho cơ quan thanh tra cùng cấp hoặc đơn vị tham mưu theo dõi, đôn đốc việc thực
hiện kết luận nội dung tố cáo ... báo cáo kết quả thực hiện với người giải quyết tố cáo"). Each
measure is an inspections Recommendation whose source is the case: reported on by the unit that
must act (Đ.45, Đ.46), verified by its monitor, reminded and escalated by the same clocks.

Closing the case does not wait for them: the denunciation is resolved by its conclusion and the
handling of it (Luật Tố cáo 2018 Đ.35, Đ.36; Đ.44 khoản 1), while following its implementation is a
duty that lasts after (Đ.44 khoản 3). A closed case keeps its measures followed and shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import Case, Kind, Status
from casework.cases.permissions import can_decide, case_deciders
from casework.cases.services.common import case_lock, decision_check
from casework.cases.services.identity import case_text_masked
from casework.org.models import Unit, User
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# The steps at which the resolver records the measures of the conclusion: once it is handled (Luật Tố
# cáo 2018 Đ.36, Đ.44 khoản 1), until the case is closed.
MEASURE_STATUSES = (Status.HANDLED, Status.NOTIFIED)


def conclusion_measure_may_add(case: Case, user: Any) -> bool:
    """The resolver (whoever takes the competent body's decisions on the case: can_decide) records the
    measures of a handled denunciation's conclusion. The page and the API offer it by this rule."""
    return case.kind == Kind.DENUNCIATION and case.status in MEASURE_STATUSES and can_decide(case, user)


def conclusion_monitors(case: Case) -> list[User]:
    """Who may be named to follow a measure: the resolvers of the case (case_deciders) and the members
    of the inspection committee of the case's unit (the same-level inspection body), less anyone who
    may not decide on the case (recused, a declared conflict, a conflict with the unit denounced)."""
    from casework.cases.selectors import case_conflict_reasons
    from casework.inspections.roles import INSPECTION_STAFF
    from casework.org.selectors import users_with_role

    people = {u.pk: u for u in case_deciders(case)}
    staff = [u for u in users_with_role(unit=case.unit, roles=INSPECTION_STAFF) if u.pk not in people]
    conflicts = case_conflict_reasons(case=case, users=staff)
    people.update({user.pk: user for user in staff if not conflicts[user.pk]})
    return sorted(people.values(), key=lambda u: (u.full_name or u.username, u.pk))


def case_conclusion_measure_check(
    *, case: Case, text: str, owner_unit: Unit | None, due_on: dt.date | None, monitor: User | None
) -> None:
    """The rules of a measure, checked before anything is asked or written: its text, a unit within
    the case's unit that must carry it out, a due date after today, a monitor the rule allows."""
    errors: dict[str, str] = {}
    if not (text or "").strip():
        errors["text"] = _("Phải nhập nội dung biện pháp, kiến nghị cần thực hiện.")
    if owner_unit is None or not owner_unit.is_within(case.unit):
        errors["owner_unit"] = _("Đơn vị thực hiện phải thuộc phạm vi của đơn vị giải quyết tố cáo.")
    if due_on is None or due_on <= clock.today():
        errors["due_on"] = _("Hạn thực hiện phải sau ngày hôm nay.")
    if monitor is not None and monitor.pk not in {u.pk for u in conclusion_monitors(case)}:
        errors["monitor"] = gettext(
            "%(person)s không thể theo dõi, đôn đốc việc thực hiện kết luận: chỉ người giải quyết tố cáo hoặc "
            "ủy viên Ủy ban kiểm tra cùng cấp không có xung đột lợi ích với vụ việc."
        ) % {"person": monitor}
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def case_conclusion_measure_add(
    *,
    case: Case,
    actor: Any,
    text: str,
    owner_unit: Unit | None,
    due_on: dt.date | None,
    monitor: User | None = None,
    expected_version: int | None = None,
) -> Case:
    """Record one measure of the conclusion and who follows it (see the module docstring); audited on
    the case and on the recommendation it becomes. Its text goes through the denunciation's masks:
    the unit that must act reads it outside the case (Luật Tố cáo 2018 Đ.47)."""
    from casework.inspections.services import recommendation_add_for_case

    case = case_lock(case=case, expected_version=expected_version)
    if not conclusion_measure_may_add(case, actor):
        if case.kind == Kind.DENUNCIATION and case.status not in MEASURE_STATUSES:
            raise TransitionNotAllowed(
                gettext(
                    "Chỉ ghi biện pháp thực hiện kết luận sau khi đã xử lý kết luận và trước khi đóng hồ sơ "
                    "(hồ sơ %(ref)s đang ở trạng thái “%(status)s”)."
                )
                % {"ref": case.reference, "status": case.get_status_display()}
            )
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi biện pháp thực hiện kết luận của hồ sơ %(ref)s.") % {"ref": case.reference}
        )
    decision_check(case=case, actor=actor, action=gettext("ghi biện pháp thực hiện kết luận"))
    case_conclusion_measure_check(case=case, text=text, owner_unit=owner_unit, due_on=due_on, monitor=monitor)
    assert owner_unit is not None and due_on is not None  # checked above
    masked = case_text_masked(case, text.strip())
    rec = recommendation_add_for_case(
        case=case, text=masked, owner_unit=owner_unit, due_on=due_on, monitor=monitor, actor=actor
    )
    audit_record(
        actor=actor,
        action="case.conclusion_measure",
        target=case,
        unit=case.unit,
        after={
            "recommendation": rec.pk,
            "owner_unit": owner_unit.pk,
            "due_on": due_on.isoformat(),
            "monitor": monitor.pk if monitor else None,
        },
        reason=masked,
    )
    return case
