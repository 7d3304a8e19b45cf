"""Heartbeats: when each periodic job last finished, so readiness and metrics can tell a stalled scheduler."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per job name, overwritten each time the job completes without error."""

    name = models.CharField(_("tên tác vụ"), max_length=200, unique=True)
    at = models.DateTimeField(_("lần chạy xong gần nhất"))
    duration = models.FloatField(_("thời gian chạy (giây)"), null=True, blank=True)
    # What the job reported: `ok` when its result has one (e.g. a verification), and its summary.
    ok = models.BooleanField(_("kết quả tốt"), null=True, blank=True)
    detail = models.CharField(_("tóm tắt kết quả"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nhịp tác vụ định kỳ")
        verbose_name_plural = _("nhịp tác vụ định kỳ")

    def __str__(self) -> str:
        return f"{self.name} @ {timezone.localtime(self.at):%d/%m/%Y %H:%M:%S}"
