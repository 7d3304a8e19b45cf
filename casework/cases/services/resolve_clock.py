"""When a case's resolution limit (its "resolve" clock) stands still: one rule for every step that may
stop or restart it.

The clock does not run while
- the case is suspended (tạm đình chỉ): "thời gian tạm đình chỉ ... không tính vào thời hạn giải quyết tố
  cáo" (Luật Tố cáo 2018 Đ.34 khoản 2), and for a complaint Luật Khiếu nại 2011 as amended by Luật
  136/2025/QH15 (Nghị định 124/2020/NĐ-CP Đ.28b);
- a denunciation awaits an expert conclusion: "Thời gian giám định không tính vào thời hạn giải quyết tố
  cáo" (Nghị định 31/2019/NĐ-CP Đ.15 khoản 4, which Nghị định 156/2026/NĐ-CP leaves unchanged). The time
  of an assessment is the expert body's: from the sending of the written request to it (Đ.15 khoản 2, as
  amended) until its conclusion is received, or the request ends with the case.
A complaint's assessment time counts: Luật Khiếu nại 2011 (Đ.28, Đ.37: the limits run from acceptance)
and Thông tư 07/2013/TT-TTCP Đ.15 leave nothing of it out.

Each step that changes one of these facts (suspend, resume, an expertise request sent, its conclusion
received), or that may run again a clock that had run out (a longer limit: case_complexity_decide), calls
`resolve_clock_sync` after its change: the clock is paused while either ground holds and restarts only when
neither does, through the deadline services, whose history keeps each pause for the
reports of a day past (workflows.clock_history).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from casework.cases.models import Case, ExpertiseRequest, Kind, Status
from workflows.services.deadlines import deadline_pause, deadline_resume

RESOLVE_STEP = "resolve"

# The grounds on which the resolution clock stands still (resolve_pause_grounds).
PAUSED_BY_SUSPENSION = "suspension"
PAUSED_BY_EXPERTISE = "expertise"


def expertise_under_assessment(case: Case) -> QuerySet[ExpertiseRequest]:
    """The requests the expert body is working on: sent, no conclusion received, not ended with the case."""
    return ExpertiseRequest.objects.filter(
        case_id=case.pk, sent_on__isnull=False, conclusion_on__isnull=True, ended_on__isnull=True
    ).order_by("number")


def resolve_pause_grounds(case: Case) -> list[str]:
    """Why the case's resolution clock must stand still now ([] when it must run)."""
    if case.is_final:
        return []  # its clocks have stopped with it
    grounds = []
    if case.status == Status.SUSPENDED:
        grounds.append(PAUSED_BY_SUSPENSION)
    if case.kind == Kind.DENUNCIATION and expertise_under_assessment(case).exists():
        grounds.append(PAUSED_BY_EXPERTISE)
    return grounds


def resolve_pause_reasons(case: Case) -> list[str]:
    """The grounds of `resolve_pause_grounds` as the case page states them."""
    reasons = []
    for ground in resolve_pause_grounds(case):
        if ground == PAUSED_BY_SUSPENSION:
            reasons.append(_("hồ sơ đang tạm đình chỉ"))
        else:
            numbers = ", ".join(str(n) for n in expertise_under_assessment(case).values_list("number", flat=True))
            reasons.append(
                _(
                    "đang chờ kết luận giám định (lần %(numbers)s): thời gian giám định không tính vào thời hạn "
                    "giải quyết tố cáo (Nghị định 31/2019/NĐ-CP Điều 15 khoản 4)"
                )
                % {"numbers": numbers}
            )
    return reasons


def resolve_clock_sync(case: Case) -> None:
    """Pause the resolution clock when a ground holds, restart it when none does (a no-op when it already
    stands as it should). Called in the step's transaction, on the locked case, after its change; a case
    that has ended has its clocks stopped by the step that ended it."""
    if case.is_final:
        return
    if resolve_pause_grounds(case):
        deadline_pause(target=case, step=RESOLVE_STEP)
    else:
        deadline_resume(target=case, step=RESOLVE_STEP)
