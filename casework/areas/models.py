"""Lĩnh vực: the subject areas cases and flags are classified under, as versioned data.

An area keeps one stable `code` for ever; what it is called, and whether it is still offered,
is a chain of `SubjectAreaVersion` rows, each in force from its `valid_from` day until the next
one. A rename or a retirement adds a version and never rewrites one, so a report of a past
period reads the names that were in force then (the version in force on the period's last day),
and a retired area stays on the records that carry it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CODE_VALIDATOR = RegexValidator(r"^[a-z][a-z0-9_]{1,31}$", _("Mã lĩnh vực: chữ thường không dấu, số, dấu gạch dưới."))


class SubjectArea(models.Model):
    """Một lĩnh vực (chế độ chính sách, tài chính công đoàn…), identified by its code."""

    code = models.CharField(_("mã lĩnh vực"), max_length=32, unique=True, validators=[CODE_VALIDATOR])
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        version = self.version_on(dt.date.max)
        return version.shown_name if version is not None else self.code

    def version_on(self, day: dt.date) -> SubjectAreaVersion | None:
        """The version in force on `day` (None before the area existed). Uses prefetched versions when present."""
        current = None
        for version in sorted(self.versions.all(), key=lambda v: (v.valid_from, v.pk)):
            if version.valid_from <= day:
                current = version
        return current


class SubjectAreaVersion(models.Model):
    """The name of an area (and whether it is offered) from `valid_from` on, until its next version."""

    area = models.ForeignKey(SubjectArea, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions")
    name = models.CharField(_("tên lĩnh vực"), max_length=128)
    name_en = models.CharField(
        _("tên lĩnh vực bằng tiếng Anh"),
        max_length=128,
        blank=True,
        help_text=_("Hiển thị khi người đọc chọn tiếng Anh; để trống thì hiển thị tên tiếng Việt."),
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    retired = models.BooleanField(
        _("ngừng sử dụng"), default=False, help_text=_("Không chọn cho hồ sơ mới; vẫn giữ trên hồ sơ cũ.")
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("phiên bản lĩnh vực")
        verbose_name_plural = _("phiên bản lĩnh vực")
        ordering = ["area", "valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "valid_from"], name="areas_version_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.shown_name} ({self.valid_from:%d/%m/%Y})"

    @property
    def shown_name(self) -> str:
        """The name in the reader's language: the English one when the page is in English and one is set."""
        return self.name_en if self.name_en and english_shown() else self.name


def english_shown() -> bool:
    return (get_language() or "").startswith("en")
