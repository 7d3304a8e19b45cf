"""Giải trình của người bị tố cáo: during the verification of a denunciation the verifier must let the
person denounced explain and give evidence (Luật Tố cáo 2018 Đ.31 khoản 4), a right of theirs (Đ.10
khoản 1 điểm b) and, when asked, a duty to appear and to explain (Đ.10 khoản 2 điểm a, b). The
verification works with them directly and asks them to explain in writing; the working session is
recorded in a biên bản (Mẫu số 08), and an unclear explanation is asked again (Nghị định 31/2019/NĐ-CP
Đ.12 khoản 1-3). What is collected is written down and kept in the file (Luật Tố cáo 2018 Đ.31 khoản 3).

The person denounced is a body, an organisation or an individual (Đ.2 khoản 5): a body or organisation
explains through its head or representative, whose name the explanation records (`explainer`). So the
rule holds for every denunciation verified; the letters that never reach verification (an unidentified
denouncer's, Đ.25; a withdrawal in whole, Đ.33; the person denounced dead, Đ.34 khoản 3) never meet it.

Recorded here: the request (day, deadline, means), each explanation received (day, written or in a
working session with its record, content, evidence), and the fact that the person denounced did not
explain by the deadline, or refused to. `explanation_refusal` is the one rule of whether the
verification's result may be proposed yet: `case_actions`, the proposal's service, the case page and the
API read it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import (
    Case,
    DenouncedExplanation,
    ExplanationEntry,
    ExplanationForm,
    ExplanationMeans,
    Kind,
    Status,
)
from casework.cases.permissions import can_work
from casework.cases.services.common import case_lock, case_save
from casework.cases.services.identity import case_text_masked
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# The entries that show the person denounced was given the chance to explain: an explanation received,
# or, after a request, the recorded fact that they did not explain by its deadline or refused to.
OCCASION_GIVEN = (ExplanationEntry.EXPLAINED, ExplanationEntry.NO_RESPONSE, ExplanationEntry.REFUSED)


def explanations(case: Case) -> QuerySet[DenouncedExplanation]:
    """The case's explanation steps, in the order they happened."""
    return DenouncedExplanation.objects.filter(case_id=case.pk).order_by("on", "pk")


def explanation_open(case: Case) -> bool:
    """The steps are recorded while a denunciation is under verification (Luật Tố cáo 2018 Đ.31)."""
    return case.kind == Kind.DENUNCIATION and case.status == Status.VERIFYING


def _may_record(case: Case, user: Any) -> bool:
    """The verifying officer (or whoever stands in, or the committee chair): `can_work`, which
    already leaves out anyone recused from the case."""
    return explanation_open(case) and can_work(case, user)


def explanation_actions(case: Case, user: Any) -> list[str]:
    """The explanation steps `user` may record on the case now (casework.cases.actions)."""
    if not _may_record(case, user):
        return []
    names = ["explanation_request", "explanation_received"]
    if _latest_request(case) is not None:
        names.append("explanation_missed")
    return names


def explanation_refusal(case: Case) -> str:
    """Why the verification's result may not be proposed yet ("" when it may): the person denounced
    has not been given the chance to explain, no explanation being recorded, nor, after a request, their
    not explaining by its deadline or their refusal (Luật Tố cáo 2018 Đ.31 khoản 4, Đ.10 khoản 1 điểm b;
    Nghị định 31/2019/NĐ-CP Đ.12). The verification ends with its report and proposal (Đ.31 khoản 6),
    and the conclusion rests on that explanation (Đ.35 khoản 1)."""
    if not explanation_open(case):
        return ""
    if explanations(case).filter(entry__in=OCCASION_GIVEN).exists():
        return ""
    message = gettext(
        "Chưa thể đề xuất kết quả xác minh hồ sơ %(ref)s: người bị tố cáo chưa được tạo điều kiện giải trình, đưa ra "
        "chứng cứ (Luật Tố cáo 2018 Điều 31 khoản 4; Điều 10 khoản 1 điểm b). Ghi nhận việc giải trình của người bị "
        "tố cáo (bằng văn bản hoặc biên bản làm việc, Nghị định 31/2019/NĐ-CP Điều 12), hoặc việc người bị tố cáo "
        "không giải trình, từ chối giải trình sau khi được yêu cầu, trước khi đề xuất."
    ) % {"ref": case.reference}
    request = _latest_request(case)
    if request is not None and request.due_on is not None:
        message += " " + gettext("Đã yêu cầu giải trình ngày %(on)s, hạn %(due)s: chưa ghi nhận kết quả.") % {
            "on": f"{request.on:%d/%m/%Y}",
            "due": f"{request.due_on:%d/%m/%Y}",
        }
    return message


def explanation_check_before_proposal(*, case: Case) -> None:
    """Refuse a denunciation's proposal while `explanation_refusal` says so; nothing is written."""
    refusal = explanation_refusal(case)
    if refusal:
        raise TransitionNotAllowed(refusal)


# ---- the rules of each step ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    return str(value or "").replace("\x00", "").strip()


def _latest_request(case: Case) -> DenouncedExplanation | None:
    return explanations(case).filter(entry=ExplanationEntry.REQUEST).order_by("-on", "-pk").first()


def _day_errors(case: Case, field: str, day: Any, missing: str) -> dict[str, str]:
    """A day of a step: given, not after today, not before the denunciation was accepted."""
    if not isinstance(day, dt.date):
        return {field: missing}
    if day > clock.today():
        return {field: _("Ngày này không được sau ngày hôm nay.")}
    if case.accepted_on and day < case.accepted_on:
        return {
            field: gettext("Ngày này không được trước ngày thụ lý tố cáo (%(day)s).")
            % {"day": f"{case.accepted_on:%d/%m/%Y}"}
        }
    return {}


def explanation_request_check(
    *, case: Case, on: Any, due_on: Any, means: str, content: str, **_ignored: Any
) -> dict[str, Any]:
    """A request to explain: the day it was sent, a deadline after that day, the means (a written request
    or an invitation to a working session) and the matters to explain (Nghị định 31/2019/NĐ-CP Đ.12
    khoản 1)."""
    errors = _day_errors(case, "on", on, _("Phải ghi ngày gửi yêu cầu giải trình."))
    if not isinstance(due_on, dt.date):
        errors["due_on"] = _("Phải ghi thời hạn giải trình.")
    elif isinstance(on, dt.date) and due_on <= on:
        errors["due_on"] = _("Thời hạn giải trình phải sau ngày gửi yêu cầu.")
    if means not in ExplanationMeans.values:
        errors["means"] = _("Chọn hình thức yêu cầu: văn bản yêu cầu giải trình hoặc giấy mời làm việc.")
    if not _text(content):
        errors["content"] = _("Phải ghi những nội dung người bị tố cáo được yêu cầu giải trình.")
    if errors:
        raise ValidationFailed(errors)
    return {"on": on, "due_on": due_on, "means": means, "content": _text(content)}


def explanation_received_check(
    *,
    case: Case,
    on: Any,
    form: str,
    content: str,
    explainer: str = "",
    place: str = "",
    evidence: Any = None,
    **_ignored: Any,
) -> dict[str, Any]:
    """An explanation received: its day, its form (written, or a working session recorded in a biên bản
    with its place, Nghị định 31/2019/NĐ-CP Đ.12 khoản 2), what it says, who gave it, and optionally the
    files of the case that carry the evidence given (never a file that identifies a denouncer)."""
    from casework.files.models import Attachment

    errors = _day_errors(case, "on", on, _("Phải ghi ngày nhận giải trình."))
    if form not in ExplanationForm.values:
        errors["form"] = _("Chọn hình thức giải trình: văn bản giải trình hoặc làm việc trực tiếp, lập biên bản.")
    elif form == ExplanationForm.SESSION and not _text(place):
        errors["place"] = _("Làm việc trực tiếp: phải ghi địa điểm làm việc (biên bản Mẫu số 08).")
    if not _text(content):
        errors["content"] = _("Phải ghi nội dung giải trình của người bị tố cáo.")
    if len(_text(explainer)) > 255:
        errors["explainer"] = _("Người giải trình: tối đa 255 ký tự.")
    if len(_text(place)) > 255:
        errors["place"] = _("Địa điểm làm việc: tối đa 255 ký tự.")
    ids = [] if evidence in (None, "") else evidence if isinstance(evidence, (list, tuple)) else [evidence]
    pks = set()
    for value in ids:
        try:
            pk = int(getattr(value, "pk", value))
        except (TypeError, ValueError):
            pk = 0
        if not 0 < pk < 2**63:
            errors["evidence"] = _("Tài liệu, chứng cứ: chọn tệp đính kèm của hồ sơ này.")
            break
        pks.add(pk)
    files = list(
        Attachment.objects.filter(pk__in=pks, target_type="cases.case", target_id=str(case.pk), identifying=False)
    )
    if "evidence" not in errors and len(files) != len(pks):
        errors["evidence"] = _("Tài liệu, chứng cứ: chọn tệp đính kèm của hồ sơ này.")
    if errors:
        raise ValidationFailed(errors)
    return {
        "on": on,
        "form": form,
        "content": _text(content),
        "explainer": _text(explainer),
        "place": _text(place) if form == ExplanationForm.SESSION else "",
        "evidence": files,
    }


def explanation_missed_check(*, case: Case, on: Any, refused: bool = False, note: str = "", **_ignored: Any) -> Any:
    """The person denounced did not explain by the deadline of the latest request (a day after it), or
    refused to (from the request's day): it answers that request, and none is recorded when they
    explained after it. Returns the request answered."""
    request = _latest_request(case)
    if request is None:
        raise ValidationFailed({"on": _("Chưa ghi nhận yêu cầu giải trình nào gửi người bị tố cáo.")})
    errors = _day_errors(case, "on", on, _("Phải ghi ngày ghi nhận."))
    if not errors and on < request.on:
        errors["on"] = gettext("Ngày này không được trước ngày yêu cầu giải trình (%(day)s).") % {
            "day": f"{request.on:%d/%m/%Y}"
        }
    elif not errors and not refused and request.due_on is not None and on <= request.due_on:
        errors["on"] = gettext(
            "Thời hạn giải trình (%(day)s) chưa hết: chỉ ghi nhận không giải trình sau thời hạn."
        ) % {"day": f"{request.due_on:%d/%m/%Y}"}
    answered = explanations(case).filter(entry__in=OCCASION_GIVEN, on__gte=request.on).first()
    if not errors and answered is not None:
        errors["on"] = gettext("Đã ghi nhận %(what)s ngày %(day)s sau yêu cầu giải trình ngày %(request)s.") % {
            "what": str(answered.get_entry_display()).lower(),
            "day": f"{answered.on:%d/%m/%Y}",
            "request": f"{request.on:%d/%m/%Y}",
        }
    if errors:
        raise ValidationFailed(errors)
    return request


# ---- the steps ----------------------------------------------------------------------------------------


def _locked_for(case: Case, actor: Any, expected_version: int | None) -> Case:
    locked = case_lock(case=case, expected_version=expected_version)
    if not _may_record(locked, actor):
        if not explanation_open(locked):
            raise TransitionNotAllowed(
                gettext("Chỉ ghi nhận việc giải trình của người bị tố cáo khi hồ sơ tố cáo %(ref)s đang xác minh.")
                % {"ref": locked.reference}
            )
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc giải trình của người bị tố cáo trong hồ sơ %(ref)s.")
            % {"ref": locked.reference}
        )
    return locked


def _record(locked: Case, actor: Any, *, action: str, row: DenouncedExplanation, after: dict[str, Any]) -> None:
    case_save(locked)
    audit_record(
        actor=actor,
        action=action,
        target=locked,
        unit=locked.unit,
        after={"explanation": row.pk, "on": row.on.isoformat(), **after},
        reason=row.content,
    )


@transaction.atomic
def case_explanation_request(
    *,
    case: Case,
    actor: Any,
    on: Any,
    due_on: Any,
    means: str,
    content: str,
    expected_version: int | None = None,
) -> Case:
    """Yêu cầu người bị tố cáo giải trình (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1; Luật Tố cáo 2018 Đ.10
    khoản 2 điểm a, b): the day it was sent, the deadline, the means, the matters to explain."""
    values = explanation_request_check(case=case, on=on, due_on=due_on, means=means, content=content)
    locked = _locked_for(case, actor, expected_version)
    row = DenouncedExplanation.objects.create(
        case=locked,
        entry=ExplanationEntry.REQUEST,
        on=values["on"],
        due_on=values["due_on"],
        means=values["means"],
        content=case_text_masked(locked, values["content"]),
        recorded_by=actor,
        created_at=clock.now(),
    )
    _record(
        locked,
        actor,
        action="case.explanation_request",
        row=row,
        after={"due_on": row.due_on.isoformat() if row.due_on else None, "means": row.means},
    )
    return locked


@transaction.atomic
def case_explanation_received(
    *,
    case: Case,
    actor: Any,
    on: Any,
    form: str,
    content: str,
    explainer: str = "",
    place: str = "",
    evidence: Any = None,
    expected_version: int | None = None,
) -> Case:
    """Người bị tố cáo đã giải trình (Luật Tố cáo 2018 Đ.10 khoản 1 điểm b, Đ.31 khoản 3, 4): in writing, or
    in a working session recorded in a biên bản (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2, Mẫu số 08). Several
    may be recorded: an unclear explanation is asked again (khoản 3)."""
    values = explanation_received_check(
        case=case, on=on, form=form, content=content, explainer=explainer, place=place, evidence=evidence
    )
    locked = _locked_for(case, actor, expected_version)
    row = DenouncedExplanation.objects.create(
        case=locked,
        entry=ExplanationEntry.EXPLAINED,
        on=values["on"],
        form=values["form"],
        explainer=case_text_masked(locked, values["explainer"])[:255],
        place=case_text_masked(locked, values["place"])[:255],
        content=case_text_masked(locked, values["content"]),
        recorded_by=actor,
        created_at=clock.now(),
    )
    row.evidence.set(values["evidence"])
    _record(
        locked,
        actor,
        action="case.explanation_received",
        row=row,
        after={"form": row.form, "evidence": sorted(f.pk for f in values["evidence"])},
    )
    return locked


@transaction.atomic
def case_explanation_missed(
    *,
    case: Case,
    actor: Any,
    on: Any,
    refused: bool = False,
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """Người bị tố cáo không giải trình trong thời hạn, hoặc từ chối giải trình: recorded against the latest
    request, the verification goes on to its report without their explanation (Luật Tố cáo 2018 Đ.31
    khoản 4 is met by the occasion given; their duty to explain is Đ.10 khoản 2 điểm b)."""
    locked = _locked_for(case, actor, expected_version)
    request = explanation_missed_check(case=locked, on=on, refused=refused, note=note)
    row = DenouncedExplanation.objects.create(
        case=locked,
        entry=ExplanationEntry.REFUSED if refused else ExplanationEntry.NO_RESPONSE,
        on=on,
        content=case_text_masked(locked, _text(note)),
        recorded_by=actor,
        created_at=clock.now(),
    )
    _record(locked, actor, action="case.explanation_missed", row=row, after={"entry": row.entry, "request": request.pk})
    return locked
