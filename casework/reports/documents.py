"""PDF versions of the cases app's printable notices (thông báo thụ lý, không thụ lý, phiếu chuyển,
quyết định / kết luận, thông báo kết quả), built with `document_pdf` from the case's own data.

Printed papers may be handed to verifiers and third parties: a denouncer is never named on them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from casework.audit.services import audit_record_standalone
from casework.cases.models import REDACTED, Case, Kind, Status
from casework.cases.selectors import case_get_for_user
from casework.reports.pdf import document_pdf
from casework.security.scope import scoped_view

NOTICE_TITLES = {
    "accept": "THÔNG BÁO\nVề việc thụ lý giải quyết đơn",
    "refuse": "THÔNG BÁO\nVề việc không thụ lý giải quyết đơn",
    "transfer": "PHIẾU CHUYỂN ĐƠN",
    "decision": "QUYẾT ĐỊNH\nGiải quyết khiếu nại",
    "result": "THÔNG BÁO\nKết quả giải quyết đơn",
}


def notices_available(case: Case) -> list[str]:
    """The same notices the case page offers, by the case's state."""
    names = []
    if case.accepted_on:
        names.append("accept")
    if case.status == Status.REFUSED:
        names.append("refuse")
    if case.status == Status.TRANSFERRED:
        names.append("transfer")
    if case.decided_on and case.kind != Kind.PETITION:
        names.append("decision")
    if case.decided_on:
        names.append("result")
    return names


def case_recipient(case: Case) -> str:
    if case.kind == Kind.DENUNCIATION or case.is_anonymous:
        return REDACTED
    return ", ".join(s.full_name for s in case.submitters.all()) or REDACTED


def case_notice_paragraphs(case: Case, notice: str) -> list[str]:
    unit = case.unit.name
    paragraphs = [
        f"Ngày {case.received_on:%d/%m/%Y}, {unit} nhận được đơn {case.get_kind_display().lower()} "
        f"(số hồ sơ {case.reference}) về việc: {case.title}."
    ]
    if notice == "accept":
        paragraphs.append(
            f"Căn cứ {case.legal_ground}, {unit} thông báo đã thụ lý giải quyết đơn kể từ ngày "
            f"{case.accepted_on:%d/%m/%Y}."
        )
    elif notice == "refuse":
        note = f". {case.triage_note}" if case.triage_note else ""
        paragraphs.append(
            f"{unit} thông báo không thụ lý giải quyết đơn với lý do: {case.get_refusal_ground_display()}{note}."
        )
    elif notice == "transfer":
        paragraphs.append(
            f"Xét nội dung đơn không thuộc thẩm quyền giải quyết, {unit} chuyển đơn đến {case.transfer_body} "
            f"để xem xét, giải quyết theo thẩm quyền. Lý do: {case.triage_note}"
        )
    elif notice == "decision":
        paragraphs.append(f"Kết quả: {case.get_outcome_display()}.")
        paragraphs.extend(p for p in case.decision_text.splitlines() if p.strip())
    elif notice == "result":
        ref = f" (văn bản số {case.decision_number} ngày {case.decided_on:%d/%m/%Y})" if case.decision_number else ""
        outcome = f": {case.get_outcome_display().lower()}" if case.outcome else ""
        paragraphs.append(f"{unit} thông báo kết quả giải quyết{ref}{outcome}.")
        paragraphs.extend(p for p in case.decision_text.splitlines() if p.strip())
    return paragraphs


def case_notice_document(case: Case, notice: str) -> bytes:
    title = NOTICE_TITLES[notice]
    if notice == "decision" and case.kind == Kind.DENUNCIATION:
        title = "KẾT LUẬN\nNội dung tố cáo"
    return document_pdf(
        title=title,
        number=case.decision_number if notice == "decision" else "",
        unit=case.unit,
        body_paragraphs=case_notice_paragraphs(case, notice),
        signer=case.assignee or "",
        recipient=case_recipient(case),
    )


@login_required
@scoped_view
def case_notice_pdf(request: HttpRequest, pk: int, notice: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    if notice not in notices_available(case):
        raise Http404
    data = case_notice_document(case, notice)
    audit_record_standalone(
        actor=request.user,
        action="report.export",
        target=case,
        unit=case.unit,
        after={"kind": f"notice_pdf:{notice}", "size": len(data)},
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.reference}-{notice}.pdf"'
    return response
