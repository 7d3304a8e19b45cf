"""Reception pages. Thin: parse the form, call one service, show the result or the error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.audit.services import audit_record_standalone
from casework.cases.selectors import intake_subject_units
from casework.org.selectors import units_visible_to
from casework.reception import forms as f
from casework.reception import services as svc
from casework.reception.export import reception_book_xlsx
from casework.reception.models import REFUSAL_NOTIFIED
from casework.reception.permissions import (
    BOOK_READ_ROLES,
    SCHEDULE_ROLES,
    can_keep_book,
    can_open_case,
    can_schedule,
    receivers_for,
)
from casework.reception.selectors import (
    BOOK_COLUMNS,
    book_cells,
    reception_book,
    reception_documents,
    reception_entry_actions,
    reception_entry_get_for_user,
    reception_entry_lock_reason,
    reception_entry_masked_columns,
    reception_entry_row,
    reception_session_begun,
    reception_session_get_for_user,
    reception_session_list,
    reception_session_receivers,
    reception_sessions_published,
)
from casework.web.actions import form_add_service_error, form_create, service_error_text
from casework.web.form_ids import form_own_ids
from casework.web.paging import paginate
from core.errors import ApplicationError

PAGE_SIZE = 25


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


@login_required
def session_list_view(request: HttpRequest) -> HttpResponse:
    form = f.SessionFilterForm(
        request.GET or None,
        units=units_visible_to(user=request.user, roles=BOOK_READ_ROLES),
        receivers=reception_session_receivers(user=request.user),
    )
    page, query = paginate(request, reception_session_list(user=request.user, filters=form.filters()), PAGE_SIZE)
    can_add = units_visible_to(user=request.user, roles=SCHEDULE_ROLES).exists()
    return render(
        request, "reception/session_list.html", {"page": page, "can_add": can_add, "query": query, "form": form}
    )


@login_required
def session_new_view(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(user=request.user, roles=SCHEDULE_ROLES)
    if not units.exists():
        raise Http404
    form = f.SessionForm(request.POST or None, units=units, receivers=receivers_for(units=units))
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: svc.reception_session_schedule(
                actor=request.user,
                unit=d["unit"],
                starts_at=_at(d["day"], d["start"]),
                ends_at=_at(d["day"], d["end"]),
                place=d["place"],
                receivers=d["receivers"],
                note=d["note"],
                is_published=d["is_published"],
                on_day_off=d["on_day_off"],
            ),
            success=_("Đã lập lịch tiếp công dân."),
            url=lambda session: reverse("reception:detail", args=[session.pk]),
        )
    ):
        return done
    return render(request, "reception/session_form.html", {"form": form})


def _detail_context(
    request: HttpRequest, session: Any, *, revealed: frozenset[int] = frozenset(), **forms: Any
) -> dict[str, Any]:
    keeper = can_keep_book(request.user, session)
    rows = reception_book(session=session, user=request.user, revealed=revealed)
    return {
        "session": session,
        "rows": rows,
        "revealed": bool(revealed),
        "can_reveal": any(row.sealed for row in rows),
        "reveal_form": form_own_ids(forms.get("reveal_form") or f.RevealForm(), "reveal"),
        "can_keep": keeper and not session.is_cancelled,
        "begun": reception_session_begun(session),
        "can_open_case": can_open_case(request.user, session),
        "can_cancel": can_schedule(request.user, session.unit) and not session.is_cancelled,
        "entry_form": form_own_ids(
            forms.get("entry_form") or f.EntryForm(initial={"time": timezone.localtime(session.starts_at).time()}),
            "entry",
        ),
        "cancel_form": form_own_ids(forms.get("cancel_form") or f.CancelForm(), "cancel"),
    }


@login_required
def session_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = reception_session_get_for_user(user=request.user, pk=pk)
    return render(request, "reception/session_detail.html", _detail_context(request, session))


@login_required
@require_POST
def entry_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = reception_session_get_for_user(user=request.user, pk=pk)
    form = f.EntryForm(request.POST)
    if done := form_create(
        request,
        form,
        lambda d: svc.reception_entry_record(
            session=session,
            actor=request.user,
            received_at=_at(timezone.localdate(session.starts_at), d["time"]),
            full_name=d["full_name"],
            address=d["address"],
            id_number=d["id_number"],
            people_count=d["people_count"],
            content=d["content"],
            classification=d["classification"],
            handling_route=d["handling_route"],
            follow_up=d["follow_up"],
            resolved_by=d["resolved_by"],
            within_competence=d["within_competence"],
            guided_to=d["guided_to"],
            accepted_by=d["accepted_by"],
            note=d["note"],
        ),
        success=_("Đã ghi sổ tiếp công dân."),
        url=lambda _entry: reverse("reception:detail", args=[session.pk]),
    ):
        return done
    return render(
        request, "reception/session_detail.html", _detail_context(request, session, entry_form=form), status=400
    )


@login_required
@require_POST
def session_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = reception_session_get_for_user(user=request.user, pk=pk)
    form = f.CancelForm(request.POST)
    if form.is_valid():
        try:
            svc.reception_session_cancel(session=session, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Đã hủy buổi tiếp công dân."))
            return redirect("reception:detail", pk=session.pk)
    return render(
        request, "reception/session_detail.html", _detail_context(request, session, cancel_form=form), status=400
    )


@login_required
def entry_case_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Tiếp nhận thành hồ sơ: one step from the visit to a registered case."""
    entry = reception_entry_get_for_user(user=request.user, pk=pk)
    row = reception_entry_row(entry=entry, user=request.user)
    form = f.CaseOpenForm(
        request.POST or None,
        subject_units=intake_subject_units(user=request.user),
        classification=entry.classification,
        # The summary starts from the visit's content as the book shows it to this reader, to be shortened.
        initial={"title": Truncator(" ".join(row.content.split())).chars(255)},
    )
    if request.method == "POST" and (
        done := form_create(
            request,
            form,
            lambda d: svc.reception_entry_case_open(
                entry=entry,
                actor=request.user,
                title=d["title"],
                subject_unit=d["subject_unit"],
                subject_person=d["subject_person"],
            ),
            success=lambda case: _("Đã tiếp nhận thành hồ sơ %(ref)s.") % {"ref": case.reference},
            url=lambda case: reverse("cases:detail", args=[case.pk]),
        )
    ):
        return done
    return render(
        request,
        "reception/entry_case.html",
        {"entry": entry, "row": row, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def entry_follow_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = reception_entry_get_for_user(user=request.user, pk=pk)
    # The follow-up as this reader may read it in the book (reception_book's rule), never the row's own.
    shown = reception_entry_row(entry=entry, user=request.user).follow_up
    # Masked for this reader: shown above the form, and what they write is added to it (the service's rule).
    masked = shown != entry.follow_up
    form = f.FollowUpForm(request.POST or None, initial={"follow_up": "" if masked else shown})
    if request.method == "POST" and form.is_valid():
        try:
            svc.reception_entry_follow_up(entry=entry, actor=request.user, follow_up=form.cleaned_data["follow_up"])
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Đã cập nhật kết quả theo dõi."))
            return redirect("reception:detail", pk=entry.session_id)
    return render(
        request, "reception/entry_follow_up.html", {"entry": entry, "form": form, "masked": masked, "shown": shown}
    )


@login_required
def entry_refuse_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Từ chối tiếp: record the ground; a refusal notified in writing goes on to its paper (Mẫu số 01/TCD)."""
    entry = reception_entry_get_for_user(user=request.user, pk=pk)
    if not can_keep_book(request.user, entry.session):
        raise Http404
    form = f.RefuseForm(request.POST or None, initial={"refused_on": timezone.localdate(entry.received_at)})
    if request.method == "POST" and form.is_valid():
        try:
            entry = svc.reception_entry_refuse(
                entry=entry,
                actor=request.user,
                ground=form.cleaned_data["ground"],
                refused_on=form.cleaned_data["refused_on"],
            )
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi việc từ chối tiếp công dân."))
            if entry.refusal_ground in REFUSAL_NOTIFIED:
                return redirect("papers:target", kind="visit", pk=entry.pk)
            return redirect("reception:detail", pk=entry.session_id)
    return render(
        request,
        "reception/entry_refuse.html",
        {"entry": entry, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _book_print(request: HttpRequest, session: Any, rows: list) -> HttpResponse:
    # The columns of Mẫu số 03/TCD (Nghị định 154/2026/NĐ-CP), the same cells as the workbook's.
    columns = [title for title, _width in BOOK_COLUMNS]
    return render(
        request,
        "reception/book_print.html",
        {"session": session, "columns": columns, "lines": [book_cells(row) for row in rows]},
    )


def _book_xlsx(request: HttpRequest, session: Any, rows: list) -> HttpResponse:
    # An export of personal data is an event of its own (who took the book out, with how many identities).
    audit_record_standalone(
        actor=request.user,
        action="reception.export",
        target=session,
        unit=session.unit,
        after={"rows": len(rows), "identities": sum(row.identified for row in rows)},
    )
    response = HttpResponse(
        reception_book_xlsx(session=session, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    day = timezone.localtime(session.starts_at)
    response["Content-Disposition"] = content_disposition_header(
        True, f"so-tiep-cong-dan-{day:%Y%m%d}-{session.pk}.xlsx"
    )
    return response


@login_required
def book_print_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = reception_session_get_for_user(user=request.user, pk=pk)
    return _book_print(request, session, reception_book(session=session, user=request.user))


@login_required
def book_xlsx_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = reception_session_get_for_user(user=request.user, pk=pk)
    return _book_xlsx(request, session, reception_book(session=session, user=request.user))


@login_required
@require_POST
def session_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Who told the session's denounced visits, on a stated reason, audited (as the case page's reveal):
    on the page, in print or in the workbook."""
    session = reception_session_get_for_user(user=request.user, pk=pk)
    form = f.RevealForm(request.POST)
    revealed: frozenset[int] = frozenset()
    if form.is_valid():
        try:
            revealed = svc.reception_visitor_reveal(
                session=session, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            form_add_service_error(form, exc)
    if not revealed:
        status = 403 if form.is_bound and not form.errors.get("reason") else 400
        context = _detail_context(request, session, reveal_form=form)
        return render(request, "reception/session_detail.html", context, status=status)
    fmt = form.cleaned_data.get("format") or "html"
    if fmt == "html":
        response = render(
            request, "reception/session_detail.html", _detail_context(request, session, revealed=revealed)
        )
    else:
        rows = reception_book(session=session, user=request.user, revealed=revealed)
        response = (_book_print if fmt == "print" else _book_xlsx)(request, session, rows)
    # The identities must not linger in a shared browser's cache.
    response["Cache-Control"] = "no-store"
    return response


def public_schedule_view(request: HttpRequest) -> HttpResponse:
    """Lịch tiếp công dân, for everyone, without signing in."""
    return render(request, "reception/public_schedule.html", {"sessions": reception_sessions_published()[:100]})


def _entry_context(request: HttpRequest, entry: Any, **forms: Any) -> dict[str, Any]:
    from casework.papers.selectors import paper_may_issue
    from casework.papers.services import paper_keys_to_issue

    actions = reception_entry_actions(user=request.user, entry=entry)
    return {
        "entry": entry,
        "row": reception_entry_row(entry=entry, user=request.user),
        "documents": reception_documents(entry=entry, user=request.user),
        "actions": actions,
        "locked": reception_entry_lock_reason(entry),
        "documents_form": forms.get("documents_form") or f.DocumentFormSet(prefix="documents"),
        "can_issue_receipt": svc.RECEIPT_KEY in paper_keys_to_issue(entry)
        and paper_may_issue(user=request.user, unit=entry.session.unit),
    }


@login_required
def entry_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit's row as this reader may read it, the documents the visitor handed over and their receipt
    (Mẫu số 02/TCD), and what the keepers may still do with it."""
    entry = reception_entry_get_for_user(user=request.user, pk=pk)
    return render(request, "reception/entry_detail.html", _entry_context(request, entry))


@login_required
@require_POST
def entry_documents_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Tiếp nhận thông tin, tài liệu, bằng chứng (Nghị định 154/2026/NĐ-CP Đ.15 khoản 4)."""
    entry = reception_entry_get_for_user(user=request.user, pk=pk)
    if "documents" not in reception_entry_actions(user=request.user, entry=entry):
        raise Http404
    formset = f.DocumentFormSet(request.POST, prefix="documents")
    if formset.is_valid():
        rows = [d for d in formset.cleaned_data if d and (d.get("name") or d.get("form") or d.get("pages"))]
        try:
            svc.reception_documents_receive(entry=entry, actor=request.user, documents=rows)
        except ApplicationError as exc:
            error = service_error_text(exc)
        else:
            messages.success(request, _("Đã ghi thông tin, tài liệu nhận của công dân."))
            return redirect("reception:entry", pk=entry.pk)
    else:
        error = _("Kiểm tra lại các dòng tài liệu.")
    context = _entry_context(request, entry, documents_form=formset)
    return render(request, "reception/entry_detail.html", {**context, "documents_error": error}, status=400)


@login_required
def entry_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Sửa, bổ sung the row's columns of Mẫu số 03/TCD: the form filled as this keeper reads the book."""
    entry = reception_entry_get_for_user(user=request.user, pk=pk)
    if "correct" not in reception_entry_actions(user=request.user, entry=entry):
        raise Http404
    row = reception_entry_row(entry=entry, user=request.user)
    initial = {name: getattr(row, name) for name in (*svc.VISITOR_COLUMNS, *svc.TEXT_COLUMNS)}
    initial.update({name: getattr(entry, name) for name in svc.CODED_COLUMNS})
    masked = reception_entry_masked_columns(entry=entry, row=row)
    form = f.EntryCorrectForm(request.POST or None, initial=initial, masked=masked)
    if request.method == "POST" and form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if name not in masked}
        try:
            svc.reception_entry_correct(entry=entry, actor=request.user, changes=changes)
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Đã sửa, bổ sung dòng sổ tiếp công dân."))
            return redirect("reception:entry", pk=entry.pk)
    return render(
        request,
        "reception/entry_correct.html",
        {"entry": entry, "form": form},
        status=400 if request.method == "POST" else 200,
    )
