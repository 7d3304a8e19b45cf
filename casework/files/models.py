"""Attachments: files uploaded to a case, flag, inspection or any other object."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.files.storage import private_storage


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never carries the user's file name: it is a digest, so a crafted name
    # cannot walk out of the directory or collide with another file. An identity-bearing file's is
    # keyed: its plain SHA-256 in the name would let whoever holds a guessed file confirm it.
    at = instance.uploaded_at
    digest = instance.sha256
    if instance.identifying:
        key = settings.IDENTITY_ENCRYPTION_KEY.encode()
        digest = hmac.new(key, f"attachment|{digest}".encode(), hashlib.sha256).hexdigest()
    return f"{at:%Y/%m}/{digest[:2]}/{digest}-{filename}"


class Attachment(models.Model):
    """One stored file, linked to its target by "app_label.model_name" and id."""

    target_type = models.CharField(_("loại đối tượng"), max_length=64)
    target_id = models.CharField(_("mã đối tượng"), max_length=64)
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=64, blank=True)
    # Identity-bearing (a denouncer's letter scan, envelope, signature, recording...): the stored
    # bytes are sealed by the target app and never served by files:download.
    identifying = models.BooleanField(_("có thông tin người tố cáo"), default=False)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=128)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file = models.FileField(_("tệp"), storage=private_storage, upload_to=attachment_path, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"))

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return self.original_name
