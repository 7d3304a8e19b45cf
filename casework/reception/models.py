"""Tiếp công dân: reception sessions of a unit and their reception book.

The book follows the columns of the official reception book (Sổ tiếp công dân, mẫu số 03 ban hành
kèm Thông tư 04/2021/TT-TTCP): date, name, address, identity paper number, number of people,
content, classification, handling route, follow-up of the result. The visitor's name, address and
identity paper number are personal data (and, for a denunciation, secret: Luật Tố cáo 2018 Đ.47):
they are stored encrypted like a denouncer's identity and shown only to the book's keepers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReceptionSession(models.Model):
    """Buổi tiếp công dân: who receives, when and where; published on the public page."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reception_sessions"
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=255)
    receivers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người tiếp"), related_name="reception_sessions"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    is_published = models.BooleanField(_("công bố trên trang công khai"), default=True)
    is_cancelled = models.BooleanField(_("đã hủy"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập lịch"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("buổi tiếp công dân")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="reception_session_ordered"),
        ]
        indexes = [models.Index(fields=["unit", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.starts_at:%d/%m/%Y %H:%M}"


class Classification(models.TextChoices):
    """Phân loại đơn, vụ việc (mẫu số 03)."""

    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị, phản ánh")
    OTHER = "other", _("Khác")


class HandlingRoute(models.TextChoices):
    """Hướng xử lý (mẫu số 03)."""

    CASE = "case", _("Tiếp nhận thành hồ sơ để giải quyết")
    GUIDED = "guided", _("Hướng dẫn đến cơ quan có thẩm quyền")
    TRANSFERRED = "transferred", _("Chuyển đơn đến cơ quan có thẩm quyền")
    ANSWERED = "answered", _("Trả lời, giải thích trực tiếp")


class ReceptionEntry(models.Model):
    """A row of the reception book: one visit (one person or a group with a representative)."""

    session = models.ForeignKey(
        ReceptionSession, verbose_name=_("buổi tiếp"), on_delete=models.PROTECT, related_name="entries"
    )
    received_at = models.DateTimeField(_("thời điểm tiếp"))
    visitor_ciphertext = models.TextField(_("người đến (mã hóa)"), editable=False)
    people_count = models.PositiveSmallIntegerField(_("số người"), default=1)
    content = models.TextField(_("nội dung vụ việc"))
    classification = models.CharField(_("phân loại"), max_length=16, choices=Classification.choices)
    handling_route = models.CharField(_("hướng xử lý"), max_length=16, choices=HandlingRoute.choices)
    follow_up = models.TextField(_("theo dõi kết quả"), blank=True)
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception_entry",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi sổ"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dòng sổ tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["received_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(people_count__gte=1), name="reception_entry_people_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.pk}"
