"""The append-only, hash-chained audit trail (nhật ký không thể sửa)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.audit.fields import CanonicalJSONField


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only")


class AuditEvent(models.Model):
    """One event. `hash` = SHA-256 over the canonical JSON of the event and `prev_hash`."""

    seq = models.BigIntegerField(_("số thứ tự"), unique=True)
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("tên người thực hiện"), max_length=255)
    actor_role = models.CharField(_("vai trò"), max_length=32, blank=True)
    actor_unit_id = models.BigIntegerField(_("đơn vị của người thực hiện"), null=True, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    target_type = models.CharField(_("loại đối tượng"), max_length=64)
    target_id = models.CharField(_("mã đối tượng"), max_length=64)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = CanonicalJSONField(_("trước"), default=dict, blank=True)
    after = CanonicalJSONField(_("sau"), default=dict, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    meta = CanonicalJSONField(_("thông tin yêu cầu"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The exact text `hash` is the SHA-256 of (see canonical_sql: on PostgreSQL a CHECK constraint
    # keeps it equal to the columns above, so the verifier hashes it as stored).
    canonical = models.TextField(_("văn bản đã băm"), editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện kiểm toán")
        verbose_name_plural = _("sự kiện kiểm toán")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "seq"], name="audit_target_seq"),
            models.Index(fields=["unit", "at"], name="audit_unit_at"),
            # The verifier's link walk reads (seq, prev_hash, hash) in seq order from this index alone
            # (an index-only scan, which never visits the table); PostgreSQL only, as `include` is.
            models.Index(fields=["seq"], include=["prev_hash", "hash"], name="audit_seq_links"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only")


class AuditCheckpoint(models.Model):
    """A signed copy of the chain head at one moment (điểm kiểm tra).

    The JSON printed by `audit_checkpoint` is meant to be kept elsewhere (e-mail, paper, another
    server): whoever rewrites the table cannot also rewrite those copies, and cannot forge the
    HMAC without the key.
    """

    seq = models.BigIntegerField(_("số thứ tự đầu chuỗi"))
    hash = models.CharField(_("hash đầu chuỗi"), max_length=64)
    created_at = models.DateTimeField(_("thời điểm lập"))
    signature = models.CharField(_("chữ ký HMAC-SHA256"), max_length=64)

    class Meta:
        verbose_name = _("điểm kiểm tra nhật ký")
        verbose_name_plural = _("điểm kiểm tra nhật ký")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}… {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"


class AuditChainHead(models.Model):
    """The one row holding the newest seq and hash: writers lock it to append (see services._lock_head).

    Not a trust anchor (verify_audit never reads it); it only serializes writers and saves them
    a lookup. Rebuilt from the events by audit_record when missing (e.g. after a test flush).
    """

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        db_table = "audit_chainhead"
        verbose_name = _("đầu chuỗi nhật ký")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chainhead_single_row")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}…"
