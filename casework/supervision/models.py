"""Cuộc giám sát: the inspection committee watches how a unit carries out the Charter, resolutions
and rules of the union, reports what it found and, where it finds signs of violation, raises flags.

The committee both inspects (kiểm tra) and supervises (giám sát): Điều lệ Công đoàn Việt Nam (2023),
the articles on the inspection committee's tasks; Hướng dẫn 238/HD-TLĐ (04/3/2014) mục 29, which has it
supervise the members of the executive committee, the cadres of its level and the unions below on how
they carry out the Charter and resolutions; and the union's rules on supervision (Quy định giám sát
trong tổ chức Công đoàn, QĐ 833/QĐ-TLĐ, 17/4/2018), for which each level's inspection committee is the
focal point. Plan §3.6 asks each level for a quarterly and yearly programme of inspection and
supervision, to "nắm bắt tình hình, phát hiện dấu hiệu vi phạm" and to inspect 100% of the signs
found: a report with signs raises flags (Flag.Source.SUPERVISION), and the flags' own guarantee takes
over from there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

SUPERVISION_TARGET = "supervision.supervision"


class Supervision(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """Cuộc giám sát of a subject unit by a committee's unit: planned → in progress → reported → closed."""

    class Kind(models.TextChoices):
        # The two forms union committees' supervision programmes use, as the Party's rules they follow
        # define them (Quy định 22-QĐ/TW, 28/7/2021, Đ.3 khoản 4): thường xuyên, following the unit's work
        # as it goes; chuyên đề, on chosen topics over a set period.
        REGULAR = "regular", _("Giám sát thường xuyên")
        THEMATIC = "thematic", _("Giám sát chuyên đề")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Chuẩn bị giám sát")
        IN_PROGRESS = "in_progress", _("Đang giám sát")
        REPORTED = "reported", _("Đã báo cáo kết quả")
        CLOSED = "closed", _("Đã kết thúc")

    class Assessment(models.TextChoices):
        GOOD = "good", _("Thực hiện tốt")
        ADEQUATE = "adequate", _("Cơ bản thực hiện đúng quy định")
        SHORTCOMINGS = "shortcomings", _("Còn hạn chế, thiếu sót")

    DONE_STATUSES = (Status.REPORTED, Status.CLOSED)

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị tiến hành giám sát"), on_delete=models.PROTECT, related_name="+"
    )
    subject_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị được giám sát"), on_delete=models.PROTECT, related_name="supervisions"
    )
    kind = models.CharField(_("hình thức giám sát"), max_length=10, choices=Kind.choices)
    plan_item = models.ForeignKey(
        "inspections.PlanItem",
        verbose_name=_("nội dung kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    title = models.CharField(_("tên cuộc giám sát"), max_length=255)
    topics = models.JSONField(_("nội dung giám sát"), default=list)
    starts_on = models.DateField(_("giám sát từ ngày"))
    ends_on = models.DateField(_("giám sát đến ngày"))
    status = FSMField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED, protected=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))
    started_at = models.DateTimeField(_("bắt đầu giám sát lúc"), null=True, blank=True)
    findings = models.TextField(_("kết quả giám sát"), blank=True)
    assessment = models.CharField(_("đánh giá"), max_length=12, choices=Assessment.choices, blank=True)
    recommendations = models.TextField(_("kiến nghị sau giám sát"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc giám sát")
        verbose_name_plural = _("cuộc giám sát")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="sup_period_ordered", condition=Q(ends_on__gte=models.F("starts_on"))),
            # A reported supervision has its report: what was found and the committee's assessment.
            models.CheckConstraint(
                name="sup_reported_has_report",
                condition=Q(status__in=["planned", "in_progress"])
                | (Q(reported_at__isnull=False) & ~Q(findings="") & ~Q(assessment="")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"GS-{self.pk:05d}" if self.pk else "GS-?"

    @transition(field=status, source=Status.PLANNED, target=Status.IN_PROGRESS)
    def start(self, at) -> None:
        self.started_at = at

    @transition(field=status, source=Status.IN_PROGRESS, target=Status.REPORTED)
    def report(self, *, findings: str, assessment: str, recommendations: str, by, at) -> None:
        self.findings = findings
        self.assessment = assessment
        self.recommendations = recommendations
        self.reported_by = by
        self.reported_at = at

    @transition(field=status, source=Status.REPORTED, target=Status.CLOSED)
    def close(self, at) -> None:
        self.closed_at = at


class SupervisionMember(models.Model):
    """A member of the supervision team (đoàn giám sát): committee members with no conflict with the unit."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Trưởng đoàn")
        MEMBER = "member", _("Thành viên")

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò trong đoàn"), max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("thành viên đoàn giám sát")
        verbose_name_plural = _("đoàn giám sát")
        constraints = [models.UniqueConstraint(fields=["supervision", "user"], name="sup_team_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
