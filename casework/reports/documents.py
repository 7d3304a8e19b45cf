"""PDF versions of the cases app's printable notices (thông báo thụ lý, không thụ lý, phiếu chuyển,
quyết định / kết luận, thông báo kết quả), built with `document_pdf` from the case's own data.

Printed papers may be handed to verifiers and third parties: a denouncer is never named on them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.audit.services import audit_record_standalone
from casework.cases.models import REDACTED, Case, ComplaintRepresentative, Kind, Status
from casework.cases.selectors import case_complainants, case_get_for_user
from casework.cases.services.withdrawal_record import withdrawal_records_count
from casework.papers.context import INSPECTION_DOC_KEYS, case_paper_key
from casework.security.scope import scoped_view
from core.errors import ApplicationError

# What the links to those papers say on screen, in the reader's language.
NOTICE_LABELS = {
    "accept": _("Thông báo thụ lý"),
    "refuse": _("Thông báo không thụ lý"),
    "transfer": _("Phiếu chuyển đơn"),
    "transfer_notice": _("Thông báo chuyển đơn tố cáo"),
    "extension": _("Quyết định gia hạn giải quyết tố cáo"),
    "result": _("Thông báo kết quả"),
    "termination": _("Quyết định đình chỉ"),
    "suspension": _("Quyết định tạm đình chỉ"),
    "resumption": _("Quyết định tiếp tục giải quyết tố cáo"),
    "withdrawal_record": _("Biên bản ghi nhận việc rút tố cáo (Mẫu số 03)"),
    "dialogue": _("Biên bản đối thoại"),
    "expertise": _("Văn bản trưng cầu giám định"),
    "publication": _("Thông báo công khai kết luận nội dung tố cáo"),
    "decision_publication": _("Thông báo công khai quyết định giải quyết khiếu nại lần hai"),
    "explanation_request": _("Văn bản yêu cầu người bị tố cáo giải trình"),
    "verification_assignment": _("Văn bản giao xác minh nội dung tố cáo"),
    "explanation_session": _("Biên bản làm việc với người bị tố cáo"),
}
# Papers of a denunciation with no copy for the person denounced: the record of a withdrawal is the
# denouncer's and the committee's (each keeps one).
DENOUNCER_ONLY_NOTICES = frozenset({"withdrawal_record"})
# Papers made public, addressed to no party: the notice publishing a denunciation's conclusion (Luật Tố cáo 2018
# Đ.40) has no copy for the denouncer (it would name them, khoản 3) nor for the person denounced.
PUBLIC_NOTICES = frozenset({"publication", "decision_publication"})
# Papers of the committee's own work with no copy for either party: the assignment of the verification goes to
# those assigned (Luật Tố cáo 2018 Đ.31 khoản 1, 2).
INTERNAL_NOTICES = frozenset({"verification_assignment"})
# ... and papers with no copy for the denouncer: the request to the person denounced to explain is theirs.
# So is the record of a working session with them (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2).
DENOUNCED_ONLY_NOTICES = frozenset({"explanation_request", "explanation_session"})


def notice_label(case: Case, notice: str) -> object:
    if notice == "decision":
        return _("Quyết định giải quyết") if case.kind == Kind.COMPLAINT else _("Kết luận nội dung tố cáo")
    if notice == "resumption" and case.kind == Kind.COMPLAINT:
        return _("Quyết định tiếp tục giải quyết khiếu nại")
    if notice == "verification_assignment" and case.kind == Kind.COMPLAINT:
        return _("Quyết định giao nhiệm vụ xác minh nội dung khiếu nại")
    return NOTICE_LABELS[notice]


def notices_available(case: Case) -> list[str]:
    """The same notices the case page offers, by the case's state."""
    names = []
    if case.accepted_on:
        names.append("accept")
    if case.status == Status.REFUSED:
        names.append("refuse")
    if case.status == Status.TRANSFERRED:
        names.append("transfer")
        if case.kind == Kind.DENUNCIATION:
            names.append("transfer_notice")  # Luật Tố cáo Đ.24: the denouncer is told
    if case.kind == Kind.DENUNCIATION and case.extensions:
        names.append("extension")  # Luật Tố cáo Đ.30: each extension a written decision
    if case.suspension_ground:
        names.append("suspension")  # a written decision, while the case is suspended
    if case.kind in (Kind.DENUNCIATION, Kind.COMPLAINT) and case.resumption_reason:
        # The latest decision to resume (Luật Tố cáo Đ.34; Nghị định 124/2020/NĐ-CP Đ.28b khoản 2).
        names.append("resumption")
    if case.kind == Kind.DENUNCIATION and withdrawal_records_count(case):
        # Nghị định 31/2019/NĐ-CP Đ.4 khoản 2 (sửa đổi bởi Nghị định 156/2026/NĐ-CP), Mẫu số 03.
        names.append("withdrawal_record")
    if case.kind == Kind.COMPLAINT and case.dialogue_on:
        # Nghị định 124/2020/NĐ-CP Đ.28 khoản 4, Mẫu số 14: the record of the dialogue held.
        names.append("dialogue")
    if case.kind in (Kind.DENUNCIATION, Kind.COMPLAINT) and case.expertise_requests.exists():
        # The latest request for an expert assessment (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2, Mẫu số 09).
        names.append("expertise")
    if case.kind == Kind.DENUNCIATION and case.explanations.filter(entry="request").exists():
        # The latest request to the person denounced to explain (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1).
        names.append("explanation_request")
    if case.kind in (Kind.DENUNCIATION, Kind.COMPLAINT) and case.verification_assignments.exists():
        # The latest written assignment of the verification (Luật Tố cáo 2018 Đ.31 khoản 1, 2; Luật Khiếu nại
        # 2011 Đ.29 khoản 1 điểm b, Đ.38).
        names.append("verification_assignment")
    if case.kind == Kind.DENUNCIATION and case.explanations.filter(entry="explained", form="session").exists():
        # The record of the latest working session with the person denounced (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2).
        names.append("explanation_session")
    if case.termination_ground:
        names.append("termination")  # the decision that ended the case: no decision on its merits
    elif case.decided_on and case.kind != Kind.PETITION:
        names.append("decision")
    if case.decided_on and not case.termination_ground:
        names.append("result")
    if case.kind == Kind.DENUNCIATION and case.decided_on and not case.termination_ground:
        names.append("publication")  # Luật Tố cáo 2018 Đ.40: the conclusion made public
    if case.kind == Kind.COMPLAINT and case.round == 2 and case.decided_on and not case.termination_ground:
        names.append("decision_publication")  # Luật Khiếu nại 2011 Đ.41 khoản 2: the second-round decision
    return names


def notices_erased(case: Case) -> set[str]:
    """The notices whose issued paper was destroyed at the end of the case's retention period: the
    case page names them without a link (their route is 404)."""
    from casework.papers.models import Paper
    from casework.papers.selectors import paper_issued_for

    erased: set[str] = set()
    if not Paper.objects.filter(
        target_type="cases.case", target_id=str(case.pk), personal_data_destroyed_at__isnull=False
    ).exists():
        return erased
    for notice in notices_available(case):
        issued = paper_issued_for(target=case, key=case_paper_key(case, notice))
        if issued is not None and issued.erased:
            erased.add(notice)
    return erased


# A denunciation's notices go to two addressees (Luật Tố cáo 2018 Đ.29: the acceptance is notified to
# the denouncer and to the person denounced): the denouncer's copy carries the identity, the other never.
TO_DENOUNCER = "denouncer"
TO_DENOUNCED = "denounced"


def case_recipient(case: Case, *, to: str = "", people: list[dict] | None = None) -> str:
    """Who a notice is addressed to. `people`: the decrypted denouncers, given only for the copy
    addressed to them (see `case_paper_to_denouncer`); any other copy of a denunciation never
    names them."""
    if case.kind == Kind.DENUNCIATION:
        if to == TO_DENOUNCER and people:
            return "; ".join(
                ", ".join(part for part in (p.get("full_name", ""), p.get("address", "")) if part) for p in people
            )
        if to == TO_DENOUNCED:
            return case.subject_person or (case.subject_unit.name if case.subject_unit_id else gettext(REDACTED))
        return gettext(REDACTED)
    if case.is_anonymous:
        return gettext(REDACTED)
    # One of several complainants who withdrew is no longer addressed (Nghị định 124/2020/NĐ-CP Đ.7a khoản 1).
    complainants = ", ".join(s.full_name for s in case_complainants(case=case)) or gettext(REDACTED)
    # A representative or authorised person receives the papers with the complainant: the notices and decisions
    # go to "người khiếu nại, người đại diện người khiếu nại" (Nghị định 124/2020/NĐ-CP Đ.28 khoản 1, Đ.28b, sửa
    # đổi, bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.11, Đ.12), who acts for them within the authorisation
    # (Luật Khiếu nại 2011 Đ.16 khoản 1 điểm b).
    row = ComplaintRepresentative.objects.filter(case=case).first() if case.kind == Kind.COMPLAINT else None
    if row is None:
        return complainants
    return gettext("%(complainants)s; %(capacity)s: %(name)s") % {
        "complainants": complainants,
        "capacity": row.get_capacity_display(),
        "name": row.full_name,
    }


def withdrawer_line(people: list[dict]) -> str:
    """The denouncers who withdrew, as the record filled from the identity prints them."""
    return "; ".join(
        ", ".join(p for p in (person.get("full_name", ""), person.get("address", ""), person.get("contact", "")) if p)
        for person in people
    )


def case_notice_document(
    case: Case, notice: str, *, to: str = "", people: list[dict] | None = None, reader: Any = None
) -> bytes:
    """The issued paper as stored when there is one; otherwise the paper as it would be issued now.
    A complainant's identity paper number on either is printed only for a `reader` the identity rule
    lets see it, sealed for anyone else (papers.selectors.paper_id_number_hidden_from).

    A denunciation's copy for one party (`to`) is made on demand from what the paper was issued
    with, addressed to that party: the denouncer's copy names them (`people`), the one for the
    person denounced never does."""
    if to:
        from casework.papers.selectors import paper_issued_for
        from casework.papers.services import paper_copy_for, paper_draft

        addressee = (
            withdrawer_line(people or [])
            if notice == "withdrawal_record" and to == TO_DENOUNCER
            else case_recipient(case, to=to, people=people)
        )
        key = case_paper_key(case, notice)
        issued = paper_issued_for(target=case, key=key)
        if issued is not None and issued.erased:
            raise Http404  # nothing left to copy: destroyed at the end of the case's retention period
        if issued is not None and issued.values:  # the copy of what was issued, whatever changed since
            return paper_copy_for(paper=issued, addressee=addressee)
        return paper_draft(target=case, key=key, addressee=addressee)
    return _official_or_draft(case, case_paper_key(case, notice), reader=reader)


def _official_or_draft(target: Any, key: str, *, reader: Any = None) -> bytes:
    from casework.papers.selectors import paper_id_number_hidden_from, paper_issued_for
    from casework.papers.services import paper_copy_sealed, paper_draft

    issued = paper_issued_for(target=target, key=key)
    if issued is not None and issued.erased:
        raise Http404  # its file destroyed at the end of the case's retention period
    if issued is not None and paper_id_number_hidden_from(user=reader, paper=issued):
        return paper_copy_sealed(paper=issued)
    if issued is not None:
        with issued.pdf.open("rb") as handle:
            return handle.read()
    return paper_draft(target=target, key=key, reader=reader)


REDACTED_COPY_TITLE = "BẢN SAO ĐƠN TỐ CÁO\n(đã che thông tin người tố cáo)"


def case_redacted_copy_document(case: Case) -> bytes:
    """The working copy of a denunciation as a PDF, typeset from the redacted text itself (never
    the original with boxes drawn over it): what the inspection team and third parties are given."""
    from casework.papers.context import superior_name
    from casework.papers.layout import PaperLayout, paper_pdf
    from core import clock

    text = case.content_redacted or "[Chưa có bản che thông tin người tố cáo]"
    return paper_pdf(
        PaperLayout(
            parent_body=superior_name(case.unit),
            issuing_body=case.unit.name,
            symbol=case.reference,
            place="",
            day=clock.today(),
            title=REDACTED_COPY_TITLE,
            citations=[],
            addressee="",
            paragraphs=[f"Số hồ sơ {case.reference}: {case.title}.", *[p for p in text.splitlines() if p.strip()]],
            recipients=[],
            authority_line="",
            signer_title="",
            signer_name="",
        )
    )


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@scoped_view
def case_notice_pdf(request: HttpRequest, pk: int, notice: str) -> HttpResponse:
    """A case notice. For a denunciation `?to=denouncer` is the copy addressed to the denouncer
    (only for whom may see the identity; its production audited), `?to=denounced` the copy for
    the person denounced (never any identity)."""
    from casework.cases.services import case_paper_to_denouncer, case_withdrawal_record_people

    case = case_get_for_user(user=request.user, pk=pk)
    if notice == "redacted" and case.kind == Kind.DENUNCIATION:
        data = case_redacted_copy_document(case)
        audit_record_standalone(
            actor=request.user, action="report.export", target=case, unit=case.unit, after={"kind": "redacted_copy"}
        )
        return _pdf_response(data, f"{case.reference}-ban-che.pdf")
    if notice not in notices_available(case):
        raise Http404
    to = request.GET.get("to", "") if case.kind == Kind.DENUNCIATION else ""
    if to not in ("", TO_DENOUNCER, TO_DENOUNCED):
        raise Http404
    if (to == TO_DENOUNCED and notice in DENOUNCER_ONLY_NOTICES) or (
        to and notice in PUBLIC_NOTICES | INTERNAL_NOTICES
    ):
        raise Http404
    if to == TO_DENOUNCER and notice in DENOUNCED_ONLY_NOTICES:
        raise Http404
    people = None
    if to == TO_DENOUNCER:
        try:
            if notice == "withdrawal_record":
                people = case_withdrawal_record_people(case=case, actor=request.user)
            else:
                people = case_paper_to_denouncer(case=case, actor=request.user, notice=notice)
        except ApplicationError as exc:
            raise Http404(exc.message) from exc
    data = case_notice_document(case, notice, to=to, people=people, reader=request.user)
    audit_record_standalone(
        actor=request.user,
        action="report.export",
        target=case,
        unit=case.unit,
        after={"kind": f"notice_pdf:{notice}", "to": to, "size": len(data)},
    )
    return _pdf_response(data, f"{case.reference}-{notice}{'-' + to if to else ''}.pdf")


@login_required
@scoped_view
def case_discipline_publication_pdf(request: HttpRequest, pk: int, discipline: int) -> HttpResponse:
    """The notice publishing a discipline decision that handles the violation denounced in the case (Luật Tố cáo
    2018 Đ.40 khoản 1): the issued paper when there is one, else the paper as it would be issued now. Read through
    the case's own rule (scope, recusal); a public notice with no copy for either party (khoản 3)."""
    from casework.cases.services.publicity import denunciation_disciplines

    case = case_get_for_user(user=request.user, pk=pk)
    proceeding = next((row for row in denunciation_disciplines(case) if row.pk == discipline), None)
    if proceeding is None:
        raise Http404
    data = _official_or_draft(proceeding, "discipline.publication", reader=request.user)
    audit_record_standalone(
        actor=request.user,
        action="report.export",
        target=case,
        unit=case.unit,
        after={"kind": "notice_pdf:discipline_publication", "discipline": proceeding.pk, "size": len(data)},
    )
    return _pdf_response(data, f"{case.reference}-discipline-{proceeding.pk}-publication.pdf")


# ---- inspections: decision, notice, conclusion -------------------------------------------------------

INSPECTION_DOCUMENT_LABELS = {
    "decision": _("Quyết định kiểm tra"),
    "notice": _("Thông báo kiểm tra"),
    "conclusion": _("Thông báo kết luận kiểm tra"),
}


def inspection_documents_available(inspection: Any) -> list[str]:
    names = []
    if inspection.decided_at is not None:
        names.append("decision")
    if inspection.notice_text:
        names.append("notice")
    if inspection.status in ("concluded", "closed"):
        names.append("conclusion")
    return names


def inspection_document(inspection: Any, doc: str) -> bytes:
    return _official_or_draft(inspection, INSPECTION_DOC_KEYS[doc])


@login_required
@scoped_view
def inspection_document_pdf(request: HttpRequest, pk: int, doc: str) -> HttpResponse:
    from casework.inspections.selectors import inspection_get

    inspection = inspection_get(user=request.user, pk=pk)
    if doc not in inspection_documents_available(inspection):
        raise Http404
    data = inspection_document(inspection, doc)
    audit_record_standalone(
        actor=request.user,
        action="report.export",
        target=inspection,
        unit=inspection.unit,
        after={"kind": f"inspection_pdf:{doc}", "size": len(data)},
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, f"{inspection.reference.replace('/', '-')}-{doc}.pdf"
    )
    return response
