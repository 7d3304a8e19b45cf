"""What the law sends on a clock of its own: the conclusion of a denunciation (Luật Tố cáo 2018 Đ.35
khoản 3), the decisions on a case's course (Đ.34 khoản 4; Nghị định 124/2020/NĐ-CP Đ.28b) and the result
of the handling of a denunciation told to the body that transferred it (Đ.26 khoản 2), to whom each goes,
when its clock starts and the recording of its sending."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from casework.audit.services import audit_record
from casework.cases.models import (
    COMMUNE_COMMITTEE_GROUNDS,
    Case,
    Channel,
    Kind,
    TerminationGround,
)
from casework.cases.permissions import can_triage, can_work
from casework.cases.selectors import case_steps_awaited
from casework.cases.services.common import (
    case_lock,
    case_notify_party,
    case_save,
    deadline_running,
    deadline_start,
)
from core.errors import TransitionNotAllowed
from workflows.policy_cache import policy_snapshot
from workflows.services import deadline_close

# ---- Luật Tố cáo Đ.35 khoản 3: the conclusion is sent -------------------------------------------------

# Whom the conclusion goes to (Đ.35 khoản 3): sent to the first three, the denouncer is told of it.
CONCLUSION_SENT_TO = [
    "người bị tố cáo",
    "cơ quan, tổ chức quản lý người bị tố cáo",
    "cơ quan, tổ chức, cá nhân có liên quan",
    "người tố cáo (thông báo về kết luận)",
]


def conclusion_sending_pending(case: Case) -> bool:
    return case.kind == Kind.DENUNCIATION and "send_conclusion" in case_steps_awaited(case=case)


def conclusion_sending_stop(case: Case) -> None:
    """The conclusion has gone out: its 5-working-day clock stops, also when it had run out."""
    deadline_close(target=case, step="send_conclusion")


@transaction.atomic
def case_conclusion_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã gửi kết luận nội dung tố cáo: at the latest 5 working days after it was issued, to the
    person denounced, the body that manages them and those concerned, and the denouncer told of it
    (Luật Tố cáo 2018 Đ.35 khoản 3). Stops that clock; the handling of the conclusion (Đ.36) goes on
    on its own."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_triage(locked, actor) or can_work(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc gửi kết luận của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if not conclusion_sending_pending(locked):
        raise TransitionNotAllowed(
            gettext("Hồ sơ %(reference)s không có kết luận nội dung tố cáo nào đang chờ gửi.")
            % {"reference": locked.reference}
        )
    conclusion_sending_stop(locked)
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.conclusion_sent",
        target=locked,
        unit=locked.unit,
        after={"decision_number": locked.decision_number, "sent_to": CONCLUSION_SENT_TO},
        reason=note,
    )
    if locked.subject_user_id:
        case_notify_party(
            case=locked,
            user=locked.subject_user,
            title=lambda: (gettext("Kết luận nội dung tố cáo %(number)s") % {"number": locked.decision_number}).strip(),
            body=lambda: (
                gettext(
                    "Đơn vị %(unit)s đã ban hành kết luận nội dung tố cáo có nội dung liên quan đến ông/bà: %(title)s."
                )
                % {"unit": locked.unit.name, "title": locked.title}
            ),
            event="conclusion-sent",
        )
    return locked


# ---- the decisions on a case's course are sent ----------------------------------------------------
# A denunciation's suspension and termination decisions: "Quyết định tạm đình chỉ, đình chỉ việc giải
# quyết tố cáo ... gửi đến người tố cáo, người bị tố cáo trong thời hạn 05 ngày làm việc kể từ ngày ra
# quyết định" (Luật Tố cáo 2018 Đ.34 khoản 4). A complaint's suspension and termination decisions
# (Mẫu số 14a) and its resumption decision (Mẫu số 14b): sent to the complainant, their representative,
# the person complained about and those with related rights and duties within 03 working days of
# issuance (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, 2, bổ sung bởi Nghị định 155/2026/NĐ-CP).
# One clock per decision, started with it; the days are the policy's rules of the case's subject.
DECISION_SENDING_STEPS = {
    "suspension": "send_suspension",
    "termination": "send_termination",
    "resumption": "send_resumption",
}
# The decisions each kind of letter must send on a clock of their own.
SENT_DECISIONS: dict[str, tuple[str, ...]] = {
    Kind.DENUNCIATION: ("suspension", "termination"),
    Kind.COMPLAINT: ("suspension", "termination", "resumption"),
}
# These clocks run whatever happens to the resolution: a suspension does not pause them, a
# termination does not cancel the sending of an earlier suspension or resumption decision.
DECISION_SENDING_CLOCKS = tuple(DECISION_SENDING_STEPS.values())
# What closing the file does not do: send the notices of acceptance (Luật Tố cáo 2018 Đ.29), the
# conclusion (Đ.35 khoản 3) or a decision on the case's course (Đ.34 khoản 4; Nghị định 124/2020/NĐ-CP
# Đ.28b). Their clocks run on after the case is closed, each stopped by recording its sending,
# offered on the closed case. (The handling of the conclusion, Đ.36, is done before the result is
# notified, hence before closing.)
# The result of a transferred denunciation's handling told to the body that transferred it (Luật Tố cáo 2018
# Đ.26 khoản 2): its clock runs whatever the case's outcome (accepted, refused, transferred onward, merged,
# withdrawn), until that body is told.
TRANSFERRER_STEP = "notify_transferrer"
SENDING_STEPS = ("notify_accept", "notify_denounced", "send_conclusion", *DECISION_SENDING_CLOCKS, TRANSFERRER_STEP)
# Every paper the law sends to the parties on a clock of its own: those above and a complaint's decision
# (Luật Khiếu nại 2011 Đ.32, Đ.41 khoản 1), whose sending comes before closing (case_close). The report
# counts the letters one of them was late for (casework.reports.figures, `sent_late`).
LAW_SENDING_STEPS = ("send_decision", *SENDING_STEPS)
DECISION_SENT_TO: dict[str, list[str]] = {
    Kind.DENUNCIATION: ["người tố cáo", "người bị tố cáo"],
    Kind.COMPLAINT: [
        "người khiếu nại",
        "người đại diện người khiếu nại",
        "người bị khiếu nại",
        "người có quyền, nghĩa vụ liên quan",
    ],
}


def commune_committee_recipient(*, kind: str, ground: str, committee: str) -> str:
    """The People's Committee of the commune a complaint's termination decision is sent to on a ground
    of điểm b khoản 2 Điều 11a Luật Khiếu nại, with where the law places it (Nghị định 124/2020/NĐ-CP
    Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP); "" on any other ground."""
    where = COMMUNE_COMMITTEE_GROUNDS.get(TerminationGround(ground)) if ground in TerminationGround.values else None
    if kind != Kind.COMPLAINT or where is None or not committee.strip():
        return ""
    return f"{committee.strip()} ({where})"


def termination_sent_to(*, kind: str, ground: str, committee: str) -> list[str]:
    """Whom a termination decision is sent to. A complaint ended because the complainant died with no
    heir, or the complaining body ended with no successor (điểm b khoản 2 Điều 11a Luật Khiếu nại), has
    nobody left to receive it as complainant: the decision goes to the commune's People's Committee in
    the complainant's place (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định
    155/2026/NĐ-CP), and to the other parties."""
    parties = DECISION_SENT_TO[kind]
    recipient = commune_committee_recipient(kind=kind, ground=ground, committee=committee)
    if recipient:
        return [f"Ủy ban nhân dân cấp xã: {recipient}", *parties[1:]]
    return list(parties)


def decision_sent_to(case: Case, decision: str) -> list[str]:
    """Whom a decision on the case's course is sent to, as its sending's audit event records it."""
    if decision == "termination":
        return termination_sent_to(
            kind=case.kind, ground=case.termination_ground, committee=case.termination_commune_committee
        )
    return list(DECISION_SENT_TO[case.kind])


def decision_sending_start(case: Case, decision: str) -> None:
    """A suspension, termination or resumption decision was issued today: its sending clock starts
    where the law gives the case's kind one. A step runs one clock at a time: a second suspension
    decided while the first is still unsent is covered by the first one's earlier limit, and
    recording the sending stops it for both."""
    if decision in SENT_DECISIONS.get(case.kind, ()) and not deadline_running(case, DECISION_SENDING_STEPS[decision]):
        deadline_start(case, DECISION_SENDING_STEPS[decision])


def decision_sending_pending(case: Case, decision: str) -> bool:
    return decision in SENT_DECISIONS.get(case.kind, ()) and DECISION_SENDING_STEPS[decision] in case_steps_awaited(
        case=case
    )


def _nothing_to_send(case: Case, decision: str) -> str:
    if decision == "suspension":
        return gettext("Hồ sơ %(reference)s không có quyết định tạm đình chỉ nào đang chờ gửi.") % {
            "reference": case.reference
        }
    if decision == "termination":
        return gettext("Hồ sơ %(reference)s không có quyết định đình chỉ nào đang chờ gửi.") % {
            "reference": case.reference
        }
    return gettext("Hồ sơ %(reference)s không có quyết định tiếp tục giải quyết nào đang chờ gửi.") % {
        "reference": case.reference
    }


def _decision_sent(*, case: Case, actor: Any, decision: str, note: str, expected_version: int | None) -> Case:
    from casework.papers.context import case_paper_key
    from casework.papers.selectors import paper_issued_for

    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_triage(locked, actor) or can_work(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc gửi quyết định của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if not decision_sending_pending(locked, decision):
        raise TransitionNotAllowed(_nothing_to_send(locked, decision))
    step = DECISION_SENDING_STEPS[decision]
    deadline_close(target=locked, step=step)
    case_save(locked)
    paper = paper_issued_for(target=locked, key=case_paper_key(locked, decision))
    audit_record(
        actor=actor,
        action=f"case.{decision}_sent",
        target=locked,
        unit=locked.unit,
        after={"decision_number": paper.symbol if paper else "", "sent_to": decision_sent_to(locked, decision)},
        reason=note,
    )
    return locked


@transaction.atomic
def case_suspension_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã gửi quyết định tạm đình chỉ: a denunciation's to the denouncer and the person denounced within
    05 working days of the decision (Luật Tố cáo 2018 Đ.34 khoản 4), a complaint's to the parties within
    03 working days of issuance (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định
    155/2026/NĐ-CP): stops that clock."""
    return _decision_sent(case=case, actor=actor, decision="suspension", note=note, expected_version=expected_version)


@transaction.atomic
def case_termination_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã gửi quyết định đình chỉ: a denunciation's within 05 working days (Luật Tố cáo 2018 Đ.34
    khoản 4), a complaint's within 03 working days of issuance (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1,
    bổ sung bởi Nghị định 155/2026/NĐ-CP): stops that clock."""
    return _decision_sent(case=case, actor=actor, decision="termination", note=note, expected_version=expected_version)


@transaction.atomic
def case_resumption_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã gửi quyết định tiếp tục giải quyết khiếu nại (Mẫu số 14b) to the complainant, their
    representative, the person complained about and those with related rights and duties, within 03
    working days of issuance (Nghị định 124/2020/NĐ-CP Đ.28b khoản 2, bổ sung bởi Nghị định
    155/2026/NĐ-CP): stops that clock."""
    return _decision_sent(case=case, actor=actor, decision="resumption", note=note, expected_version=expected_version)


# ---- Luật Tố cáo Đ.26 khoản 2: the result told to the body that transferred the denunciation ------------
# "Kết quả xử lý tố cáo theo quy định tại khoản 1 Điều này được thông báo bằng văn bản cho cơ quan báo chí, cơ
# quan, tổ chức, cá nhân có thẩm quyền đã chuyển tố cáo trong thời hạn 20 ngày kể từ ngày nhận được tố cáo."
# The result is the acceptance, the refusal or the transfer onward (khoản 1). The notices of acceptance and of
# refusal name that body among their recipients (papers.defaults TRANSFERRED_FROM): their issue tells it. The
# transfer slip onward is addressed to the competent body and names no other, nor does anything a merger or a
# withdrawal issues: the written notice sent is then recorded (`case_transferrer_notified`), as it may be in
# any outcome.
TRANSFERRER_PAPERS = ("case.accept", "case.refuse")
# Whom the notice goes to, as its audit event records it.
TRANSFERRER = "cơ quan, tổ chức, cá nhân đã chuyển tố cáo"


def transferrer_named(case: Case) -> str:
    """Who transferred the denunciation, as the audit event of the notice records it: the unit of the case it
    came from, or, for one sent in on paper, the body as the law names it."""
    return case.origin.unit.name if case.origin is not None else TRANSFERRER


def transferrer_clock_start(case: Case) -> None:
    """A denunciation transferred in (Channel.TRANSFERRED) was received: its 20 days to tell the body that
    transferred it start from the day of receipt (counted from the next day, Bộ luật Dân sự 2015 Đ.147-148).
    Only under a policy version holding the row (workflows migration 0034): a case keeps the version it
    started under, and one started under a version without it runs no such clock."""
    if case.kind != Kind.DENUNCIATION or case.channel != Channel.TRANSFERRED:
        return
    snapshot = policy_snapshot()
    version = snapshot.version_by_pk(case.policy_version_id) or case.policy_version
    if not snapshot.rules_for(version, case.deadline_subject, TRANSFERRER_STEP):
        return
    deadline_start(case, TRANSFERRER_STEP, start=case.received_on)


def transferrer_notice_pending(case: Case) -> bool:
    return case.kind == Kind.DENUNCIATION and TRANSFERRER_STEP in case_steps_awaited(case=case)


def _names_the_transferrer(version: Any) -> bool:
    """The template version prints the body that transferred the letter (its `transferred_from` value)."""
    return any("transferred_from" in (getattr(version, field) or "") for field in ("addressee", "recipients"))


def transferrer_paper_issued(*, case: Case, actor: Any, key: str, version: Any, symbol: str) -> None:
    """A notice of acceptance or refusal (`key`) issued under `symbol` from template `version`: when it names
    the body that transferred the denunciation and its clock awaits it, the clock stops, met, or late when its
    20 days had run out (Luật Tố cáo 2018 Đ.26 khoản 2). Called by `paper_issue` in the issuing transaction."""
    if key not in TRANSFERRER_PAPERS or not _names_the_transferrer(version) or not transferrer_notice_pending(case):
        return
    deadline_close(target=case, step=TRANSFERRER_STEP)
    audit_record(
        actor=actor,
        action="case.transferrer_notice",
        target=case,
        unit=case.unit,
        after={"symbol": symbol, "sent_to": [transferrer_named(case)]},
    )


def transferrer_paper_cancelled(*, case: Case, actor: Any, symbol: str) -> None:
    """The notice of acceptance or refusal cancelled under `symbol`: when its issue is what told the body that
    transferred the denunciation (the last such notice recorded), the written result is owed again (Luật Tố cáo
    2018 Đ.26 khoản 2) and its clock runs again. The deadline engine reopens no stopped clock: a clock like the
    one the notice stopped is opened, from the same day to the same due date under the same rule, so a notice
    issued again after the 20 days reads late. A clock stopped by the notice recorded by hand stays stopped.
    Called by `paper_cancel` in the cancelling transaction."""
    from casework.audit.selectors import audit_events_for
    from workflows.models import Deadline
    from workflows.services.deadlines import deadline_open

    told = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.transferrer_notice").last()
    if told is None or (told.after or {}).get("symbol") != symbol:
        return
    stopped = (
        Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk), step=TRANSFERRER_STEP)
        .select_related("rule__version")
        .order_by("-pk")
        .first()
    )
    if stopped is None or stopped.status != Deadline.Status.MET:
        return
    deadline = deadline_open(
        target=case,
        unit=case.unit,
        step=TRANSFERRER_STEP,
        subject=case.deadline_subject,
        version=stopped.rule.version if stopped.rule is not None else None,
        start=stopped.starts_on,
        assignee=case.assignee,
        days=stopped.days,
        due_on=stopped.due_on,
    )
    audit_record(
        actor=actor,
        action="case.transferrer_notice_cancel",
        target=case,
        unit=case.unit,
        after={"symbol": symbol, "due_on": deadline.due_on.isoformat()},
    )


@transaction.atomic
def case_transferrer_notified(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã thông báo bằng văn bản kết quả xử lý tố cáo cho cơ quan, tổ chức, cá nhân đã chuyển tố cáo (Luật Tố cáo
    2018 Đ.26 khoản 2), by a paper other than the notice of acceptance or refusal (which stops the clock when
    issued): the denunciation transferred onward, merged into another case or withdrawn. Stops the clock."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_triage(locked, actor) or can_work(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc thông báo kết quả xử lý tố cáo của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if not transferrer_notice_pending(locked):
        raise TransitionNotAllowed(
            gettext(
                "Hồ sơ %(reference)s không có thông báo kết quả xử lý tố cáo nào đang chờ gửi cho cơ quan đã chuyển "
                "tố cáo."
            )
            % {"reference": locked.reference}
        )
    deadline_close(target=locked, step=TRANSFERRER_STEP)
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.transferrer_notice",
        target=locked,
        unit=locked.unit,
        after={"status": locked.status, "sent_to": [transferrer_named(locked)]},
        reason=note,
    )
    return locked
