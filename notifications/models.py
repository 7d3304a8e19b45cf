"""The in-app inbox, the transactional outbox (e-mail, SMS, Zalo OA) and each person's channel choice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.channels import CHANNEL_CHOICES, OPT_IN_CHANNELS


class Notification(models.Model):
    """Thông báo trong hệ thống: one per recipient."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=255, blank=True)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    key = models.CharField(_("khóa"), max_length=200)
    created_at = models.DateTimeField(_("lúc"))
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notif_once_per_user")]
        indexes = [models.Index(fields=["user"], name="notif_unread", condition=Q(read_at__isnull=True))]


class OutboxMessage(models.Model):
    """A message written in the same transaction as the state change that caused it.

    A worker delivers it later; `key` is unique so a message is created, and delivered, once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("chờ gửi")
        SENDING = "sending", _("đang gửi")
        SENT = "sent", _("đã gửi")
        FAILED = "failed", _("gửi lỗi")
        SKIPPED = "skipped", _("không gửi (người nhận tắt kênh này)")

    key = models.CharField(_("khóa"), max_length=200, unique=True)
    channel = models.CharField(_("kênh"), max_length=16, choices=CHANNEL_CHOICES, default="email")
    recipient = models.CharField(_("người nhận"), max_length=255)
    # Checked again at delivery: a user who turns a channel off stops the messages still queued.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"))
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("thư chờ gửi")
        verbose_name_plural = _("hộp thư đi")
        indexes = [
            # Due work: pending messages, and claimed ones whose worker's lease ran out.
            models.Index(fields=["next_attempt_at"], name="outbox_due", condition=Q(status__in=["pending", "sending"])),
        ]


class ChannelChoice(models.Model):
    """Kênh nhận thông báo: a person's own choice of SMS or Zalo, with the address to use.

    Only officers and leaders choose channels; a denouncer's contact is never used for
    notifications (only for the papers the law requires), and is not a User here anyway.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_choices")
    channel = models.CharField(
        _("kênh"), max_length=16, choices=[c for c in CHANNEL_CHOICES if c[0] in OPT_IN_CHANNELS]
    )
    address = models.CharField(_("số điện thoại / Zalo ID"), max_length=64)
    enabled = models.BooleanField(_("đang bật"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("kênh nhận thông báo")
        verbose_name_plural = _("kênh nhận thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="channel_choice_once")]
