"""Quarterly reports submitted up the union tree, and background export jobs.

A `QuarterlyReport` keeps a snapshot of the figures as they were when the unit submitted them:
later corrections to cases do not rewrite what was reported. An `ExportJob` is one file being
built in the background; its file lives in private storage and is served only to its owner.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from casework.files.storage import private_storage


class QuarterlyReport(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """Báo cáo quý của một đơn vị gửi công đoàn cấp trên trực tiếp."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã gửi cấp trên")
        ACKNOWLEDGED = "acknowledged", _("Cấp trên đã tiếp nhận")

    class Source(models.TextChoices):
        # The unit sent the snapshot of its figures computed here (submit).
        SYSTEM = "system", _("Đơn vị gửi trên hệ thống")
        # The superior recorded the figures of a unit that reports from elsewhere (another installation,
        # on paper) from the file it sent (import_figures): the unit sent nothing through this system.
        FILE = "file", _("Cấp trên nhập số liệu từ tệp")

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="quarterly_reports"
    )
    year = models.PositiveIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    status = FSMField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True)
    figures = models.JSONField(_("số liệu"), default=dict)
    # The same figures by lĩnh vực, with each area's code and name as of the period: [{code, name, figures}].
    areas = models.JSONField(_("số liệu theo lĩnh vực"), default=list, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the figures reached the superior: sent by the unit, or imported from its file.
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=8, choices=Source.choices, default=Source.SYSTEM)
    # Who at the superior imported the unit's file (source FILE); the unit's sender is then unknown here.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("cấp trên tiếp nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo quý")
        verbose_name_plural = _("báo cáo quý")
        ordering = ["-year", "-quarter", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="reports_quarterly_once"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="reports_quarter_1_4"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="reports_submitted_has_time"
            ),
            # Figures imported by the superior never name a sender of the unit; figures the unit sent
            # never name an importer.
            models.CheckConstraint(
                condition=Q(source="system", imported_by__isnull=True) | Q(source="file", submitted_by__isnull=True),
                name="reports_imported_has_no_sender",
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo quý {self.quarter}/{self.year} — {self.unit}"

    @property
    def is_imported(self) -> bool:
        return self.source == self.Source.FILE

    @property
    def status_label(self) -> str:
        """The status as the pages read it: figures the superior imported were not sent by the unit."""
        if self.is_imported and self.status == self.Status.SUBMITTED:
            return str(_("Cấp trên đã nhập số liệu"))
        return str(self.get_status_display())

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self, *, by, at, figures: dict, areas: list | None = None) -> None:
        self.source = self.Source.SYSTEM
        self.imported_by = None
        self.submitted_by = by
        self.submitted_at = at
        self.figures = figures
        self.areas = areas or []

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def import_figures(self, *, by, at, figures: dict, areas: list | None = None) -> None:
        self.source = self.Source.FILE
        self.imported_by = by
        self.submitted_by = None
        self.submitted_at = at
        self.figures = figures
        self.areas = areas or []

    @transition(field=status, source=Status.SUBMITTED, target=Status.ACKNOWLEDGED)
    def acknowledge(self, *, by, at) -> None:
        self.acknowledged_by = by
        self.acknowledged_at = at

    @transition(field=status, source=Status.SUBMITTED, target=Status.DRAFT)
    def send_back(self) -> None:
        self.source = self.Source.SYSTEM
        self.submitted_by = None
        self.imported_by = None
        self.submitted_at = None


def export_path(instance: ExportJob, filename: str) -> str:
    return f"exports/{instance.created_at:%Y/%m}/{instance.pk or 'new'}-{filename}"


class ExportJob(models.Model):
    """A file built in the background (register book, quarterly report), downloadable by its owner."""

    class Kind(models.TextChoices):
        QUARTERLY_XLSX = "quarterly_xlsx", _("Báo cáo quý (Excel)")
        QUARTERLY_PDF = "quarterly_pdf", _("Báo cáo quý (PDF)")
        REGISTER_XLSX = "register_xlsx", _("Sổ theo dõi đơn thư (Excel)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo tệp")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    params = models.JSONField(_("tham số"), default=dict)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp"), storage=private_storage, upload_to=export_path, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reports_export_progress_pct"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit} ({self.get_status_display()})"
