"""Builders of the suite: objects made through the real services, and API payloads.

One module for every app's tests, so a test builds a case, a flag or a reception visit the same
way wherever it lives. The fixed cast of personas and the unit tree are in tests/factories.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from casework.cases.models import Case, Channel, Kind, Outcome
from casework.cases.services import (
    SubmitterData,
    case_accept,
    case_approve,
    case_assign,
    case_conclude,
    case_conclusion_measure_add,
    case_decide,
    case_denounced_notice_sent,
    case_handle_conclusion,
    case_intake,
    case_propose,
    case_start_verification,
)
from casework.inspections import services as inspections
from casework.inspections.models import Flag, Inspection, Recommendation
from casework.org.models import Role, RoleAssignment, User
from casework.reception.models import ReceptionEntry, ReceptionSession
from casework.reception.services import reception_entry_record, reception_session_schedule
from casework.supervision import services as supervision
from casework.supervision.models import Supervision
from core import clock
from tests.factories import Cast, UserFactory

# ---- cases --------------------------------------------------------------------------------------

TITLE = "Đơn về việc chi sai quỹ phúc lợi"
CONTENT = "Ban chấp hành CĐCS Bệnh viện chi quỹ phúc lợi không đúng quy chế năm 2025."


def submitter(**overrides: Any) -> SubmitterData:
    values: dict[str, Any] = {"full_name": "Nguyễn Văn Gửi", "phone": "0912345678", "address": "Thái Bình"}
    values.update(overrides)
    return SubmitterData(**values)


def make_case(cast: Cast, kind: str = Kind.COMPLAINT, **overrides: Any) -> Case:
    """A letter registered through `case_intake` by the sector's intake officer, about the hospital."""
    values: dict[str, Any] = {
        "actor": cast.intake,
        "kind": kind,
        "channel": Channel.LETTER,
        "received_on": clock.today(),
        "unit": cast.sector,
        "title": TITLE,
        "content": CONTENT,
        "submitters": [submitter()],
        "subject_unit": cast.hospital,
        "subject_person": "Trần Thị Bị",
    }
    values.update(overrides)
    return case_intake(**values)


def intake(
    actor: Any,
    unit: Any,
    *,
    kind: str = Kind.COMPLAINT,
    channel: str = Channel.LETTER,
    received_on: dt.date | None = None,
    title: str = "Đơn thư",
    **overrides: Any,
) -> Case:
    """A letter received by `actor` for `unit`, its content made from its title (so titles tell cases
    apart); `overrides` replace any other argument of `case_intake`."""
    values: dict[str, Any] = {
        "actor": actor,
        "kind": kind,
        "channel": channel,
        "received_on": received_on or clock.today(),
        "unit": unit,
        "title": title,
        "content": f"Nội dung đơn: {title}",
        "submitters": [submitter()],
        "subject_person": "Trần Thị Bị",
    }
    values.update(overrides)
    return case_intake(**values)


def legal_ground(kind: str) -> str:
    """The ground a letter is accepted on (thụ lý): a denunciation's, Luật Tố cáo 2018 Đ.29; any other letter's,
    Luật Khiếu nại 2011 Đ.27."""
    return "Luật Tố cáo 2018 Đ.29" if kind == Kind.DENUNCIATION else "Luật Khiếu nại 2011 Đ.27"


def accepted(cast: Cast, *, kind: str = Kind.COMPLAINT, title: str = "Đơn khiếu nại về chế độ", **kw: Any) -> Case:
    """Received and accepted by the sector's intake officer. A complaint given no day of receipt is
    received and accepted `before_dialogue`, so that its dialogue (`dialogue`, `dialogued`) may be held
    today, its notice sent on the day it was accepted."""
    ready = before_dialogue() if kind == Kind.COMPLAINT and "received_on" not in kw else contextlib.nullcontext()
    with ready:
        case = intake(cast.intake, cast.sector, kind=kind, title=title, **kw)
        return case_accept(case=case, actor=cast.intake, legal_ground=legal_ground(kind), subject_area="khac")


def assigned(cast: Cast, *, kind: str = Kind.COMPLAINT, officer: Any = None, **kw: Any) -> Case:
    """Accepted and assigned by the chair to `officer` (the cast's officer by default)."""
    case = accepted(cast, kind=kind, **kw)
    return case_assign(case=case, actor=cast.chair, assignee=officer or cast.officer)


def verifying(cast: Cast, *, kind: str = Kind.COMPLAINT, **kw: Any) -> Case:
    """Assigned (`assigned`), and its officer started the verification: no decision giving the verification
    in writing yet (`verification_started` gives one)."""
    case = assigned(cast, kind=kind, **kw)
    return case_start_verification(case=case, actor=case.assignee)


def verification_started(case: Case) -> Case:
    """An assigned case whose officer started its verification and whose verification the handling unit's
    leaders gave in writing today to that officer (`verification_assigned`: Luật Khiếu nại 2011 Đ.29 khoản 1
    điểm b, Đ.38; Luật Tố cáo 2018 Đ.31 khoản 1, 2): its officer may report the result (a denunciation's person
    denounced still explains first, `explained`; a complaint's dialogue, when needed, is `dialogued`)."""
    return verification_assigned(case_start_verification(case=case, actor=case.assignee))


def task_holder(obj: Any) -> Any:
    """Who holds the open task of the object's process (None while it waits in a pool)."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.flows.routing import process_for

    return Task.objects.get(process=process_for(obj), status__in=[STATUS.NEW, STATUS.ASSIGNED]).owner


# The parts of a decision or conclusion besides its conclusion text (`decision_text`), each the law requires
# (Luật Tố cáo 2018 Đ.35 khoản 2; Luật Khiếu nại 2011 Đ.31 khoản 2, Đ.40 khoản 2); a complaint's decision
# takes those of its kind and leaves the others.
DECISION_PARTS = {
    "verification_result": "Đã xác minh bảng thanh toán trợ cấp và làm việc với kế toán.",
    "legal_basis": "Điều lệ Công đoàn Việt Nam; quy chế chi tiêu nội bộ của đơn vị.",
    "resolution_measures": "Yêu cầu đơn vị chi trả bổ sung trong 15 ngày.",
    "policy_recommendations": "Đề nghị bổ sung quy chế chi trợ cấp ốm đau.",
}


def resolved(case: Case, cast: Cast, *, officer: Any) -> Case:
    """Assigned to `officer`, verified, proposed, approved by the leader, then decided (a complaint or
    petition) or concluded (a denunciation): the decision is numbered in the unit's outgoing register."""
    case = case_assign(case=case, actor=cast.chair, assignee=officer)
    case = case_start_verification(case=case, actor=officer)
    if case.kind == Kind.COMPLAINT:
        # Found partly founded, the result differs from the demands: a dialogue first (Luật Khiếu nại 2011 Đ.30).
        case = dialogued(case, officer)
    # A denunciation's person denounced explains before the result is proposed (Luật Tố cáo 2018 Đ.31 khoản 4).
    case = explained(case, officer)
    case = case_propose(case=case, actor=officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    if case.kind == Kind.DENUNCIATION:
        # The person denounced is told of the acceptance before the conclusion (Luật Tố cáo 2018 Đ.29 khoản 3).
        case = case_denounced_notice_sent(case=case, actor=officer)
    step = case_conclude if case.kind == Kind.DENUNCIATION else case_decide
    return step(
        case=case,
        actor=officer,
        decision_text="Yêu cầu đơn vị trả lại tiền trợ cấp.",
        outcome=Outcome.PARTLY,
        **DECISION_PARTS,
    )


def decided(cast: Cast, *, kind: str = Kind.COMPLAINT, **kw: Any) -> Case:
    """Accepted, then resolved by the sector's case officer (its decision or conclusion issued)."""
    return resolved(accepted(cast, kind=kind, **kw), cast, officer=cast.officer)


def registered(number: int, *, doc_kind: str = "QĐ", suffix: str = "BTV") -> str:
    """The symbol the outgoing register gives its `number`-th paper of a kind in a year: the
    sector's decisions on complaints are "01/QĐ-BTV", "02/QĐ-BTV"…, its conclusions on
    denunciations "01/KL-BTV"…, the committee's decisions "01/QĐ-UBKT"."""
    from casework.papers.services import paper_symbol

    return paper_symbol(number=number, doc_kind=doc_kind, suffix=suffix)


def expertise_requested(case: Case, actor: Any, *, days: int = 90, body: str = "Viện Khoa học hình sự") -> Case:
    """A request for an expert assessment on the case, its conclusion asked within `days` (Nghị định
    31/2019/NĐ-CP Đ.15): what a suspension on the ground "await a supplementary or repeated
    assessment" waits for. The day asked for is far enough that a test moving through a suspension's
    weeks meets no overdue conclusion unless it says so."""
    from casework.cases.services import case_expertise_request

    return case_expertise_request(
        case=case,
        actor=actor,
        body=body,
        content="Giám định lại chữ ký trên các phiếu chi năm 2025.",
        due_on=clock.today() + dt.timedelta(days=days),
    )


# ---- API and form payloads -------------------------------------------------------------------------------


def intake_payload(cast: Cast, **overrides: Any) -> dict[str, Any]:
    """The body of POST /api/cases/ and POST /api/intake/."""
    payload: dict[str, Any] = {
        "kind": "complaint",
        "channel": "letter",
        "received_on": clock.today().isoformat(),
        "unit": cast.sector.pk,
        "title": TITLE,
        "content": "Ban chấp hành CĐCS Bệnh viện chi quỹ phúc lợi không đúng quy chế.",
        "submitters": [{"full_name": "Nguyễn Văn Gửi", "phone": "0912345678"}],
        "subject_unit": cast.hospital.pk,
        "subject_person": "Trần Thị Bị",
    }
    payload.update(overrides)
    return payload


def intake_form(cast: Cast, **overrides: Any) -> dict[str, Any]:
    """The body of the intake page's form (POST /cases/new/): a complaint handed in in person."""
    form: dict[str, Any] = {
        "kind": "complaint",
        "channel": "in_person",
        "received_on": clock.today().isoformat(),
        "unit": cast.sector.pk,
        "subject_unit": cast.hospital.pk,
        "title": "Khiếu nại trợ cấp",
        "content": "Không được xét trợ cấp.",
        "full_name": "Bà Gửi",
        "phone": "0900000001",
    }
    form.update(overrides)
    return form


def public_payload(cast: Cast, **overrides: Any) -> dict[str, Any]:
    """The body of POST /api/public/cases/ (no account)."""
    payload: dict[str, Any] = {
        "kind": "complaint",
        "unit": cast.sector.pk,
        "title": "Khiếu nại về tiền thưởng",
        "content": "Công đoàn cơ sở không chi tiền thưởng Tết theo quy chế.",
        "full_name": "Lê Văn Dân",
        "phone": "0987654321",
    }
    payload.update(overrides)
    return payload


def public_form(cast: Cast, **overrides: Any) -> dict[str, Any]:
    """The body of the public submission page's form (POST /cases/public/submit/, no account)."""
    form: dict[str, Any] = {
        "kind": Kind.COMPLAINT,
        "unit": cast.sector.pk,
        "subject_unit": cast.hospital.pk,
        "title": "Khiếu nại về trợ cấp",
        "content": "Tôi không được xét trợ cấp khó khăn năm 2026 dù đủ điều kiện.",
        "full_name": "Đinh Thị Công Dân",
        "phone": "0900111222",
    }
    form.update(overrides)
    return form


DIALOGUE_LEAD = dt.timedelta(days=5)  # Nghị định 124/2020/NĐ-CP Đ.28 khoản 1: the notice at least 05 days before


@contextlib.contextmanager
def before_dialogue(days: int = DIALOGUE_LEAD.days) -> Iterator[None]:
    """The clock `days` back while the block runs, then where it was: a complaint received and accepted
    in the block may hold its dialogue (`dialogue`, `dialogued`) on the day the block ends, its notice
    sent on the day it was accepted, never before (Luật Khiếu nại 2011 Đ.30 khoản 1; Nghị định
    124/2020/NĐ-CP Đ.28). Nothing after the block moves."""
    with clock.frozen(clock.now() - dt.timedelta(days=days)):
        yield


def dialogue(*, notice_days: int = 5, absent: str = "present", record: str = "Hai bên đã trình bày ý kiến.") -> dict:
    """case_record_dialogue's fields: held today, its notice sent `notice_days` before
    (Nghị định 124/2020/NĐ-CP Đ.28 khoản 1: at least 05) to the complainant, the person complained about
    and a body concerned; what the biên bản đối thoại (Mẫu số 14) prints. The notice is not dated before
    the case was accepted: a case accepted fewer than `notice_days` days ago is built `before_dialogue`."""
    return {
        "record": record,
        "dialogue_on": clock.today(),
        "dialogue_notice_on": clock.today() - dt.timedelta(days=notice_days),
        "notice_to": ["complainant", "complained_against", "related_bodies"],
        "notice_related": "Phòng Tổ chức cán bộ bệnh viện",
        "place": "Phòng họp Công đoàn ngành Y tế",
        "chair": "Bà Lê Thị Chủ Trì, Phó Chủ nhiệm Ủy ban kiểm tra",
        "participants": "Bà Gửi (người khiếu nại), Ông Bị (người bị khiếu nại), cán bộ giải quyết",
        "complainant_absent": absent,
        "opinions": "Bà Gửi đề nghị chi trả đủ trợ cấp; Ông Bị trình bày lý do chậm chi.",
        "agreed": "Bệnh viện chi trả phần trợ cấp còn thiếu trong tháng 4/2026.",
        "disputed": "Mức hỗ trợ tiền tàu xe.",
    }


def dialogued(case: Case, actor: Any) -> Case:
    """A complaint being verified, its verification given by decision (`verification_assigned`, Luật Khiếu nại
    2011 Đ.29 khoản 1 điểm b) and its dialogue recorded (`dialogue`): what a second round, or a first whose
    result differs from the demands, needs before it is proposed (Luật Khiếu nại 2011 Đ.30, Đ.39)."""
    from casework.cases.services import case_record_dialogue

    if case.kind == Kind.COMPLAINT and case.assignee_id and not case.verification_assignments.exists():
        case = verification_assigned(case)
    return case_record_dialogue(case=case, actor=actor, **dialogue())


def explained(case: Case, actor: Any, *, content: str = "Giải trình việc chi quỹ phúc lợi theo quy chế.") -> Case:
    """A denunciation being verified whose verification was assigned in writing (`verification_assigned`) and
    whose person denounced was asked to explain and explained in writing today (Luật Tố cáo 2018 Đ.31 khoản 1,
    4; Nghị định 31/2019/NĐ-CP Đ.12): what its proposal needs. A complaint gets its verification's decision
    only (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38; its dialogue is `dialogued`); any other case is
    returned as it is."""
    from casework.cases.services import case_explanation_received, case_explanation_request

    if case.kind == Kind.COMPLAINT and not case.verification_assignments.exists():
        return verification_assigned(case)
    if case.kind != Kind.DENUNCIATION:
        return case
    if not case.verification_assignments.exists():
        case = verification_assigned(case)
    today = clock.today()
    case = case_explanation_request(
        case=case,
        actor=actor,
        on=max(case.accepted_on or today, today),
        due_on=today + dt.timedelta(days=10),
        means="written",
        content="Giải trình về nội dung bị tố cáo.",
    )
    return case_explanation_received(case=case, actor=actor, on=today, form="written", content=content)


def verification_assigned(case: Case, *, actor: Any = None, members: list[Any] | None = None) -> Case:
    """A denunciation whose verification was assigned in writing today (Luật Tố cáo 2018 Đ.31 khoản 1, 2), or a
    complaint's given by decision (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b), by `actor` (by default a leader of
    the handling unit, or of a unit above it, who may assign it) to `members` (by default its officer), for the next 20 days,
    no later than its running resolution limit."""
    from casework.cases.permissions import ASSIGN_ROLES
    from casework.cases.services import case_verification_assign
    from casework.cases.services.verification import verification_ends_by, verification_may_assign
    from casework.org.selectors import users_with_role

    if actor is None:
        # The unit's own leaders first, then those above it (a grassroots union's case is assigned by its sector).
        candidates = [
            *users_with_role(unit=case.unit, roles=ASSIGN_ROLES),
            *users_with_role(unit=case.unit, roles=ASSIGN_ROLES, include_ancestors=True),
        ]
        actor = next(u for u in candidates if verification_may_assign(case, u))
    today = clock.today()
    ends_by = verification_ends_by(case)
    return case_verification_assign(
        case=case,
        actor=actor,
        on=max(case.accepted_on or today, today),
        members=members if members is not None else [case.assignee],
        content="Việc chi quỹ phúc lợi năm 2025 ngoài quy chế.",
        starts_on=today,
        ends_on=max(today, min(today + dt.timedelta(days=20), ends_by or today + dt.timedelta(days=20))),
    )


def dialogue_form(fields: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    """The same (or `fields`, `dialogue`'s own), as the case page's form posts it (days as dd/mm/yyyy)."""
    values = fields if fields is not None else dialogue(**kw)
    return {k: f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else v for k, v in values.items()}


def withdrawal_letter(**overrides: Any) -> dict[str, Any]:
    """A denunciation's withdrawal by the denouncer's signed letter (Mẫu số 02) dated today:
    case_withdraw's fields (Nghị định 31/2019/NĐ-CP Đ.4 khoản 1, sửa đổi bởi Nghị định 156/2026/NĐ-CP)."""
    values: dict[str, Any] = {"means": "letter", "made_on": clock.today(), "signature": "signed"}
    values.update(overrides)
    return values


def withdrawal_record(recorder: Any, *, role: str = "resolver", **overrides: Any) -> dict[str, Any]:
    """The same by a record `recorder` made when working with the denouncer, fingerprinted (Mẫu số 03)."""
    return withdrawal_letter(
        means="record", recorder=recorder, recorder_role=role, signature="fingerprint", **overrides
    )


def withdrawal_form(**values: Any) -> dict[str, Any]:
    """case_withdraw's fields as the case page's form posts them (days as dd/mm/yyyy, people by id)."""
    posted: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dt.date):
            value = f"{value:%d/%m/%Y}"
        elif hasattr(value, "pk"):
            value = str(value.pk)
        elif isinstance(value, bool):
            value = "on" if value else ""
        posted[key] = value
    return posted


# ---- inspections --------------------------------------------------------------------------------


def later(days: int) -> dt.date:
    return clock.today() + dt.timedelta(days=days)


def raise_flag(cast: Cast, *, unit: Any = None, category: str = "finance_spending", actor: Any = None) -> Flag:
    return inspections.flag_raise(
        subject_area="khac",
        unit=unit or cast.hospital,
        category=category,
        severity="high",
        evidence="Chi hỗ trợ không có chứng từ 12.500.000 đồng",
        source="manual",
        actor=actor or cast.inspector,
    )


def open_ad_hoc(cast: Cast, flags: list[Flag]) -> Inspection:
    """An ad hoc inspection of the hospital on `flags`, its team set and its decision signed (and
    numbered in the sector's outgoing register)."""
    inspection = inspections.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=flags
    )
    inspections.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    return inspections.inspection_decide(inspection=inspection, actor=cast.chair)


def walk_to_reporting(cast: Cast, inspection: Inspection) -> Inspection:
    inspection = inspections.inspection_notify(
        inspection=inspection, text="Đề nghị chuẩn bị sổ sách, chứng từ năm 2025", actor=cast.inspector
    )
    inspection = inspections.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep)
    for item in inspection.checklist.all():
        inspections.checklist_mark(item=item, actor=cast.inspector2, note="Đã đối chiếu")
    inspections.finding_add(
        inspection=inspection,
        topic=inspection.topics[0],
        description="Chi sai mục đích",
        evidence="Phiếu chi số 12",
        amount="12.500.000",
        actor=cast.inspector,
    )
    return inspections.inspection_report_draft(inspection=inspection, text="Dự thảo báo cáo", actor=cast.inspector)


def explanation_time_over(inspection: Inspection) -> None:
    """Move the clock to the morning after the last day the unit had to explain the draft report."""
    due = Inspection.objects.get(pk=inspection.pk).explanation_due_on
    clock.set_now(at(due + dt.timedelta(days=1), 9))


def conclude(cast: Cast, inspection: Inspection) -> Inspection:
    inspection = walk_to_reporting(cast, inspection)
    inspection = inspections.inspection_explain(inspection=inspection, text="Đơn vị giải trình", actor=cast.subject_rep)
    return inspections.inspection_conclude(
        inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=cast.chair
    )


def recommend(cast: Cast, inspection: Inspection, *, due_in: int = 30) -> Recommendation:
    """The recommendation the path tests follow: the hospital recovers the misspent money."""
    return inspections.recommendation_add(
        inspection=inspection,
        text="Thu hồi khoản chi sai",
        owner_unit=cast.hospital,
        due_on=later(due_in),
        actor=cast.inspector,
    )


def handled_denunciation(cast: Cast, *, title: str = "Tố cáo chi sai quỹ") -> Case:
    """A denunciation about the hospital's union, concluded and handled by the sector's leader."""
    case = decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital, title=title)
    return case_handle_conclusion(case=case, actor=cast.leader, note="Kiến nghị xử lý theo thẩm quyền")


def published(case: Case, actor: Any, **overrides: Any) -> Case:
    """The denunciation's conclusion published today, posted at the unit's office for 15 days (Luật Tố cáo 2018
    Đ.40; Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b): what closing its file waits for."""
    from casework.cases.services import case_conclusion_publish

    values: dict[str, Any] = {
        "forms": ["posting"],
        "published_on": clock.today(),
        "posting_place": "Trụ sở Công đoàn ngành",
        "posting_days": 15,
    }
    values.update(overrides)
    return case_conclusion_publish(case=case, actor=actor, **values)


def discipline_published(case: Case, actor: Any, **overrides: Any) -> Case:
    """The discipline decision owed on a denunciation's case published today, posted for 15 days by a member of the
    body that issued it (Luật Tố cáo 2018 Đ.40 khoản 1): what closing its file waits for too."""
    from casework.cases.services import case_discipline_publish

    values: dict[str, Any] = {
        "forms": ["posting"],
        "published_on": clock.today(),
        "posting_place": "Trụ sở Công đoàn ngành",
        "posting_days": 15,
    }
    values.update(overrides)
    return case_discipline_publish(case=case, actor=actor, **values)


def conclusion_measure(
    cast: Cast,
    case: Case,
    *,
    monitor: User | None = None,
    due_in: int = 30,
    text: str = "Thu hồi 12.500.000 đồng chi sai",
) -> Recommendation:
    """A measure the handled conclusion requires of the hospital's union, recorded by the leader."""
    case_conclusion_measure_add(
        case=case, actor=cast.leader, text=text, owner_unit=cast.hospital, due_on=later(due_in), monitor=monitor
    )
    return Recommendation.objects.filter(case=case).latest("pk")


# ---- supervision --------------------------------------------------------------------------------

SUPERVISION_START = dt.date(2026, 3, 2)
# One sign of violation of a supervision's report: raised as a flag of the unit supervised.
SIGN = {
    "category": "finance_spending",
    "subject_area": "khac",
    "severity": "high",
    "evidence": "Hai khoản chi hỗ trợ không có chứng từ",
}


def make_supervision(cast: Cast, **overrides: Any) -> Supervision:
    """A thematic supervision of the hospital by the sector's committee (inspector leads, inspector2 sits)."""
    values: dict[str, Any] = {
        "unit": cast.sector,
        "subject_unit": cast.hospital,
        "kind": "thematic",
        "topics": ["finance_spending", "finance_books"],
        "starts_on": SUPERVISION_START,
        "ends_on": SUPERVISION_START + dt.timedelta(days=14),
        "lead": cast.inspector,
        "members": [cast.inspector2],
        "actor": cast.inspector,
        **overrides,
    }
    return supervision.supervision_create(**values)


def report_supervision(
    cast: Cast, target: Supervision, *, signs: list[dict] | None = None, actor: Any = None
) -> Supervision:
    return supervision.supervision_report(
        supervision=target,
        actor=actor or cast.inspector,
        findings="Sổ quỹ chưa khớp chứng từ chi quý I.",
        assessment="shortcomings",
        recommendations="Kiểm tra việc chi quý I.",
        signs=signs or [],
    )


# ---- reception ----------------------------------------------------------------------------------


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def clock_at(day: dt.date, hour: int = 9) -> None:
    """The clock set at `hour` o'clock, office time (Hà Nội), on `day`."""
    clock.set_now(at(day, hour))


def case_clock(case: Case, step: str) -> Any:
    """The case's clock for `step` that was not cancelled (the one running, or the one that ended)."""
    from casework.cases.selectors import case_deadlines
    from workflows.models import Deadline

    return next(d for d in case_deadlines(case=case) if d.step == step and d.status != Deadline.Status.CANCELLED)


SESSION_DAY = dt.date(2026, 3, 5)


def make_session(cast: Cast) -> ReceptionSession:
    """A reception session of the health-sector union on a working-day morning, received by its leader and chair."""
    return reception_session_schedule(
        actor=cast.chair,
        unit=cast.sector,
        starts_at=at(SESSION_DAY, 8),
        ends_at=at(SESSION_DAY, 11, 30),
        place="Phòng tiếp công dân, tầng 1",
        receivers=[cast.leader, cast.chair],
    )


def make_visit(cast: Cast, session: ReceptionSession) -> ReceptionEntry:
    """A denunciation told in person by Trần Thị Bình; the clock stands at the session's morning."""
    clock.set_now(at(SESSION_DAY, 9))
    return reception_entry_record(
        session=session,
        actor=cast.leader,
        full_name="Trần Thị Bình",
        address="12 Lê Lợi, TP Thái Bình",
        id_number="034190001234",
        people_count=2,
        content="Chủ tịch CĐCS Bệnh viện chi sai quỹ phúc lợi năm 2025.",
        classification="denunciation",
        handling_route="guided",
    )


DENOUNCED = "Nguyễn Văn Bị"


def make_denounced(cast: Cast) -> tuple[User, User]:
    """The people a denunciation about the hospital's union concerns, both readers of the sector's cases:
    the person denounced (an inspector of that union who audits for the sector) and a leader of that
    union (on its standing committee and the sector's executive committee)."""
    person = UserFactory(
        username="denounced", full_name=DENOUNCED, roles=[(Role.INSPECTOR, cast.hospital), (Role.AUDITOR, cast.sector)]
    )
    leader = UserFactory(username="hleader", roles=[(Role.BTV_MEMBER, cast.hospital), (Role.BCH_MEMBER, cast.sector)])
    return person, leader


# ---- positions, absences and acting appointments ----------------------------------------------


def position_given(user: Any, role: str, position: str) -> RoleAssignment:
    """`user`'s assignment of `role` (their only one) given `position` in the body (org.models.Position), as an
    administrator does in the admin (org.services.role_assignment_save)."""
    from casework.org.services import role_assignment_save

    assignment = RoleAssignment.objects.get(user=user, role=role)
    assignment.position = position
    return role_assignment_save(assignment=assignment, actor=None)


def acting_chair_appointed(
    cast: Cast, user: Any = None, *, days: int = 30, document: str = "QĐ 12/QĐ-UBKT"
) -> RoleAssignment:
    """The sector's chair gives `user` (the inspector) the chair's powers over the sector from today
    for `days` days, under `document` (workflows.services.absences.acting_chair_appoint)."""
    from workflows.services.absences import acting_chair_appoint

    return acting_chair_appoint(
        actor=cast.chair,
        unit=cast.sector,
        user=user or cast.inspector,
        valid_from=clock.today(),
        valid_to=clock.today() + dt.timedelta(days=days),
        document=document,
    )


# ---- who may act: the selectors against the services ------------------------------------------------

# The people a conflict-parity test asks about: the sector's leader and committee chair, each with
# and without a conflict declared with the hospital (the unit concerned), a sector leader who also
# sits in the hospital's executive committee (recused from its cases, conflicted by that role),
# an inspector, an administrator (a superuser holding no role of the body: it takes none of its
# decisions, docs/roles.md) and someone with no role.
PEOPLE = ("leader", "conflicted_leader", "chair", "conflicted_chair", "recused", "inspector", "admin", "outsider")


def person(cast: Cast, who: str) -> User:
    """One of PEOPLE, with their conflict made through the real services (call after the world is built)."""
    if who in ("conflicted_leader", "conflicted_chair"):
        user = cast.leader if who == "conflicted_leader" else cast.chair
        inspections.conflict_declare(user=user, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=user)
        return user
    if who == "recused":
        return UserFactory(username="recused", roles=[(Role.BTV_MEMBER, cast.sector), (Role.BCH_MEMBER, cast.hospital)])
    return getattr(cast, who)


class _RolledBack(Exception):
    pass


def accepted_by_services(calls: dict[str, Any]) -> set[str]:
    """The names of `calls` whose service call goes through, each in a savepoint rolled back
    afterwards, so every call meets the same state; a refusal (ApplicationError) leaves it out."""
    from django.db import transaction

    from core.errors import ApplicationError

    accepted: set[str] = set()
    for name, call in calls.items():
        try:
            with transaction.atomic():
                call()
                raise _RolledBack
        except _RolledBack:
            accepted.add(name)
        except ApplicationError:
            pass
    return accepted


def api_client(user: Any) -> Any:
    """A DRF client authenticated by `user`'s token (anonymous for None)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def subject_request(actor: Any, unit: Any, right: str = "access", **overrides: Any) -> Any:
    """A data subject's request recorded through the service: received today by post, with a name and a phone."""
    from casework.privacy.subject_requests import subject_request_record

    values = {
        "actor": actor,
        "unit": unit,
        "received_on": clock.today(),
        "channel": "post",
        "right": right,
        "full_name": "Phạm Thị Yêu Cầu",
        "phone": "0912 345 678",
        "content": "Đề nghị cho xem dữ liệu cá nhân đang lưu.",
    }
    return subject_request_record(**{**values, **overrides})


def subject_request_answer_clock(request: Any) -> Any:
    """The request's answer clock, with its rule and the rule's policy version."""
    from workflows.models import Deadline

    return Deadline.objects.select_related("rule__version").get(
        target_type="privacy.subjectaccessrequest", target_id=str(request.pk), step__startswith="sar_answer"
    )
