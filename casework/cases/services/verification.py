"""Giao xác minh nội dung tố cáo: the person who resolves a denunciation verifies it or has it verified by
others, and the assignment is made in writing (Luật Tố cáo 2018 Đ.31 khoản 1). The written assignment
states the day, who is assigned, the person denounced, the content to verify, the time to verify it and the
rights and duties of those assigned (khoản 2); a verification team has two or more members, one of them its
leader (Nghị định 31/2019/NĐ-CP Đ.10 khoản 1, Mẫu số 07). Nobody related to or with an interest in the
person denounced is put on it (Đ.10 khoản 3): here, nobody the case's conflict rule leaves out
(`case_conflict_reason`: recused from the case, a conflict declared in it or with the unit concerned). The
verification is a step of the resolution (Đ.28 khoản 2), so the time to verify ends within the resolution limit
while it runs (Đ.30: 30 days from the acceptance, and the extensions the resolver decided in writing for a complex
or especially complex case), as a complaint's does (below): `verification_ends_by`.

In this system the competent body's leaders (the resolver, `can_assign`) assign, and those assigned are
the committee's officers and inspectors of the handling unit, or the officer of a unit above it the case is
assigned to (`verification_candidates`). The resolver may
instead verify personally (Đ.31 khoản 1 "tiến hành xác minh"; Nghị định 31/2019/NĐ-CP Đ.10 khoản 1 "tự mình
tiến hành xác minh"): recorded in writing the same way, with the resolver as the one verifier; since that
person then reports the result, only one who may propose it (`can_work`) verifies personally.

The proposal of the verification's result is the report of the one assigned (Đ.31 khoản 6), so a
denunciation's proposal waits for the written assignment, and is made by one of those the current (latest)
assignment names, or by the resolver verifying personally: `verification_refusal` is that rule, read by
`case_actions`, the proposal's service, the case page and the API.

A complaint, first round or second, is verified the same way: the person competent to resolve it verifies
personally or assigns the person responsible for verifying it (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b; the
second round, Đ.38), who reports the result in writing with the contents of Đ.29 khoản 4 (khoản 3 điểm e).
Thông tư 07/2013/TT-TTCP Đ.7 (Bộ pháp điển Điều 18.1.TT.1.7, supplemented by Thông tư 02/2016/TT-TTCP) makes
that assignment a decision on Mẫu số 03-KN, a verification team's on Mẫu số 04-KN (khoản 2) and keeps the
verification within the resolution limit (khoản 3); the local mirror shows that article with no note of its
repeal but neither the forms' text nor whether the Thông tư or its forms are still in force. The proposal
of a complaint is that report, so the same gate applies, in both states a complaint is proposed from
(verifying, and the dialogue that follows the verification, Đ.30 khoản 3). The law read names no person who
may not verify a complaint; the verification must be objective (Đ.29 khoản 2), so the case's conflict rule
leaves out the same people as for a denunciation.

A first complaint the resolver, re-examining the decision or act complained of, finds right is decided at once,
with no verification (Đ.29 khoản 1 điểm a): recorded by `case_complaint_found_right`
(casework.cases.services.reexamination), it opens the gate, and the proposal is then of a complaint right
(`found_right_check_before_proposal`), made from the assignment itself when no verification was started
(`Case.decided_on_reexamination`: the case is not offered "start verification").

A complaint already under verification with no assignment recorded is gated like any other: the law asked
for the assignment before (Đ.29 khoản 1 điểm b), its leaders are offered the step in that state and may date
it back to the acceptance (the paper they issued), and the officer refused is told so; nothing is invented
for it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import Case, ComplaintFoundRight, Kind, Outcome, Status, VerificationAssignment
from casework.cases.permissions import can_assign, can_work
from casework.cases.services.common import case_lock, case_save, decision_refusal
from casework.cases.services.identity import case_text_masked
from casework.cases.services.resolve_clock import RESOLVE_STEP
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# The steps at which the verification is assigned: the case is assigned to its officer, or being verified (a
# complaint also after its dialogue, before the proposal: Luật Khiếu nại 2011 Đ.30 khoản 3).
ASSIGNABLE: dict[str, tuple[str, ...]] = {
    Kind.DENUNCIATION: (Status.ASSIGNED, Status.VERIFYING),
    Kind.COMPLAINT: (Status.ASSIGNED, Status.VERIFYING, Status.DIALOGUE),
}
# The states the proposal (the verification's report) is made from: a denunciation's, verifying; a
# complaint's, verifying or after its dialogue (Case.propose).
REPORTING: dict[str, tuple[str, ...]] = {
    Kind.DENUNCIATION: (Status.VERIFYING,),
    Kind.COMPLAINT: (Status.VERIFYING, Status.DIALOGUE),
}


def verification_assignments(case: Case) -> QuerySet[VerificationAssignment]:
    """The case's written assignments of the verification, in the order they were made."""
    return VerificationAssignment.objects.filter(case_id=case.pk).order_by("on", "pk")


def verification_assignment_current(case: Case) -> VerificationAssignment | None:
    """The assignment in force: a later one replaces an earlier one (the paper prints the same)."""
    return verification_assignments(case).prefetch_related("members").last()


def complaint_found_right(case: Case) -> ComplaintFoundRight | None:
    """The record that the first-round resolver, re-examining, found the complaint right (Luật Khiếu nại 2011
    Đ.29 khoản 1 điểm a; casework.cases.services.reexamination), if any."""
    if case.kind != Kind.COMPLAINT:
        return None
    return ComplaintFoundRight.objects.filter(case_id=case.pk).select_related("recorded_by").first()


def verification_assignment_open(case: Case) -> bool:
    return case.status in ASSIGNABLE.get(case.kind, ())


def _action(case: Case) -> str:
    if case.kind == Kind.COMPLAINT:
        return _("giao nhiệm vụ xác minh nội dung khiếu nại trong")
    return _("giao xác minh nội dung tố cáo trong")


def _law(case: Case) -> str:
    """The article that lets the resolver verify personally or assign it: Luật Khiếu nại 2011 Đ.29 for the
    first round, Đ.38 for the second."""
    return _("Điều 38") if case.round == 2 else _("Điều 29")


def _limit_law(case: Case) -> str:
    """The article setting the resolution limit the verification ends within: Luật Khiếu nại 2011 Đ.28 for the
    first round, Đ.37 for the second."""
    return _("Điều 37") if case.round == 2 else _("Điều 28")


def verification_beyond_limit(case: Case, due: dt.date) -> str:
    """Why a verification may not end after `due`, the last day of the running resolution limit: said with the
    article, and for a denunciation the law may still extend, how to have more time (Luật Tố cáo 2018 Đ.30)."""
    day = f"{due:%d/%m/%Y}"
    if case.kind == Kind.COMPLAINT:
        return gettext(
            "Thời gian xác minh phải kết thúc trong thời hạn giải quyết khiếu nại (đến ngày %(day)s, Luật Khiếu "
            "nại 2011 %(article)s)."
        ) % {"day": day, "article": _limit_law(case)}
    from casework.cases.services.extensions import denunciation_extensions_allowed

    why = gettext(
        "Thời gian xác minh phải kết thúc trong thời hạn giải quyết tố cáo, kể cả thời gian đã được gia hạn (đến "
        "ngày %(day)s, Luật Tố cáo 2018 Điều 30)."
    ) % {"day": day}
    if case.extensions < denunciation_extensions_allowed(case):
        more = _(
            "Vụ việc phức tạp, đặc biệt phức tạp được gia hạn giải quyết bằng quyết định của người giải quyết tố "
            "cáo (Điều 30 khoản 2, 3, 4): gia hạn trước khi giao thời gian xác minh dài hơn."
        )
        return f"{why} {more}"
    return why


def verification_may_assign(case: Case, user: Any) -> bool:
    """The resolver's leaders of the handling unit (`can_assign`) not in conflict with the case."""
    return (
        verification_assignment_open(case)
        and can_assign(case, user)
        and not decision_refusal(case=case, actor=user, action=_action(case))
    )


def verification_actions(case: Case, user: Any) -> list[str]:
    """The steps of this module `user` may take on the case now (casework.cases.actions)."""
    return ["verification_assign"] if verification_may_assign(case, user) else []


def verification_candidates(case: Case) -> list[Any]:
    """Who may be assigned: among those the case may be assigned to (casework.cases.selectors.
    officers_for_assignment, each with the reason they may not be, if any), the officers and inspectors of the
    handling unit, and the officer the case is assigned to when they serve a unit above it (a grassroots union's
    case given to its sector's officer, as `case_assign` allows), so that the one resolving it may be named to
    verify it."""
    from casework.cases.selectors import officers_for_assignment

    return [c for c in officers_for_assignment(case=case) if c.of_unit or c.user.pk == case.assignee_id]


def verification_refusal(case: Case, user: Any = None) -> str:
    """Why the verification's result may not be proposed yet ("" when it may): a denunciation under
    verification with no written assignment of its verification (Luật Tố cáo 2018 Đ.31 khoản 1, 2, 6); and,
    for `user` who may otherwise propose it (`can_work`), that they are neither among those the current
    assignment names nor the resolver verifying personally (Đ.31 khoản 6: the one assigned reports)."""
    if case.status not in REPORTING.get(case.kind, ()):
        return ""
    current = verification_assignment_current(case)
    if current is not None:
        return _reporter_refusal(case, current, user)
    if case.kind == Kind.COMPLAINT:
        if complaint_found_right(case) is not None:
            # Found right on re-examination: decided at once, with no verification (Luật Khiếu nại 2011 Đ.29
            # khoản 1 điểm a); the proposal is of a complaint right (`verification_check_before_proposal`).
            return ""
        # Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, khoản 3 điểm e, khoản 4 (the second round: Đ.38).
        refusal = gettext(
            "Chưa thể đề xuất kết quả xác minh hồ sơ %(ref)s: người giải quyết khiếu nại tự mình tiến hành xác minh "
            "hoặc giao cho người có trách nhiệm xác minh nội dung khiếu nại (Luật Khiếu nại 2011 %(article)s), và "
            "người xác minh báo cáo kết quả xác minh bằng văn bản (Điều 29 khoản 3, 4). Lãnh đạo đơn vị giải quyết "
            "ghi nhận quyết định giao nhiệm vụ xác minh (người được giao hoặc Tổ xác minh, nội dung, thời gian xác "
            "minh) hoặc việc tự mình xác minh trước khi đề xuất kết quả."
        ) % {"ref": case.reference, "article": _law(case)}
        if case.round == 1:
            at_once = _(
                "Khi kiểm tra lại thấy khiếu nại đúng, lãnh đạo đơn vị giải quyết ghi nhận khiếu nại đúng để ra quyết "
                "định giải quyết khiếu nại ngay, không giao xác minh (Điều 29 khoản 1 điểm a)."
            )
            return f"{refusal} {at_once}"
        return refusal
    return gettext(
        "Chưa thể đề xuất kết quả xác minh hồ sơ %(ref)s: việc giao xác minh nội dung tố cáo phải thực hiện bằng văn "
        "bản (Luật Tố cáo 2018 Điều 31 khoản 1, 2; Nghị định 31/2019/NĐ-CP Điều 10). Người giải quyết tố cáo ghi "
        "nhận văn bản giao xác minh (người được giao hoặc Tổ xác minh, nội dung, thời gian xác minh) trước khi "
        "người được giao báo cáo kết quả xác minh (Điều 31 khoản 6)."
    ) % {"ref": case.reference}


def _reporter_refusal(case: Case, current: VerificationAssignment, user: Any) -> str:
    """Why `user`, who may otherwise work the case, may not report its verification: they are not among those
    the current written assignment names (or the resolver verifying personally), whether they stand in for an
    absent colleague or not: standing in hands over tasks, never the assignment, which is given only in writing
    (Luật Tố cáo 2018 Đ.31 khoản 1). Said with what to do: a new assignment naming them."""
    if user is None or not can_work(case, user):
        return ""
    members = list(current.members.all())
    if any(m.pk == user.pk for m in members):
        return ""
    values = {
        "ref": case.reference,
        "on": f"{current.on:%d/%m/%Y}",
        "who": ", ".join(str(m) for m in members),
        "user": str(user),
    }
    if case.kind == Kind.COMPLAINT:
        return _complaint_reporter_refusal(case, current, values)
    if current.personally:
        why = gettext(
            "Chưa thể đề xuất kết quả xác minh hồ sơ %(ref)s: theo văn bản ngày %(on)s, người giải quyết tố cáo "
            "tự mình tiến hành xác minh (%(who)s) và là người đề xuất kết quả xác minh (Luật Tố cáo 2018 Điều 31 "
            "khoản 1; Nghị định 31/2019/NĐ-CP Điều 10 khoản 1). %(user)s không phải người xác minh nội dung tố "
            "cáo này."
        )
    else:
        why = gettext(
            "Chưa thể đề xuất kết quả xác minh hồ sơ %(ref)s: người báo cáo kết quả xác minh là người được giao "
            "xác minh nội dung tố cáo (Luật Tố cáo 2018 Điều 31 khoản 1, 6), theo văn bản giao xác minh ngày "
            "%(on)s: %(who)s. %(user)s không có trong số người được giao xác minh."
        )
    then = gettext(
        "Việc giao xác minh chỉ thực hiện bằng văn bản, kể cả với người thay người vắng mặt: để %(user)s báo cáo "
        "kết quả xác minh, người giải quyết tố cáo ghi nhận văn bản giao xác minh mới có tên %(user)s (Luật Tố cáo "
        "2018 Điều 31 khoản 1)."
    )
    return f"{why % values} {then % values}"


def _complaint_reporter_refusal(case: Case, current: VerificationAssignment, values: dict[str, str]) -> str:
    """A complaint's report is the one of the person responsible for verifying it (Luật Khiếu nại 2011 Đ.29
    khoản 3 điểm e; Đ.38), named in the latest decision, or of the resolver verifying it personally."""
    values = {**values, "article": _law(case)}
    if current.personally:
        why = gettext(
            "Chưa thể đề xuất kết quả xác minh hồ sơ %(ref)s: theo văn bản ngày %(on)s, người giải quyết khiếu nại "
            "tự mình tiến hành xác minh (%(who)s) và là người đề xuất kết quả xác minh (Luật Khiếu nại 2011 "
            "%(article)s). %(user)s không phải người xác minh nội dung khiếu nại này."
        )
    else:
        why = gettext(
            "Chưa thể đề xuất kết quả xác minh hồ sơ %(ref)s: người báo cáo kết quả xác minh là người có trách "
            "nhiệm xác minh nội dung khiếu nại (Luật Khiếu nại 2011 Điều 29 khoản 3), theo quyết định giao nhiệm vụ "
            "xác minh ngày %(on)s: %(who)s. %(user)s không có trong số người được giao xác minh."
        )
    then = gettext(
        "Việc giao nhiệm vụ xác minh chỉ thực hiện bằng quyết định, kể cả với người thay người vắng mặt: để "
        "%(user)s báo cáo kết quả xác minh, lãnh đạo đơn vị giải quyết ghi nhận quyết định giao nhiệm vụ xác minh "
        "mới có tên %(user)s."
    )
    return f"{why % values} {then % values}"


def verification_check_before_proposal(*, case: Case, actor: Any) -> None:
    """Refuse a denunciation's or a complaint's proposal while `verification_refusal` says so; nothing is
    written."""
    refusal = verification_refusal(case, actor)
    if refusal:
        raise TransitionNotAllowed(refusal)


def found_right_check_before_proposal(*, case: Case, outcome: str) -> None:
    """Refuse the proposal of a complaint found right on re-examination, with no verification assigned, with
    another outcome than right (Luật Khiếu nại 2011 Đ.29 khoản 1: điểm a decides a complaint right at once; any
    other conclusion rests on the verification of điểm b); nothing is written."""
    if (
        case.status in (Status.ASSIGNED, *REPORTING.get(case.kind, ()))
        and outcome != Outcome.FOUNDED
        and case.decided_on_reexamination()
    ):
        raise TransitionNotAllowed(
            gettext(
                "Hồ sơ %(ref)s đã ghi nhận khiếu nại đúng khi kiểm tra lại (Luật Khiếu nại 2011 Điều 29 khoản 1 điểm "
                "a): chỉ đề xuất kết quả khiếu nại đúng. Để kết luận khiếu nại đúng một phần hoặc sai, lãnh đạo đơn "
                "vị giải quyết giao nhiệm vụ xác minh nội dung khiếu nại trước (điểm b)."
            )
            % {"ref": case.reference}
        )


def _text(value: Any) -> str:
    return str(value or "").replace("\x00", "").strip()


def _pk(value: Any) -> int:
    try:
        pk = int(getattr(value, "pk", value))
    except (TypeError, ValueError, OverflowError):
        return 0
    return pk if 0 < pk < 2**63 else 0


def verification_ends_by(case: Case) -> dt.date | None:
    """The last day of the case's running resolution clock, with the extensions decided on it (a
    denunciation's, Luật Tố cáo 2018 Đ.30 khoản 2 to 4: each by the resolver's written decision, which moves the
    clock's due day); none while it stands still or is not open."""
    from casework.cases.selectors import case_deadlines
    from workflows.models import Deadline

    running = [d for d in case_deadlines(case=case) if d.step == RESOLVE_STEP and d.status == Deadline.Status.OPEN]
    return max((d.due_on for d in running), default=None)


def verification_assign_check(
    *,
    case: Case,
    actor: Any,
    on: Any,
    members: Any,
    leader: Any,
    content: str,
    starts_on: Any,
    ends_on: Any,
    personally: Any = False,
    **_ignored: Any,
) -> dict[str, Any]:
    """The written assignment's contents (Luật Tố cáo 2018 Đ.31 khoản 2): its day (not after today, not before
    the acceptance), who is assigned (officers or inspectors of the handling unit with no conflict with the
    case; two or more form a team with its leader among them, Nghị định 31/2019/NĐ-CP Đ.10 khoản 1, 3) or,
    `personally`, the resolver `actor` alone (Đ.31 khoản 1), the content to verify and the time (from, to)."""
    errors: dict[str, str] = {}
    complaint = case.kind == Kind.COMPLAINT
    if not isinstance(on, dt.date):
        errors["on"] = _("Phải ghi ngày giao xác minh.")
    elif on > clock.today():
        errors["on"] = _("Ngày này không được sau ngày hôm nay.")
    elif case.accepted_on and on < case.accepted_on:
        before = (
            gettext("Ngày này không được trước ngày thụ lý khiếu nại (%(day)s).")
            if complaint
            else gettext("Ngày này không được trước ngày thụ lý tố cáo (%(day)s).")
        )
        errors["on"] = before % {"day": f"{case.accepted_on:%d/%m/%Y}"}
    values = [] if members in (None, "") else members if isinstance(members, (list, tuple, set)) else [members]
    wanted = [_pk(v) for v in values]
    people = {c.user.pk: c for c in verification_candidates(case)}
    chosen: list[Any] = []
    if not isinstance(personally, bool):
        errors["personally"] = (
            _("Người giải quyết khiếu nại tự mình xác minh: chọn có hoặc không.")
            if complaint
            else _("Người giải quyết tố cáo tự mình xác minh: chọn có hoặc không.")
        )
    elif personally:
        if any(pk != actor.pk for pk in wanted) or (leader not in (None, "") and _pk(leader) != actor.pk):
            errors["members"] = (
                _("Người giải quyết khiếu nại tự mình xác minh: không chọn người được giao xác minh, Tổ trưởng.")
                if complaint
                else _("Người giải quyết tố cáo tự mình xác minh: không chọn người được giao xác minh, Tổ trưởng.")
            )
        elif not can_work(case, actor):
            errors["personally"] = (
                _(
                    "Người giải quyết khiếu nại tự mình xác minh thì tự mình đề xuất kết quả xác minh: chỉ Chủ nhiệm "
                    "Ủy ban kiểm tra hoặc người được phân công giải quyết hồ sơ tự mình xác minh; hãy giao cán bộ, "
                    "kiểm tra viên xác minh."
                )
                if complaint
                else _(
                    "Người giải quyết tố cáo tự mình xác minh thì tự mình đề xuất kết quả xác minh: chỉ Chủ nhiệm "
                    "Ủy ban kiểm tra hoặc người được phân công giải quyết hồ sơ tự mình xác minh; hãy giao cán bộ, "
                    "kiểm tra viên xác minh."
                )
            )
        else:
            chosen = [actor]
    elif not wanted:
        errors["members"] = (
            _("Phải chọn người được giao xác minh, hoặc ghi người giải quyết khiếu nại tự mình tiến hành xác minh.")
            if complaint
            else _("Phải chọn người được giao xác minh, hoặc ghi người giải quyết tố cáo tự mình tiến hành xác minh.")
        )
    elif 0 in wanted or len(wanted) > 50:
        errors["members"] = _("Người được giao xác minh: chọn cán bộ, kiểm tra viên của đơn vị giải quyết.")
    else:
        for pk in dict.fromkeys(wanted):
            choice = people.get(pk)
            if choice is None:
                errors["members"] = _("Người được giao xác minh: chọn cán bộ, kiểm tra viên của đơn vị giải quyết.")
                break
            if choice.conflict:
                errors["members"] = gettext("Không thể giao xác minh cho %(who)s: %(conflict)s.") % {
                    "who": choice.user,
                    "conflict": choice.conflict,
                }
                break
            chosen.append(choice.user)
    leader_pk = _pk(leader) if leader not in (None, "") else (chosen[0].pk if len(chosen) == 1 else 0)
    head = next((u for u in chosen if u.pk == leader_pk), None)
    if not ({"members", "personally"} & errors.keys()) and head is None:
        errors["leader"] = _("Tổ xác minh: chọn Tổ trưởng trong số người được giao xác minh.")
    if not _text(content):
        errors["content"] = _("Phải ghi nội dung cần xác minh.")
    if not isinstance(starts_on, dt.date):
        errors["starts_on"] = _("Phải ghi thời gian tiến hành xác minh: từ ngày.")
    elif isinstance(on, dt.date) and starts_on < on:
        errors["starts_on"] = _("Thời gian xác minh không được bắt đầu trước ngày giao xác minh.")
    if not isinstance(ends_on, dt.date):
        errors["ends_on"] = _("Phải ghi thời gian tiến hành xác minh: đến ngày.")
    elif isinstance(starts_on, dt.date) and ends_on < starts_on:
        errors["ends_on"] = _("Thời gian xác minh: ngày kết thúc không được trước ngày bắt đầu.")
    elif (due := verification_ends_by(case)) is not None and clock.today() <= due < ends_on:
        # The verification is a step of the resolution and ends within its limit while that limit runs: a
        # complaint's (Luật Khiếu nại 2011 Đ.29 khoản 1, Đ.28; the second round, Đ.37, Đ.38; Thông tư
        # 07/2013/TT-TTCP Đ.7 khoản 3), a denunciation's (Luật Tố cáo 2018 Đ.28 khoản 2, Đ.30, Đ.31 khoản 2
        # điểm đ), with the extensions decided. Once that limit has run out the case is still verified and
        # resolved: its clock records the breach, this check adds no second one.
        errors["ends_on"] = verification_beyond_limit(case, due)
    if errors:
        raise ValidationFailed(errors)
    return {
        "on": on,
        "personally": personally,
        "members": chosen,
        "leader": head,
        "content": _text(content),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


@transaction.atomic
def case_verification_assign(
    *,
    case: Case,
    actor: Any,
    on: Any,
    members: Any,
    content: str,
    starts_on: Any,
    ends_on: Any,
    leader: Any = None,
    personally: Any = False,
    expected_version: int | None = None,
) -> Case:
    """Giao xác minh nội dung tố cáo bằng văn bản (Luật Tố cáo 2018 Đ.31 khoản 1, 2; Nghị định 31/2019/NĐ-CP
    Đ.10), or giao nhiệm vụ xác minh nội dung khiếu nại (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38):
    recorded by the resolver's leaders, or, `personally`, the resolver's own verification with the resolver
    as its verifier; its paper is case.verification_assignment (case.complaint_verification_assignment)."""
    locked = case_lock(case=case, expected_version=expected_version)
    complaint = locked.kind == Kind.COMPLAINT
    if not verification_assignment_open(locked):
        closed = (
            gettext(
                "Chỉ giao nhiệm vụ xác minh khi hồ sơ khiếu nại %(ref)s đã phân công, đang xác minh hoặc đã đối thoại."
            )
            if complaint
            else gettext("Chỉ giao xác minh khi hồ sơ tố cáo %(ref)s đã phân công hoặc đang xác minh.")
        )
        raise TransitionNotAllowed(closed % {"ref": locked.reference})
    if refusal := decision_refusal(case=locked, actor=actor, action=_action(locked)):
        raise TransitionNotAllowed(refusal)
    if not can_assign(locked, actor):
        denied = (
            gettext("Bạn không có quyền giao nhiệm vụ xác minh nội dung khiếu nại trong hồ sơ %(ref)s.")
            if complaint
            else gettext("Bạn không có quyền giao xác minh nội dung tố cáo trong hồ sơ %(ref)s.")
        )
        raise TransitionNotAllowed(denied % {"ref": locked.reference})
    values = verification_assign_check(
        case=locked,
        actor=actor,
        on=on,
        members=members,
        leader=leader,
        content=content,
        starts_on=starts_on,
        ends_on=ends_on,
        personally=personally,
    )
    row = VerificationAssignment.objects.create(
        case=locked,
        on=values["on"],
        personally=values["personally"],
        leader=values["leader"],
        content=case_text_masked(locked, values["content"]),
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
        recorded_by=actor,
        created_at=clock.now(),
    )
    row.members.set(values["members"])
    case_save(locked)
    audit_record(
        actor=actor,
        # A complaint's is the decision assigning the verification (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38).
        action="case.complaint_verification_assign" if complaint else "case.verification_assign",
        target=locked,
        unit=locked.unit,
        after={
            "assignment": row.pk,
            "on": row.on.isoformat(),
            "personally": row.personally,
            "leader": row.leader_id,
            "members": sorted(u.pk for u in values["members"]),
            "starts_on": row.starts_on.isoformat(),
            "ends_on": row.ends_on.isoformat(),
        },
        reason=row.content,
    )
    return locked
