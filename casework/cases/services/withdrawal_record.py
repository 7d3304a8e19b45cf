"""Rút tố cáo by a record (Mẫu số 03, Nghị định 31/2019/NĐ-CP Đ.4 khoản 2, sửa đổi bởi Nghị định
156/2026/NĐ-CP Đ.1): the latest record, as its paper prints it, and the denouncers who withdrew by it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.identity import identity_decrypt
from casework.cases.models import (
    Case,
    DenouncerIdentity,
    Kind,
    Withdrawal,
    WithdrawalMeans,
)
from core.errors import TransitionNotAllowed


def withdrawal_record_latest(case: Case) -> Withdrawal | None:
    """The latest withdrawal of the case made by a record (Mẫu số 03): what its paper prints."""
    return (
        Withdrawal.objects.filter(case=case, means=WithdrawalMeans.RECORD)
        .select_related("recorder")
        .order_by("-pk")
        .first()
    )


def withdrawal_records_count(case: Case) -> int:
    return Withdrawal.objects.filter(case=case, means=WithdrawalMeans.RECORD).count()


@transaction.atomic
def case_withdrawal_record_people(*, case: Case, actor: Any) -> list[dict]:
    """The denouncers who withdrew by the latest record, as its copy filled from the identity prints
    them (name, address, contact): the sealed identity at their positions, and what the record sealed
    where the identity lacks it. Only for whom `can_reveal_identity` allows; the production of that
    copy is audited like every paper naming the denouncer."""
    from casework.cases.permissions import can_reveal_identity

    if case.kind != Kind.DENUNCIATION:
        raise TransitionNotAllowed(_("Chỉ đơn tố cáo mới có văn bản gửi người tố cáo."))
    if not can_reveal_identity(case, actor):
        raise TransitionNotAllowed(
            _("Chỉ người được xem danh tính người tố cáo mới lập được văn bản gửi người tố cáo.")
        )
    record = withdrawal_record_latest(case)
    if record is None:
        raise TransitionNotAllowed(_("Hồ sơ chưa có biên bản ghi nhận việc rút tố cáo."))
    identity = DenouncerIdentity.objects.filter(case=case).first()
    people = identity_decrypt(identity.ciphertext, case=case) if identity else []
    typed = identity_decrypt(record.particulars_sealed, case=case) if record.particulars_sealed else {}
    withdrew = []
    for position in record.denouncers or [1]:
        person = people[position - 1] if 0 < position <= len(people) else {}
        contact = ", ".join(p for p in (person.get("phone", ""), person.get("email", "")) if p)
        withdrew.append(
            {
                "full_name": typed.get("full_name") or person.get("full_name", ""),
                "address": typed.get("address") or person.get("address", ""),
                "contact": typed.get("contact") or contact,
            }
        )
    audit_record(
        actor=actor,
        action="case.paper_to_denouncer",
        target=case,
        unit=case.unit,
        after={"notice": "withdrawal_record"},
        reason=_("Lập văn bản gửi người tố cáo"),
    )
    return withdrew
