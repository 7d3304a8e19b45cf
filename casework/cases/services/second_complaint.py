"""Khiếu nại lần hai: a second-round complaint filed with the directly superior union, linked to
the first (Luật Khiếu nại 2011 Đ.33)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.cases.complaint_limits import first_round_end
from casework.cases.models import Case, Channel, Kind
from casework.cases.permissions import INTAKE_ROLES
from casework.cases.selectors import case_complainants, submitter_id_number
from casework.cases.services.creation import case_create
from casework.cases.services.intake_rules import SubmitterData, letter_errors
from casework.cases.services.representation import case_representative_carry
from casework.org.selectors import user_has_role
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.services.deadlines import deadline_close


@transaction.atomic
def case_complaint_second(
    *,
    first: Case,
    actor: Any,
    received_on: dt.date | None,
    content: str,
    channel: str = Channel.LETTER,
    title: str = "",
    same_representative: bool = False,
) -> Case:
    """Khiếu nại lần hai: filed with the directly superior union, linked to the first resolution.

    With `same_representative` the first round's representative or authorised person acts again, and is
    carried over with its document (`case_representative_carry`).

    The second round starts not complex, whatever the first was found: its complexity is decided on its own,
    by the superior's competent person with its grounds (`case_complexity_decide`), and sets the second
    round's limit (Luật Khiếu nại 2011 Đ.37; Nghị định 124/2020/NĐ-CP Đ.3a)."""
    first = Case.objects.select_related("unit__parent").get(pk=first.pk)
    if first.kind != Kind.COMPLAINT or first.round != 1:
        raise ValidationFailed({"previous": _("Chỉ khiếu nại lần đầu mới có thể khiếu nại lần hai.")})
    # Đ.33: after the first decision, or once the first-round limit ran out without one.
    if first_round_end(first) is None:
        raise TransitionNotAllowed(
            gettext(
                "Khiếu nại lần đầu %(reference)s chưa có quyết định giải quyết và chưa hết thời hạn giải quyết "
                "(đang ở trạng thái “%(status)s”)."
            )
            % {"reference": first.reference, "status": first.get_status_display()}
        )
    if first.next_rounds.exists():
        raise ValidationFailed(
            {
                "previous": gettext("Khiếu nại %(reference)s đã có hồ sơ giải quyết lần hai.")
                % {"reference": first.reference}
            }
        )
    superior = first.unit.parent
    if superior is None:
        raise ValidationFailed({"previous": _("Đơn vị giải quyết lần đầu không có công đoàn cấp trên trực tiếp.")})
    submitters = [
        SubmitterData(
            full_name=s.full_name,
            phone=s.phone,
            email=s.email,
            address=s.address,
            is_representative=s.is_representative,
            id_number=submitter_id_number(s),
        )
        # Only those still complaining when the first round was decided: one of several who withdrew no
        # longer has a complainant's rights (Nghị định 124/2020/NĐ-CP Đ.7a khoản 1; Luật Khiếu nại 2011 Đ.12).
        for s in case_complainants(case=first)
    ]
    errors = letter_errors(
        kind=Kind.COMPLAINT,
        channel=channel,
        received_on=received_on,
        unit=superior,
        title=title or first.title,
        content=content,
        submitters=submitters,
        anonymous=False,
        evidence="",
    )
    # Past its window (Đ.33 khoản 1) the complaint is registered all the same: whether time lost to objective
    # obstacles is not counted (Đ.9 khoản 2) is decided at triage, and a refusal states its reason in writing
    # (Đ.11 khoản 6, Đ.36 khoản 1; Nghị định 124/2020/NĐ-CP Đ.16 khoản 1). See `second_window`.
    if errors:
        raise ValidationFailed(errors)
    assert received_on is not None  # letter_errors names it when missing
    if not user_has_role(user=actor, roles=INTAKE_ROLES, unit=superior):
        raise TransitionNotAllowed(
            gettext("Khiếu nại lần hai do %(superior)s tiếp nhận; bạn không có quyền tại đơn vị này.")
            % {"superior": superior}
        )
    case = case_create(
        actor=actor,
        kind=Kind.COMPLAINT,
        channel=channel,
        received_on=received_on,
        unit=superior,
        title=title or f"Khiếu nại lần hai: {first.title}",
        content=content,
        submitters=submitters,
        subject_unit=first.subject_unit,
        subject_person=first.subject_person,
        subject_user=first.subject_user,
        congress_date=None,
        anonymous=False,
        previous=first,
        fingerprint=first.submitter_fingerprint,
    )
    if same_representative:
        case_representative_carry(case=case, previous=first, actor=actor)
    # The first round's limitation clock (if any) stops: the second complaint was filed.
    deadline_close(target=first, step="limitation")
    return case
