"""The search index: the folded text of each searchable record and of each of its attached files.

Rows are written by `casework.search.services` when a service creates or changes a record, and can be
rebuilt at any time with `manage.py search_reindex`. Reads always go back through each kind's scoped
selector, so the index itself never decides who sees what.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        CASE = "case", _("Hồ sơ đơn thư")
        FLAG = "flag", _("Dấu hiệu vi phạm")
        INSPECTION = "inspection", _("Cuộc kiểm tra")
        SUPERVISION = "supervision", _("Cuộc giám sát")
        PLAN = "plan", _("Kế hoạch kiểm tra")
        RECOMMENDATION = "recommendation", _("Kiến nghị")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    object_id = models.BigIntegerField(_("mã đối tượng"))
    # "record" for the record's own text, "file:<attachment id>" for the text layer of one attachment.
    part = models.CharField(_("phần"), max_length=32, default="record")
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(_("số hiệu (đã chuẩn hóa)"), max_length=64, blank=True)
    title = models.CharField(_("tiêu đề (đã chuẩn hóa)"), max_length=255, blank=True)
    text = models.TextField(_("nội dung (đã chuẩn hóa)"))

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "part"], name="search_document_once"),
        ]
        indexes = [models.Index(fields=["reference"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.part}"
