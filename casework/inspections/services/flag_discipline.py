"""Kỷ luật on a flag (dấu hiệu vi phạm): proposed by the committee or by a leader's escalation
decision, decided only by secret ballot of the competent body (QĐ 5130/QĐ-TLĐ), with the same
model and rules as a case's discipline (casework.cases.services.discipline).

Discipline answers a violation the inspection established: the body votes once the flag's
inspection reached its approved conclusion; until then the proposal waits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import DisciplineProceeding
from casework.cases.services.discipline import (
    discipline_ballot_audited,
    discipline_proceeding_open,
    discipline_subject_for,
)
from casework.inspections.models import Flag
from casework.inspections.roles import INSPECTION_STAFF, LEADERSHIP
from casework.org.selectors import user_has_role, user_holds_role
from core.errors import TransitionNotAllowed
from notifications.services import notify


def flag_discipline_pending(flag: Flag) -> DisciplineProceeding | None:
    return flag.disciplines.filter(status=DisciplineProceeding.Status.PROPOSED).first()


def flag_discipline_refusal(flag: Flag, user: Any) -> str:
    """Why `user` may not propose discipline on the flag ("" when no conflict): one conflicted with
    the flag's unit (a role held in it, a declared conflict) proposes nothing about it."""
    from casework.inspections.services.teams import decider_conflict_refusal

    return decider_conflict_refusal(actor=user, unit=flag.unit, action=gettext("đề nghị kỷ luật về"))


def flag_discipline_may_propose(flag: Flag, user: Any) -> bool:
    """The committee (inspectors, its chair) or the leadership of the flag's unit, while the flag
    was not ended without inspection and no proposal waits for the ballot; never one conflicted
    with the flag's unit (flag_discipline_refusal)."""
    return (
        flag.status != Flag.Status.DECIDED
        and flag_discipline_pending(flag) is None
        and user_has_role(user=user, roles=(*INSPECTION_STAFF, *LEADERSHIP), unit=flag.unit)
        and not flag_discipline_refusal(flag, user)
    )


def flag_discipline_may_vote(flag: Flag, user: Any) -> bool:
    """A member of the competent body (BTV/BCH of the proposal's unit or above), once the flag's
    inspection has its approved conclusion; never one in conflict with the unit concerned (a role
    held in it, or a declared conflict), who may neither vote for the body nor sign for it."""
    from casework.inspections.services.teams import team_conflicts

    pending = flag_discipline_pending(flag)
    return (
        pending is not None
        and flag.status == Flag.Status.INSPECTED
        # A member who holds the role: an administrator votes only holding it like anyone else.
        and user_holds_role(user=user, roles=LEADERSHIP, unit=pending.unit)
        # Nobody conflicted votes, an administrator no more than anyone.
        and user.pk not in team_conflicts(users=[user], subject_unit=flag.unit)
    )


def _lock(flag: Flag) -> Flag:
    return Flag.objects.select_for_update(no_key=True).get(pk=flag.pk)


def _open(*, flag: Flag, unit: Any, actor: Any, reason: str, **values: Any) -> DisciplineProceeding:
    proceeding = discipline_proceeding_open(flag=flag, unit=unit, actor=actor, reason=reason, **values)
    audit_record(
        actor=actor,
        action="flag.discipline_propose",
        target=flag,
        unit=flag.unit,
        after={
            "proceeding": proceeding.pk,
            "subject_kind": proceeding.subject_kind,
            "violations": proceeding.violations,
            "form": proceeding.proposed_form,
            "awaiting": "secret_ballot",
        },
        reason=reason.strip(),
    )
    return proceeding


@transaction.atomic
def flag_discipline_propose(
    *,
    flag: Flag,
    actor: Any,
    subject_kind: str,
    subject_name: str,
    violation_forms: list[str],
    reason: str,
) -> DisciplineProceeding:
    """Đề nghị kỷ luật on a flag: the forms proposed for each violation, by the subject's scale."""
    locked = _lock(flag)
    if refusal := flag_discipline_refusal(locked, actor):
        raise TransitionNotAllowed(refusal)
    if not flag_discipline_may_propose(locked, actor):
        raise TransitionNotAllowed(
            _(
                "Không thể đề nghị kỷ luật: dấu hiệu đã kết thúc không qua kiểm tra, đã có đề nghị đang chờ "
                "bỏ phiếu, hoặc bạn không thuộc UBKT, lãnh đạo của đơn vị."
            )
        )
    return _open(
        flag=locked,
        unit=locked.unit,
        actor=actor,
        reason=reason,
        subject_kind=subject_kind,
        subject_name=subject_name,
        violation_forms=violation_forms,
    )


def flag_discipline_subject_name(flag: Flag) -> str:
    """Whom a leader's discipline proposal on the flag is about: the person named, else the flag's unit."""
    return flag.person or flag.unit.name


def flag_discipline_from_escalation(*, flag: Flag, escalation: Any, actor: Any, form: str, reason: str) -> None:
    """A leader's "discipline" decision on the flag's escalation: a proposal of the body at the
    escalation's level, never a decision (called inside the decision's transaction)."""
    locked = _lock(flag)
    _open(
        flag=locked,
        unit=escalation.level,
        actor=actor,
        reason=reason,
        subject_kind=discipline_subject_for(form=form, person=locked.person),
        subject_name=flag_discipline_subject_name(locked),
        violation_forms=[form],
    )


@transaction.atomic
def flag_discipline_ballot_record(
    *,
    flag: Flag,
    actor: Any,
    meeting_on: dt.date | None,
    members_total: int | None,
    members_present: int | None,
    votes: dict[str, int],
) -> DisciplineProceeding:
    """The competent body's secret ballot on the flag's pending proposal, signed by `actor` on its
    behalf: quorum, votes per form, more than half of the body's members (`discipline_ballot_count`)."""
    from casework.inspections.services.teams import decider_conflict_check

    locked = _lock(flag)
    # A conflicted member is told why, whoever they are (flag_discipline_may_vote refuses them too).
    decider_conflict_check(actor=actor, unit=locked.unit, action=gettext("ghi kết quả bỏ phiếu kỷ luật về"))
    if not flag_discipline_may_vote(locked, actor):
        raise TransitionNotAllowed(
            _(
                "Chỉ ủy viên BCH/BTV có thẩm quyền ghi kết quả bỏ phiếu kín, cho một đề nghị kỷ luật đang chờ, "
                "sau khi kết luận kiểm tra dấu hiệu vi phạm được duyệt."
            )
        )
    proceeding = DisciplineProceeding.objects.select_for_update().get(
        flag=locked, status=DisciplineProceeding.Status.PROPOSED
    )
    discipline_ballot_audited(
        proceeding=proceeding,
        actor=actor,
        target=locked,
        unit=locked.unit,
        action="flag.discipline_ballot",
        meeting_on=meeting_on,
        members_total=members_total,
        members_present=members_present,
        votes=votes,
    )
    notify(
        users=[u for u in (proceeding.proposed_by, locked.raised_by) if u is not None],
        title=lambda: gettext("Kết quả bỏ phiếu kín kỷ luật: %(result)s") % {"result": proceeding.get_status_display()},
        url=f"/inspections/flags/{locked.pk}/",
        unit=locked.unit,
        key=f"flag:{locked.pk}:discipline:{proceeding.pk}",
        reference=locked.reference,
    )
    return proceeding
