"""The reasons the deadline sweep writes by itself, kept as a code and its parameters and put into words
in the reader's language where they are shown (an escalation's page and list, its notices, the
timelines: casework.audit.timeline.coded_reason). The text stored beside the code is its words in the
site's language, for whatever reads the stored text (the audit chain, older rows without a code)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from notifications.language import site_language

if TYPE_CHECKING:
    from workflows.models import Escalation

STEP_OVERDUE = "step_overdue"  # a clock ran out: the sweep escalates it
OVERDUE = "overdue"  # a clock ran out
REMIND_DEFERRED = "remind_deferred"  # a reminder due outside office hours waits for them
DECIDE_OVERDUE = "decide_overdue"  # leadership did not decide an escalation in time
OVERTAKEN = "overtaken"  # the late step was done before leadership decided
LATE_STOP = "late_stop"  # a step done late before the sweep came round: told to leadership, nothing to decide

REASON_TEXTS = {
    STEP_OVERDUE: _("Tự động: bước %(step_name)s quá hạn %(due_on)s."),
    OVERDUE: _("Quá hạn %(due_on)s."),
    REMIND_DEFERRED: _("Ngoài giờ hành chính: nhắc vào đầu giờ làm việc tiếp theo."),
    DECIDE_OVERDUE: _("Lãnh đạo %(level)s chưa quyết định trong thời hạn (hạn %(due_on)s)."),
    OVERTAKEN: _("Bước %(step_name)s (hạn %(due_on)s) %(status)s trước khi lãnh đạo quyết định."),
    LATE_STOP: _("Tự động: bước %(step_name)s quá hạn %(due_on)s, %(status)s ngày %(stopped_on)s."),
}
# What the sweep proposes with an escalation it opens.
PROPOSAL_TEXTS = {STEP_OVERDUE: _("Đề nghị lãnh đạo chỉ đạo xử lý hoặc gia hạn.")}


# A parameter naming a clock's step mid-sentence (`step_name`: its label as `step_label_of` writes it).
STEP_NAME = "step_name"


def reason_coded(code: str, **params: Any) -> dict[str, Any]:
    """The values an event or an escalation stores for a reason of the system's: its code and parameters."""
    return {"reason_code": code, "reason_params": params}


def reason_site_text(code: str, params: dict[str, Any], *, target_type: str = "", action: str = "") -> str:
    """The reason's words in the site's language: the text stored beside the code."""
    from casework.audit.timeline import coded_reason

    with site_language():
        return coded_reason(code, params, target_type=target_type, action=action) or ""


def escalation_reason_shown(escalation: Escalation) -> str:
    """An escalation's reason as its reader reads it: in their language when the sweep wrote it as a code,
    else as it was written."""
    from casework.audit.timeline import coded_reason

    shown = coded_reason(escalation.reason_code, escalation.reason_params, target_type="workflows.escalation")
    return shown if shown is not None else escalation.reason


def escalation_proposal_shown(escalation: Escalation) -> str:
    """An escalation's proposal: the sweep's own in the reader's language, else as written."""
    from casework.audit.timeline import format_value

    proposal = PROPOSAL_TEXTS.get(escalation.reason_code)
    if proposal is not None:
        return str(proposal)
    return format_value(escalation.proposal, "proposal", "workflows.escalation") if escalation.proposal else ""
