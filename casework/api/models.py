"""Idempotency keys: a retried intake request answers what the first one did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """One row per (owner, key): the request's fingerprint and the answer it got. `key` is the
    SHA-256 of the client's key (idempotency.key_digest), never the key itself.

    `owner` is "user:<pk>" for a signed-in caller and "ip:<address>" for the public intake,
    so two callers can never replay each other's answers.
    """

    owner = models.CharField(_("chủ khóa"), max_length=80)
    key = models.CharField(_("khóa (SHA-256)"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    request_hash = models.CharField(_("dấu vân tay yêu cầu"), max_length=64)
    response_status = models.PositiveSmallIntegerField(_("mã trả lời"))
    response_body = models.JSONField(_("nội dung trả lời"), default=dict)
    created_at = models.DateTimeField(_("lúc"), db_index=True)  # pruned by age (idempotency_keys_prune)

    class Meta:
        verbose_name = _("khóa chống gửi trùng")
        verbose_name_plural = _("khóa chống gửi trùng")
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="api_idempotency_once")]

    def __str__(self) -> str:
        return f"{self.owner}:{self.key}"
