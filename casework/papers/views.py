"""Pages of the registers, of one paper and of the templates. Thin: they call selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.areas.forms import SubjectAreaFilterField
from casework.audit.services import audit_record_standalone
from casework.org.selectors import units_visible_to
from casework.papers import selectors, services
from casework.papers.context import SAMPLE_CASE, SAMPLES, sample_values
from casework.papers.defaults import TEMPLATES
from casework.papers.models import Authority, DocKind, Issuer, Paper, PaperTemplateVersion
from casework.papers.xlsx import incoming_register_xlsx, outgoing_register_xlsx
from casework.security.scope import scoped_view
from casework.web.actions import action_for, form_add_service_error, message_service_error
from casework.web.params import id_param
from core import clock
from core.errors import ApplicationError, ValidationFailed

# What each kind of paper is called on screen, in the reader's language (the papers themselves stay Vietnamese).
TEMPLATE_LABELS = {
    "case.accept": gettext_lazy("Thông báo thụ lý giải quyết đơn"),
    "case.refuse": gettext_lazy("Thông báo không thụ lý giải quyết đơn"),
    "case.transfer": gettext_lazy("Phiếu chuyển đơn"),
    "case.transfer_notice": gettext_lazy("Thông báo về việc chuyển đơn tố cáo"),
    "case.extension": gettext_lazy("Quyết định gia hạn giải quyết tố cáo"),
    "case.decision": gettext_lazy("Quyết định giải quyết khiếu nại"),
    "case.conclusion": gettext_lazy("Kết luận nội dung tố cáo"),
    "case.result": gettext_lazy("Thông báo kết quả giải quyết đơn"),
    "case.termination": gettext_lazy("Quyết định đình chỉ việc giải quyết đơn"),
    "case.suspension": gettext_lazy("Quyết định tạm đình chỉ việc giải quyết đơn"),
    "case.resumption": gettext_lazy("Quyết định tiếp tục giải quyết tố cáo"),
    "case.complaint_resumption": gettext_lazy("Quyết định tiếp tục giải quyết khiếu nại"),
    "case.withdrawal_record": gettext_lazy("Biên bản ghi nhận việc rút tố cáo (Mẫu số 03)"),
    "case.dialogue_record": gettext_lazy("Biên bản đối thoại với người khiếu nại"),
    "case.expertise": gettext_lazy("Văn bản trưng cầu giám định"),
    "case.publication": gettext_lazy("Thông báo công khai kết luận nội dung tố cáo"),
    "case.decision_publication": gettext_lazy("Thông báo công khai quyết định giải quyết khiếu nại lần hai"),
    "case.explanation_request": gettext_lazy("Văn bản yêu cầu người bị tố cáo giải trình"),
    "case.verification_assignment": gettext_lazy("Văn bản giao xác minh nội dung tố cáo"),
    "case.complaint_verification_assignment": gettext_lazy("Quyết định giao nhiệm vụ xác minh nội dung khiếu nại"),
    "case.explanation_session": gettext_lazy("Biên bản làm việc với người bị tố cáo"),
    "discipline.decision": gettext_lazy("Quyết định thi hành kỷ luật"),
    "discipline.publication": gettext_lazy("Thông báo công khai quyết định xử lý kỷ luật người bị tố cáo"),
    "reception.refusal": gettext_lazy("Thông báo về việc từ chối tiếp công dân"),
    "reception.receipt": gettext_lazy("Giấy biên nhận thông tin, tài liệu"),
    "inspection.decision": gettext_lazy("Quyết định kiểm tra"),
    "inspection.notice": gettext_lazy("Thông báo kiểm tra"),
    "inspection.conclusion": gettext_lazy("Thông báo kết luận kiểm tra"),
}


# The page of each kind of target, to go back to from its papers.
TARGET_PAGES = {
    "case": "cases:detail",
    "inspection": "inspections:inspection_detail",
    "flag": "inspections:flag_detail",
    "visit": "reception:detail",
}


# The heading of each kind of target's papers.
TARGET_HEADINGS = {
    "case": gettext_lazy("Văn bản của hồ sơ"),
    "inspection": gettext_lazy("Văn bản của cuộc kiểm tra"),
    "flag": gettext_lazy("Văn bản về dấu hiệu vi phạm"),
    "visit": gettext_lazy("Văn bản về lượt tiếp công dân"),
}


def _target(user: Any, kind: str, pk: int) -> Any:
    if kind == "case":
        from casework.cases.selectors import case_get_for_user

        return case_get_for_user(user=user, pk=pk)
    if kind == "inspection":
        from casework.inspections.selectors import inspection_get

        return inspection_get(user=user, pk=pk)
    if kind == "visit":  # a visit of the reception book: its notice of refusal (Mẫu số 01/TCD)
        from casework.reception.selectors import reception_entry_get_for_user

        return reception_entry_get_for_user(user=user, pk=pk)
    if kind == "flag":  # no papers of its own: the discipline decisions on it
        from casework.inspections.selectors import flag_get

        return flag_get(user=user, pk=pk)
    raise Http404


@login_required
@scoped_view
def target_papers(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The papers of one case, flag or inspection: those issued (with the discipline decisions on it),
    and those that can be issued now."""
    target = _target(request.user, kind, pk)
    may_issue = selectors.paper_may_issue(user=request.user, unit=target.unit)
    if request.method == "POST":
        issued = target
        if "discipline" in request.POST:
            # A discipline decision taken on the target: issued under the same rule, in its body's register.
            pk = id_param(request.POST, "discipline")
            proceeding = services.target_disciplines(target).filter(pk=pk).first() if pk else None
            if proceeding is None:
                raise Http404
            if not selectors.paper_may_issue(user=request.user, unit=proceeding.unit):
                raise PermissionDenied
            issued = proceeding
        elif not may_issue:
            raise PermissionDenied
        try:
            paper = services.paper_issue(target=issued, key=request.POST.get("key", ""), actor=request.user)
        except ApplicationError as exc:
            message_service_error(request, exc)
            return redirect("papers:target", kind=kind, pk=pk)
        messages.success(request, _("Đã ban hành văn bản số %(symbol)s.") % {"symbol": paper.symbol})
        return redirect("papers:detail", pk=paper.pk)
    papers = list(selectors.papers_for(target=target, user=request.user))
    available = [(key, TEMPLATE_LABELS[key], None) for key in services.paper_keys_to_issue(target)] if may_issue else []
    available += [
        (key, f"{TEMPLATE_LABELS[key]} {proceeding.decision_number} — {proceeding.subject_name}", proceeding.pk)
        for proceeding, key in services.discipline_papers_to_issue(target)
        if selectors.paper_may_issue(user=request.user, unit=proceeding.unit)
    ]
    return render(
        request,
        "papers/target.html",
        {
            "target": target,
            "kind": kind,
            "heading": TARGET_HEADINGS[kind],
            "papers": papers,
            "available": available,
            "may_issue": may_issue,
            # A visit is shown on its session's book.
            "back_url": reverse(TARGET_PAGES[kind], args=[target.session_id if kind == "visit" else target.pk]),
        },
    )


def _register_area(request: HttpRequest) -> tuple[SubjectAreaFilterField, str]:
    """The lĩnh vực filter of the registers: a code the taxonomy knows, or none (an unknown code filters nothing)."""
    field = SubjectAreaFilterField()
    code = request.GET.get("subject_area", "")
    return field, code if code and field.valid_value(code) else ""


def _register_params(request: HttpRequest) -> tuple[Any, int]:
    units = units_visible_to(user=request.user, roles=selectors.REGISTER_ROLES)
    code = request.GET.get("unit", "")
    unit = units.filter(code=code).first() if code else None
    if code and unit is None:
        raise Http404
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    if not 1900 <= year <= 9999:
        year = clock.today().year
    return unit, year


@login_required
@scoped_view
def register(request: HttpRequest) -> HttpResponse:
    """Sổ văn bản đi và sổ văn bản đến of the units in scope, for a year."""
    unit, year = _register_params(request)
    area_field, area = _register_area(request)
    book = "in" if request.GET.get("book") == "in" else "out"
    if book == "in":
        rows = selectors.incoming_register(user=request.user, unit=unit, year=year, subject_area=area)
    else:
        rows = selectors.paper_register(user=request.user, unit=unit, year=year, subject_area=area)
    return render(
        request,
        "papers/register.html",
        {
            "rows": rows,
            "book": book,
            "year": year,
            "unit": unit,
            "units": units_visible_to(user=request.user, roles=selectors.REGISTER_ROLES),
            "areas": list(area_field.choices)[1:],
            "area": area,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@scoped_view
def register_xlsx(request: HttpRequest) -> HttpResponse:
    unit, year = _register_params(request)
    _field, area = _register_area(request)
    book = "in" if request.GET.get("book") == "in" else "out"
    if book == "in":
        rows = selectors.incoming_register(user=request.user, unit=unit, year=year, subject_area=area)
        data = incoming_register_xlsx(rows, year=year)
    else:
        papers = selectors.paper_register(user=request.user, unit=unit, year=year, subject_area=area)
        data = outgoing_register_xlsx(papers, year=year)
    audit_record_standalone(
        actor=request.user,
        action="report.export",
        target=("papers.register", book),
        unit=unit,
        after={"kind": f"register_xlsx:{book}", "year": year, "subject_area": area, "size": len(data)},
    )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(
        True, f"so-van-ban-{'den' if book == 'in' else 'di'}-{year}.xlsx"
    )
    return response


def _attach_signed(request: HttpRequest, paper: Paper) -> None:
    from casework.papers.signing import paper_attach_signed

    upload = request.FILES.get("pdf")
    if upload is None or upload.size > 20 * 1024 * 1024:
        raise ValidationFailed({"pdf": _("Tệp PDF: hãy chọn một tệp PDF (tối đa 20 MB).")})
    paper_attach_signed(paper=paper, actor=request.user, data=upload.read())


def _record_scan(request: HttpRequest, paper: Paper) -> None:
    from casework.papers.signing import paper_record_scan

    paper_record_scan(paper=paper, actor=request.user, scan=request.FILES.get("scan"))


def _sign(request: HttpRequest, paper: Paper) -> None:
    from casework.papers.signing import paper_sign

    paper_sign(paper=paper, actor=request.user, secret=request.POST.get("secret", ""))


# action → (the right it needs among `paper_actions`, what it does, what the user is told when done)
PAPER_ACTIONS: dict[str, tuple[str, Callable[[HttpRequest, Paper], Any], Any]] = {
    "cancel": (
        "cancel",
        lambda request, paper: services.paper_cancel(
            paper=paper, actor=request.user, reason=request.POST.get("reason", "")
        ),
        gettext_lazy("Đã hủy văn bản; số vẫn giữ trong sổ."),
    ),
    "record_scan": ("record_scan", _record_scan, gettext_lazy("Đã lưu bản quét văn bản ký tay.")),
    "attach_signed": ("sign", _attach_signed, gettext_lazy("Đã lưu bản đã ký số.")),
    "sign": ("sign", _sign, gettext_lazy("Đã ký số văn bản.")),
}


@login_required
@scoped_view
def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    paper = selectors.paper_get_for_user(user=request.user, pk=pk)
    actions = selectors.paper_actions(user=request.user, paper=paper)
    if request.method == "POST":
        needs, call, success = action_for(request.POST.get("action", ""), PAPER_ACTIONS)
        if needs not in actions:
            raise PermissionDenied
        try:
            call(request, paper)
        except ApplicationError as exc:
            message_service_error(request, exc)
        else:
            messages.success(request, success)
        return redirect("papers:detail", pk=paper.pk)
    return render(
        request,
        "papers/detail.html",
        {
            "paper": paper,
            "actions": actions,
            "target_kind": selectors.paper_target_kind(paper),
            "number_sealed": selectors.paper_id_number_hidden_from(user=request.user, paper=paper),
        },
    )


@login_required
@scoped_view
def paper_file(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    paper = selectors.paper_get_for_user(user=request.user, pk=pk)
    field = {"unsigned": paper.pdf, "signed": paper.signed_pdf}.get(which)
    if not field:
        raise Http404
    if selectors.paper_id_number_hidden_from(user=request.user, paper=paper):
        # The files print the complainant's identity paper number: the reader gets the register's copy,
        # the number sealed; a signed file has no such copy.
        if which != "unsigned":
            raise PermissionDenied
        data = services.paper_copy_sealed(paper=paper)
    else:
        with field.open("rb") as handle:
            data = handle.read()
    is_pdf = data.startswith(b"%PDF")
    response = HttpResponse(data, content_type="application/pdf" if is_pdf else "application/octet-stream")
    name = paper.symbol.replace("/", "-")
    disposition = "inline" if is_pdf else "attachment"
    response["Content-Disposition"] = content_disposition_header(
        disposition == "attachment", f"{name}-{which}.{'pdf' if is_pdf else 'bin'}"
    )
    return response


@login_required
@scoped_view
def case_receipt_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt of the documents a case's visit handed over, by the case's own access rule (the
    visit's papers page is the reception book's, which a reader of the case may not read)."""
    from casework.cases.selectors import case_get_for_user

    case = case_get_for_user(user=request.user, pk=pk)
    paper = selectors.case_reception_receipt(case=case)
    if paper is None or not paper.pdf:  # its file destroyed at the end of a retention period
        raise Http404
    with paper.pdf.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, f"{paper.symbol.replace('/', '-')}-unsigned.pdf"
    )
    return response


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Upload a signed PDF from outside: does its signature validate, and who signed it."""
    from casework.papers.signing import pdf_signatures

    result = None
    if request.method == "POST":
        upload = request.FILES.get("pdf")
        if upload is None or upload.size > 20 * 1024 * 1024:
            messages.error(request, _("Tệp PDF: hãy chọn một tệp PDF (tối đa 20 MB)."))
        else:
            result = pdf_signatures(upload.read())
    return render(request, "papers/verify.html", {"result": result})


# ---- templates ---------------------------------------------------------------------------------


def _require_template_editor(request: HttpRequest) -> None:
    if not selectors.template_may_edit(user=request.user):
        raise PermissionDenied


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _require_template_editor(request)
    rows = [(key, TEMPLATE_LABELS[key], services.template_current(key=key)) for key in TEMPLATES]
    return render(request, "papers/template_list.html", {"rows": rows})


def _preview(version: PaperTemplateVersion, key: str, unit_name: str) -> bytes:
    from casework.org.models import Unit
    from casework.papers.context import layout_from_values
    from casework.papers.layout import paper_pdf

    sample = sample_values(key)
    unit = Unit(name=unit_name, parent=None)
    layout, _texts = layout_from_values(
        values=sample,
        citations="Điều lệ Công đoàn Việt Nam;\n(các căn cứ khác theo phiên bản chính sách của hồ sơ);",
        unit=unit,
        version=version,
        symbol=f"05/{version.doc_kind}-{version.symbol_suffix}",
        day=clock.today(),
        signer_name="Nguyễn Văn Mẫu",
    )
    return paper_pdf(layout)


class TemplateVersionForm(forms.Form):
    """The next version of a template as posted: `template_save` checks every field; the form carries
    its refusals back to their fields (the page writes the inputs itself, with the current values)."""

    note = forms.CharField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (*services.TEMPLATE_FIELDS, *services.TEMPLATE_FLAGS):
            self.fields[name] = forms.CharField(required=False, strip=False)


@login_required
def template_detail(request: HttpRequest, key: str) -> HttpResponse:
    """History of a template, and the form that saves the next version (or previews it unsaved)."""
    _require_template_editor(request)
    if key not in TEMPLATES:
        raise Http404
    current = services.template_current(key=key)
    data = {f: getattr(current, f) for f in (*services.TEMPLATE_FIELDS, *services.TEMPLATE_FLAGS)}
    form = TemplateVersionForm(request.POST or None)
    if request.method == "POST":
        data = {f: request.POST.get(f, "") for f in services.TEMPLATE_FIELDS}
        data.update(
            {
                f: services.template_flag(request.POST.get(f), default=getattr(current, f))
                for f in services.TEMPLATE_FLAGS
            }
        )
    if form.is_valid() and request.POST.get("action") == "preview":
        draft = PaperTemplateVersion(template=current.template, number=0, **data)
        try:
            return HttpResponse(_preview(draft, key, SAMPLE_CASE["unit"]), content_type="application/pdf")
        except Exception:  # noqa: BLE001 - a broken draft is shown as a form error, never a 500
            form.add_error("body", _("Không xem trước được: mẫu có lỗi cú pháp."))
    elif form.is_valid():
        try:
            version = services.template_save(key=key, actor=request.user, data=data, note=form.cleaned_data["note"])
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Đã lưu phiên bản %(n)s của mẫu.") % {"n": version.number})
            return redirect("papers:template_detail", key=key)
    return render(
        request,
        "papers/template_detail.html",
        {
            "key": key,
            "name": TEMPLATE_LABELS[key],
            "data": data,
            "form": form,
            "versions": selectors.template_versions(key=key),
            "doc_kinds": [c for c in DocKind.choices if c[0] != DocKind.INCOMING],
            "issuers": Issuer.choices,
            "authorities": Authority.choices,
            "placeholders": sorted(SAMPLES[key.split(".", 1)[0]]),
        },
        status=400 if form.errors else 200,
    )


@login_required
def template_preview(request: HttpRequest, key: str, number: int) -> HttpResponse:
    _require_template_editor(request)
    version = selectors.template_versions(key=key).filter(number=number).first()
    if version is None:
        raise Http404
    return HttpResponse(_preview(version, key, SAMPLE_CASE["unit"]), content_type="application/pdf")
