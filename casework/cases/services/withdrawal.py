"""Rút đơn: a letter withdrawn in whole or in part, at any step before the decision or conclusion.

Complaints and petitions: Luật Khiếu nại 2011 Đ.10 (Luật 136/2025/QH15), TT 07/2013/TT-TTCP Đ.19.
Denunciations: Luật Tố cáo 2018 Đ.33 and Nghị định 31/2019/NĐ-CP Đ.4 (sửa đổi bởi Nghị định
156/2026/NĐ-CP Đ.1, in force 01/07/2026 and applied to the cases accepted before it and still being
resolved, its Đ.10 khoản 1): each withdrawal is a `Withdrawal` row with the letter (Mẫu số 02) or the
record (Mẫu số 03) it was made by, and the grounds on which the case still goes on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from casework.audit.services import audit_record
from casework.cases.identity import PersonalDataDestroyed, identity_decrypt, identity_encrypt
from casework.cases.models import (
    MEASURE_GROUNDS,
    Case,
    ContinueGround,
    DenouncerIdentity,
    Kind,
    Status,
    Withdrawal,
    WithdrawalMeans,
    WithdrawalRecorder,
    WithdrawalSignature,
)
from casework.cases.permissions import INTAKE_ROLES, case_deciders
from casework.cases.services.common import case_lock, case_notify, case_save, case_step
from casework.cases.services.identity import case_text_masked
from casework.cases.services.procedures import termination_due
from casework.org.selectors import users_with_role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.services.deadlines import deadline_close

CITATION = "Nghị định 31/2019/NĐ-CP Đ.4, sửa đổi bởi Nghị định 156/2026/NĐ-CP"


class WithdrawalScope:
    WHOLE = "whole"
    PARTIAL = "partial"
    CHOICES = [(WHOLE, _("Rút toàn bộ")), (PARTIAL, _("Rút một phần (phần còn lại tiếp tục giải quyết)"))]


# The withdrawing denouncer's particulars a letter must state (Đ.4 khoản 1): the name, the address
# and a way to reach them; the keys of the identity that hold each.
PARTICULARS = {
    "withdrawer_name": ("full_name",),
    "withdrawer_address": ("address",),
    "withdrawer_contact": ("phone", "email"),
}


@dataclass
class DenunciationWithdrawal:
    """A denunciation's withdrawal as checked: what the row and the audit event record."""

    means: str = ""
    made_on: dt.date | None = None
    recorder_role: str = ""
    recorder: Any = None
    signature: str = ""
    positions: list[int] = field(default_factory=list)
    all_withdrew: bool = False
    particulars: dict[str, str] = field(default_factory=dict)
    grounds: list[str] = field(default_factory=list)
    measures: str = ""


def denouncer_count(case: Case) -> int:
    """How many denouncers the case has: those its sealed identity counts (one without it)."""
    identity = DenouncerIdentity.objects.filter(case=case).only("people").first()
    return max(identity.people if identity else 1, 1)


def _withdrawn_before(case: Case) -> set[int]:
    """The denouncers who withdrew the whole denunciation earlier (a group's withdrawals add up)."""
    positions: set[int] = set()
    for row in Withdrawal.objects.filter(case=case, scope=WithdrawalScope.WHOLE).values_list("denouncers", flat=True):
        positions.update(int(p) for p in row or [])
    return positions


def _positions(
    *, case: Case, count: int, denouncers: Any, all_denouncers: bool, errors: dict[str, str]
) -> tuple[list[int], bool]:
    """Which denouncers withdraw (positions 1..count in the sealed identity) and whether, with those
    who withdrew before, they are all of them (Đ.4 khoản 3: one, some or all of a group)."""
    everyone = list(range(1, count + 1))
    if not case.is_group or all_denouncers:
        return everyone, True
    try:
        chosen = sorted({int(p) for p in (denouncers or [])})
    except (TypeError, ValueError):
        chosen = [0]
    if not chosen:
        errors["denouncers"] = _(
            "Tố cáo tập thể: chọn những người tố cáo rút tố cáo, hoặc đánh dấu tất cả người tố cáo cùng rút."
        )
        return [], False
    if any(p < 1 or p > count for p in chosen):
        errors["denouncers"] = _("Người tố cáo rút tố cáo: chỉ chọn từ người thứ 1 đến người thứ %(n)s.") % {"n": count}
        return [], False
    return chosen, _withdrawn_before(case).union(chosen) >= set(everyone)


def _identity_lacks(case: Case, positions: list[int]) -> set[str]:
    """Which particulars the sealed identity does not hold for the denouncers at `positions` (all of
    them when the case keeps no identity). Read by the service only; nothing of it is shown."""
    identity = DenouncerIdentity.objects.filter(case=case).first()
    if identity is None:
        return set(PARTICULARS)
    try:
        people = identity_decrypt(identity.ciphertext, case=case)
    except PersonalDataDestroyed:
        return set(PARTICULARS)
    lacking = set()
    for position in positions:
        person = people[position - 1] if 0 < position <= len(people) else {}
        for name, keys in PARTICULARS.items():
            if not any(str(person.get(key) or "").strip() for key in keys):
                lacking.add(name)
    return lacking


def _form_errors(
    *,
    case: Case,
    checked: DenunciationWithdrawal,
    recorder_role: str,
    recorder: Any,
    denouncers: Any,
    all_denouncers: bool,
    particulars: dict[str, str],
    errors: dict[str, str],
) -> None:
    """Đ.4 khoản 1-3: the letter or the record, its day, its maker, the signature, who withdraws."""
    from casework.cases.selectors import case_visible_q

    means, made_on, signature = checked.means, checked.made_on, checked.signature
    # khoản 1, 2: the letter (Mẫu số 02) or the record made when working with the denouncer (Mẫu số 03).
    if means not in WithdrawalMeans.values:
        errors["means"] = _(
            "Hình thức rút tố cáo: chọn đơn rút tố cáo (Mẫu số 02) hoặc biên bản ghi nhận việc rút tố cáo "
            "(Mẫu số 03) (Nghị định 31/2019/NĐ-CP Điều 4 khoản 1, 2)."
        )
    if made_on is None:
        errors["made_on"] = _("Ghi ngày, tháng, năm của đơn rút tố cáo hoặc của biên bản.")
    elif made_on > clock.today():
        errors["made_on"] = _("Ngày của đơn rút tố cáo hoặc biên bản không được sau hôm nay.")
    elif made_on < case.received_on:
        errors["made_on"] = _(
            "Ngày của đơn rút tố cáo hoặc biên bản không được trước ngày nhận đơn tố cáo (%(day)s)."
        ) % {"day": f"{case.received_on:%d/%m/%Y}"}
    if signature not in WithdrawalSignature.values:
        errors["signature"] = _(
            "Đơn rút tố cáo hoặc biên bản phải có chữ ký hoặc điểm chỉ của người rút tố cáo: chọn một "
            "(Nghị định 31/2019/NĐ-CP Điều 4 khoản 1, 2)."
        )
    if means == WithdrawalMeans.RECORD:
        if recorder_role not in WithdrawalRecorder.values:
            errors["recorder_role"] = _(
                "Biên bản do người giải quyết tố cáo, người kiểm tra, xác minh thông tin về người tố cáo và "
                "điều kiện thụ lý, người xác minh nội dung tố cáo hoặc người tiếp nhận rút tố cáo lập: chọn một."
            )
        if recorder is None:
            errors["recorder"] = _("Ghi người lập biên bản.")
        elif not Case.objects.filter(case_visible_q(user=recorder), pk=case.pk).exists():
            errors["recorder"] = _("Người lập biên bản phải là người được làm việc với hồ sơ này.")
        checked.recorder_role, checked.recorder = recorder_role, recorder
    # khoản 3: one, some or all of several denouncers, each by a letter or a record.
    count = denouncer_count(case)
    checked.positions, checked.all_withdrew = _positions(
        case=case, count=count, denouncers=denouncers, all_denouncers=all_denouncers, errors=errors
    )
    # khoản 1: the name, address and contact are those of the sealed identity; what it lacks is typed.
    if checked.positions:
        lacking = _identity_lacks(case, checked.positions)
        typed = {k: v for k, v in particulars.items() if v}
        if typed and len(checked.positions) > 1:
            errors[next(iter(typed))] = _(
                "Thông tin người rút tố cáo chỉ ghi khi một người rút: ghi nhận việc rút của từng người."
            )
        for name in sorted(lacking - typed.keys()):
            errors[name] = (
                _("Danh tính đã lưu không có thông tin này của người rút tố cáo: ghi theo đơn hoặc biên bản.")
                if len(checked.positions) == 1
                else _("Danh tính đã lưu thiếu thông tin của người rút tố cáo: ghi nhận việc rút của từng người.")
            )
        checked.particulars = typed


def _denunciation_errors(
    *,
    case: Case,
    scope: str,
    assessment: str,
    means: str,
    made_on: dt.date | None,
    recorder_role: str,
    recorder: Any,
    signature: str,
    denouncers: Any,
    all_denouncers: bool,
    particulars: dict[str, str],
    continue_grounds: Any,
    measures: str,
    reassessing: bool,
    errors: dict[str, str],
) -> DenunciationWithdrawal:
    """Luật Tố cáo 2018 Đ.33; Nghị định 31/2019/NĐ-CP Đ.4 (sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.1).

    `reassessing`: a whole withdrawal already recorded is found to go on after all; its letter or
    record is on the case, what is decided now is the grounds and the measures (khoản 4, 5)."""
    checked = DenunciationWithdrawal(means=means, made_on=made_on, signature=signature, measures=measures)
    if not reassessing:
        _form_errors(
            case=case,
            checked=checked,
            recorder_role=recorder_role,
            recorder=recorder,
            denouncers=denouncers,
            all_denouncers=all_denouncers,
            particulars=particulars,
            errors=errors,
        )
    else:
        checked.all_withdrew = True
    # khoản 4: the grounds on which the case still goes on, only those the decree lists.
    grounds = list(continue_grounds or [])
    if any(g not in ContinueGround.values for g in grounds):
        errors["continue_grounds"] = _(
            "Căn cứ tiếp tục giải quyết: chỉ chọn căn cứ tại điểm a, b, c khoản 4 Điều 4 Nghị định 31/2019/NĐ-CP."
        )
    checked.grounds = [g for g in ContinueGround.values if g in grounds]
    # khoản 5: on ground b or c, the measures applied or proposed.
    if MEASURE_GROUNDS.intersection(checked.grounds) and not measures:
        errors["measures"] = _(
            "Ghi biện pháp đã áp dụng hoặc đề nghị áp dụng để bảo vệ người tố cáo, xử lý người đe dọa, mua "
            "chuộc người tố cáo hoặc người lợi dụng việc tố cáo (Nghị định 31/2019/NĐ-CP Điều 4 khoản 5)."
        )
    if scope == WithdrawalScope.WHOLE and checked.all_withdrew and not assessment:
        # Đ.33 khoản 3: before the case ends on a withdrawal the resolver must have looked for the
        # grounds of khoản 4 and say what was found (none of them, or which).
        errors["assessment"] = _(
            "Đánh giá: ghi nhận định có hay không căn cứ tiếp tục giải quyết: hành vi bị tố cáo có dấu hiệu vi "
            "phạm pháp luật; người tố cáo bị đe dọa, ép buộc, mua chuộc rút tố cáo; người tố cáo lợi dụng việc "
            "tố cáo để vu khống, xúc phạm, gây thiệt hại cho người bị tố cáo (Luật Tố cáo 2018 Điều 33)."
        )
    return checked


# What a withdrawal is given, with the value it has when not given.
INPUTS: dict[str, Any] = {
    "reason": "",
    "scope": WithdrawalScope.WHOLE,
    "withdrawn_content": "",
    "all_denouncers": False,
    "assessment": "",
    "means": "",
    "made_on": None,
    "recorder_role": "",
    "recorder": None,
    "signature": "",
    "denouncers": None,
    "withdrawer_name": "",
    "withdrawer_address": "",
    "withdrawer_contact": "",
    "continue_grounds": None,
    "measures": "",
}


def _inputs(values: dict[str, Any]) -> dict[str, Any]:
    """The inputs as the rules read them: each one given or its default, texts stripped of spaces and NUL."""
    inputs = {name: values.get(name, default) for name, default in INPUTS.items()}
    return {
        name: (value or "").replace("\x00", "").strip() if isinstance(INPUTS[name], str) else value
        for name, value in inputs.items()
    }


def _checked(case: Case, inputs: dict[str, Any]) -> DenunciationWithdrawal | None:
    """Every rule of a withdrawal at once; a denunciation's checked values (None for other letters)."""
    errors: dict[str, str] = {}
    if not inputs["reason"]:
        errors["reason"] = _("Phải ghi nội dung đề nghị rút đơn của người gửi.")
    if inputs["scope"] not in (WithdrawalScope.WHOLE, WithdrawalScope.PARTIAL):
        errors["scope"] = _("Phạm vi rút đơn: chọn rút toàn bộ hoặc rút một phần.")
    elif inputs["scope"] == WithdrawalScope.PARTIAL and not inputs["withdrawn_content"]:
        errors["withdrawn_content"] = _("Nội dung rút: ghi rõ những nội dung người gửi rút.")
    checked = None
    if case.kind == Kind.DENUNCIATION:
        checked = _denunciation_errors(
            case=case,
            scope=inputs["scope"],
            assessment=inputs["assessment"],
            means=inputs["means"],
            made_on=inputs["made_on"],
            recorder_role=inputs["recorder_role"],
            recorder=inputs["recorder"],
            signature=inputs["signature"],
            denouncers=inputs["denouncers"],
            all_denouncers=inputs["all_denouncers"],
            particulars={k: inputs[k] for k in PARTICULARS},
            continue_grounds=inputs["continue_grounds"],
            measures=inputs["measures"],
            reassessing=termination_due(case) and bool(inputs["continue_grounds"]),
            errors=errors,
        )
    if errors:
        raise ValidationFailed(errors)
    return checked


def case_withdraw_check(*, case: Case, **values: Any) -> str:
    """The rules of a withdrawal (the arguments of `case_withdraw`), checked before it is confirmed
    and again when it is written. Returns the reason as it is recorded."""
    inputs = _inputs(values)
    _checked(case, inputs)
    return inputs["reason"]


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
    """
    inputs = _inputs(
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
        }
    )
    # Checked under the case's lock: a group's earlier withdrawals, read by the rules, cannot change meanwhile.
    locked = case_lock(case=case, expected_version=expected_version)
    checked = _checked(locked, inputs)
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
        part = withdrawn_content or (_("Một số người trong nhóm tố cáo rút tố cáo") if group_goes_on else _("Toàn bộ"))
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
        case_notify(case=locked, users=[locked.assignee], title="Người gửi rút một phần đơn", event="withdraw-part")
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
    deadline_close(target=case_obj, cancelled=True)
    case_notify(
        case=case_obj,
        users=[case_obj.assignee, *users_with_role(unit=case_obj.unit, roles=INTAKE_ROLES)],
        title="Người gửi đã rút đơn",
        event="withdraw",
    )
    return case_obj


def _withdrawal_row(
    *, case: Case, actor: Any, scope: str, content: str, assessment: str, checked: DenunciationWithdrawal
) -> Withdrawal:
    """The withdrawal as the decree asks it kept; the texts through the case's masks, the
    particulars the identity lacks sealed under the case's key (never in clear)."""
    assert checked.made_on is not None  # checked: a withdrawal is recorded with its day
    particulars = {
        "full_name": checked.particulars.get("withdrawer_name", ""),
        "address": checked.particulars.get("withdrawer_address", ""),
        "contact": checked.particulars.get("withdrawer_contact", ""),
    }
    return Withdrawal.objects.create(
        case=case,
        means=checked.means,
        made_on=checked.made_on,
        recorder_role=checked.recorder_role if checked.means == WithdrawalMeans.RECORD else "",
        recorder=checked.recorder if checked.means == WithdrawalMeans.RECORD else None,
        signature=checked.signature,
        scope=scope,
        denouncers=checked.positions,
        all_denouncers=checked.all_withdrew,
        particulars_sealed=identity_encrypt(particulars, case=case) if checked.particulars else "",
        withdrawn_content=case_text_masked(case, content),
        continue_grounds=checked.grounds,
        assessment=case_text_masked(case, assessment),
        measures=case_text_masked(case, checked.measures),
        recorded_by=actor,
        recorded_at=clock.now(),
    )


def _withdrawal_reassess(*, case: Case, checked: DenunciationWithdrawal, assessment: str) -> None:
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


def _audit_details(checked: DenunciationWithdrawal | None) -> dict[str, Any]:
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
    return details


def _measures_notify(*, case: Case, checked: DenunciationWithdrawal | None) -> None:
    """Đ.4 khoản 5: whoever decides the case learns the measures applied or proposed."""
    if checked is None or not MEASURE_GROUNDS.intersection(checked.grounds):
        return
    case_notify(
        case=case,
        users=[case.assignee, *case_deciders(case)],
        title=_(
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
    part = _("Toàn bộ")
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
        title=_("Người gửi rút toàn bộ đơn: chờ quyết định đình chỉ việc giải quyết"),
        body=_("Căn cứ đình chỉ: người khiếu nại, tố cáo rút toàn bộ đơn."),
        event="withdraw-whole",
    )
    return case


def withdrawal_record_latest(case: Case) -> Withdrawal | None:
    """The latest withdrawal of the case made by a record (Mẫu số 03): what its paper prints."""
    return (
        Withdrawal.objects.filter(case=case, means=WithdrawalMeans.RECORD)
        .select_related("recorder")
        .order_by("-pk")
        .first()
    )


def withdrawal_records_count(case: Case) -> int:
    return Withdrawal.objects.filter(case=case, means=WithdrawalMeans.RECORD).count()


@transaction.atomic
def case_withdrawal_record_people(*, case: Case, actor: Any) -> list[dict]:
    """The denouncers who withdrew by the latest record, as its copy filled from the identity prints
    them (name, address, contact): the sealed identity at their positions, and what the record sealed
    where the identity lacks it. Only for whom `can_reveal_identity` allows; the production of that
    copy is audited like every paper naming the denouncer."""
    from casework.cases.permissions import can_reveal_identity

    if case.kind != Kind.DENUNCIATION:
        raise TransitionNotAllowed(_("Chỉ đơn tố cáo mới có văn bản gửi người tố cáo."))
    if not can_reveal_identity(case, actor):
        raise TransitionNotAllowed(
            _("Chỉ người được xem danh tính người tố cáo mới lập được văn bản gửi người tố cáo.")
        )
    record = withdrawal_record_latest(case)
    if record is None:
        raise TransitionNotAllowed(_("Hồ sơ chưa có biên bản ghi nhận việc rút tố cáo."))
    identity = DenouncerIdentity.objects.filter(case=case).first()
    people = identity_decrypt(identity.ciphertext, case=case) if identity else []
    typed = identity_decrypt(record.particulars_sealed, case=case) if record.particulars_sealed else {}
    withdrew = []
    for position in record.denouncers or [1]:
        person = people[position - 1] if 0 < position <= len(people) else {}
        contact = ", ".join(p for p in (person.get("phone", ""), person.get("email", "")) if p)
        withdrew.append(
            {
                "full_name": typed.get("full_name") or person.get("full_name", ""),
                "address": typed.get("address") or person.get("address", ""),
                "contact": typed.get("contact") or contact,
            }
        )
    audit_record(
        actor=actor,
        action="case.paper_to_denouncer",
        target=case,
        unit=case.unit,
        after={"notice": "withdrawal_record"},
        reason=_("Lập văn bản gửi người tố cáo"),
    )
    return withdrew
