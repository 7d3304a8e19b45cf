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

# What a retention period is set for: each kind of case, the reception book's visitor identities, and the
# register of data subjects' requests (the requester and the answer's text).
RECEPTION = "reception"
SUBJECT_REQUEST = "subject_request"
RECORD_KINDS = [
    *Kind.choices,
    (RECEPTION, _("Sổ tiếp công dân (danh tính người đến)")),
    (SUBJECT_REQUEST, _("Yêu cầu của chủ thể dữ liệu (người yêu cầu, nội dung trả lời)")),
]


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
    years = models.PositiveSmallIntegerField(
        _(
            "số năm lưu trữ kể từ ngày đóng hồ sơ (sổ tiếp: kể từ ngày tiếp; yêu cầu của chủ thể dữ liệu: kể từ ngày kết thúc)"
        )
    )
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
    entry, or the requester of a data subject's request) is not destroyed (a lawsuit, an inquiry)."""

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
    # The register's own row of a data subject's request holds its requester, sealed: a hold keeps them past
    # the register's period too (`subject_request_personal_data_destroy`).
    subject_request = models.ForeignKey(
        "privacy.SubjectAccessRequest",
        verbose_name=_("yêu cầu của chủ thể dữ liệu"),
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
                condition=Q(case__isnull=False, reception_entry__isnull=True, subject_request__isnull=True)
                | Q(case__isnull=True, reception_entry__isnull=False, subject_request__isnull=True)
                | Q(case__isnull=True, reception_entry__isnull=True, subject_request__isnull=False),
                name="legal_hold_one_record",
            )
        ]


class SubjectRight(models.TextChoices):
    """Quyền của chủ thể dữ liệu được yêu cầu thực hiện (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 1)."""

    ACCESS = "access", _("Xem, được cung cấp dữ liệu cá nhân")
    CORRECT = "correct", _("Chỉnh sửa dữ liệu cá nhân")
    DELETE = "delete", _("Xóa dữ liệu cá nhân")
    RESTRICT = "restrict", _("Hạn chế xử lý dữ liệu cá nhân")
    OBJECT = "object", _("Phản đối xử lý dữ liệu cá nhân")
    WITHDRAW_CONSENT = "withdraw_consent", _("Rút lại sự đồng ý")


class RequestChannel(models.TextChoices):
    """Cách chủ thể dữ liệu gửi yêu cầu."""

    IN_PERSON = "in_person", _("Trực tiếp tại trụ sở")
    POST = "post", _("Qua bưu chính")
    ELECTRONIC = "electronic", _("Qua mạng điện tử (e-mail, cổng trực tuyến)")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã phản hồi")
    ANSWERED = "answered", _("Đã thực hiện")
    REFUSED = "refused", _("Từ chối")
    WITHDRAWN = "withdrawn", _("Người yêu cầu rút yêu cầu")


class RequestOutcome(models.TextChoices):
    FULFILLED = "fulfilled", _("Thực hiện đầy đủ")
    PARTLY = "partly", _("Thực hiện một phần")
    REFUSED = "refused", _("Từ chối (nêu lý do)")


class SubjectAccessRequest(models.Model):
    """Yêu cầu thực hiện quyền của chủ thể dữ liệu (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 1, khoản 5;
    Nghị định 356/2025/NĐ-CP): when and how it came, who asked (sealed), which right, the clocks of its
    acknowledgement and of its answer (`casework.privacy.requests`), and what became of it.

    The requester's name and identifiers are personal data: kept only encrypted (`requester_ciphertext`,
    read with `subject_request_requester`) with a keyed fingerprint to recognise the same person
    (`casework.cases.identity.subject_fingerprint`); they never enter the audit trail."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị tiếp nhận"), on_delete=models.PROTECT, related_name="subject_requests"
    )
    received_on = models.DateField(_("ngày nhận yêu cầu"))
    channel = models.CharField(_("hình thức gửi"), max_length=16, choices=RequestChannel.choices)
    right = models.CharField(_("quyền được yêu cầu"), max_length=20, choices=SubjectRight.choices)
    requester_ciphertext = models.TextField(_("người yêu cầu (mã hóa)"), editable=False)
    requester_fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    outcome = models.CharField(_("kết quả"), max_length=16, choices=RequestOutcome.choices, blank=True)
    outcome_text = models.TextField(_("nội dung trả lời, lý do"), blank=True)
    export_event = models.ForeignKey(
        "audit.AuditEvent",
        verbose_name=_("bản trích xuất dữ liệu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"))
    acknowledged_at = models.DateTimeField(_("phản hồi lúc"), null=True, blank=True)
    # Nghị định 356/2025/NĐ-CP Điều 5: a processor or a third party must act too (the answer's longer limit),
    # and the controller's one extension, its days and the reason the requester is told.
    third_party = models.BooleanField(_("có bên xử lý hoặc bên thứ ba cùng thực hiện"), default=False)
    extension_days = models.PositiveSmallIntegerField(_("số ngày gia hạn"), null=True, blank=True)
    extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kết thúc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Past the register's retention period the requester and the answer's text are erased
    # (`subject_request_personal_data_destroy`); the reference, unit, days, right and outcome stay.
    personal_data_destroyed_at = models.DateTimeField(_("hủy dữ liệu cá nhân lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["unit", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["answered", "refused"], outcome__gt="")
                | (~Q(status__in=["answered", "refused"]) & Q(outcome="")),
                name="subject_request_outcome_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """How the request is named where its requester is not: "YCDL-00012"."""
        return f"YCDL-{self.pk:05d}"
