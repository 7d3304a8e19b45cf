"""Writes for reports: submitting quarterly reports up the tree, exports (audited), background jobs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from casework.audit.services import audit_record, audit_record_standalone
from casework.cases.models import REDACTED, Case, Kind
from casework.formats.dates import day_parse
from casework.org.models import Role, Unit, User
from casework.org.selectors import user_has_role, users_with_role
from casework.reports.figures import figures_sum
from casework.reports.models import ExportJob, QuarterlyReport
from casework.reports.periods import quarter_of
from casework.reports.selectors import (
    REPORT_ROLES,
    quarterly_consolidated,
    quarterly_report,
    register_cases,
    unit_figures_kept_here,
)
from core import clock
from core.broker import broker_circuit
from core.errors import ConcurrentChange, OutOfScope, TransitionNotAllowed, ValidationFailed
from notifications.language import site_language
from notifications.services import notify

log = logging.getLogger(__name__)

SUBMIT_ROLES = (Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER)


def _report_url(report: QuarterlyReport) -> str:
    return reverse("reports:quarterly_detail", args=[report.pk])


def _lock(report: QuarterlyReport) -> QuarterlyReport:
    locked = (
        QuarterlyReport.objects.select_for_update(of=("self",)).select_related("unit", "unit__parent").get(pk=report.pk)
    )
    if locked.status != report.status:
        raise ConcurrentChange()
    return locked


@transaction.atomic
def quarterly_report_submit(*, unit: Unit, year: int, quarter: int, actor: User, note: str = "") -> QuarterlyReport:
    """The unit sends its quarterly figures (a frozen snapshot) to its directly superior union."""
    period = quarter_of(year=year, quarter=quarter)
    if not user_has_role(user=actor, roles=REPORT_ROLES, unit=unit):
        raise OutOfScope(_("Không tìm thấy đơn vị."))
    if not user_has_role(user=actor, roles=SUBMIT_ROLES, unit=unit):
        raise TransitionNotAllowed(
            gettext("Chỉ Chủ nhiệm UBKT hoặc lãnh đạo %(unit)s mới được gửi báo cáo quý.") % {"unit": unit}
        )
    if unit.parent_id is None:
        raise ValidationFailed(
            {"unit": gettext("%(unit)s là cấp cao nhất, không có công đoàn cấp trên để gửi báo cáo.") % {"unit": unit}}
        )
    if period.start > clock.today():
        raise ValidationFailed(
            {"quarter": gettext("%(label)s chưa bắt đầu, chưa thể gửi báo cáo.") % {"label": period.label}}
        )
    report, _unused = QuarterlyReport.objects.get_or_create(
        unit=unit,
        year=period.year,
        quarter=period.quarter,
        defaults={"created_by": actor, "created_at": clock.now()},
    )
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    if not can_proceed(report.submit):
        raise TransitionNotAllowed(
            gettext("Báo cáo %(label)s của %(unit)s đang ở trạng thái “%(status)s”, không thể gửi lại.")
            % {"label": period.label, "unit": unit, "status": report.status_label},
            allowed=[],
        )
    # The snapshot sent keeps the areas' names in the site's language, whoever's language the sender reads.
    with site_language():
        live = quarterly_report(unit=unit, year=period.year, quarter=period.quarter, user=actor)
    figures = live.figures
    areas = [row.as_data() for row in live.areas]
    before = report.status
    report.submit(by=actor, at=clock.now(), figures=figures, areas=areas)
    report.note = note.strip()
    report.save()
    audit_record(
        actor=actor,
        action="report.submit",
        target=report,
        unit=unit,
        before={"status": before},
        after={
            "status": report.status,
            "year": period.year,
            "quarter": period.quarter,
            "figures": figures,
            "areas": areas,
        },
        reason=report.note,
    )
    notify(
        users=list(users_with_role(unit=unit.parent, roles=SUBMIT_ROLES)) if unit.parent else [],
        title=lambda: gettext("%(unit)s đã gửi báo cáo %(period)s") % {"unit": unit, "period": period.label},
        body=note,
        url=_report_url(report),
        unit=unit.parent,
        key=f"report:{report.pk}:submit:{report.submitted_at:%Y%m%d%H%M%S}",
        reference=f"Q{report.quarter}/{report.year}",
    )
    return report


def _require_superior(report: QuarterlyReport, actor: User, action: str) -> None:
    parent = report.unit.parent
    if parent is None or not user_has_role(user=actor, roles=SUBMIT_ROLES, unit=parent):
        raise TransitionNotAllowed(
            gettext("Chỉ lãnh đạo công đoàn cấp trên của %(unit)s mới được %(action)s báo cáo.")
            % {"unit": report.unit, "action": action}
        )


@transaction.atomic
def quarterly_report_acknowledge(*, report: QuarterlyReport, actor: User) -> QuarterlyReport:
    """The superior union confirms it received the report."""
    report = _lock(report)
    _require_superior(report, actor, _("tiếp nhận"))
    if not can_proceed(report.acknowledge):
        raise TransitionNotAllowed(
            gettext("Báo cáo đang ở trạng thái “%(status)s”, không thể tiếp nhận.")
            % {"status": report.get_status_display()}
        )
    before = report.status
    report.acknowledge(by=actor, at=clock.now())
    report.save()
    audit_record(
        actor=actor,
        action="report.acknowledge",
        target=report,
        unit=report.unit,
        before={"status": before},
        after={"status": report.status},
    )
    return report


@transaction.atomic
def quarterly_report_return(*, report: QuarterlyReport, actor: User, reason: str) -> QuarterlyReport:
    """The superior sends the report back to be corrected and submitted again."""
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Phải nêu lý do trả lại báo cáo.")})
    report = _lock(report)
    _require_superior(report, actor, _("trả lại"))
    if not can_proceed(report.send_back):
        raise TransitionNotAllowed(
            gettext("Báo cáo đang ở trạng thái “%(status)s”, không thể trả lại.")
            % {"status": report.get_status_display()}
        )
    before = report.status
    report.send_back()
    report.save()
    audit_record(
        actor=actor,
        action="report.return",
        target=report,
        unit=report.unit,
        before={"status": before},
        after={"status": report.status},
        reason=reason.strip(),
    )
    notify(
        users=list(users_with_role(unit=report.unit, roles=SUBMIT_ROLES)),
        title=lambda: (
            gettext("Báo cáo quý %(quarter)s/%(year)s bị trả lại") % {"quarter": report.quarter, "year": report.year}
        ),
        body=reason.strip(),
        url=_report_url(report),
        unit=report.unit,
        key=f"report:{report.pk}:return:{clock.now():%Y%m%d%H%M%S}",
        reference=f"Q{report.quarter}/{report.year}",
    )
    return report


MAX_DOCUMENT_BYTES = 1_000_000


def _canonical(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _document_parse(data: bytes | str | dict) -> dict:
    if isinstance(data, dict):
        return data
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed({"file": _("Tệp số liệu quá lớn (tối đa 1 MB).")})
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ValidationFailed({"file": _("Tệp không phải JSON hợp lệ.")}) from exc
    return document


@transaction.atomic
def quarterly_report_import(*, superior: Unit, actor: User, data: bytes | str | dict) -> QuarterlyReport:
    """Nhận số liệu báo cáo quý của đơn vị cấp dưới trực tiếp dưới dạng dữ liệu (interchange schema).

    For a unit that reports from elsewhere (another installation, on paper) only: the document's unit
    must be a direct child of `superior` whose figures this system does not keep for the quarter
    (selectors.unit_figures_kept_here: such a unit sends its own report, computed here), and the
    quarter must be over (its last day past on the clock). The report is recorded as received with
    the document's figures (counted by the consolidated view), `actor` as who imported it, never as
    the unit's sender, and the file's SHA-256 in the audit. A report already submitted or acknowledged
    for that quarter is not overwritten.
    """
    from casework.reports.interchange import SCHEMA_NAME_V1, quarterly_document_areas, quarterly_document_errors

    if not user_has_role(user=actor, roles=SUBMIT_ROLES, unit=superior):
        raise TransitionNotAllowed(
            gettext("Chỉ lãnh đạo %(unit)s mới được nhận báo cáo của đơn vị cấp dưới.") % {"unit": superior}
        )
    document = _document_parse(data)
    # What was received is what is fingerprinted: the file's bytes, or the API body in canonical form.
    raw = data.encode() if isinstance(data, str) else data if isinstance(data, bytes) else _canonical(document)
    errors = quarterly_document_errors(document)
    if errors:
        raise ValidationFailed(
            {
                path: [gettext("Không đúng lược đồ báo cáo: %(msg)s") % {"msg": m} for m in msgs]
                for path, msgs in errors.items()
            }
        )
    unit = Unit.objects.filter(code=document["unit"]["code"], parent=superior).first()
    if unit is None:
        raise ValidationFailed(
            {
                "unit.code": gettext("%(code)s không phải đơn vị cấp dưới trực tiếp của %(unit)s.")
                % {"code": document["unit"]["code"], "unit": superior}
            }
        )
    period = quarter_of(year=document["period"]["year"], quarter=document["period"]["quarter"])
    if period.end >= clock.today():
        raise ValidationFailed(
            {
                "period": gettext(
                    "%(label)s chưa kết thúc (đến hết ngày %(end)s): chỉ nhận số liệu của quý đã kết thúc."
                )
                % {"label": period.label, "end": f"{period.end:%d/%m/%Y}"}
            }
        )
    if unit_figures_kept_here(unit=unit, period=period, importer=actor):
        raise ValidationFailed(
            {
                "unit.code": gettext(
                    "Số liệu của %(unit)s được quản lý trên hệ thống này (có đơn thư, dấu hiệu vi phạm, kế hoạch "
                    "hoặc cuộc kiểm tra, kiến nghị, kỷ luật, hoặc người dùng của đơn vị): báo cáo %(label)s do "
                    "đơn vị tự gửi, cấp trên không nhập thay từ tệp."
                )
                % {"unit": unit, "label": period.label}
            }
        )
    report, _unused = QuarterlyReport.objects.get_or_create(
        unit=unit, year=period.year, quarter=period.quarter, defaults={"created_by": actor, "created_at": clock.now()}
    )
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    if not can_proceed(report.import_figures):
        raise TransitionNotAllowed(
            gettext("Đã có báo cáo %(label)s của %(unit)s ở trạng thái “%(status)s”: không nhập đè.")
            % {"label": period.label, "unit": unit, "status": report.status_label}
        )
    figures = {**figures_sum([]), **document["figures"]}
    areas = quarterly_document_areas(document, figures)
    digest = hashlib.sha256(raw).hexdigest()
    before = report.status
    report.import_figures(by=actor, at=clock.now(), figures=figures, areas=areas)
    report.note = gettext("Nhận qua tệp số liệu (SHA-256 %(digest)s).") % {"digest": digest[:16]}
    if document["schema"] == SCHEMA_NAME_V1:
        # Sent before terminations had their own row: the superior reads its figures knowing that.
        report.note += " " + gettext(
            "Tệp theo lược đồ phiên bản 1: số đã giải quyết gồm cả vụ việc bị đình chỉ việc giải quyết."
        )
    report.save()
    audit_record(
        actor=actor,
        action="report.import",
        target=report,
        unit=unit,
        before={"status": before},
        after={
            "status": report.status,
            "source": report.source,
            "imported_by_unit": superior.code,
            "year": period.year,
            "quarter": period.quarter,
            "figures": figures,
            "areas": areas,
            "sha256": digest,
            "generated_at": document["generated_at"],
        },
    )
    return report


# ---- exports ----------------------------------------------------------------------------------------


@dataclass
class ExportFile:
    name: str
    content_type: str
    data: bytes
    rows: int = 0


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
JSON_TYPE = "application/json"


def register_sender(case: Case) -> str:
    """What the register book shows as sender: a denouncer's identity never leaves its vault."""
    if case.kind == Kind.DENUNCIATION or case.is_anonymous:
        return gettext(REDACTED)
    names = [s.full_name for s in case.submitters.all()]
    return ", ".join(names)


def export_build(*, kind: str, unit: Unit, params: dict, user: Any | None, progress: Any = None) -> ExportFile:
    """Build one export file (scoped to `user`; None = the command line)."""
    from casework.reports import pdf, xlsx

    if kind in (ExportJob.Kind.QUARTERLY_XLSX, ExportJob.Kind.QUARTERLY_PDF):
        report = quarterly_report(unit=unit, year=params.get("year"), quarter=params.get("quarter"), user=user)
        base = f"bao-cao-quy-{report.period.quarter}-{report.period.year}-{unit.code}"
        if kind == ExportJob.Kind.QUARTERLY_XLSX:
            return ExportFile(f"{base}.xlsx", XLSX_TYPE, xlsx.quarterly_xlsx(report))
        return ExportFile(f"{base}.pdf", PDF_TYPE, pdf.quarterly_pdf(report))
    if kind == "quarterly_json":
        from casework.reports.interchange import quarterly_document

        report = quarterly_report(unit=unit, year=params.get("year"), quarter=params.get("quarter"), user=user)
        document = quarterly_document(report, generated_at=clock.now())
        name = f"bao-cao-quy-{report.period.quarter}-{report.period.year}-{unit.code}.json"
        return ExportFile(name, JSON_TYPE, json.dumps(document, ensure_ascii=False, indent=2).encode())
    if kind in ("consolidated_xlsx", "consolidated_pdf"):
        consolidated = quarterly_consolidated(
            unit=unit, year=params.get("year"), quarter=params.get("quarter"), user=user
        )
        name = f"tong-hop-quy-{consolidated.period.quarter}-{consolidated.period.year}-{unit.code}"
        if kind == "consolidated_xlsx":
            return ExportFile(f"{name}.xlsx", XLSX_TYPE, xlsx.consolidated_xlsx(consolidated))
        return ExportFile(f"{name}.pdf", PDF_TYPE, pdf.consolidated_pdf(consolidated))
    if kind == ExportJob.Kind.REGISTER_XLSX:
        date_from = _date_param(params.get("date_from"), "date_from")
        date_to = _date_param(params.get("date_to"), "date_to")
        area = _area_param(params.get("subject_area"))
        qs = register_cases(user=user, unit=unit, date_from=date_from, date_to=date_to, subject_area=area)
        total = qs.count()
        period = (
            _("Toàn bộ")
            if not (date_from or date_to)
            else (f"Từ ngày {date_from:%d/%m/%Y} " if date_from else "")
            + (f"đến ngày {date_to:%d/%m/%Y}" if date_to else "")
        )
        data = xlsx.register_xlsx(
            unit_name=unit.name,
            period_text=period.strip(),
            cases=qs.prefetch_related("submitters").iterator(chunk_size=500),
            total=total,
            sender_of=register_sender,
            progress=progress,
        )
        return ExportFile(f"so-theo-doi-don-thu-{unit.code}.xlsx", XLSX_TYPE, data, rows=total)
    raise ValidationFailed({"kind": _("Loại tệp xuất không hợp lệ.")})


# The coverage figures as the API answers them (casework.api coverage endpoint): its rows' fields.
COVERAGE_ROW_FIELDS = (
    "unit_id",
    "unit__code",
    "unit__name",
    "raised",
    "inspected",
    "in_progress",
    "overdue_escalated",
    "ended_by_leadership",
    "unaccounted",
    "accounted",
    "inspected_percent",
    "accounted_percent",
)


def coverage_document(report: dict[str, Any]) -> dict[str, Any]:
    """The coverage report (selectors.coverage_report) as the API's coverage endpoint answers it."""

    def fields(row: dict[str, Any]) -> dict[str, Any]:
        return {key: row[key] for key in COVERAGE_ROW_FIELDS if key in row}

    return {
        "rows": [fields(row) for row in report["rows"]],
        "totals": fields(report["totals"]),
        "complete": report["complete"],
        "disagreement_count": report["disagreement_count"],
        "disagreements": report["disagreements"],
        "proven": report["proven"],
    }


def coverage_export(
    *,
    user: User,
    fmt: str,
    unit: Unit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    bucket: str | None = None,
    drill_unit: Unit | None = None,
) -> ExportFile:
    """The coverage page as a file, for the same reader, filters and drill-down (the same selector:
    coverage_page), audited against the unit filtered on, else the highest unit the reader reads."""
    from casework.inspections.selectors import READERS, coverage_page
    from casework.org.selectors import units_visible_to
    from casework.reports import xlsx

    if fmt not in ("xlsx", "json"):
        raise ValidationFailed({"format": _("Loại tệp xuất không hợp lệ.")})
    scope = units_visible_to(user=user, roles=READERS).order_by("path").first()
    if scope is None:
        raise OutOfScope(_("Không tìm thấy đơn vị."))
    page = coverage_page(
        user=user, unit=unit, date_from=date_from, date_to=date_to, bucket=bucket, drill_unit=drill_unit
    )
    audited = unit or scope
    name = f"bao-phu-dau-hieu-vi-pham-{audited.code}"
    if fmt == "json":
        data = json.dumps(coverage_document(page["report"]), ensure_ascii=False, indent=2).encode()
        file = ExportFile(f"{name}.json", JSON_TYPE, data, rows=len(page["report"]["rows"]))
    else:
        where = f"Đơn vị: {unit.name} (mã {unit.code}) và các đơn vị trực thuộc" if unit else "Mọi đơn vị được xem"
        period = " ".join(
            part
            for part in (
                f"Phát hiện từ ngày {date_from:%d/%m/%Y}" if date_from else "",
                f"đến ngày {date_to:%d/%m/%Y}" if date_to else "",
            )
            if part
        )
        heading = [
            where,
            period or "Mọi thời gian",
            f"Số liệu tính đến {timezone.localtime(clock.now()):%H:%M %d/%m/%Y}",
        ]
        data = xlsx.coverage_xlsx(page=page, heading=heading)
        file = ExportFile(f"{name}.xlsx", XLSX_TYPE, data, rows=len(page["flags"]))
    params = {
        "unit": unit.code if unit else "",
        "date_from": date_from.isoformat() if date_from else "",
        "date_to": date_to.isoformat() if date_to else "",
        "bucket": bucket or "",
        "drill_unit": drill_unit.code if drill_unit else "",
    }
    export_audit(actor=user, unit=audited, kind=f"coverage_{fmt}", params=params, file=file)
    return file


def _area_param(value: Any) -> str:
    """A lĩnh vực code of the taxonomy (or "chua_phan_loai"), "" for none."""
    from casework.areas.selectors import UNCLASSIFIED_CODE, subject_areas_all

    if not value:
        return ""
    code = str(value)
    if code != UNCLASSIFIED_CODE and not subject_areas_all().filter(code=code).exists():
        raise ValidationFailed({"subject_area": _("Lĩnh vực không có trong danh mục.")})
    return code


def _date_param(value: Any, field: str) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return day_parse(str(value))
    except ValueError as exc:
        raise ValidationFailed({field: _("Ngày không hợp lệ (định dạng dd/mm/yyyy).")}) from exc


def export_audit(*, actor: Any | None, unit: Unit, kind: str, params: dict, file: ExportFile) -> None:
    """Every export leaves a trace: who took which figures of which unit out of the system."""
    audit_record_standalone(
        actor=actor,
        action="report.export",
        target=("org.unit", unit.pk),
        unit=unit,
        after={"kind": kind, "params": params, "file": file.name, "size": len(file.data), "rows": file.rows},
    )


def export_now(*, kind: str, unit: Unit, params: dict, user: Any | None) -> ExportFile:
    """A small export answered at once (scoped, audited)."""
    file = export_build(kind=kind, unit=unit, params=params, user=user)
    export_audit(actor=user, unit=unit, kind=kind, params=params, file=file)
    return file


@transaction.atomic
def export_job_create(*, user: User, kind: str, unit: Unit, params: dict) -> ExportJob:
    """Queue a long export; the worker builds it (eager in the embedded default)."""
    if kind not in ExportJob.Kind.values:
        raise ValidationFailed({"kind": _("Loại tệp xuất không hợp lệ.")})
    if not user_has_role(user=user, roles=REPORT_ROLES, unit=unit):
        raise OutOfScope(_("Không tìm thấy đơn vị."))
    if kind != ExportJob.Kind.REGISTER_XLSX:
        quarter_of(year=params.get("year"), quarter=params.get("quarter"))
    else:
        _date_param(params.get("date_from"), "date_from")
        _date_param(params.get("date_to"), "date_to")
        _area_param(params.get("subject_area"))
    job = ExportJob.objects.create(user=user, kind=kind, unit=unit, params=params, created_at=clock.now())
    # Through the breaker: a broker outage must not fail nor slow the request (the job stays queued).
    transaction.on_commit(lambda: broker_circuit.publish("casework.reports.tasks.export_job_task", args=(job.pk,)))
    return job


def export_job_run(*, job_id: int) -> ExportJob:
    """Claim a queued job (compare-and-set: two workers never build it twice), build, store, audit."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, progress=5
    )
    job = ExportJob.objects.select_related("unit", "user").get(pk=job_id)
    if claimed != 1:
        return job

    def progress(pct: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(progress=max(5, min(99, pct)))

    try:
        file = export_build(kind=job.kind, unit=job.unit, params=job.params, user=job.user, progress=progress)
    except Exception as exc:  # noqa: BLE001 — a failed export is shown to its owner, never lost silently
        message = (
            "; ".join(str(m) for ms in exc.fields.values() for m in ms) if isinstance(exc, ValidationFailed) else ""
        )
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED,
            error=message or _("Không tạo được tệp, vui lòng thử lại."),
            finished_at=clock.now(),
        )
        if not isinstance(exc, (ValidationFailed, OutOfScope)):
            raise
        job.refresh_from_db()
        return job
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        job.file.save(file.name, ContentFile(file.data), save=False)
        job.file_name = file.name
        job.rows = file.rows
        job.status = ExportJob.Status.DONE
        job.progress = 100
        job.finished_at = clock.now()
        job.save()
        audit_record(
            actor=job.user,
            action="report.export",
            target=("org.unit", job.unit_id),
            unit=job.unit,
            after={
                "kind": job.kind,
                "params": job.params,
                "file": file.name,
                "size": len(file.data),
                "rows": file.rows,
                "job": job.pk,
            },
        )
    return job


def export_download_audit(*, job: ExportJob, actor: User) -> None:
    audit_record_standalone(
        actor=actor,
        action="report.download",
        target=job,
        unit=job.unit,
        after={"file": job.file_name, "kind": job.kind},
    )


# A queued export whose worker was never asked (the broker was down when it was created) is built
# by the periodic pass once it has waited this long; a worker that was asked gets there first.
EXPORT_PICKUP_AFTER = dt.timedelta(minutes=1)


def export_jobs_drain(*, limit: int = 20) -> int:
    """Build the exports still queued after EXPORT_PICKUP_AFTER, oldest first; returns how many it built.
    `export_job_run` claims each one by compare-and-set, so a late worker never builds it twice."""
    cutoff = clock.now() - EXPORT_PICKUP_AFTER
    waiting = ExportJob.objects.filter(status=ExportJob.Status.QUEUED, created_at__lte=cutoff).order_by("created_at")
    built = 0
    for job_id in list(waiting.values_list("pk", flat=True)[:limit]):
        try:
            if export_job_run(job_id=job_id).status == ExportJob.Status.DONE:
                built += 1
        except Exception:  # noqa: BLE001 — the job is marked failed for its owner; the pass goes on
            log.exception("export job %s failed", job_id)
    return built


EXPORT_KEEP_DAYS = 7


def export_jobs_prune(*, keep_days: int = EXPORT_KEEP_DAYS) -> int:
    """Delete finished exports (and their files) older than `keep_days`: copies of case data should not linger."""
    cutoff = clock.now() - dt.timedelta(days=keep_days)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).exclude(status=ExportJob.Status.RUNNING).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed
