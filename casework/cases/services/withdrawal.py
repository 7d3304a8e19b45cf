"""Rút đơn: a letter withdrawn in whole or in part, at any step before the decision or conclusion.

Complaints and petitions: Luật Khiếu nại 2011 Đ.10 (Luật 136/2025/QH15), TT 07/2013/TT-TTCP Đ.19.
Denunciations: Luật Tố cáo 2018 Đ.33 and Nghị định 31/2019/NĐ-CP Đ.4 (sửa đổi bởi Nghị định
156/2026/NĐ-CP Đ.1, in force 01/07/2026 and applied to the cases accepted before it and still being
resolved, its Đ.10 khoản 1): each withdrawal is a `Withdrawal` row with the letter (Mẫu số 02) or the
record (Mẫu số 03) it was made by, and the grounds on which the case still goes on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from django_fsm import can_proceed, has_transition_perm

from casework.audit.services import audit_record
from casework.cases.identity import identity_encrypt
from casework.cases.models import (
    MEASURE_GROUNDS,
    WITHDRAWN_BY_SOME,
    WITHDRAWN_BY_SOME_COMPLAINANTS,
    WITHDRAWN_WHOLE,
    Case,
    Kind,
    Status,
    Withdrawal,
    WithdrawalMeans,
)
from casework.cases.permissions import INTAKE_ROLES, case_deciders
from casework.cases.services.common import case_lock, case_notify, case_save, case_step
from casework.cases.services.expertise import expertise_end_with_case
from casework.cases.services.identity import case_text_masked
from casework.cases.services.sending import TRANSFERRER_STEP
from casework.cases.services.termination import termination_due
from casework.cases.services.withdrawal_rules import (
    CheckedWithdrawal,
    WithdrawalScope,
    withdrawal_checked,
    withdrawal_inputs,
)
from casework.org.selectors import users_with_role
from core import clock
from core.errors import TransitionNotAllowed
from workflows.services.deadlines import deadline_close


@transaction.atomic
def case_withdraw(
    *,
    case: Case,
    actor: Any,
    reason: str,
    scope: str = WithdrawalScope.WHOLE,
    withdrawn_content: str = "",
    all_denouncers: bool = False,
    assessment: str = "",
    means: str = "",
    made_on: dt.date | None = None,
    recorder_role: str = "",
    recorder: Any = None,
    signature: str = "",
    denouncers: Any = None,
    withdrawer_name: str = "",
    withdrawer_address: str = "",
    withdrawer_contact: str = "",
    continue_grounds: Any = None,
    measures: str = "",
    complainants: Any = None,
    all_complainants: bool = False,
    expected_version: int | None = None,
) -> Case:
    """Rút đơn, in writing, in whole or in part, at any step before the decision or conclusion
    (Luật Khiếu nại 2011 Đ.10 and Luật 136/2025/QH15; Luật Tố cáo 2018 Đ.33).

    - In part: the withdrawn content is recorded; the rest of the case and its clocks go on.
    - In whole, before acceptance, or a petition: the letter ends withdrawn (not accepted).
    - In whole, after acceptance, a complaint or denunciation: the withdrawal is recorded and the
      case keeps its step and clocks until the competent body's termination decision (`case_terminate`,
      ground "withdrawn"); whoever may decide it is told. Luật Khiếu nại 2011 Đ.10 and TT 07/2013/TT-TTCP
      Đ.19 (Mẫu 12-KN); Luật Tố cáo 2018 Đ.33 khoản 2, Đ.34 khoản 3 điểm a.

    A denunciation (Nghị định 31/2019/NĐ-CP Đ.4, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.1):
    - khoản 1, 2: `means` is the denouncer's letter (Mẫu số 02) or the record (Mẫu số 03) made by
      `recorder` in the capacity `recorder_role`; `made_on` its day; `signature` that the
      denouncer signed or fingerprinted it. The withdrawing denouncer's name, address and contact
      are those of the sealed identity; `withdrawer_*` gives only what it lacks, kept sealed.
    - khoản 3: of several denouncers, `denouncers` (positions in the identity) withdraw, or
      `all_denouncers`; the case goes on until all of them have withdrawn.
    - khoản 4: the case goes on whatever was withdrawn on any of `continue_grounds` (a, b, c),
      also after its whole withdrawal was recorded, until the termination decision; a whole
      withdrawal by all needs the officer's `assessment` either way.
    - khoản 5: on ground b or c, `measures` applied or proposed are recorded and the deciders told.

    A complaint, of one complainant or several, in whole or in part: by the complainant's letter of
    `made_on`, bearing their `signature` or fingerprint (Luật Khiếu nại 2011 Đ.10), kept as a
    `Withdrawal` row. Signed by several complainants (Nghị định 124/2020/NĐ-CP Đ.7a, bổ sung bởi Nghị
    định 155/2026/NĐ-CP Đ.5): `complainants` (the case's submitters) or `all_complainants` withdraw it in
    whole (khoản 3).
    While some remain the complaint goes on for them, those who withdrew no longer having a
    complainant's rights and duties (khoản 1); once all have withdrawn it awaits the termination
    decision (khoản 2).
    """
    inputs = withdrawal_inputs(
        {
            "reason": reason,
            "scope": scope,
            "withdrawn_content": withdrawn_content,
            "all_denouncers": all_denouncers,
            "assessment": assessment,
            "means": means,
            "made_on": made_on,
            "recorder_role": recorder_role,
            "recorder": recorder,
            "signature": signature,
            "denouncers": denouncers,
            "withdrawer_name": withdrawer_name,
            "withdrawer_address": withdrawer_address,
            "withdrawer_contact": withdrawer_contact,
            "continue_grounds": continue_grounds,
            "measures": measures,
            "complainants": complainants,
            "all_complainants": all_complainants,
        }
    )
    # Checked under the case's lock: a group's earlier withdrawals, read by the rules, cannot change meanwhile.
    locked = case_lock(case=case, expected_version=expected_version)
    checked = withdrawal_checked(locked, inputs)
    reason, scope = inputs["reason"], inputs["scope"]
    withdrawn_content, assessment = inputs["withdrawn_content"], inputs["assessment"]
    grounds = checked.grounds if checked else []
    pending = termination_due(locked)
    if pending and not (grounds and scope == WithdrawalScope.WHOLE):
        raise TransitionNotAllowed(
            gettext(
                "Người gửi đã rút toàn bộ đơn (ghi nhận ngày %(day)s): hồ sơ chờ quyết định đình chỉ việc giải quyết. "
                "Với tố cáo, chỉ còn ghi nhận vụ việc vẫn phải giải quyết (Luật Tố cáo 2018 Đ.33 khoản 3)."
            )
            % {"day": f"{locked.withdrawn_in_whole_on:%d/%m/%Y}"}
        )
    if not can_proceed(locked.withdraw) or not has_transition_perm(locked.withdraw, actor):
        raise TransitionNotAllowed(
            gettext("Không thể ghi nhận rút đơn khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if checked is not None:
        if pending:
            _withdrawal_reassess(case=locked, checked=checked, assessment=assessment)
        else:
            _withdrawal_row(
                case=locked, actor=actor, scope=scope, content=withdrawn_content, assessment=assessment, checked=checked
            )
    group_goes_on = checked is not None and not checked.all_withdrew
    goes_on = scope == WithdrawalScope.PARTIAL or group_goes_on or bool(grounds)
    details = _audit_details(checked)
    if goes_on:
        by_some = WITHDRAWN_BY_SOME_COMPLAINANTS if locked.kind == Kind.COMPLAINT else WITHDRAWN_BY_SOME
        part = withdrawn_content or (by_some if group_goes_on else WITHDRAWN_WHOLE)
        if not pending:  # a whole withdrawal already recorded is not written twice
            locked.withdrawn_content = "\n".join(
                p for p in [locked.withdrawn_content, f"{clock.today():%d/%m/%Y}: {part}"] if p
            )
        locked.withdrawn_in_whole_on = None
        if assessment:
            locked.withdrawal_assessment = assessment
        case_save(locked)
        audit_record(
            actor=actor,
            action="case.withdraw_part" if scope == WithdrawalScope.PARTIAL else "case.withdraw_continue",
            target=locked,
            unit=locked.unit,
            after={
                "scope": scope,
                "withdrawn": part,
                "group": group_goes_on,
                "continue_case": bool(grounds),
                "assessment": assessment,
                **details,
            },
            reason=reason,
        )
        if scope == WithdrawalScope.PARTIAL:
            case_notify(
                case=locked,
                users=[locked.assignee],
                title=gettext_lazy("Người gửi rút một phần đơn"),
                event="withdraw-part",
            )
        else:
            # A whole withdrawal that goes on: some of a group withdrew, or a ground of khoản 4 holds.
            case_notify(
                case=locked,
                users=[locked.assignee],
                title=gettext_lazy("Người gửi rút toàn bộ đơn, vụ việc vẫn tiếp tục giải quyết"),
                event="withdraw-continue",
            )
        _measures_notify(case=locked, checked=checked)
        return locked
    if locked.status != Status.RECEIVED and locked.kind != Kind.PETITION:
        return _withdrawal_in_whole_record(
            case=locked, actor=actor, reason=reason, assessment=assessment, details=details
        )
    case_obj, before = case_step(
        case=locked,
        name="withdraw",
        actor=actor,
        reason=reason,
        locked=True,
        changes={
            "triage_note": reason,
            "closed_on": clock.today(),
            "suspended_from": "",
            "withdrawal_assessment": assessment,
        },
        audit_after=details,
    )
    expertise_end_with_case(case=case_obj, actor=actor)  # as every step that ends the case
    # The body that transferred a denunciation is still told of its result (Luật Tố cáo 2018 Đ.26 khoản 2).
    deadline_close(target=case_obj, cancelled=True, except_steps=(TRANSFERRER_STEP,))
    case_notify(
        case=case_obj,
        users=[case_obj.assignee, *users_with_role(unit=case_obj.unit, roles=INTAKE_ROLES)],
        title=gettext_lazy("Người gửi đã rút đơn"),
        event="withdraw",
    )
    return case_obj


def _withdrawal_row(
    *, case: Case, actor: Any, scope: str, content: str, assessment: str, checked: CheckedWithdrawal
) -> Withdrawal:
    """The withdrawal as the decree asks it kept; the texts through the case's masks, the
    particulars the identity lacks sealed under the case's key (never in clear)."""
    assert checked.made_on is not None  # checked: a withdrawal is recorded with its day
    particulars = {
        "full_name": checked.particulars.get("withdrawer_name", ""),
        "address": checked.particulars.get("withdrawer_address", ""),
        "contact": checked.particulars.get("withdrawer_contact", ""),
    }
    denunciation = case.kind == Kind.DENUNCIATION
    row = Withdrawal.objects.create(
        case=case,
        means=checked.means,
        made_on=checked.made_on,
        recorder_role=checked.recorder_role if checked.means == WithdrawalMeans.RECORD else "",
        recorder=checked.recorder if checked.means == WithdrawalMeans.RECORD else None,
        signature=checked.signature,
        scope=scope,
        denouncers=checked.positions,
        all_denouncers=checked.all_withdrew and denunciation,
        particulars_sealed=identity_encrypt(particulars, case=case) if checked.particulars else "",
        withdrawn_content=case_text_masked(case, content),
        continue_grounds=checked.grounds,
        assessment=case_text_masked(case, assessment),
        measures=case_text_masked(case, checked.measures),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    # A complaint of several: which complainants withdrew by this letter (Nghị định 124/2020/NĐ-CP Đ.7a).
    row.complainants.set(checked.complainants)
    return row


def _withdrawal_reassess(*, case: Case, checked: CheckedWithdrawal, assessment: str) -> None:
    """A whole withdrawal awaiting its termination, found to go on: its row takes the grounds."""
    row = Withdrawal.objects.filter(case=case, scope=WithdrawalScope.WHOLE).order_by("-pk").first()
    if row is None:
        return
    row.continue_grounds = checked.grounds
    row.measures = case_text_masked(case, checked.measures)
    if assessment:
        row.assessment = case_text_masked(case, assessment)
    row.save(update_fields=["continue_grounds", "measures", "assessment"])
    checked.means, checked.made_on, checked.signature = row.means, row.made_on, row.signature
    checked.recorder_role, checked.recorder, checked.positions = row.recorder_role, row.recorder, row.denouncers


def _audit_details(checked: CheckedWithdrawal | None) -> dict[str, Any]:
    """What a denunciation's withdrawal event records: never the denouncer's particulars, only
    whether some were typed (they are sealed on the withdrawal)."""
    if checked is None:
        return {}
    details: dict[str, Any] = {
        "means": checked.means,
        "made_on": checked.made_on.isoformat() if checked.made_on else None,
        "signature": checked.signature,
        "denouncers": checked.positions,
        "continue_grounds": checked.grounds,
    }
    if checked.means == WithdrawalMeans.RECORD:
        details["recorder_role"] = checked.recorder_role
        details["recorder"] = getattr(checked.recorder, "pk", None)
    if checked.particulars:
        details["particulars_sealed"] = True
    if checked.measures:
        details["measures"] = checked.measures
    if checked.complaint:
        # A complaint's complainants are named on its page already; the event keeps the letter, who
        # withdrew and whether anyone is left for whom the complaint goes on (Nghị định 124/2020/NĐ-CP Đ.7a).
        details.pop("denouncers")
        details.pop("continue_grounds")
        if checked.complainants:
            details["complainants"] = [s.pk for s in checked.complainants]
            details["all_complainants_withdrew"] = checked.all_withdrew
    return details


def _measures_notify(*, case: Case, checked: CheckedWithdrawal | None) -> None:
    """Đ.4 khoản 5: whoever decides the case learns the measures applied or proposed."""
    if checked is None or not MEASURE_GROUNDS.intersection(checked.grounds):
        return
    case_notify(
        case=case,
        users=[case.assignee, *case_deciders(case)],
        title=gettext_lazy(
            "Rút tố cáo: vụ việc vẫn giải quyết; biện pháp bảo vệ người tố cáo, xử lý người vi phạm đã áp dụng "
            "hoặc đề nghị"
        ),
        body=checked.measures,
        event="withdraw-measures",
    )


def _withdrawal_in_whole_record(
    *, case: Case, actor: Any, reason: str, assessment: str, details: dict[str, Any]
) -> Case:
    """An accepted complaint or denunciation withdrawn in whole: what was withdrawn, when and (for a
    denunciation) the assessment are kept on the case, which stays at its step, its clocks running,
    until the termination decision; those who may decide it are told that it is due."""
    today = clock.today()
    part = WITHDRAWN_WHOLE
    case.withdrawn_content = "\n".join(p for p in [case.withdrawn_content, f"{today:%d/%m/%Y}: {part}"] if p)
    case.withdrawn_in_whole_on = today
    if assessment:
        case.withdrawal_assessment = assessment
    case_save(case)
    audit_record(
        actor=actor,
        action="case.withdraw_whole",
        target=case,
        unit=case.unit,
        after={
            "scope": WithdrawalScope.WHOLE,
            "withdrawn": part,
            "assessment": assessment,
            "awaiting": "termination_decision",
            **details,
        },
        reason=reason,
    )
    case_notify(
        case=case,
        users=[case.assignee, *case_deciders(case)],
        title=gettext_lazy("Người gửi rút toàn bộ đơn: chờ quyết định đình chỉ việc giải quyết"),
        body=gettext_lazy("Căn cứ đình chỉ: người khiếu nại, tố cáo rút toàn bộ đơn."),
        event="withdraw-whole",
    )
    return case
