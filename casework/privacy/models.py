"""Personal data protection (Nghị định 13/2023/NĐ-CP): per-case keys, retention periods, legal holds.

A case's personal data (identities, contacts, identity-bearing files, the personal parts of its
audit events) is encrypted under the case's own key; the key itself is stored encrypted under
IDENTITY_ENCRYPTION_KEY (envelope encryption). Destroying the data at the end of its retention
period discards the key: every copy (the append-only audit chain, backups) becomes unreadable at
once while the chain's hashes still verify.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.cases.models import Kind


class CaseKey(models.Model):
    """Khóa mã hóa của một hồ sơ: the case's Fernet key, wrapped under the master key."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="data_key")
    wrapped = models.TextField(blank=True)
    created_at = models.DateTimeField()
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa mã hóa hồ sơ")
        verbose_name_plural = _("khóa mã hóa hồ sơ")
        constraints = [
            models.CheckConstraint(
                condition=Q(destroyed_at__isnull=True) | Q(wrapped=""), name="case_key_destroyed_is_empty"
            )
        ]


class RetentionPolicy(models.Model):
    """Thời hạn lưu trữ: how long a closed case of one kind keeps its personal data, and why."""

    kind = models.CharField(_("loại đơn"), max_length=16, choices=Kind.choices, unique=True)
    years = models.PositiveSmallIntegerField(_("số năm lưu trữ kể từ ngày đóng hồ sơ"))
    source = models.CharField(_("căn cứ (văn bản quy định thời hạn)"), max_length=255)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("thời hạn lưu trữ")
        verbose_name_plural = _("thời hạn lưu trữ")
        constraints = [models.CheckConstraint(condition=Q(years__gte=1), name="retention_at_least_a_year")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.years}"


class LegalHold(models.Model):
    """Tạm giữ hồ sơ: while a hold is in force the case's data is not destroyed (a lawsuit, an inquiry)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField(_("lý do"), max_length=255)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(_("đặt lúc"))
    released_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tạm giữ hồ sơ")
        verbose_name_plural = _("tạm giữ hồ sơ")
        indexes = [models.Index(fields=["case"], name="legal_hold_active", condition=Q(released_at__isnull=True))]
