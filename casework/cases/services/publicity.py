"""Công khai kết luận nội dung tố cáo and công khai quyết định giải quyết khiếu nại lần hai.

A denunciation's conclusion: "Trong thời hạn 07 ngày làm việc kể từ ngày ra kết luận nội dung tố cáo ...
người giải quyết tố cáo có trách nhiệm thực hiện việc công khai kết luận nội dung tố cáo" (Luật Tố cáo 2018 Đ.40
khoản 1), by one or several of the forms of khoản 2 (a meeting of the body where the person denounced works,
posting at the office or the citizen reception place, the body's web portal or intranet, mass media), never
revealing the denouncer nor state secrets (khoản 3). Nghị định 31/2019/NĐ-CP Đ.6 sets the minimums: posting and
web publication at least 15 consecutive days, print, radio and television at least 02 consecutive times, an
online newspaper or web portal at least 15 consecutive days.

Its clock (denunciation/publish_conclusion, 07 working days, workflows migration 0035) opens with the conclusion
and stops when the publication is recorded (`case_conclusion_publish`).

A second-round complaint's decision: "Người giải quyết khiếu nại lần hai lựa chọn một hoặc một số hình thức công khai"
(Luật Khiếu nại 2011 Đ.41 khoản 2: a meeting of the body where the person complained about works, posting at the
office or citizen reception place of the body that resolved it, mass media); "Chính phủ quy định chi tiết" (khoản 3),
which Nghị định 124/2020/NĐ-CP does (its Đ.1 as amended by Nghị định 155/2026/NĐ-CP Đ.1 lists khoản 3 Điều 41). That
decree's article is not among the legal texts we hold; the figures are checked against the detail the Bộ pháp điển
codifies (Điều 18.1.NĐ.1.12, from Nghị định 75/2012/NĐ-CP Đ.12, and Điều 18.1.TT.1.22 khoản 3, from Thông tư
07/2013/TT-TTCP Đ.22): within 15 days of the decision; a meeting including the decision maker, the complainant or
their representative, the person complained about and those concerned, announced to them in writing at least 03
working days before; posting at least 15 days from the day posted; radio and television at least 02 broadcasts,
print at least 02 issues, an online newspaper or the body's web portal (which it must use when it has one) at least
15 days from the day posted. Its clock is complaint_2/publish_decision (15 days, workflows migration 0037, source
text corrected by 0040), recorded by `case_decision_publish`. A first-round decision is not published.

A discipline decision on a denunciation's case (quyết định xử lý hành vi vi phạm bị tố cáo): "người có thẩm quyền xử
lý kỷ luật ... có trách nhiệm công khai quyết định xử lý hành vi vi phạm bị tố cáo" within the same 07 working days
from the decision (Luật Tố cáo 2018 Đ.40 khoản 1), by the same forms, minimums and secrecy (khoản 2, 3; Nghị định
31/2019/NĐ-CP Đ.6, which Nghị định 156/2026/NĐ-CP does not amend). The one with that authority is the body that
voted and issued it (casework.cases.services.discipline): a member of it records the publication
(`discipline_publisher`). Each decision runs its own clock, denunciation/publish_discipline numbered by its place
among the case's decisions ("publish_discipline:2", workflows migration 0041), opened by the ballot that adopts it
and stopped when its publication is recorded (`case_discipline_publish`).

The denounced violation may also be disciplined on a flag the handling of the denunciation's conclusion raised
(`case_handle_conclusion`: the resolver "kiến nghị cơ quan, tổ chức, cá nhân có thẩm quyền xử lý", Luật Tố cáo 2018
Đ.36 khoản 1 điểm b), or on the inspection that took that flag: that decision is the "quyết định xử lý hành vi vi
phạm bị tố cáo" too, and Đ.40 khoản 1 binds whoever has the disciplinary authority, whichever record the ballot
sits on. It is numbered among the denunciation's decisions, on the denunciation's case, and recorded there the same
way (`denunciation_disciplines`, `discipline_denunciations`). An inspection that took flags raised from several
concluded denunciations handles each of those violations: its decision is owed, clocked and recorded on each of
those cases, once per case. A flag raised from a denunciation set aside for want
of a denouncer is not: such information "không xử lý theo quy định của Luật này" (Đ.25 khoản 1), it is inspected
under the inspection's own rules (khoản 2), and no denunciation is resolved whose decision Đ.40 would publish.

A file is not closed while a publication is owed (`publication_close_refusal`). One record per case
(`ConclusionPublication`) holds the conclusion's or the decision's; one per discipline decision
(`DisciplinePublication`) holds that decision's. The rules of what is recorded (`publication_check`), the masking of
what is published and the audit are the same for all three."""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import (
    WITHDRAWABLE,
    Case,
    ConclusionPublication,
    DisciplineProceeding,
    DisciplinePublication,
    Kind,
    MeetingAttendee,
    PublicationForm,
    PublicationMedia,
    Status,
)
from casework.cases.permissions import LEADERSHIP_ROLES, can_decide, can_lead, can_work
from casework.cases.redaction import masks_propose
from casework.cases.selectors import case_disciplines, case_steps_awaited
from casework.cases.services.common import case_lock, case_save, deadline_start
from casework.cases.services.identity import case_text_masked, masking_build
from casework.org.selectors import user_holds_role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.calendar import due_date
from workflows.models import STEP_SEPARATOR, Deadline, step_numbered
from workflows.policy_cache import policy_snapshot
from workflows.services import deadline_close

PUBLISH_STEP = "publish_conclusion"
DECISION_PUBLISH_STEP = "publish_decision"
DISCIPLINE_PUBLISH_STEP = "publish_discipline"
# Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b, c, d; Luật Khiếu nại 2011 Đ.41 khoản 3 (Điều 18.1.NĐ.1.12 khoản 3, 4
# of the Bộ pháp điển): the least a publication lasts.
MIN_DAYS = 15
MIN_TIMES = 2
# The most days a record's count of days holds (a PositiveSmallIntegerField on every database).
MAX_DAYS = 32767
# A meeting publishing a second-round complaint's decision is announced in writing to those concerned "trước 03
# ngày làm việc" (Điều 18.1.NĐ.1.12 khoản 2, Điều 18.1.TT.1.22 khoản 3 điểm a of the Bộ pháp điển). Nghị định
# 31/2019/NĐ-CP Đ.6 sets no such notice for a denunciation's conclusion.
MEETING_NOTICE_WORKING_DAYS = 3
# Who that meeting must include (MeetingAttendee), besides those concerned when there are any.
DENUNCIATION_ATTENDEES = (
    MeetingAttendee.RESOLVER,
    MeetingAttendee.VERIFIER,
    MeetingAttendee.DENOUNCED,
    MeetingAttendee.DENOUNCED_HEAD,
)
COMPLAINT_ATTENDEES = (MeetingAttendee.DECIDER, MeetingAttendee.COMPLAINANT, MeetingAttendee.COMPLAINED)
# The media counted in broadcasts or issues (điểm d: "ít nhất 02 lần liên tục"); the others in days.
MEDIA_COUNTED_IN_TIMES = (PublicationMedia.PRINT, PublicationMedia.RADIO, PublicationMedia.TELEVISION)
# The statuses of a denunciation whose conclusion, or a complaint whose decision, was issued (and not yet closed).
CONCLUDED = (Status.CONCLUDED, Status.HANDLED, Status.NOTIFIED)
DECIDED = (Status.DECIDED, Status.NOTIFIED)


def publication_step(case: Case) -> str:
    """The step of the publication this case's result owes by law ("" when none): a denunciation's conclusion
    (Luật Tố cáo 2018 Đ.40), a second-round complaint's decision (Luật Khiếu nại 2011 Đ.41 khoản 2)."""
    if case.kind == Kind.DENUNCIATION:
        return PUBLISH_STEP
    if case.kind == Kind.COMPLAINT and case.round == 2:
        return DECISION_PUBLISH_STEP
    return ""


def publication_action(case: Case) -> str:
    """The action that records it: "conclusion_publish" or "decision_publish"."""
    return "decision_publish" if publication_step(case) == DECISION_PUBLISH_STEP else "conclusion_publish"


def publication_tracked(case: Case, step: str | None = None) -> bool:
    """Whether the case's policy version holds the clock of the publication `step` (the result's by default): a
    case keeps the version it started under (policy versions are not retroactive), and one started before the row
    was added runs none."""
    step = publication_step(case) if step is None else step
    if not step:
        return False
    snapshot = policy_snapshot()
    version = snapshot.version_by_pk(case.policy_version_id) or case.policy_version
    return bool(snapshot.rules_for(version, case.deadline_subject, step))


def publication_clock_start(case: Case) -> None:
    """A denunciation's conclusion was issued today: its 07 working days to publish it start (Luật Tố cáo 2018
    Đ.40 khoản 1); a second-round complaint's decision: its 15 days (Luật Khiếu nại 2011 Đ.41 khoản 3; the
    codified Điều 18.1.NĐ.1.12 khoản 1). The day of the result is not counted (Bộ luật Dân sự 2015 Đ.147). Only under a
    policy version holding the row (workflows migrations 0035, 0037): `publication_tracked`."""
    if publication_tracked(case):
        deadline_start(case, publication_step(case), start=case.decided_on)


def discipline_decided_on(discipline: DisciplineProceeding) -> dt.date | None:
    """The day the discipline decision was issued: the ballot that adopted it issues it (`discipline_ballot_count`)."""
    return timezone.localdate(discipline.decided_at) if discipline.decided_at else None


def _denunciation_flags(case_ids: list[int] | None = None) -> QuerySet[Any]:
    """The flags raised from a denunciation's case (`Flag.Source.DENUNCIATION`, naming it), of `case_ids` when
    given. Read late: the inspections app builds on this one."""
    from casework.inspections.models import Flag

    flags = Flag.objects.filter(source=Flag.Source.DENUNCIATION, source_type=Flag.SOURCE_RECORDS[Flag.Source.CASE])
    return flags if case_ids is None else flags.filter(source_id__in=[str(pk) for pk in case_ids])


def _concluded_denunciations() -> QuerySet[Case]:
    """The denunciations resolved under the Law, their conclusion issued: not one set aside for want of a
    denouncer (Luật Tố cáo 2018 Đ.25 khoản 1), which no conclusion ends."""
    return Case.objects.filter(kind=Kind.DENUNCIATION, decided_on__isnull=False).exclude(status=Status.NOT_PROCESSED)


def discipline_denunciations(discipline: DisciplineProceeding) -> list[Case]:
    """The denunciations whose denounced violation `discipline` handles (none when none): its own case when it is a
    denunciation; for a flag's decision, the concluded denunciation that raised the flag; for an inspection's, each
    concluded denunciation that raised a flag the inspection took (Luật Tố cáo 2018 Đ.36 khoản 1 điểm b, Đ.40
    khoản 1: the decision handles each of those violations, and each case owes its publication)."""
    if discipline.case_id is not None:
        case = discipline.case
        return [case] if case is not None and case.kind == Kind.DENUNCIATION else []
    return disciplines_denunciations([discipline]).get(discipline.pk, [])


def disciplines_denunciations(disciplines: list[DisciplineProceeding]) -> dict[int, list[Case]]:
    """`discipline_denunciations` of each of the flags' and inspections' `disciplines` at once, by their id (those
    that handle no denunciation left out), each list in the order of the cases' ids: the flags read in one
    query, the denunciations in another."""
    flag_ids = {row.flag_id for row in disciplines if row.case_id is None and row.flag_id}
    inspection_ids = {
        row.inspection_id for row in disciplines if row.case_id is None and not row.flag_id and row.inspection_id
    }
    if not flag_ids and not inspection_ids:
        return {}
    flags = [
        (pk, inspection, int(source))
        for pk, inspection, source in _denunciation_flags()
        .filter(Q(pk__in=flag_ids) | Q(inspection__in=inspection_ids))
        .values_list("pk", "inspection_id", "source_id")
        if source.isdigit()
    ]
    cases = {
        case.pk: case
        for case in _concluded_denunciations().filter(pk__in={source for _pk, _inspection, source in flags})
    }
    by_flag = {pk: [cases[source]] for pk, _inspection, source in flags if pk in flag_ids and source in cases}
    # An inspection that took several: each denunciation once, however many of its flags the inspection took.
    by_inspection: dict[int, list[Case]] = {}
    for _pk, inspection, source in sorted(flags, key=lambda flag: flag[2]):
        if inspection in inspection_ids and source in cases:
            taken = by_inspection.setdefault(inspection, [])
            if cases[source] not in taken:
                taken.append(cases[source])
    found: dict[int, list[Case]] = {}
    for row in disciplines:
        if row.case_id is not None:
            continue
        if row.flag_id:
            handled = by_flag.get(row.flag_id, [])
        else:
            handled = by_inspection.get(row.inspection_id, []) if row.inspection_id else []
        if handled:
            found[row.pk] = handled
    return found


def denunciation_disciplines(case: Case) -> list[DisciplineProceeding]:
    """The discipline decisions that handle the violation denounced in `case`, in the order decided: the case's
    own, and, once its conclusion is issued, those on the flags it raised and on the inspections that took them
    (`discipline_denunciations` names this case among others for each)."""
    if case.kind != Kind.DENUNCIATION:
        return []
    from core.reading import read_once

    def decided() -> list[DisciplineProceeding]:
        rows = [row for row in case_disciplines(case) if row.status == DisciplineProceeding.Status.DECIDED]
        if case.decided_on is not None and case.status != Status.NOT_PROCESSED:
            flags = list(_denunciation_flags([case.pk]).values_list("pk", "inspection_id"))
            flag_ids = [pk for pk, _inspection in flags]
            inspection_ids = {inspection for _pk, inspection in flags if inspection is not None}
            others = list(
                DisciplineProceeding.objects.filter(
                    Q(flag__in=flag_ids) | Q(inspection__in=inspection_ids),
                    status=DisciplineProceeding.Status.DECIDED,
                ).select_related("unit")
            )
            theirs = disciplines_denunciations([row for row in others if not row.flag_id])
            rows += [
                row for row in others if row.flag_id or any(found.pk == case.pk for found in theirs.get(row.pk, []))
            ]
        # One proposal waits for the ballot at a time on each record, and the ballot issues the decision: the order
        # decided keeps each decision's number as the next ones are added.
        return sorted(rows, key=lambda row: (row.decided_at or timezone.now(), row.pk))

    return read_once(("denunciation_disciplines", case.pk), decided)


def disciplines_decided(case: Case) -> list[tuple[str, DisciplineProceeding]]:
    """The denunciation's discipline decisions (`denunciation_disciplines`), each with the step of its
    publication's clock: "publish_discipline:<n>" for the n-th decision. None but on a denunciation (Luật Tố cáo
    2018 Đ.40 khoản 1)."""
    return [
        (step_numbered(DISCIPLINE_PUBLISH_STEP, n), row)
        for n, row in enumerate(denunciation_disciplines(case), start=1)
    ]


def discipline_publication_clock_open(discipline: DisciplineProceeding, *, case: Case | None = None) -> None:
    """The ballot adopted `discipline` (`discipline_ballot_audited`): when it handles a denunciation's violation
    (`discipline_denunciations`), each of those denunciations' clock to publish it opens, on each case (Luật Tố
    cáo 2018 Đ.40 khoản 1). `case`: the denunciation's case when the ballot sits on it and holds its lock; a flag's
    or an inspection's ballot locks the cases here (in the order of their ids, so two ballots never lock them in
    opposite orders), so two ballots at once on records of the same denunciation take two numbers."""
    if discipline.status != DisciplineProceeding.Status.DECIDED:
        return
    if case is not None:
        discipline_publication_clock_start(case, discipline)
        return
    found = sorted(found.pk for found in discipline_denunciations(discipline))
    if not found:
        return
    locked = Case.objects.select_related("unit").select_for_update(of=("self",), no_key=True).filter(pk__in=found)
    for row in locked.order_by("pk"):
        discipline_publication_clock_start(row, discipline)


def discipline_publication_clock_start(case: Case, discipline: DisciplineProceeding) -> None:
    """A discipline decision on a denunciation's case was issued: its 07 working days to publish it start (Luật Tố
    cáo 2018 Đ.40 khoản 1), the day of the decision not counted (Bộ luật Dân sự 2015 Đ.147). Only under a policy
    version holding the row (workflows migration 0041)."""
    if discipline.status != DisciplineProceeding.Status.DECIDED or not publication_tracked(
        case, DISCIPLINE_PUBLISH_STEP
    ):
        return
    for step, row in disciplines_decided(case):
        if row.pk == discipline.pk:
            deadline_start(case, step, start=discipline_decided_on(row))


def disciplines_publication_owed(case: Case) -> list[tuple[str, DisciplineProceeding]]:
    """The discipline decisions whose publication is owed: their clock runs (open, or run out and not yet met)."""
    awaited = case_steps_awaited(case=case)
    if not any(step.startswith(f"{DISCIPLINE_PUBLISH_STEP}{STEP_SEPARATOR}") for step in awaited):
        return []
    return [(step, row) for step, row in disciplines_decided(case) if step in awaited]


def discipline_publisher(case: Case, user: Any, discipline: DisciplineProceeding | None = None) -> bool:
    """Who records a discipline decision's publication: "người có thẩm quyền xử lý kỷ luật" (Luật Tố cáo 2018 Đ.40
    khoản 1), the body that voted and issued it, through a member of it (BTV/BCH of its unit or above, as for its
    ballot) who acts on the denunciation's case (`can_lead`: not recused from it), never one in conflict with the
    case or the unit concerned (`discipline_refusal`). Without `discipline`: whether they may record any."""
    from casework.cases.services.discipline import discipline_refusal

    if not can_lead(case, user) or discipline_refusal(case, user):
        return False
    return discipline is None or user_holds_role(user=user, roles=LEADERSHIP_ROLES, unit=discipline.unit)


def disciplines_publication_owed_by(case: Case, user: Any) -> list[tuple[str, DisciplineProceeding]]:
    """The discipline decisions whose publication is owed (`disciplines_publication_owed`) that `user` records:
    those the body they are a member of issued (`discipline_publisher`). What the case page offers them to record
    and what the service accepts from them."""
    if not discipline_publisher(case, user):
        return []
    return [(step, row) for step, row in disciplines_publication_owed(case) if discipline_publisher(case, user, row)]


def discipline_publication_may_record(case: Case, user: Any) -> bool:
    return bool(disciplines_publication_owed_by(case, user))


def publication_pending(case: Case) -> bool:
    """The publication is owed: its clock runs (open, or run out and not yet met)."""
    step = publication_step(case)
    return bool(step) and step in case_steps_awaited(case=case)


def publication_may_record(case: Case, user: Any) -> bool:
    """The resolver (the competent body) or the officer holding the case records the publication."""
    return publication_pending(case) and (can_work(case, user) or can_decide(case, user))


def publication_close_refusal(case: Case) -> str:
    """Why a denunciation's file may not be closed yet for its publication ("" when it may): the conclusion must
    be published within 07 working days (Luật Tố cáo 2018 Đ.40 khoản 1; Nghị định 31/2019/NĐ-CP Đ.6 khoản 1:
    "phải được công khai"), a duty of the resolver that closing the file does not discharge; the file is
    completed and archived once the publication is over (as Thông tư 01/2020/TT-TANDTC Đ.37 khoản 3 and Thông tư
    129/2020/TT-BCA Đ.29 khoản 1 say for their sectors)."""
    if case.status != Status.NOTIFIED:
        return ""
    if not publication_pending(case):
        if disciplines_publication_owed(case):
            # Luật Tố cáo 2018 Đ.40 khoản 1: the discipline decision is published too, and the file is archived once
            # the time to publish the conclusion and the decision is over (Thông tư 01/2020/TT-TANDTC Đ.37 khoản 3).
            return gettext(
                "Chưa thể đóng hồ sơ %(reference)s: chưa ghi nhận việc công khai quyết định xử lý kỷ luật người bị tố "
                "cáo (Luật Tố cáo 2018 Điều 40; Nghị định 31/2019/NĐ-CP Điều 6). Công khai quyết định và ghi nhận "
                "trước khi đóng hồ sơ."
            ) % {"reference": case.reference}
        return ""
    if case.kind == Kind.COMPLAINT:
        # Luật Khiếu nại 2011 Đ.41 khoản 2; the codified Điều 18.1.TT.1.23 khoản 1 điểm c of the Bộ pháp điển
        # (Thông tư 07/2013/TT-TTCP Đ.23): the file is closed once the decision is sent and published.
        return gettext(
            "Chưa thể đóng hồ sơ %(reference)s: chưa ghi nhận việc công khai quyết định giải quyết khiếu nại lần "
            "hai (Luật Khiếu nại 2011 Điều 41). Công khai quyết định và ghi nhận "
            "trước khi đóng hồ sơ."
        ) % {"reference": case.reference}
    return gettext(
        "Chưa thể đóng hồ sơ %(reference)s: chưa ghi nhận việc công khai kết luận nội dung tố cáo (Luật Tố cáo 2018 "
        "Điều 40; Nghị định 31/2019/NĐ-CP Điều 6). Công khai kết luận và ghi nhận trước khi đóng hồ sơ."
    ) % {"reference": case.reference}


def publication_text(case: Case) -> str:
    """What is published: the unit, the conclusion's number and day, what the denunciation was about and what was
    concluded, through the case's masks (nothing that reveals the denouncer, Luật Tố cáo 2018 Đ.40 khoản 3). Who
    made the denunciation, how it reached the unit and the case's file are not part of it."""
    number = f" số {case.decision_number}" if case.decision_number else ""
    day = f" ngày {case.decided_on:%d/%m/%Y}" if case.decided_on else ""
    outcome = str(case.get_outcome_display() or "").lower()
    if publication_step(case) == DECISION_PUBLISH_STEP:
        return decision_publication_text(case, number=number, day=day, outcome=outcome)
    lines = [
        f"{case.unit.name} công khai kết luận nội dung tố cáo{number}{day}.",
        f"Nội dung tố cáo: {case.title}.",
        f"Kết luận: nội dung tố cáo {outcome}." if outcome else "",
        case.decision_text,
    ]
    return case_text_masked(case, "\n".join(line.strip() for line in lines if line and line.strip()))


def discipline_publication_text(case: Case, discipline: DisciplineProceeding) -> str:
    """What of a discipline decision on a denunciation's case is published: the body that issued it, its number
    and day, who is disciplined and by which form, on which denunciation, through the case's masks (nothing that
    reveals the denouncer, Luật Tố cáo 2018 Đ.40 khoản 3)."""
    number = f" số {discipline.decision_number}" if discipline.decision_number else ""
    decided_on = discipline_decided_on(discipline)
    day = f" ngày {decided_on:%d/%m/%Y}" if decided_on else ""
    lines = [
        f"{discipline.unit.name} công khai quyết định xử lý kỷ luật{number}{day}.",
        f"Người, tập thể bị xử lý kỷ luật: {discipline.subject_name} ({discipline.get_subject_kind_display()}).",
        f"Hình thức kỷ luật: {str(discipline.get_outcome_display()).lower()}." if discipline.outcome else "",
        f"Nội dung tố cáo: {case.title}.",
        f"Kết luận nội dung tố cáo số {case.decision_number}." if case.decision_number else "",
    ]
    return case_text_masked(case, "\n".join(line.strip() for line in lines if line and line.strip()))


def decision_publication_text(case: Case, *, number: str, day: str, outcome: str) -> str:
    """What of a second-round complaint's decision is published on the page and the notice: the unit that resolved
    it, its number and day, what the complaint was about and its result (Luật Khiếu nại 2011 Đ.40 khoản 2, Đ.41
    khoản 2). The complainant's name, address, telephone, e-mail and identity number, which the decision sent to
    the parties carries (Đ.41 khoản 1), are masked: the notice points to the decision and repeats none of them."""
    lines = [
        f"{case.unit.name} công khai quyết định giải quyết khiếu nại lần hai{number}{day}.",
        f"Nội dung khiếu nại: {case.title}.",
        f"Kết quả: khiếu nại {outcome}." if outcome else "",
        case.decision_text,
    ]
    return complainant_masked(case, "\n".join(line.strip() for line in lines if line and line.strip()))


def complainant_masked(case: Case, text: str) -> str:
    """`text` with every name, address, telephone and e-mail of the complaint's senders masked."""
    people = [dict(row) for row in case.submitters.values("full_name", "phone", "email", "address")]
    return masking_build(masks=masks_propose(people), people=people, case=case).apply(text)


# ---- the rules of the input, checked before anything is written ------------------------------------------


def _text(value: Any, limit: int | None = None) -> str:
    text = str(value or "").replace("\x00", "").strip()
    return text[:limit] if limit else text


def _count(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 <= number < 32768 else -1


def _as_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list | tuple | set | frozenset) else [value]


def _forms(value: Any) -> list[str]:
    values = {str(v) for v in _as_list(value)}
    return [form for form in PublicationForm.values if form in values]


def _date(value: Any) -> dt.date | None | str:
    """A date given, None when none, "" when it is not a date."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return ""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return ""


def meeting_attendees_required(case: Case) -> tuple[str, ...]:
    """Who the meeting publishing this case's result must include (`MeetingAttendee`); those concerned
    (`CONCERNED`) are recorded when there are any: only the case knows."""
    if publication_step(case) == DECISION_PUBLISH_STEP:
        return COMPLAINT_ATTENDEES
    return DENUNCIATION_ATTENDEES


def posting_minimum_end(case: Case, start: dt.date) -> dt.date:
    """The last day a posting or web posting that starts on `start` must still run. A denunciation's conclusion:
    "ít nhất 15 ngày liên tục" (Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b, c, d), the first day among them. A
    second-round complaint's decision: "ít nhất là 15 ngày, kể từ ngày niêm yết" or "kể từ ngày đăng thông báo"
    (Luật Khiếu nại 2011 Đ.41 khoản 3, as codified in Điều 18.1.NĐ.1.12 khoản 3, 4 of the Bộ pháp điển), counted
    from the next day (Bộ luật Dân sự 2015 Đ.147 khoản 1)."""
    return start + dt.timedelta(days=MIN_DAYS - _days_run(case, start, start))


def _days_run(case: Case, start: dt.date, end: dt.date) -> int:
    """The days a posting from `start` to the end of `end` counts, as `posting_minimum_end` counts them."""
    first_counted = 0 if publication_step(case) == DECISION_PUBLISH_STEP else 1
    return (end - start).days + first_counted


def publication_check(
    *,
    case: Case,
    published_on: dt.date | None,
    forms: Any,
    meeting: str = "",
    meeting_on: Any = None,
    meeting_notified_on: Any = None,
    meeting_attendees: Any = None,
    posting_place: str = "",
    posting_from: Any = None,
    posting_until: Any = None,
    posting_days: Any = None,
    portal: str = "",
    portal_from: Any = None,
    portal_until: Any = None,
    portal_days: Any = None,
    media_name: str = "",
    media_kind: str = "",
    media_times: Any = None,
    media_days: Any = None,
    note: str = "",
    attachment: Any = None,
    discipline: DisciplineProceeding | None = None,
    **_ignored: Any,
) -> dict[str, Any]:
    """The rules of a publication recorded (Luật Tố cáo 2018 Đ.40 khoản 2; Nghị định 31/2019/NĐ-CP Đ.6 khoản 2;
    Luật Khiếu nại 2011 Đ.41 khoản 2, 3): at least one form; the day, from the result's day to today; for each form
    chosen where and how long: the meeting, its day and who it includes (and for a complaint's decision the
    written notice 03 working days before); the place of posting, its first day and, when known, its last, at
    least 15 days; the portal or intranet the same way; the medium, and at least 02 times in print, radio or
    television or 15 days online. A discipline decision (`discipline`) follows the conclusion's rules, from the
    decision's day. Returns the values stored; raises ValidationFailed naming each field."""
    from casework.files.models import Attachment

    errors: dict[str, str] = {}
    # A second-round complaint's decision: Luật Khiếu nại 2011 Đ.41 khoản 2, 3. The decree detailing khoản 3
    # (Nghị định 124/2020/NĐ-CP, as amended by Nghị định 155/2026/NĐ-CP Đ.1) is not in the legal texts we hold:
    # its rules are checked against the codified Điều 18.1.NĐ.1.12 (Nghị định 75/2012/NĐ-CP Đ.12) and Điều
    # 18.1.TT.1.22 khoản 3 (Thông tư 07/2013/TT-TTCP Đ.22) of the Bộ pháp điển.
    complaint = discipline is None and publication_step(case) == DECISION_PUBLISH_STEP
    result_on = discipline_decided_on(discipline) if discipline is not None else case.decided_on
    decree = "Luật Khiếu nại 2011 Điều 41 khoản 3" if complaint else "Nghị định 31/2019/NĐ-CP Điều 6 khoản 2"
    today = clock.today()
    chosen = _forms(forms)
    if complaint and (not chosen or len(chosen) != len({str(v) for v in _as_list(forms)})):
        errors["forms"] = _(
            "Chọn một hoặc một số hình thức công khai của Luật Khiếu nại 2011 Điều 41 khoản 2: công bố tại cuộc "
            "họp, niêm yết, thông báo trên phương tiện thông tin đại chúng (đăng trên cổng thông tin điện tử của cơ "
            "quan nếu có)."
        )
    elif not chosen or len(chosen) != len({str(v) for v in _as_list(forms)}):
        errors["forms"] = _(
            "Chọn một hoặc một số hình thức công khai của Luật Tố cáo 2018 Điều 40 khoản 2: công bố tại cuộc họp, "
            "niêm yết, đăng tải trên cổng thông tin điện tử hoặc mạng nội bộ, thông báo trên phương tiện thông tin "
            "đại chúng."
        )
    if not isinstance(published_on, dt.date) or isinstance(published_on, dt.datetime):
        published_on = None
        errors["published_on"] = _("Phải ghi ngày công khai kết luận.")
    elif published_on > today:
        errors["published_on"] = _("Ngày công khai không được sau ngày hôm nay.")
    elif result_on and published_on < result_on and discipline is not None:
        errors["published_on"] = gettext(
            "Ngày công khai không được trước ngày ra quyết định xử lý kỷ luật (%(day)s)."
        ) % {"day": f"{result_on:%d/%m/%Y}"}
    elif result_on and published_on < result_on:
        errors["published_on"] = gettext("Ngày công khai không được trước ngày ra kết luận (%(day)s).") % {
            "day": f"{result_on:%d/%m/%Y}"
        }
    values: dict[str, Any] = {
        "published_on": published_on,
        "forms": chosen,
        "meeting": "",
        "meeting_on": None,
        "meeting_notified_on": None,
        "meeting_attendees": [],
        "posting_place": "",
        "posting_from": None,
        "posting_until": None,
        "posting_days": None,
        "portal": "",
        "portal_from": None,
        "portal_until": None,
        "portal_days": None,
        "media_name": "",
        "media_kind": "",
        "media_times": None,
        "media_days": None,
        "note": case_text_masked(case, _text(note)),
        "attachment": None,
    }
    days_rule = gettext("%(decree)s: ít nhất %(n)s ngày liên tục.") % {"decree": decree, "n": MIN_DAYS}

    def day_in_range(field: str, value: Any, default: dt.date | None) -> dt.date | None:
        """A day from the result's day to today (`default` when none is given)."""
        day = _date(value)
        if day == "":
            errors[field] = _("Ngày không hợp lệ.")
            return None
        day = day or default
        if day is None:
            return None
        assert isinstance(day, dt.date)
        if day > today:
            errors[field] = _("Ngày này không được sau ngày hôm nay.")
        elif result_on and day < result_on:
            errors[field] = gettext("Ngày này không được trước ngày ra kết luận, quyết định (%(day)s).") % {
                "day": f"{result_on:%d/%m/%Y}"
            }
        return day

    def period(prefix: str, start_value: Any, until_value: Any, days_value: Any) -> None:
        """First day, last day when known and the days it runs: the last day no earlier than the law allows."""
        start = day_in_range(f"{prefix}_from", start_value, published_on)
        until, days = _date(until_value), _count(days_value)
        if until == "":
            errors[f"{prefix}_until"] = _("Ngày không hợp lệ.")
            return
        if days == -1:
            errors[f"{prefix}_days"] = days_rule
            return
        values[f"{prefix}_from"] = start
        if start is None:
            return
        least = posting_minimum_end(case, start)
        if until is not None:
            assert isinstance(until, dt.date)
            if _days_run(case, start, until) > MAX_DAYS:
                errors[f"{prefix}_until"] = _("Ngày không hợp lệ.")
            elif until < least:
                errors[f"{prefix}_until"] = gettext(
                    "%(decree)s: ít nhất %(n)s ngày; bắt đầu ngày %(start)s thì không kết thúc trước hết ngày "
                    "%(least)s."
                ) % {"decree": decree, "n": MIN_DAYS, "start": f"{start:%d/%m/%Y}", "least": f"{least:%d/%m/%Y}"}
            elif days is not None and days != _days_run(case, start, until):
                errors[f"{prefix}_days"] = _("Số ngày không khớp với ngày bắt đầu và ngày kết thúc.")
            values[f"{prefix}_until"], values[f"{prefix}_days"] = until, _days_run(case, start, until)
        elif days is not None:
            if days < MIN_DAYS:
                errors[f"{prefix}_days"] = days_rule
            values[f"{prefix}_until"] = start + dt.timedelta(days=days - _days_run(case, start, start))
            values[f"{prefix}_days"] = days

    if PublicationForm.MEETING in chosen:
        values["meeting"] = case_text_masked(case, _text(meeting, 255))
        if not values["meeting"] and complaint:
            errors["meeting"] = _(
                "Công bố tại cuộc họp: ghi cuộc họp (cơ quan, tổ chức nơi người bị khiếu nại công tác)."
            )
        elif not values["meeting"]:
            errors["meeting"] = _(
                "Công bố tại cuộc họp: ghi cuộc họp (cơ quan, tổ chức nơi người bị tố cáo công tác hoặc của người "
                "giải quyết tố cáo, người được giao xác minh)."
            )
        held = day_in_range("meeting_on", meeting_on, published_on)
        values["meeting_on"] = held
        required = meeting_attendees_required(case)
        allowed = (*required, MeetingAttendee.CONCERNED)
        given = {str(v) for v in _as_list(meeting_attendees)}
        values["meeting_attendees"] = [code for code in allowed if code in given]
        missing = [str(MeetingAttendee(code).label) for code in required if code not in given]
        if given - set(allowed) or missing:
            errors["meeting_attendees"] = gettext(
                "Thành phần tham dự cuộc họp công bố phải gồm: %(who)s (%(rule)s)."
            ) % {
                "who": "; ".join(str(MeetingAttendee(code).label) for code in required),
                "rule": decree,
            }
        notified = _date(meeting_notified_on)
        if notified == "":
            errors["meeting_notified_on"] = _("Ngày không hợp lệ.")
        elif notified is None and complaint:
            errors["meeting_notified_on"] = gettext(
                "Công bố tại cuộc họp: ghi ngày gửi văn bản thông báo cuộc họp cho cơ quan, tổ chức, cá nhân có liên "
                "quan, trước ít nhất %(n)s ngày làm việc (Luật Khiếu nại 2011 Điều 41 khoản 3)."
            ) % {"n": MEETING_NOTICE_WORKING_DAYS}
        elif notified is not None and held is not None:
            assert isinstance(notified, dt.date)
            values["meeting_notified_on"] = notified
            earliest = due_date(notified, MEETING_NOTICE_WORKING_DAYS, "working") if complaint else notified
            if result_on and notified < result_on:
                errors["meeting_notified_on"] = gettext(
                    "Văn bản thông báo cuộc họp không được trước ngày ra kết luận, quyết định (%(day)s)."
                ) % {"day": f"{result_on:%d/%m/%Y}"}
            elif held < earliest and complaint:
                errors["meeting_on"] = gettext(
                    "Cuộc họp công bố phải sau văn bản thông báo ít nhất %(n)s ngày làm việc: thông báo ngày "
                    "%(notified)s thì họp từ ngày %(earliest)s (Luật Khiếu nại 2011 Điều 41 khoản 3)."
                ) % {
                    "n": MEETING_NOTICE_WORKING_DAYS,
                    "notified": f"{notified:%d/%m/%Y}",
                    "earliest": f"{earliest:%d/%m/%Y}",
                }
            elif held < earliest:
                errors["meeting_on"] = _("Văn bản thông báo cuộc họp không được sau ngày họp.")
    if PublicationForm.POSTING in chosen:
        values["posting_place"] = _text(posting_place, 255)
        if not values["posting_place"]:
            errors["posting_place"] = _("Niêm yết: ghi nơi niêm yết (trụ sở làm việc hoặc nơi tiếp công dân).")
        period("posting", posting_from, posting_until, posting_days)
    if PublicationForm.PORTAL in chosen:
        values["portal"] = _text(portal, 255)
        if not values["portal"]:
            errors["portal"] = _("Đăng tải: ghi cổng thông tin điện tử hoặc mạng thông tin nội bộ.")
        period("portal", portal_from, portal_until, portal_days)
    if PublicationForm.MEDIA in chosen:
        values["media_name"] = _text(media_name, 255)
        values["media_kind"] = str(media_kind or "")
        if not values["media_name"]:
            errors["media_name"] = _("Thông báo trên phương tiện thông tin đại chúng: ghi tên báo, đài.")
        if values["media_kind"] not in PublicationMedia.values:
            errors["media_kind"] = _(
                "Chọn loại phương tiện: báo in, báo nói, báo hình, báo điện tử hoặc cổng thông tin."
            )
        elif values["media_kind"] in MEDIA_COUNTED_IN_TIMES:
            times = _count(media_times)
            values["media_times"] = times
            if times is None or times < MIN_TIMES:
                errors["media_times"] = gettext("Báo in, báo nói, báo hình: ít nhất %(n)s lần (%(decree)s).") % {
                    "n": MIN_TIMES,
                    "decree": decree,
                }
        else:
            number = _count(media_days)
            values["media_days"] = number
            if number is None:
                errors["media_days"] = _("Báo điện tử: ghi số ngày đăng liên tục.")
            elif number < MIN_DAYS:
                errors["media_days"] = days_rule
    if attachment not in (None, ""):
        pk = _count(attachment)
        file = (
            Attachment.objects.filter(
                pk=pk, target_type="cases.case", target_id=str(case.pk), identifying=False
            ).first()
            if pk and pk > 0
            else None
        )
        if file is None:
            errors["attachment"] = _("Tệp đính kèm: chọn một tệp của hồ sơ này không mang thông tin người tố cáo.")
        values["attachment"] = file
    if errors:
        raise ValidationFailed(errors)
    if values["portal_from"] is not None and values["portal_until"] is None:
        # The end not known yet: the public page shows it for the least the law allows.
        values["portal_until"] = posting_minimum_end(case, values["portal_from"])
    return values


# ---- the step ---------------------------------------------------------------------------------------------


def _refusal(case: Case) -> str:
    existing = ConclusionPublication.objects.filter(case_id=case.pk).first()
    if existing is not None and publication_step(case) == DECISION_PUBLISH_STEP:
        return gettext("Quyết định giải quyết khiếu nại của hồ sơ %(reference)s đã được công khai ngày %(day)s.") % {
            "reference": case.reference,
            "day": f"{existing.published_on:%d/%m/%Y}",
        }
    if existing is not None:
        return gettext("Kết luận nội dung tố cáo của hồ sơ %(reference)s đã được công khai ngày %(day)s.") % {
            "reference": case.reference,
            "day": f"{existing.published_on:%d/%m/%Y}",
        }
    if publication_step(case) == DECISION_PUBLISH_STEP:
        if existing is None and case.status not in DECIDED:
            return gettext("Hồ sơ %(reference)s chưa có quyết định giải quyết khiếu nại lần hai để công khai.") % {
                "reference": case.reference
            }
        return gettext(
            "Hồ sơ %(reference)s không có quyết định giải quyết khiếu nại lần hai nào đang chờ công khai."
        ) % {"reference": case.reference}
    if case.kind != Kind.DENUNCIATION or case.status not in CONCLUDED:
        return gettext("Hồ sơ %(reference)s chưa có kết luận nội dung tố cáo để công khai.") % {
            "reference": case.reference
        }
    return gettext("Hồ sơ %(reference)s không có kết luận nội dung tố cáo nào đang chờ công khai.") % {
        "reference": case.reference
    }


@transaction.atomic
def case_conclusion_publish(*, case: Case, actor: Any, expected_version: int | None = None, **data: Any) -> Case:
    """Đã công khai kết luận nội dung tố cáo (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6): the forms, the
    day, where and how long, a note and optionally a file of the case. Stops the 07-working-day clock, also when it
    had run out (then late). Refused when already recorded or when the case has no conclusion awaiting it."""
    return _publish(case=case, actor=actor, expected_version=expected_version, step=PUBLISH_STEP, data=data)


@transaction.atomic
def case_decision_publish(*, case: Case, actor: Any, expected_version: int | None = None, **data: Any) -> Case:
    """Đã công khai quyết định giải quyết khiếu nại lần hai (Luật Khiếu nại 2011 Đ.41 khoản 2, 3): the same record, stopping the 15-day clock. Refused when already recorded or when the case
    has no second-round decision awaiting it."""
    return _publish(case=case, actor=actor, expected_version=expected_version, step=DECISION_PUBLISH_STEP, data=data)


def _publish(*, case: Case, actor: Any, expected_version: int | None, step: str, data: dict[str, Any]) -> Case:
    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_work(locked, actor) or can_decide(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc công khai của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if publication_step(locked) != step or not publication_pending(locked):
        raise TransitionNotAllowed(_refusal(locked))
    values = publication_check(case=locked, **data)
    publication = ConclusionPublication.objects.create(
        case=locked, text=publication_text(locked), recorded_by=actor, recorded_at=clock.now(), **values
    )
    _published(
        case=locked,
        actor=actor,
        step=step,
        publication=publication,
        action="case.decision_published" if step == DECISION_PUBLISH_STEP else "case.conclusion_published",
        decision={"decision_number": locked.decision_number},
    )
    return locked


def _published(*, case: Case, actor: Any, step: str, publication: Any, action: str, decision: dict[str, Any]) -> None:
    """The publication recorded: its clock stopped, the case saved, the audit event naming what was published
    (`decision`: which paper) and the record's forms, days and file."""
    deadline_close(target=case, step=step)
    case_save(case)
    audit_record(
        actor=actor,
        action=action,
        target=case,
        unit=case.unit,
        after={
            **decision,
            "published_on": publication.published_on.isoformat(),
            "forms": publication.forms,
            "meeting_on": _iso(publication.meeting_on),
            "meeting_notified_on": _iso(publication.meeting_notified_on),
            "meeting_attendees": publication.meeting_attendees,
            "posting_from": _iso(publication.posting_from),
            "posting_until": _iso(publication.posting_until),
            "posting_days": publication.posting_days,
            "portal_from": _iso(publication.portal_from),
            "portal_until": _iso(publication.portal_until),
            "portal_days": publication.portal_days,
            "media_kind": publication.media_kind,
            "media_times": publication.media_times,
            "media_days": publication.media_days,
            "attachment": publication.attachment_id,
        },
        reason=publication.note,
    )


def _discipline_owed(case: Case, discipline: Any, actor: Any) -> tuple[str, DisciplineProceeding]:
    """The discipline decision of `case` whose publication is recorded, with its clock's step: the one named
    (`discipline`, its id), or the only one owed that `actor`'s body issued. Refused when the case owes none, the
    one named is not owed, or another body issued it."""
    owed = disciplines_publication_owed(case)
    if not owed:
        return _refuse_discipline(case, discipline)
    theirs = disciplines_publication_owed_by(case, actor)
    others = {row.pk for _step, row in owed} - {row.pk for _step, row in theirs}
    if not theirs or _count(discipline) in others:
        raise TransitionNotAllowed(_publisher_refusal(case))
    owed = theirs
    if discipline in (None, ""):
        if len(owed) == 1:
            return owed[0]
        raise ValidationFailed({"discipline": _("Chọn quyết định xử lý kỷ luật đã được công khai.")})
    pk = _count(discipline)
    for step, row in owed:
        if row.pk == pk:
            return step, row
    return _refuse_discipline(case, discipline)


def _refuse_discipline(case: Case, discipline: Any) -> NoReturn:
    pk = _count(discipline)
    record = (
        DisciplinePublication.objects.filter(case_id=case.pk, discipline_id=pk).select_related("discipline").first()
        if pk and pk > 0
        else None
    )
    if record is not None:
        raise TransitionNotAllowed(
            gettext("Quyết định xử lý kỷ luật %(number)s đã được công khai ngày %(day)s.")
            % {"number": record.discipline.decision_number, "day": f"{record.published_on:%d/%m/%Y}"}
        )
    if discipline not in (None, "") and disciplines_publication_owed(case):
        raise ValidationFailed(
            {"discipline": _("Quyết định xử lý kỷ luật này không có trong hồ sơ hoặc không chờ công khai.")}
        )
    raise TransitionNotAllowed(
        gettext("Hồ sơ %(reference)s không có quyết định xử lý kỷ luật nào đang chờ công khai.")
        % {"reference": case.reference}
    )


def _publisher_refusal(case: Case) -> str:
    return gettext(
        "Chỉ ủy viên của cơ quan đã ra quyết định kỷ luật ghi nhận việc công khai quyết định xử lý kỷ luật "
        "của hồ sơ %(reference)s (Luật Tố cáo 2018 Điều 40 khoản 1)."
    ) % {"reference": case.reference}


@transaction.atomic
def case_discipline_publish(
    *, case: Case, actor: Any, discipline: Any = None, expected_version: int | None = None, **data: Any
) -> Case:
    """Đã công khai quyết định xử lý hành vi vi phạm bị tố cáo (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6):
    recorded by a member of the body that issued the discipline decision (`discipline_publisher`), with the
    conclusion's rules (`publication_check`) from the decision's day. Stops that decision's 07-working-day clock,
    also when it had run out (then late). Refused when it is already recorded or the case owes no such
    publication."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not discipline_publisher(locked, actor):
        raise TransitionNotAllowed(_publisher_refusal(locked))
    step, proceeding = _discipline_owed(locked, discipline, actor)
    values = publication_check(case=locked, discipline=proceeding, **data)
    publication = DisciplinePublication.objects.create(
        case=locked,
        discipline=proceeding,
        text=discipline_publication_text(locked, proceeding),
        recorded_by=actor,
        recorded_at=clock.now(),
        **values,
    )
    _published(
        case=locked,
        actor=actor,
        step=step,
        publication=publication,
        action="case.discipline_published",
        decision={"discipline": proceeding.pk, "decision_number": proceeding.decision_number},
    )
    return locked


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def publication_state(case: Case) -> dict[str, Any] | None:
    """What the case page and the API show of the publication the case's result owes (None when it owes none or
    has no result yet): the record, whether it is owed now, and whether its clock is tracked at all (a case under a
    policy version without the row is not: `publication_tracked`)."""
    step = publication_step(case)
    if not step or case.decided_on is None or case.termination_ground:
        return None
    record = ConclusionPublication.objects.filter(case_id=case.pk).first()
    return {
        "step": step,
        "record": record,
        "forms": [str(PublicationForm(form).label) for form in record.forms] if record else [],
        "attendees": [str(MeetingAttendee(code).label) for code in record.meeting_attendees] if record else [],
        "owed": publication_pending(case),
        "tracked": publication_tracked(case),
        # The conclusion or decision paper cancelled and issued again after its publication takes a new number
        # (casework.papers.services.paper_issue): what was published is the earlier paper's text. The law sets no
        # second publication of a result issued again; the page and the API say which one was published.
        "reissued": bool(record and case.decision_number and f"số {case.decision_number}" not in record.text),
    }


def discipline_publication_state(case: Case) -> list[dict[str, Any]]:
    """What the case page and the API show of each discipline decision's publication (Luật Tố cáo 2018 Đ.40 khoản
    1): the decision, the record, whether it is owed now and by which day, and whether its clock is tracked at all
    (a case under a policy version without the row is not: `publication_tracked`)."""
    decided = disciplines_decided(case)
    if not decided:
        return []
    records = {row.discipline_id: row for row in DisciplinePublication.objects.filter(case_id=case.pk)}
    due = dict(
        Deadline.objects.filter(
            target_type="cases.case",
            target_id=str(case.pk),
            step__startswith=f"{DISCIPLINE_PUBLISH_STEP}{STEP_SEPARATOR}",
            status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED, Deadline.Status.BREACHED],
        ).values_list("step", "due_on")
    )
    tracked = publication_tracked(case, DISCIPLINE_PUBLISH_STEP)
    rows = []
    for step, discipline in decided:
        record = records.get(discipline.pk)
        rows.append(
            {
                "step": step,
                "discipline": discipline,
                "decided_on": discipline_decided_on(discipline),
                "record": record,
                "forms": [str(PublicationForm(form).label) for form in record.forms] if record else [],
                "attendees": [str(MeetingAttendee(code).label) for code in record.meeting_attendees] if record else [],
                "owed": record is None and step in due,
                "due_on": due.get(step) if record is None else None,
                "tracked": tracked,
            }
        )
    return rows


def disciplines_publication_shown(disciplines: list[DisciplineProceeding], *, reader: Any) -> list[dict[str, Any]]:
    """What a flag's or an inspection's page shows of the publication owed for each of its discipline decisions
    that handles a denunciation (`disciplines_denunciations`; Luật Tố cáo 2018 Đ.40 khoản 1): the rows of
    `discipline_publication_state` on each denunciation's case the decision handles (an inspection's decision on
    flags from several denunciations: one row per case, each with its own record and clock), each with that case
    when `reader` may read it (the case scope, recusal included: `case_visible`), else None (the state without the
    case, its reference not shown). Read for the page's decisions at once: one reading per denunciation, whatever
    the number of decisions."""
    from casework.cases.selectors import case_visible

    found = disciplines_denunciations([row for row in disciplines if row.status == DisciplineProceeding.Status.DECIDED])
    if not found:
        return []
    cases = {case.pk: case for handled in found.values() for case in handled}
    readable = set(case_visible(user=reader).filter(pk__in=cases).values_list("pk", flat=True))
    states = {
        (state["discipline"].pk, case.pk): {**state, "case": case if case.pk in readable else None}
        for case in cases.values()
        for state in discipline_publication_state(case)
    }
    return [
        states[(row.pk, case.pk)]
        for row in disciplines
        for case in found.get(row.pk, [])
        if (row.pk, case.pk) in states
    ]


# ---- the last day of a posting, recorded later ---------------------------------------------------------------

# The forms recorded with a first and a last day (Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b, c; Luật Khiếu nại
# 2011 Đ.41 khoản 3): a posting, a web posting.
PERIOD_FORMS = (PublicationForm.POSTING, PublicationForm.PORTAL)
PERIOD_PREFIX = {PublicationForm.POSTING: "posting", PublicationForm.PORTAL: "portal"}


def publication_records(case: Case) -> list[ConclusionPublication | DisciplinePublication]:
    """The case's publications recorded: its result's, then each discipline decision's. A publication follows a
    result issued, so a case still before its decision or conclusion (the steps at which the sender may still
    withdraw) holds none: nothing is read for it."""
    if case.status in WITHDRAWABLE:
        return []
    return [
        *ConclusionPublication.objects.filter(case_id=case.pk),
        *DisciplinePublication.objects.filter(case_id=case.pk).select_related("discipline__unit").order_by("pk"),
    ]


def publication_keeper(case: Case, user: Any, record: ConclusionPublication | DisciplinePublication) -> bool:
    """Who completes a publication recorded: the same people who record it (`publication_may_record`,
    `discipline_publisher`)."""
    if isinstance(record, DisciplinePublication):
        return discipline_publisher(case, user, record.discipline)
    return can_work(case, user) or can_decide(case, user)


def publication_ends_open(record: ConclusionPublication | DisciplinePublication) -> list[str]:
    """The forms of `record` whose last day is not recorded yet: posted from a day, with no end known (its days
    empty; the public page shows a web posting for the least the law allows meanwhile)."""
    return [
        form
        for form in PERIOD_FORMS
        if form in record.forms
        and getattr(record, f"{PERIOD_PREFIX[form]}_from") is not None
        and getattr(record, f"{PERIOD_PREFIX[form]}_days") is None
    ]


def publication_ends_kept(case: Case, user: Any) -> list[ConclusionPublication | DisciplinePublication]:
    """The case's publications recorded whose last day is still to record (`publication_ends_open`) that `user`
    completes (`publication_keeper`): what the case page offers them and what `publication_end_record` accepts."""
    return [
        row for row in publication_records(case) if publication_ends_open(row) and publication_keeper(case, user, row)
    ]


def publication_end_may_record(case: Case, user: Any) -> bool:
    return bool(publication_ends_kept(case, user))


@transaction.atomic
def publication_end_record(
    *,
    case: Case,
    actor: Any,
    form: Any = None,
    until: Any = None,
    discipline: Any = None,
    expected_version: int | None = None,
) -> Case:
    """Ghi nhận ngày kết thúc niêm yết, đăng tải: the last day of a posting or a web posting recorded with no end
    known, recorded once it is, on the result's publication or (`discipline`, its id) a discipline decision's, by
    the people who record it. At least 15 consecutive days from its first day, as when it is recorded at once
    (Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b, c; Luật Khiếu nại 2011 Đ.41 khoản 3). Refused when the end is
    recorded already; bad input names the field and changes nothing."""
    locked = case_lock(case=case, expected_version=expected_version)
    record: ConclusionPublication | DisciplinePublication | None
    if discipline in (None, ""):
        record = ConclusionPublication.objects.select_for_update().filter(case_id=locked.pk).first()
    else:
        pk = _count(discipline)
        record = (
            DisciplinePublication.objects.select_for_update(of=("self",))
            .select_related("discipline__unit")
            .filter(case_id=locked.pk, discipline_id=pk)
            .first()
            if pk and pk > 0
            else None
        )
        if record is None:
            raise ValidationFailed(
                {"discipline": _("Quyết định xử lý kỷ luật này không có trong hồ sơ hoặc chưa được công khai.")}
            )
    if record is None:
        raise TransitionNotAllowed(
            gettext("Hồ sơ %(reference)s chưa ghi nhận việc công khai nào.") % {"reference": locked.reference}
        )
    if not publication_keeper(locked, actor, record):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc công khai của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    chosen = str(form or "")
    if chosen not in PERIOD_FORMS or chosen not in record.forms:
        raise ValidationFailed({"form": _("Chọn hình thức niêm yết hoặc đăng tải đã ghi nhận trong việc công khai.")})
    prefix = PERIOD_PREFIX[PublicationForm(chosen)]
    start: dt.date | None = getattr(record, f"{prefix}_from")
    recorded: dt.date | None = getattr(record, f"{prefix}_until")
    if chosen not in publication_ends_open(record) or start is None:
        raise TransitionNotAllowed(
            gettext("Việc %(form)s đã ghi ngày kết thúc: đến hết ngày %(day)s.")
            % {"form": str(PublicationForm(chosen).label).lower(), "day": f"{recorded:%d/%m/%Y}" if recorded else "—"}
        )
    day = _date(until)
    if not isinstance(day, dt.date):
        raise ValidationFailed({"until": _("Phải ghi ngày kết thúc (đến hết ngày).")})
    least = posting_minimum_end(locked, start)
    if day < least:
        complaint = isinstance(record, ConclusionPublication) and publication_step(locked) == DECISION_PUBLISH_STEP
        decree = "Luật Khiếu nại 2011 Điều 41 khoản 3" if complaint else "Nghị định 31/2019/NĐ-CP Điều 6 khoản 2"
        raise ValidationFailed(
            {
                "until": gettext(
                    "%(decree)s: ít nhất %(n)s ngày; bắt đầu ngày %(start)s thì không kết thúc trước hết ngày "
                    "%(least)s."
                )
                % {"decree": decree, "n": MIN_DAYS, "start": f"{start:%d/%m/%Y}", "least": f"{least:%d/%m/%Y}"}
            }
        )
    days = _days_run(locked, start, day)
    if days > MAX_DAYS:
        raise ValidationFailed({"until": _("Ngày không hợp lệ.")})
    setattr(record, f"{prefix}_until", day)
    setattr(record, f"{prefix}_days", days)
    record.save(update_fields=[f"{prefix}_until", f"{prefix}_days"])
    case_save(locked)
    is_discipline = isinstance(record, DisciplinePublication)
    audit_record(
        actor=actor,
        action="case.publication_end_recorded",
        target=locked,
        unit=locked.unit,
        before={f"{prefix}_until": _iso(recorded)},
        after={
            "publication": "discipline" if is_discipline else publication_step(locked),
            "discipline": record.discipline_id if isinstance(record, DisciplinePublication) else None,
            "publication_form": chosen,
            f"{prefix}_from": _iso(start),
            f"{prefix}_until": _iso(day),
            f"{prefix}_days": days,
        },
    )
    return locked
