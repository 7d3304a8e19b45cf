"""Kỷ luật (QĐ 5130/QĐ-TLĐ, 2022): proposed on a case or a flag, decided by secret ballot of the
competent body, signed on its behalf. One leader's click is a proposal, never a decision.

The rules here (the forms by subject, the quorum, the count) are the same for both sources:
`discipline_proceeding_open` and `discipline_ballot_count` are what the case services below and
the flag services (casework.inspections.services.flag_discipline) call after their own lock and
permission check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import (
    DISCIPLINE_SCALES,
    Case,
    DisciplineForm,
    DisciplineProceeding,
    DisciplineSubject,
    Kind,
)
from casework.cases.permissions import can_lead, can_work
from casework.cases.selectors import case_disciplines
from casework.cases.services.common import case_lock, case_notify, decision_refusal
from casework.cases.services.publicity import discipline_publication_clock_open
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# A meeting of the body decides when at least two thirds of its members attend (Điều lệ Công
# đoàn Việt Nam: hội nghị, cuộc họp hợp lệ khi có ít nhất 2/3 số thành viên tham dự).
QUORUM_NUMERATOR, QUORUM_DENOMINATOR = 2, 3


def discipline_form_name(value: Any) -> str:
    """A form of discipline by its name ("Giải tán"), never its code; a value that is no form, quoted as sent."""
    if value in DisciplineForm.values:
        return str(DisciplineForm(value).label).lower()
    return f"“{str(value)[:40]}”"


def discipline_form_for(*, subject_kind: str, violation_forms: list[str]) -> str:
    """One violation: its form. Several: one form, one level heavier than the heaviest (capped at
    the heaviest form the subject's scale has)."""
    scale = DISCIPLINE_SCALES[DisciplineSubject(subject_kind)]
    heaviest = max(scale.index(DisciplineForm(f)) for f in violation_forms)
    if len(violation_forms) > 1:
        heaviest = min(heaviest + 1, len(scale) - 1)
    return str(scale[heaviest])


def discipline_subject_for(*, form: str, person: str) -> str:
    """The subject a leader's one-form proposal (an escalation decision) is about: the form's own
    scale where only one scale has it (cách chức: a cadre; khai trừ: a member), otherwise a named
    person as a member and, with no one named, the collective (the unit)."""
    if form == DisciplineForm.CACH_CHUC:
        return str(DisciplineSubject.PART_TIME_CADRE)
    if form == DisciplineForm.KHAI_TRU or person:
        return str(DisciplineSubject.MEMBER)
    return str(DisciplineSubject.COLLECTIVE)


def discipline_pending(case: Case) -> DisciplineProceeding | None:
    """The proceeding proposed and not yet decided (one at a time); read once per case within a page's reading
    (`case_disciplines`)."""
    return next((row for row in case_disciplines(case) if row.status == DisciplineProceeding.Status.PROPOSED), None)


def discipline_refusal(case: Case, user: Any) -> str:
    """Why `user` may neither propose nor decide discipline on `case` ("" when they may): the rule of
    every decision on it (decision_refusal: recused from it, a conflict declared in it, or a conflict
    with the unit concerned, by a role held in it or below it or a conflict declared with it or above it)."""
    return decision_refusal(case=case, actor=user, action=_("đề nghị hoặc quyết định kỷ luật về"))


def discipline_conclusion_refusal(case: Case) -> str:
    """Why a denunciation's discipline may not be proposed yet ("" when it may): the person who resolves it
    handles the violation on the ground of the conclusion, after it is issued (Luật Tố cáo 2018 Đ.36 khoản 1
    điểm b; Đ.35), and the union's body disciplines on that conclusion (QĐ 5130/QĐ-TLĐ: one violation,
    established, disciplined once). A conclusion of no violation still leads to handling (khoản 1 điểm a:
    the one who knowingly denounced falsely), so the outcome does not bar it; the conclusion's absence does."""
    from casework.cases.services.criminal_referral import criminal_referral_open

    if case.kind != Kind.DENUNCIATION or criminal_referral_open(case):
        return ""
    return gettext(
        "Chưa thể đề nghị kỷ luật trong hồ sơ %(ref)s: việc xử lý người bị tố cáo căn cứ vào kết luận nội dung tố "
        "cáo, sau khi kết luận được ban hành (Luật Tố cáo 2018 Điều 36 khoản 1)."
    ) % {"ref": case.reference}


def discipline_may_propose(case: Case, user: Any) -> bool:
    return (
        case.kind == Kind.DENUNCIATION
        and not discipline_conclusion_refusal(case)
        and discipline_pending(case) is None
        and (can_work(case, user) or can_lead(case, user))
        and not discipline_refusal(case, user)
    )


def discipline_may_vote(case: Case, user: Any) -> bool:
    return discipline_pending(case) is not None and can_lead(case, user) and not discipline_refusal(case, user)


def discipline_proposal_errors(
    *, subject_kind: str, subject_name: str, violation_forms: list[str], reason: str
) -> dict[str, str]:
    """What is wrong with a proposal: the subject's kind, a name, a form for each violation that the
    subject's scale has, and the grounds."""
    errors: dict[str, str] = {}
    if subject_kind not in DisciplineSubject.values:
        errors["subject_kind"] = _("Đối tượng: chọn đoàn viên, cán bộ không chuyên trách, chuyên trách hoặc tập thể.")
    elif not violation_forms:
        errors["violation_forms"] = _("Vi phạm: ghi hình thức đề nghị cho từng vi phạm.")
    else:
        scale = DISCIPLINE_SCALES[DisciplineSubject(subject_kind)]
        wrong = [f for f in violation_forms if f not in scale]
        if wrong:
            errors["violation_forms"] = gettext("Hình thức %(forms)s không áp dụng cho %(subject)s.") % {
                "forms": ", ".join(discipline_form_name(f) for f in wrong),
                "subject": DisciplineSubject(subject_kind).label,
            }
    if not (subject_name or "").strip():
        errors["subject_name"] = _("Người, tập thể bị đề nghị kỷ luật: phải nhập.")
    if not (reason or "").strip():
        errors["reason"] = _("Căn cứ đề nghị kỷ luật: phải nhập.")
    return errors


def discipline_proceeding_refusal(
    *, subject_name: str, case: Case | None = None, flag: Any = None, inspection: Any = None
) -> ValidationFailed | None:
    """The error `discipline_proceeding_open` raises for a proposal about `subject_name` on this source
    (None when it takes it): a second proposal while one waits for the ballot, a subject already
    disciplined on this source (one violation is disciplined once)."""
    source = DisciplineProceeding.objects.filter(case=case, flag=flag, inspection=inspection)
    if source.filter(status=DisciplineProceeding.Status.PROPOSED).exists():
        return ValidationFailed({"subject_name": _("Đã có đề nghị kỷ luật đang chờ bỏ phiếu kín.")})
    subject_name = (subject_name or "").strip()
    if source.filter(status=DisciplineProceeding.Status.DECIDED, subject_name__iexact=subject_name).exists():
        return ValidationFailed(
            {"subject_name": _("Một vi phạm chỉ bị xử lý kỷ luật một lần: đã có quyết định kỷ luật.")}
        )
    return None


def discipline_proceeding_open(
    *,
    unit: Any,
    actor: Any,
    subject_kind: str,
    subject_name: str,
    violation_forms: list[str],
    reason: str,
    case: Case | None = None,
    flag: Any = None,
    inspection: Any = None,
) -> DisciplineProceeding:
    """Đề nghị kỷ luật from a case, a flag or an inspection (the caller holds its lock and checked who
    may propose).

    Refuses a second proposal while one waits for the ballot, and a subject already disciplined on
    this source (one violation is disciplined once); carries the one form the rule gives."""
    subject_name = (subject_name or "").strip()
    errors = discipline_proposal_errors(
        subject_kind=subject_kind, subject_name=subject_name, violation_forms=violation_forms, reason=reason
    )
    if errors:
        raise ValidationFailed(errors)
    refused = discipline_proceeding_refusal(subject_name=subject_name, case=case, flag=flag, inspection=inspection)
    if refused is not None:
        raise refused
    return DisciplineProceeding.objects.create(
        case=case,
        flag=flag,
        inspection=inspection,
        unit=unit,
        subject_kind=subject_kind,
        subject_name=subject_name,
        violations=list(violation_forms),
        proposed_form=discipline_form_for(subject_kind=subject_kind, violation_forms=violation_forms),
        proposed_by=actor,
        proposed_at=clock.now(),
    )


def discipline_ballot_audited(
    *,
    proceeding: DisciplineProceeding,
    actor: Any,
    target: Any,
    unit: Any,
    action: str,
    meeting_on: dt.date | None,
    members_total: int | None,
    members_present: int | None,
    votes: dict[str, int],
) -> dict[str, Any]:
    """`discipline_ballot_count`, recorded on the trail of what the proceeding is about (a case, a
    flag, an inspection) under `action`. Returns what the audit event records.

    A decision adopted that handles a denunciation's violation, on its case or on a flag or an inspection that
    came from it, opens the clock of its publication (`discipline_publication_clock_open`, Luật Tố cáo 2018 Đ.40
    khoản 1): `target`, when it is the proceeding's case, is held under its lock by the caller."""
    after = discipline_ballot_count(
        proceeding=proceeding,
        actor=actor,
        meeting_on=meeting_on,
        members_total=members_total,
        members_present=members_present,
        votes=votes,
    )
    audit_record(
        actor=actor,
        action=action,
        target=target,
        unit=unit,
        after=after,
        reason=gettext("Bỏ phiếu kín của cơ quan có thẩm quyền"),
    )
    discipline_publication_clock_open(proceeding, case=target if proceeding.case_id is not None else None)
    return after


def discipline_ballot_count(
    *,
    proceeding: DisciplineProceeding,
    actor: Any,
    meeting_on: dt.date | None,
    members_total: int | None,
    members_present: int | None,
    votes: dict[str, int],
) -> dict[str, Any]:
    """The body's secret ballot on `proceeding` (locked by the caller, who checked `actor` sits in
    the competent body), signed by `actor` on the body's behalf. Returns what the audit records.

    1. The meeting must have its quorum; votes are counted per proposed form.
    2. The outcome is the heaviest form more than half of the body's members (not of those present)
       voted for; with none, no discipline is imposed.
    3. A form adopted is a discipline decision: issued in the same transaction, numbered in the
       unit's outgoing register (sổ văn bản đi), never typed.
    """
    scale = DISCIPLINE_SCALES[DisciplineSubject(proceeding.subject_kind)]
    errors: dict[str, str] = {}
    proposed_on = timezone.localdate(proceeding.proposed_at)
    if meeting_on is None or meeting_on > clock.today():
        errors["meeting_on"] = _("Ngày họp: phải nhập, không sau ngày hôm nay.")
    elif meeting_on < proposed_on:
        # The body votes on the proposal put to it (QĐ 5130/QĐ-TLĐ): its meeting is not before the proposal.
        errors["meeting_on"] = gettext("Ngày họp không được trước ngày đề nghị kỷ luật (%(day)s).") % {
            "day": f"{proposed_on:%d/%m/%Y}"
        }
    if not members_total or members_total < 1:
        errors["members_total"] = _("Tổng số ủy viên của cơ quan: phải là số dương.")
    elif members_present is None or not 0 <= members_present <= members_total:
        errors["members_present"] = _("Số ủy viên có mặt: từ 0 đến tổng số ủy viên.")
    elif members_present * QUORUM_DENOMINATOR < members_total * QUORUM_NUMERATOR:
        errors["members_present"] = gettext("Cuộc họp không đủ số lượng: cần ít nhất 2/3 của %(n)s ủy viên.") % {
            "n": members_total
        }
    clean: dict[str, int] = {}
    for form, count in (votes or {}).items():
        if form not in scale:
            errors["votes"] = gettext("Phiếu cho hình thức %(form)s không áp dụng cho đối tượng này.") % {
                "form": discipline_form_name(form)
            }
        elif not isinstance(count, int) or count < 0 or (members_present is not None and count > members_present):
            errors["votes"] = _("Số phiếu mỗi hình thức: số nguyên từ 0 đến số ủy viên có mặt.")
        elif count:
            clean[str(form)] = count
    if not clean and "votes" not in errors:
        errors["votes"] = _("Số phiếu: ghi số phiếu đồng ý cho ít nhất một hình thức.")
    if errors or meeting_on is None or members_total is None:
        raise ValidationFailed(errors)
    adopted = [f for f in reversed(scale) if clean.get(str(f), 0) * 2 > members_total]
    proceeding.meeting_on = meeting_on
    proceeding.members_total, proceeding.members_present = members_total, members_present
    proceeding.votes = clean
    proceeding.outcome = str(adopted[0]) if adopted else ""
    proceeding.status = DisciplineProceeding.Status.DECIDED if adopted else DisciplineProceeding.Status.NOT_ADOPTED
    proceeding.signed_by = actor
    proceeding.decided_at = clock.now()
    proceeding.save()
    if proceeding.status == DisciplineProceeding.Status.DECIDED:
        from casework.papers.services import paper_issue

        paper_issue(target=proceeding, key="discipline.decision", actor=actor)  # sets its decision_number
    return {
        "proceeding": proceeding.pk,
        "meeting_on": meeting_on.isoformat(),
        "members_total": members_total,
        "members_present": members_present,
        "votes": clean,
        "outcome": proceeding.outcome,
        "decision_number": proceeding.decision_number,
    }


@transaction.atomic
def discipline_propose(
    *,
    case: Case,
    actor: Any,
    subject_kind: str,
    subject_name: str,
    violation_forms: list[str],
    reason: str,
    expected_version: int | None = None,
) -> DisciplineProceeding:
    """Đề nghị kỷ luật on a case: the forms proposed for each violation, by the subject's scale; the
    proposal carries the one form the rule gives (one violation once; several, one level heavier)."""
    errors = discipline_proposal_errors(
        subject_kind=subject_kind, subject_name=subject_name, violation_forms=violation_forms, reason=reason
    )
    if errors:
        raise ValidationFailed(errors)
    locked = case_lock(case=case, expected_version=expected_version)
    if refusal := discipline_refusal(locked, actor):
        raise TransitionNotAllowed(refusal)
    if refusal := discipline_conclusion_refusal(locked):
        raise TransitionNotAllowed(refusal)
    if not discipline_may_propose(locked, actor):
        raise TransitionNotAllowed(
            _(
                "Không thể đề nghị kỷ luật: chỉ với tố cáo, khi chưa có đề nghị đang chờ bỏ phiếu, bởi người giải quyết hoặc lãnh đạo."
            )
        )
    proceeding = discipline_proceeding_open(
        case=locked,
        unit=locked.unit,
        actor=actor,
        subject_kind=subject_kind,
        subject_name=subject_name,
        violation_forms=violation_forms,
        reason=reason,
    )
    locked.discipline_proposal = proceeding.proposed_form
    locked.save(update_fields=["discipline_proposal"])
    audit_record(
        actor=actor,
        action="case.discipline_propose",
        target=locked,
        unit=locked.unit,
        after={
            "proceeding": proceeding.pk,
            "subject_kind": subject_kind,
            "violations": violation_forms,
            "form": proceeding.proposed_form,
        },
        reason=reason.strip(),
    )
    return proceeding


@transaction.atomic
def discipline_ballot_record(
    *,
    case: Case,
    actor: Any,
    meeting_on: dt.date | None,
    members_total: int | None,
    members_present: int | None,
    votes: dict[str, int],
    expected_version: int | None = None,
) -> DisciplineProceeding:
    """The body's secret ballot on the case's pending proposal (`discipline_ballot_audited`). A decision adopted on a
    denunciation opens the clock of its publication (Luật Tố cáo 2018 Đ.40 khoản 1)."""
    locked = case_lock(case=case, expected_version=expected_version)
    proceeding = discipline_pending(locked)
    if proceeding is None or not can_lead(locked, actor):
        raise TransitionNotAllowed(_("Chỉ ủy viên BCH/BTV ghi kết quả bỏ phiếu kín cho một đề nghị kỷ luật đang chờ."))
    # Whoever records the ballot signs the decision on the body's behalf: never someone in conflict.
    if refusal := discipline_refusal(locked, actor):
        raise TransitionNotAllowed(refusal)
    proceeding = DisciplineProceeding.objects.select_for_update().get(pk=proceeding.pk)
    discipline_ballot_audited(
        proceeding=proceeding,
        actor=actor,
        target=locked,
        unit=locked.unit,
        action="case.discipline_ballot",
        meeting_on=meeting_on,
        members_total=members_total,
        members_present=members_present,
        votes=votes,
    )
    case_notify(
        case=locked,
        users=[locked.assignee],
        title=lambda: gettext("Kết quả bỏ phiếu kín kỷ luật: %(result)s") % {"result": proceeding.get_status_display()},
        event=f"discipline-{proceeding.pk}",
    )
    return proceeding
