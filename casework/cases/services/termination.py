"""Đình chỉ: the end of a case's resolution by a decision on a ground the law lists (Luật Khiếu nại
2011, Luật 136/2025/QH15; Luật Tố cáo 2018 Đ.34), and the whole withdrawal that awaits it (Đ.33)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.cases.models import (
    COMMUNE_COMMITTEE_GROUNDS,
    TERMINABLE,
    Case,
    Kind,
    TerminationGround,
)
from casework.cases.services.common import (
    DENUNCIATION_DECISION_SENT_TO,
    case_lock,
    case_notify,
    case_step,
    denounced_decision_notify,
)
from casework.cases.services.expertise import expertise_end_with_case
from casework.cases.services.sending import (
    DECISION_SENDING_CLOCKS,
    TRANSFERRER_STEP,
    decision_sending_start,
    termination_sent_to,
)
from core import clock
from core.errors import ValidationFailed
from notifications.language import site_language
from workflows.services import deadline_close

# ---- đình chỉ --------------------------------------------------------------------------------------


# The kinds of letter a ground ends, where the law limits it (Luật Khiếu nại 2011, Luật 136/2025/QH15;
# Luật Tố cáo 2018 Đ.34); a ground not listed ends any kind.
TERMINATION_GROUND_KINDS = {
    TerminationGround.NO_HEIR: (Kind.COMPLAINT,),
    TerminationGround.DISSOLVED: (Kind.COMPLAINT,),
    TerminationGround.COURT: (Kind.COMPLAINT, Kind.PETITION),
    TerminationGround.DENOUNCED_DIED: (Kind.DENUNCIATION,),
    TerminationGround.RESOLVED_FINAL: (Kind.DENUNCIATION,),
}


def termination_grounds(kind: str) -> list[tuple[str, Any]]:
    """The termination grounds a letter of this kind may be ended on (what the form offers)."""
    return [
        (ground.value, ground.label)
        for ground in TerminationGround
        if kind in TERMINATION_GROUND_KINDS.get(ground, Kind.values)
    ]


def termination_due(case: Case) -> bool:
    """An accepted complaint or denunciation withdrawn in whole awaits the termination decision
    (Luật Khiếu nại 2011 Đ.10, TT 07/2013/TT-TTCP Đ.19; Luật Tố cáo 2018 Đ.33 khoản 2, Đ.34 khoản 3
    điểm a): the one rule the page's notice and preset ground, and the API's detail, read."""
    return case.kind != Kind.PETITION and case.withdrawn_in_whole_on is not None and case.status in TERMINABLE


def case_terminate_check(*, case: Case, ground: str, commune_committee: str = "", **_ignored: Any) -> None:
    """The rules of a termination, checked before it is confirmed and again when it is written. A
    complaint ended because the complainant died with no heir, or the complaining body ended with no
    successor, names the commune's People's Committee its decision is sent to (Nghị định 124/2020/NĐ-CP
    Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP); no other termination names one."""
    errors = {}
    committee = (commune_committee or "").strip()
    if ground in COMMUNE_COMMITTEE_GROUNDS and case.kind == Kind.COMPLAINT and not committee:
        errors["commune_committee"] = (
            _(
                "Ghi tên Ủy ban nhân dân cấp xã nơi người khiếu nại thường trú cuối cùng trước khi chết: quyết định "
                "đình chỉ được gửi đến đó (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định "
                "155/2026/NĐ-CP)."
            )
            if ground == TerminationGround.NO_HEIR
            else _(
                "Ghi tên Ủy ban nhân dân cấp xã nơi cơ quan, tổ chức khiếu nại có trụ sở chính ngay trước khi giải "
                "thể, phá sản hoặc kết thúc hoạt động: quyết định đình chỉ được gửi đến đó (Nghị định "
                "124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP)."
            )
        )
    elif committee and ground not in COMMUNE_COMMITTEE_GROUNDS:
        errors["commune_committee"] = _(
            "Chỉ ghi Ủy ban nhân dân cấp xã khi đình chỉ vì người khiếu nại chết không có người thừa kế, hoặc cơ "
            "quan, tổ chức khiếu nại chấm dứt không có cơ quan, tổ chức kế thừa."
        )
    elif len(committee) > 255:
        errors["commune_committee"] = _("Tên Ủy ban nhân dân cấp xã: tối đa 255 ký tự.")
    if ground not in TerminationGround.values:
        errors["ground"] = _("Căn cứ đình chỉ: chọn một căn cứ pháp luật quy định.")
    elif ground == TerminationGround.DENOUNCED_DIED and case.kind != Kind.DENUNCIATION:
        errors["ground"] = _("Căn cứ đình chỉ: căn cứ này chỉ áp dụng với tố cáo.")
    elif ground in (TerminationGround.NO_HEIR, TerminationGround.DISSOLVED) and case.kind != Kind.COMPLAINT:
        errors["ground"] = _("Căn cứ đình chỉ: căn cứ này chỉ áp dụng với khiếu nại.")
    elif ground == TerminationGround.RESOLVED_FINAL and case.kind != Kind.DENUNCIATION:
        errors["ground"] = _("Căn cứ đình chỉ: căn cứ này chỉ áp dụng với tố cáo.")
    elif ground == TerminationGround.COURT and case.kind == Kind.DENUNCIATION:
        # Luật Tố cáo 2018 Đ.34: only a matter already resolved by a final judgment or decision ends one.
        errors["ground"] = _(
            "Căn cứ đình chỉ: tố cáo chỉ bị đình chỉ khi vụ việc đã được giải quyết bằng bản án, quyết định "
            "có hiệu lực pháp luật (Luật Tố cáo 2018 Điều 34), không phải khi Tòa án mới thụ lý."
        )
    elif ground == TerminationGround.WITHDRAWN and case.withdrawn_in_whole_on is None:
        # Luật Khiếu nại 2011 Đ.10; Luật Tố cáo 2018 Đ.33 khoản 2, Đ.34 khoản 3 điểm a: the ground is the
        # sender's written withdrawal of the whole letter, recorded first (for a denunciation, with the
        # assessment of Đ.33 khoản 3).
        errors["ground"] = _(
            "Căn cứ đình chỉ: chưa ghi nhận việc người gửi rút toàn bộ đơn (thao tác “Ghi nhận rút đơn”; "
            "với tố cáo, kèm đánh giá dấu hiệu vi phạm, việc bị ép buộc rút - Luật Tố cáo 2018 Đ.33)."
        )
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def case_terminate(
    *,
    case: Case,
    actor: Any,
    ground: str,
    reason: str = "",
    commune_committee: str = "",
    expected_version: int | None = None,
) -> Case:
    """Đình chỉ giải quyết by a decision, on a ground the law lists (see TerminationGround): the
    case ends, its clocks close. The decision is issued in the same transaction with the next
    number of the outgoing register; a denunciation's decision states its reason and is sent to the
    denouncer and the person denounced within 05 working days, on its own clock (Luật Tố cáo 2018
    Đ.34 khoản 4, `case_termination_sent`), a complaint's (Mẫu số 14a) to the parties within 03
    working days (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP), on the
    grounds of điểm b khoản 2 Điều 11a Luật Khiếu nại to the commune's People's Committee named with it
    (`commune_committee`, `decision_sent_to`). On the ground "withdrawn" the sender's whole withdrawal
    must have been recorded (`case_withdraw`; Luật Khiếu nại 2011 Đ.10, TT 07/2013/TT-TTCP Đ.19)."""
    case_terminate_check(case=case, ground=ground, commune_committee=commune_committee)
    with site_language():  # the decision's text goes on the paper in the site's language, whatever the page's
        label = str(TerminationGround(ground).label)
    text = f"{label}. {(reason or '').strip()}".strip()
    locked = case_lock(case=case, expected_version=expected_version)
    case_terminate_check(case=locked, ground=ground, commune_committee=commune_committee)
    today = clock.today()
    case_obj, _before = case_step(
        case=locked,
        name="terminate",
        actor=actor,
        reason=text,
        locked=True,
        changes={
            "termination_ground": ground,
            "decision_text": text,
            "decided_on": today,
            "closed_on": today,
            "suspended_from": "",
            "termination_commune_committee": (commune_committee or "").strip(),
        },
        paper="case.termination",
        audit_after=_termination_audit(locked.kind, ground, commune_committee),
    )
    expertise_end_with_case(case=case_obj, actor=actor)  # a conclusion still awaited ends unanswered
    # The resolution's clocks end; the sending of an earlier suspension or resumption decision does not
    # (Luật Tố cáo 2018 Đ.34 khoản 4; Nghị định 124/2020/NĐ-CP Đ.28b), nor the notice of the result to the body
    # that transferred a denunciation (Đ.26 khoản 2), and this decision's own sending starts.
    deadline_close(target=case_obj, cancelled=True, except_steps=(*DECISION_SENDING_CLOCKS, TRANSFERRER_STEP))
    decision_sending_start(case_obj, "termination")
    case_notify(
        case=case_obj,
        users=[case_obj.assignee],
        title=gettext_lazy("Hồ sơ đã bị đình chỉ giải quyết"),
        body=text,
        event="terminate",
    )
    denounced_decision_notify(
        case=case_obj,
        title=lambda: (
            _("Quyết định đình chỉ việc giải quyết tố cáo %(number)s") % {"number": case_obj.decision_number}
        ).strip(),
        body=lambda: _("Căn cứ đình chỉ: %(ground)s.") % {"ground": TerminationGround(ground).label},
        event="terminate-denounced",
    )
    return case_obj


def _termination_audit(kind: str, ground: str, commune_committee: str) -> dict[str, list[str]] | None:
    """Whom the termination decision goes to, for its step's audit event (Luật Tố cáo 2018 Đ.34 khoản 4;
    Nghị định 124/2020/NĐ-CP Đ.28b khoản 1)."""
    if kind == Kind.DENUNCIATION:
        return {"sent_to": DENUNCIATION_DECISION_SENT_TO}
    if kind == Kind.COMPLAINT:
        return {"sent_to": termination_sent_to(kind=kind, ground=ground, committee=commune_committee)}
    return None
