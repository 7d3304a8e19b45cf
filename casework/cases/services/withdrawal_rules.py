"""Rút đơn: the rules a withdrawal is checked by before it is confirmed and again when it is written.

Complaints: Luật Khiếu nại 2011 Đ.10, every withdrawal by the complainant's letter, its day and signature
or fingerprint; of several complainants, which of them withdraw (Nghị định 124/2020/NĐ-CP Đ.7a, bổ sung
bởi Nghị định 155/2026/NĐ-CP Đ.5).
Denunciations: Luật Tố cáo 2018 Đ.33 and Nghị định 31/2019/NĐ-CP Đ.4 (sửa đổi bởi Nghị định
156/2026/NĐ-CP Đ.1): the letter (Mẫu số 02) or the record (Mẫu số 03), its day, maker and signature,
who of several denouncers withdraws, the grounds on which the case still goes on and the measures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.cases.identity import PersonalDataDestroyed, identity_decrypt
from casework.cases.models import (
    MEASURE_GROUNDS,
    Case,
    ContinueGround,
    DenouncerIdentity,
    Kind,
    Submitter,
    Withdrawal,
    WithdrawalMeans,
    WithdrawalRecorder,
    WithdrawalSignature,
)
from casework.cases.services.termination import termination_due
from core import clock
from core.errors import ValidationFailed


class WithdrawalScope:
    WHOLE = "whole"
    PARTIAL = "partial"
    CHOICES = [  # lazy: read by forms built in each reader's language
        (WHOLE, gettext_lazy("Rút toàn bộ")),
        (PARTIAL, gettext_lazy("Rút một phần (phần còn lại tiếp tục giải quyết)")),
    ]


# The withdrawing denouncer's particulars a letter must state (Đ.4 khoản 1): the name, the address
# and a way to reach them; the keys of the identity that hold each.
PARTICULARS = {
    "withdrawer_name": ("full_name",),
    "withdrawer_address": ("address",),
    "withdrawer_contact": ("phone", "email"),
}


@dataclass
class CheckedWithdrawal:
    """A denunciation's withdrawal, or that of some or all of a complaint's several complainants, as
    checked: what the row and the audit event record."""

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
    complainants: list[Any] = field(default_factory=list)  # Submitter rows who withdrew the whole complaint
    complaint: bool = False


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
    checked: CheckedWithdrawal,
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
) -> CheckedWithdrawal:
    """Luật Tố cáo 2018 Đ.33; Nghị định 31/2019/NĐ-CP Đ.4 (sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.1).

    `reassessing`: a whole withdrawal already recorded is found to go on after all; its letter or
    record is on the case, what is decided now is the grounds and the measures (khoản 4, 5)."""
    checked = CheckedWithdrawal(means=means, made_on=made_on, signature=signature, measures=measures)
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


def several_complainants(case: Case) -> bool:
    """A complaint signed by several complainants (Luật Khiếu nại 2011 Đ.8 khoản 4), each of whom may
    withdraw it (Nghị định 124/2020/NĐ-CP Đ.7a, bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.5)."""
    return case.kind == Kind.COMPLAINT and Submitter.objects.filter(case=case).count() > 1


def _complaint_errors(
    *,
    case: Case,
    scope: str,
    made_on: dt.date | None,
    signature: str,
    complainants: Any,
    all_complainants: bool,
    errors: dict[str, str],
) -> CheckedWithdrawal:
    """Every withdrawal of a complaint, by one complainant or several, in whole or in part, is made as
    Luật Khiếu nại 2011 Đ.10 says: "việc rút khiếu nại phải được thực hiện bằng đơn có chữ ký hoặc điểm
    chỉ của người khiếu nại", the letter sent to the resolver; so its day and the signature or
    fingerprint are recorded. The law knows no oral withdrawal of a complaint taken down in a record
    (unlike a denunciation's, Nghị định 31/2019/NĐ-CP Đ.4 khoản 2).

    Of several complainants (Nghị định 124/2020/NĐ-CP Đ.7a, bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.5),
    one, some or all withdraw the whole complaint; it goes on for the others (khoản 1) and its resolution
    is terminated only when all of them have withdrawn (khoản 2), each by such a letter (khoản 3). A
    complaint of one is withdrawn in whole by its complainant."""
    from casework.cases.selectors import complainants_withdrawn_ids

    checked = CheckedWithdrawal(means=WithdrawalMeans.LETTER, made_on=made_on, signature=signature, complaint=True)
    if termination_due(case):
        return checked  # all have withdrawn: nothing more is withdrawn (the service says so)
    if made_on is None:
        errors["made_on"] = _("Ghi ngày của đơn xin rút khiếu nại.")
    elif made_on > clock.today():
        errors["made_on"] = _("Ngày của đơn xin rút khiếu nại không được sau hôm nay.")
    elif made_on < case.received_on:
        errors["made_on"] = _("Ngày của đơn xin rút khiếu nại không được trước ngày nhận đơn khiếu nại (%(day)s).") % {
            "day": f"{case.received_on:%d/%m/%Y}"
        }
    if signature not in WithdrawalSignature.values:
        errors["signature"] = _(
            "Đơn xin rút khiếu nại phải có chữ ký hoặc điểm chỉ của người khiếu nại: chọn một (Luật Khiếu nại 2011 "
            "Điều 10; Nghị định 124/2020/NĐ-CP Điều 7a khoản 3)."
        )
    if scope != WithdrawalScope.WHOLE:
        return checked  # a part withdrawn: the letter is kept, the complaint goes on for everyone
    people = {s.pk: s for s in Submitter.objects.filter(case=case)}
    before = complainants_withdrawn_ids(case=case)
    still = [pk for pk in people if pk not in before]
    if len(people) <= 1:
        # A complaint of one (or of a register imported without its complainant): that one withdraws it.
        checked.complainants = [people[pk] for pk in still]
        checked.all_withdrew = True
        return checked
    if all_complainants:
        chosen = still
    else:
        try:
            chosen = sorted({int(p) for p in (complainants or [])})
        except (TypeError, ValueError):
            chosen = [0]
    if not chosen:
        errors["complainants"] = _(
            "Nhiều người cùng khiếu nại: chọn những người khiếu nại rút khiếu nại, hoặc đánh dấu tất cả người khiếu "
            "nại cùng rút (Nghị định 124/2020/NĐ-CP Điều 7a)."
        )
    elif any(pk not in people for pk in chosen):
        errors["complainants"] = _("Người khiếu nại rút khiếu nại: chỉ chọn trong những người khiếu nại của hồ sơ.")
    elif any(pk in before for pk in chosen):
        errors["complainants"] = _(
            "Người khiếu nại này đã rút khiếu nại trước đó: không còn quyền, nghĩa vụ của người khiếu nại (Nghị định "
            "124/2020/NĐ-CP Điều 7a khoản 1)."
        )
    else:
        checked.complainants = [people[pk] for pk in chosen]
        checked.all_withdrew = before.union(chosen) >= set(people)
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
    "complainants": None,
    "all_complainants": False,
}


def withdrawal_inputs(values: dict[str, Any]) -> dict[str, Any]:
    """The inputs as the rules read them: each one given or its default, texts stripped of spaces and NUL."""
    inputs = {name: values.get(name, default) for name, default in INPUTS.items()}
    return {
        name: (value or "").replace("\x00", "").strip() if isinstance(INPUTS[name], str) else value
        for name, value in inputs.items()
    }


def withdrawal_checked(case: Case, inputs: dict[str, Any]) -> CheckedWithdrawal | None:
    """Every rule of a withdrawal at once, the one rule the page, the API and the service read; a
    complaint's or a denunciation's checked values (None for a petition)."""
    errors: dict[str, str] = {}
    if not inputs["reason"]:
        errors["reason"] = _("Phải ghi nội dung đề nghị rút đơn của người gửi.")
    if inputs["scope"] not in (WithdrawalScope.WHOLE, WithdrawalScope.PARTIAL):
        errors["scope"] = _("Phạm vi rút đơn: chọn rút toàn bộ hoặc rút một phần.")
    elif inputs["scope"] == WithdrawalScope.PARTIAL and not inputs["withdrawn_content"]:
        errors["withdrawn_content"] = _("Nội dung rút: ghi rõ những nội dung người gửi rút.")
    checked = None
    if case.kind == Kind.COMPLAINT:
        checked = _complaint_errors(
            case=case,
            scope=inputs["scope"],
            made_on=inputs["made_on"],
            signature=inputs["signature"],
            complainants=inputs["complainants"],
            all_complainants=inputs["all_complainants"],
            errors=errors,
        )
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
    inputs = withdrawal_inputs(values)
    withdrawal_checked(case, inputs)
    return inputs["reason"]
