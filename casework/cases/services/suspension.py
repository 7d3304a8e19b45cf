"""Tạm đình chỉ and tiếp tục giải quyết: a case's resolution paused on a ground the law lists and
resumed once it has ended, each by a written decision (Luật Tố cáo 2018 Đ.34; Luật Khiếu nại 2011
as amended by Luật 136/2025/QH15; Nghị định 124/2020/NĐ-CP Đ.28b)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.cases.models import (
    Case,
    Kind,
    SuspensionGround,
)
from casework.cases.services.common import (
    DENUNCIATION_DECISION_SENT_TO,
    case_lock,
    case_notify,
    case_step,
    denounced_decision_notify,
    require_text,
    transition_check,
)
from casework.cases.services.expertise import expertise_awaiting
from casework.cases.services.resolve_clock import resolve_clock_sync
from casework.cases.services.sending import (
    DECISION_SENT_TO,
    decision_sending_start,
)
from core.errors import ValidationFailed
from notifications.language import site_language

# Luật Tố cáo 2018 Đ.34 khoản 1: the only grounds on which a denunciation is suspended.
DENUNCIATION_SUSPENSION_GROUNDS = (SuspensionGround.AWAIT_OTHER_BODY, SuspensionGround.AWAIT_EXPERTISE)


@transaction.atomic
def case_suspend(*, case: Case, actor: Any, ground: str, reason: str = "", expected_version: int | None = None) -> Case:
    """Tạm đình chỉ, only on a ground the law lists (Luật 136/2025/QH15; Luật Tố cáo 2018 Đ.34 khoản 1):
    the resolution limit stops and the paused time is not counted in it. The suspension is a written decision, issued
    in the same transaction with the next number of the outgoing register (kept in the audit event);
    a denunciation's decision states its reason and is sent to the denouncer and the person
    denounced (Đ.34), a complaint's (Mẫu số 14a) to the parties within 03 working days (Nghị định
    124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP)."""
    if ground not in SuspensionGround.values:
        raise ValidationFailed({"ground": _("Căn cứ tạm đình chỉ: chọn một căn cứ pháp luật quy định.")})
    if case.kind == Kind.DENUNCIATION and ground not in DENUNCIATION_SUSPENSION_GROUNDS:
        raise ValidationFailed(
            {
                "ground": _(
                    "Căn cứ tạm đình chỉ: tố cáo chỉ được tạm đình chỉ khi cần đợi kết quả giải quyết của cơ quan, "
                    "tổ chức, cá nhân khác hoặc vụ việc khác có liên quan, hoặc đợi kết quả giám định bổ sung, "
                    "giám định lại (Luật Tố cáo 2018 Điều 34)."
                )
            }
        )
    reason = (reason or "").strip()
    if ground == SuspensionGround.FORCE_MAJEURE and not reason:
        # Nghị định 124/2020/NĐ-CP Đ.28a khoản 4 (bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.12): the event or the
        # obstacle is shown by documents and written in the file.
        raise ValidationFailed(
            {
                "reason": _(
                    "Căn cứ sự kiện bất khả kháng, trở ngại khách quan: nêu sự kiện, trở ngại và tài liệu chứng minh "
                    "có trong hồ sơ (Nghị định 124/2020/NĐ-CP Điều 28a khoản 4)."
                )
            }
        )
    with site_language():  # the decision's text goes on the paper in the site's language, whatever the page's
        label = str(SuspensionGround(ground).label)
    text = f"{label}. {reason}".strip()
    case = case_lock(case=case, expected_version=expected_version)
    transition_check(case=case, name="suspend", actor=actor)  # the state and the right come first
    if ground == SuspensionGround.AWAIT_EXPERTISE and not expertise_awaiting(case).exists():
        # The case awaits a supplementary or repeated assessment only once one has been requested
        # (Luật Tố cáo 2018 Đ.34 khoản 1 điểm b; Nghị định 31/2019/NĐ-CP Đ.15, sửa đổi bởi Nghị định
        # 156/2026/NĐ-CP): a request still awaiting its conclusion is the ground's fact.
        raise ValidationFailed(
            {
                "ground": _(
                    "Căn cứ “Cần đợi kết quả giám định bổ sung, giám định lại”: hồ sơ chưa có văn bản trưng cầu "
                    "giám định nào đang chờ kết luận. Ghi việc trưng cầu giám định (thao tác “Trưng cầu giám "
                    "định”) trước khi tạm đình chỉ trên căn cứ này."
                )
            }
        )
    suspended_from = case.status
    case, before = case_step(
        case=case,
        name="suspend",
        actor=actor,
        locked=True,
        reason=text,
        changes={"suspended_from": suspended_from, "suspension_ground": ground, "suspension_reason": reason},
        paper="case.suspension",
        audit_after=_sent_to(case),
    )
    # Only the resolution limit stops: "thời gian tạm đình chỉ ... không tính vào thời hạn giải quyết tố
    # cáo" (Luật Tố cáo 2018 Đ.34 khoản 2), and for a complaint the resolution limit of Luật Khiếu nại
    # 2011 Đ.28, Đ.37 (Luật 136/2025/QH15). Every other clock runs on: the notices of acceptance
    # (Luật Tố cáo 2018 Đ.29), a transfer (Đ.24), and the sending of a decision, this one's from today
    # (Đ.34 khoản 4; Nghị định 124/2020/NĐ-CP Đ.28b) as an earlier one's. A clock already standing
    # still for an expert assessment stays so (resolve_clock).
    resolve_clock_sync(case)
    decision_sending_start(case, "suspension")
    case_notify(
        case=case, users=[case.assignee], title=gettext_lazy("Hồ sơ bị tạm đình chỉ"), body=text, event="suspend"
    )
    number = _latest_number(case, "case.suspension")
    denounced_decision_notify(
        case=case,
        title=lambda: (_("Quyết định tạm đình chỉ việc giải quyết tố cáo %(number)s") % {"number": number}).strip(),
        body=lambda: _("Căn cứ tạm đình chỉ: %(ground)s.") % {"ground": SuspensionGround(ground).label},
        event="suspend-denounced",
    )
    return case


@transaction.atomic
def case_resume(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    """Tiếp tục giải quyết once the ground of the suspension has ended; the paused time is not counted.
    A denunciation resumes by a written decision (Luật Tố cáo 2018 Đ.34: "ra ngay quyết định
    tiếp tục giải quyết tố cáo"), a complaint by the quyết định tiếp tục giải quyết khiếu nại (Mẫu số
    14b, Nghị định 124/2020/NĐ-CP Đ.28b khoản 2, bổ sung bởi Nghị định 155/2026/NĐ-CP), each issued in
    the same transaction with the next number of the outgoing register, stating its reason and sent to
    the parties; a complaint's within 03 working days, on its own clock. The complaint's resolution
    limit goes on from the day of that decision (Đ.28b khoản 2): the paused clock restarts today."""
    from casework.papers.context import case_paper_key

    reason = require_text(reason, "reason", _("Phải nêu lý do tiếp tục giải quyết."))
    written = case.kind in (Kind.DENUNCIATION, Kind.COMPLAINT)
    case, _unused = case_step(
        case=case,
        name="resume",
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        changes={"suspended_from": "", "suspension_ground": "", "resumption_reason": reason},
        paper=case_paper_key(case, "resumption") if written else "",
        audit_after=_sent_to(case),
    )
    # The clock the suspension paused restarts, unless a denunciation's assessment still holds it
    # (Nghị định 31/2019/NĐ-CP Đ.15 khoản 4: resolve_clock).
    resolve_clock_sync(case)
    decision_sending_start(case, "resumption")
    case_notify(case=case, users=[case.assignee], title=gettext_lazy("Hồ sơ được tiếp tục giải quyết"), event="resume")
    number = _latest_number(case, "case.resumption")
    denounced_decision_notify(
        case=case,
        title=lambda: (_("Quyết định tiếp tục giải quyết tố cáo %(number)s") % {"number": number}).strip(),
        body=gettext_lazy(
            "Việc giải quyết tố cáo được tiếp tục; thời gian tạm đình chỉ không tính vào thời hạn giải quyết."
        ),
        event="resume-denounced",
    )
    return case


def _sent_to(case: Case) -> dict[str, list[str]]:
    """Whom a denunciation's or a complaint's decision on its course is sent to, for the step's audit
    event (Luật Tố cáo 2018 Đ.34; Nghị định 124/2020/NĐ-CP Đ.28b)."""
    if case.kind == Kind.DENUNCIATION:
        return {"sent_to": DENUNCIATION_DECISION_SENT_TO}
    if case.kind == Kind.COMPLAINT:
        return {"sent_to": DECISION_SENT_TO[Kind.COMPLAINT]}
    return {}


def _latest_number(case: Case, key: str) -> str:
    from casework.papers.selectors import paper_issued_for

    paper = paper_issued_for(target=case, key=key)
    return paper.symbol if paper else ""
