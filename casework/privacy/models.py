"""Personal data protection (Luật Bảo vệ dữ liệu cá nhân 2025): per-case keys, retention periods, legal holds.

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

# What a retention period is set for: each kind of case, and the reception book's visitor identities.
RECEPTION = "reception"
RECORD_KINDS = [*Kind.choices, (RECEPTION, _("Sổ tiếp công dân (danh tính người đến)"))]


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


class ReceptionKey(models.Model):
    """Khóa mã hóa của một lượt tiếp công dân: the visitor's identity in the reception book is
    encrypted under it; discarding it at the end of the reception book's period destroys the identity."""

    entry = models.OneToOneField("reception.ReceptionEntry", on_delete=models.CASCADE, related_name="data_key")
    wrapped = models.TextField(blank=True)
    created_at = models.DateTimeField()
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa mã hóa lượt tiếp công dân")
        verbose_name_plural = _("khóa mã hóa lượt tiếp công dân")
        constraints = [
            models.CheckConstraint(
                condition=Q(destroyed_at__isnull=True) | Q(wrapped=""), name="reception_key_destroyed_is_empty"
            )
        ]


class RetentionPolicy(models.Model):
    """Thời hạn lưu trữ: how long a closed case of one kind keeps its personal data, and why."""

    kind = models.CharField(_("loại hồ sơ"), max_length=16, choices=RECORD_KINDS, unique=True)
    years = models.PositiveSmallIntegerField(_("số năm lưu trữ kể từ ngày đóng hồ sơ (sổ tiếp: kể từ ngày tiếp)"))
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
    """Tạm giữ hồ sơ: while a hold is in force the data of the case (or of the reception book's
    entry) is not destroyed (a lawsuit, an inquiry)."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="legal_holds",
        null=True,
        blank=True,
    )
    reception_entry = models.ForeignKey(
        "reception.ReceptionEntry",
        verbose_name=_("lượt tiếp công dân"),
        on_delete=models.PROTECT,
        related_name="legal_holds",
        null=True,
        blank=True,
    )
    reason = models.CharField(_("lý do"), max_length=255)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(_("đặt lúc"))
    released_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tạm giữ hồ sơ")
        verbose_name_plural = _("tạm giữ hồ sơ")
        indexes = [models.Index(fields=["case"], name="legal_hold_active", condition=Q(released_at__isnull=True))]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, reception_entry__isnull=True)
                | Q(case__isnull=True, reception_entry__isnull=False),
                name="legal_hold_one_record",
            )
        ]
