"""Tính chất phức tạp: the decision that sets a complaint's longer limit (Luật Khiếu nại 2011 Đ.28,
37; Nghị định 124/2020/NĐ-CP Đ.3a) and how many extensions a denunciation may have (Luật Tố cáo Đ.30;
Nghị định 31/2019/NĐ-CP Đ.3). It is the only way a case becomes complex: a letter is registered, accepted,
transferred or brought again as a second complaint not complex (`complexity_not_an_input`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import (
    COMPLEXITY_CRITERION_POINTS,
    COMPLEXITY_GROUND_POINTS,
    Case,
    ComplexityGround,
    DenunciationComplexityCriterion,
    Kind,
    Status,
)
from casework.cases.permissions import can_decide
from casework.cases.services.common import (
    case_lock,
    case_notify,
    case_save,
    deadline_running,
    deadline_running_version,
    decision_check,
)
from casework.cases.services.resolve_clock import resolve_clock_sync
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.services import deadline_relimit, rule_get

# ---- complexity: a decision that sets the longer limit ---------------------------------------------


class Complexity:
    NORMAL = "normal"
    COMPLEX = "complex"
    ESPECIALLY = "especially_complex"
    CHOICES = [  # lazy: read by forms built in each reader's language
        (NORMAL, gettext_lazy("Không phức tạp")),
        (COMPLEX, gettext_lazy("Phức tạp")),
        (ESPECIALLY, gettext_lazy("Đặc biệt phức tạp (chỉ với tố cáo)")),
    ]


COMPLEXITY_OPEN = [Status.ACCEPTED, Status.ASSIGNED, Status.VERIFYING, Status.DIALOGUE, Status.SUSPENDED]


def complexity_not_an_input() -> str:
    """Why a complexity sent with a letter's registration or acceptance is refused: the longer limits
    (Luật Khiếu nại 2011 Đ.28, 37) and a denunciation's extensions (Luật Tố cáo 2018 Đ.30) follow only the
    written decision naming its grounds (Nghị định 124/2020/NĐ-CP Đ.3a khoản 2; Nghị định 31/2019/NĐ-CP Đ.3),
    `case_complexity_decide`."""
    return gettext(
        "Tính chất phức tạp không ghi khi tiếp nhận hay thụ lý: người có thẩm quyền quyết định bằng văn bản, "
        "nêu căn cứ (khiếu nại: Điều 3a Nghị định 124/2020/NĐ-CP; tố cáo: Điều 3 Nghị định 31/2019/NĐ-CP), "
        "bằng thao tác “Quyết định tính chất phức tạp” sau khi thụ lý."
    )


def complexity_grounds_check(*, kind: str, complexity: str, grounds: list[str] | None) -> list[str]:
    """The grounds of a complaint's complexity decision, in the order the law lists them. A complaint is
    complex only on one or more of the grounds of Nghị định 124/2020/NĐ-CP Đ.3a khoản 1 (bổ sung bởi Nghị
    định 155/2026/NĐ-CP), which the decision must name; a plain one names none. A denunciation's are its
    criteria (`complexity_criteria_check`)."""
    chosen = [str(g) for g in (grounds or []) if str(g).strip()]
    if any(g not in ComplexityGround.values for g in chosen):
        raise ValidationFailed({"grounds": _("Căn cứ phức tạp: chọn trong các căn cứ pháp luật quy định.")})
    if chosen and (kind != Kind.COMPLAINT or complexity == Complexity.NORMAL):
        raise ValidationFailed(
            {
                "grounds": _(
                    "Căn cứ phức tạp (Nghị định 124/2020/NĐ-CP Điều 3a) chỉ ghi khi quyết định khiếu nại là vụ việc "
                    "phức tạp."
                )
            }
        )
    if kind == Kind.COMPLAINT and complexity == Complexity.COMPLEX and not chosen:
        raise ValidationFailed(
            {
                "grounds": _(
                    "Căn cứ phức tạp: khiếu nại chỉ là vụ việc phức tạp khi thuộc ít nhất một trường hợp tại khoản 1 "
                    "Điều 3a Nghị định 124/2020/NĐ-CP (bổ sung bởi Nghị định 155/2026/NĐ-CP); chọn căn cứ."
                )
            }
        )
    return [g for g in ComplexityGround.values if g in chosen]


def complexity_criteria_check(*, kind: str, complexity: str, criteria: list[str] | None) -> list[str]:
    """The criteria of a denunciation's complexity decision, in the order the law lists them (Nghị định
    31/2019/NĐ-CP Đ.3): "phức tạp" is a case with at least one of the criteria of khoản 2, "đặc biệt phức
    tạp" one with two or more (khoản 3); a plain one names none. Only these give the extensions of Luật Tố
    cáo 2018 Đ.30 khoản 2, 3."""
    chosen = [str(c) for c in (criteria or []) if str(c).strip()]
    if any(c not in DenunciationComplexityCriterion.values for c in chosen):
        raise ValidationFailed(
            {"criteria": _("Tiêu chí phức tạp: chọn trong các tiêu chí tại khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP.")}
        )
    chosen = [c for c in DenunciationComplexityCriterion.values if c in chosen]
    if chosen and (kind != Kind.DENUNCIATION or complexity == Complexity.NORMAL):
        raise ValidationFailed(
            {
                "criteria": _(
                    "Tiêu chí phức tạp (Điều 3 Nghị định 31/2019/NĐ-CP) chỉ ghi khi quyết định tố cáo là vụ việc "
                    "phức tạp hoặc đặc biệt phức tạp."
                )
            }
        )
    if kind != Kind.DENUNCIATION or complexity == Complexity.NORMAL:
        return []
    if complexity == Complexity.COMPLEX and not chosen:
        raise ValidationFailed(
            {
                "criteria": _(
                    "Tiêu chí phức tạp: tố cáo chỉ là vụ việc phức tạp khi có ít nhất một tiêu chí tại khoản 2 "
                    "Điều 3 Nghị định 31/2019/NĐ-CP; chọn tiêu chí."
                )
            }
        )
    if complexity == Complexity.ESPECIALLY and len(chosen) < 2:
        raise ValidationFailed(
            {
                "criteria": _(
                    "Tiêu chí phức tạp: tố cáo chỉ là vụ việc đặc biệt phức tạp khi có từ 02 tiêu chí trở lên tại "
                    "khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP (khoản 3); chọn ít nhất hai tiêu chí."
                )
            }
        )
    return chosen


def complexity_grounds_text(grounds: list[str]) -> str:
    """A complaint's grounds as the decision's text cites them: "điểm a, c khoản 1 Điều 3a Nghị định ..."."""
    if not grounds:
        return ""
    points = ", ".join(COMPLEXITY_GROUND_POINTS[ComplexityGround(g)] for g in grounds)
    return f"điểm {points} khoản 1 Điều 3a Nghị định 124/2020/NĐ-CP"


def complexity_criteria_text(criteria: list[str], *, especially: bool = False) -> str:
    """A denunciation's criteria as its decision and its extension paper cite them: "điểm a, đ khoản 2
    Điều 3 Nghị định 31/2019/NĐ-CP", with "khoản 3" for an especially complex one's decision."""
    if not criteria:
        return ""
    points = ", ".join(COMPLEXITY_CRITERION_POINTS[DenunciationComplexityCriterion(c)] for c in criteria)
    return f"điểm {points} khoản 2{', khoản 3' if especially else ''} Điều 3 Nghị định 31/2019/NĐ-CP"


@transaction.atomic
def case_complexity_decide(
    *,
    case: Case,
    actor: Any,
    complexity: str,
    reason: str,
    grounds: list[str] | None = None,
    criteria: list[str] | None = None,
    expected_version: int | None = None,
) -> Case:
    """The competent person decides whether the case is complex, recorded with its reason, the day
    and who decided (no paper of its own: the law prints the complexity on the decisions it
    governs, e.g. the extension decision of a denunciation).

    A complaint is complex only on the grounds of Nghị định 124/2020/NĐ-CP Đ.3a khoản 1 (bổ sung bởi
    Nghị định 155/2026/NĐ-CP): at least one is chosen, stored, and cited in the recorded decision,
    which Đ.3a khoản 2 requires in writing in the file. Its resolution limit follows (Luật Khiếu nại
    Đ.28: 30 → 45 days, remote 45 → 60; Đ.37 second round: 45 → 60, remote 60 → 70), counted from
    acceptance. Each round is decided on its own (Đ.37 counts the second round's limit from its own
    acceptance): a second complaint starts not complex.

    A denunciation is complex only on the criteria of Nghị định 31/2019/NĐ-CP Đ.3 khoản 2 (`criteria`):
    "phức tạp" names at least one, "đặc biệt phức tạp" at least two (khoản 3); they are stored, cited in the
    recorded decision and printed on the extension decision, and decide how many extensions the law allows
    (Luật Tố cáo 2018 Đ.30 khoản 2, 3: one, or two, each up to 30 days).
    """
    errors = {}
    if complexity not in {c for c, _label in Complexity.CHOICES}:
        errors["complexity"] = _("Tính chất vụ việc: chọn không phức tạp, phức tạp hoặc đặc biệt phức tạp.")
    elif complexity == Complexity.ESPECIALLY and case.kind != Kind.DENUNCIATION:
        errors["complexity"] = _("Tính chất vụ việc: “đặc biệt phức tạp” chỉ áp dụng với tố cáo (Luật Tố cáo Đ.30).")
    if not (reason or "").strip():
        errors["reason"] = _("Lý do: phải nêu vì sao vụ việc (không) phức tạp.")
    if errors:
        raise ValidationFailed(errors)
    chosen = complexity_grounds_check(kind=case.kind, complexity=complexity, grounds=grounds)
    chosen_criteria = complexity_criteria_check(kind=case.kind, complexity=complexity, criteria=criteria)
    locked = case_lock(case=case, expected_version=expected_version)
    if locked.kind == Kind.PETITION or locked.status not in COMPLEXITY_OPEN:
        raise TransitionNotAllowed(
            gettext("Không thể quyết định tính chất phức tạp khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if not can_decide(locked, actor):
        raise TransitionNotAllowed(
            _(
                "Chỉ người có thẩm quyền giải quyết (BTV/BCH, hoặc UBKT khi được ủy quyền) quyết định tính chất phức tạp."
            )
        )
    decision_check(case=locked, actor=actor, action=_("quyết định tính chất phức tạp của"))
    before = {
        "is_complex": locked.is_complex,
        "is_especially_complex": locked.is_especially_complex,
        "complexity_grounds": locked.complexity_grounds,
        "complexity_criteria": locked.complexity_criteria,
    }
    locked.is_complex = complexity != Complexity.NORMAL
    locked.is_especially_complex = complexity == Complexity.ESPECIALLY
    locked.complexity_grounds = chosen
    locked.complexity_criteria = chosen_criteria
    if locked.kind == Kind.DENUNCIATION and locked.extensions > (
        2 if locked.is_especially_complex else 1 if locked.is_complex else 0
    ):
        raise ValidationFailed(
            {"complexity": _("Tính chất vụ việc: hồ sơ đã được gia hạn nhiều hơn mức này cho phép.")}
        )
    cited = complexity_grounds_text(chosen) or complexity_criteria_text(
        chosen_criteria, especially=locked.is_especially_complex
    )
    # A record, not translated; the grounds' text is the one Đ.3a khoản 2 requires in the file.
    locked.complexity_decision = f"Ngày {clock.today():%d/%m/%Y}, {actor}{f'; căn cứ {cited}' if cited else ''}"[:255]
    case_save(locked)
    after: dict[str, Any] = {k: getattr(locked, k) for k in before}
    if locked.kind == Kind.COMPLAINT and deadline_running(locked, "resolve"):
        # The variant's own row (complex, remote, remote and complex, or normal again) of the version the
        # clock runs under: the clock names the row that sets its days (Luật Khiếu nại 2011 Đ.28).
        rule = rule_get(
            version=deadline_running_version(locked, "resolve"),
            subject=locked.deadline_subject,
            step="resolve",
            variant=locked.deadline_variant,
        )
        deadline = deadline_relimit(target=locked, step="resolve", rule=rule)
        # A clock run out and run again by the longer limit while the case is suspended starts its new run
        # paused, and resumes with the case: the time of a suspension is not counted (resolve_clock).
        resolve_clock_sync(locked)
        after.update(days=rule.days, due_on=deadline.due_on.isoformat(), source=rule.source)
    audit_record(
        actor=actor,
        action="case.complexity",
        target=locked,
        unit=locked.unit,
        before=before,
        after=after,
        reason=reason,
    )
    case_notify(
        case=locked, users=[locked.assignee], title=gettext_lazy("Quyết định về tính chất vụ việc"), event="complexity"
    )
    return locked
