"""Official papers (văn bản) the committee issues, the registers that number them, and the
templates they are made from.

- `PaperTemplate` / `PaperTemplateVersion`: the layout data of one kind of paper (QĐ 933/QĐ-TLĐ,
  building on Nghị định 30/2020/NĐ-CP). An edit adds a version; a paper keeps the version it was made from.
- `RegisterCounter`: the last number used in a unit's register (sổ văn bản đi / đến) for a
  document kind and year; locked while numbering, so numbers are gapless and unique.
- `Paper`: one entry of the outgoing register (sổ văn bản đi) and its files (unsigned PDF,
  digitally signed PDF, or the scan of a paper signed by hand).
- `IncomingEntry`: one entry of the incoming register (sổ văn bản đến), made at intake.
- `PaperGrounds`: per deadline-policy version, the "Căn cứ" lines and the statement of the right
  to the next step printed on a case's papers.
- `SigningProfile`: how a user signs digitally (PKCS#12 file, or a PKCS#11 token in production).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.files.storage import private_storage


class Book(models.TextChoices):
    OUTGOING = "out", _("Sổ văn bản đi")
    INCOMING = "in", _("Sổ văn bản đến")


class DocKind(models.TextChoices):
    """Abbreviations of document kinds (Nghị định 30/2020/NĐ-CP, Phụ lục III; QĐ 933/QĐ-TLĐ)."""

    DECISION = "QĐ", _("Quyết định")
    NOTICE = "TB", _("Thông báo")
    CONCLUSION = "KL", _("Kết luận")
    TRANSFER = "PC", _("Phiếu chuyển")
    REPORT = "BC", _("Báo cáo")
    LETTER = "CV", _("Công văn")
    RECORD = "BB", _("Biên bản")
    # Giấy biên nhận (Mẫu số 02/TCD, Nghị định 154/2026/NĐ-CP Đ.15 khoản 4): Phụ lục III of Nghị định
    # 30/2020/NĐ-CP lists no abbreviation for it; the template's kind is the administrators' to change.
    RECEIPT = "GBN", _("Giấy biên nhận")
    INCOMING = "ĐẾN", _("Văn bản đến")


class Issuer(models.TextChoices):
    """Which body of the unit issues the paper: the heading names it, the signature acts for it."""

    COMMITTEE = "committee", _("Ủy ban kiểm tra công đoàn")
    EXECUTIVE = "executive", _("Ban Chấp hành / Ban Thường vụ công đoàn")


class Authority(models.TextChoices):
    """Thẩm quyền ký (Nghị định 30/2020/NĐ-CP, Điều 13; QĐ 933/QĐ-TLĐ)."""

    TM = "TM.", _("TM. (thay mặt tập thể)")
    KT = "KT.", _("KT. (ký thay người đứng đầu)")
    Q = "Q.", _("Q. (quyền)")
    TL = "TL.", _("TL. (thừa lệnh)")
    TUQ = "TUQ.", _("TUQ. (thừa ủy quyền)")
    NONE = "", _("Người đứng đầu ký trực tiếp")


class PaperTemplate(models.Model):
    """Mẫu văn bản: one kind of paper (e.g. the decision on a complaint); its text lives in versions."""

    key = models.CharField(_("mã mẫu"), max_length=48, unique=True)
    name = models.CharField(_("tên mẫu"), max_length=255)

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class PaperTemplateVersion(models.Model):
    """One saved version of a template. Never edited: an edit adds the next version."""

    template = models.ForeignKey(PaperTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    doc_kind = models.CharField(_("loại văn bản"), max_length=8, choices=DocKind.choices)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=16, choices=Issuer.choices)
    symbol_suffix = models.CharField(_("chữ viết tắt tên cơ quan ban hành"), max_length=32)
    place = models.CharField(_("địa danh"), max_length=64)
    title = models.TextField(_("tên loại và trích yếu"))
    addressee = models.CharField(_("kính gửi"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    recipients = models.TextField(_("nơi nhận"))
    authority = models.CharField(_("thẩm quyền ký"), max_length=4, choices=Authority.choices, blank=True)
    authority_body = models.CharField(_("tập thể được thay mặt / người đứng đầu"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128)
    signer_role = models.CharField(_("vai trò người ký"), max_length=32)
    # What the form prints (its appendix decides): whether the paper carries a "Số: …" line (Mẫu số 02/TCD
    # of Nghị định 154/2026/NĐ-CP has none, its number kept in the register only), the caption under the
    # signer's title, and the one under the other party's block of a record or a receipt.
    number_line = models.BooleanField(_("in dòng số, ký hiệu"), default=True)
    signer_caption = models.CharField(_("ghi chú dưới chức danh người ký"), max_length=128, blank=True)
    countersign_caption = models.CharField(_("ghi chú dưới chữ ký bên kia"), max_length=128, blank=True)
    note = models.CharField(_("ghi chú sửa đổi"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("phiên bản mẫu văn bản")
        verbose_name_plural = _("phiên bản mẫu văn bản")
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="papers_template_version_once")]

    def __str__(self) -> str:
        return f"{self.template.key} v{self.number}"


class PaperGrounds(models.Model):
    """Căn cứ and the right to the next step for one case subject, under one deadline-policy version."""

    policy_version = models.ForeignKey(
        "workflows.PolicyVersion", on_delete=models.PROTECT, related_name="paper_grounds"
    )
    subject = models.CharField(_("loại vụ việc"), max_length=32)
    citations = models.TextField(_("căn cứ (mỗi dòng một văn bản)"))
    next_step = models.TextField(_("quyền tiếp theo của người gửi đơn"), blank=True)
    next_step_days = models.PositiveIntegerField(_("thời hạn (ngày)"), null=True, blank=True)
    next_step_days_remote = models.PositiveIntegerField(_("thời hạn vùng sâu, vùng xa (ngày)"), null=True, blank=True)

    class Meta:
        verbose_name = _("căn cứ và quyền tiếp theo")
        verbose_name_plural = _("căn cứ và quyền tiếp theo")
        constraints = [
            models.UniqueConstraint(fields=["policy_version", "subject"], name="papers_grounds_once"),
        ]


class RegisterCounter(models.Model):
    """The last number used in a unit's register for a document kind and year (locked while numbering)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    book = models.CharField(max_length=4, choices=Book.choices)
    doc_kind = models.CharField(max_length=8, choices=DocKind.choices)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "book", "doc_kind", "year"], name="papers_counter_once"),
        ]


class Paper(models.Model):
    """Văn bản đi: one numbered entry of a unit's outgoing register, with the files that carry it."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Đã ban hành")
        CANCELLED = "cancelled", _("Đã hủy (giữ số)")

    class Signature(models.TextChoices):
        NONE = "", _("Chưa ký")
        DIGITAL = "digital", _("Ký số (PAdES)")
        PAPER = "paper", _("Ký tay, lưu bản quét")

    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="papers")
    doc_kind = models.CharField(_("loại văn bản"), max_length=8, choices=DocKind.choices)
    year = models.PositiveIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=64)
    template_version = models.ForeignKey(
        PaperTemplateVersion, verbose_name=_("phiên bản mẫu"), on_delete=models.PROTECT, related_name="papers"
    )
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_reference = models.CharField(_("hồ sơ"), max_length=64)
    summary = models.CharField(_("trích yếu"), max_length=512)
    recipients = models.TextField(_("nơi nhận"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers_to_sign",
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=255, blank=True)
    # As printed ("Q. CHỦ NHIỆM" for an acting chair); empty on papers issued before it was kept: the
    # template version's title then.
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    # As printed when it is not the template version's (papers.services.paper_signature): under an
    # authorisation ("TUQ. BAN THƯỜNG VỤ"), or a deputy's for the head ("TM. BAN THƯỜNG VỤ", then on its
    # own line "KT. CHỦ TỊCH"); empty: the template version's authority line.
    authority_line = models.CharField(_("thẩm quyền ký khi ban hành"), max_length=160, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    issued_at = models.DateTimeField(_("ban hành lúc"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.ISSUED)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # What the paper was typeset from when issued (the template's values and the legal grounds): a
    # copy addressed to one party is typeset again from these, never from the record as it is later.
    values = models.JSONField(_("nội dung khi ban hành"), default=dict, blank=True, editable=False)
    citations = models.TextField(_("căn cứ khi ban hành"), blank=True, editable=False)
    pdf = models.FileField(_("bản PDF"), storage=private_storage, upload_to="papers/%Y/")
    pdf_sha256 = models.CharField(max_length=64)
    signature = models.CharField(
        _("hình thức ký"), max_length=8, choices=Signature.choices, default=Signature.NONE, blank=True
    )
    signed_pdf = models.FileField(_("bản đã ký"), storage=private_storage, upload_to="papers/%Y/", blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_subject = models.CharField(_("chứng thư số của"), max_length=512, blank=True)
    # When the case's retention period ended (casework.privacy): the files are gone and the values,
    # summary and recipients no longer hold personal data; the register's entry stays.
    personal_data_destroyed_at = models.DateTimeField(_("hủy dữ liệu cá nhân lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["unit", "-year", "doc_kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "doc_kind", "year", "number"], name="papers_number_once"),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="papers_target")]

    def __str__(self) -> str:
        return self.symbol

    @property
    def erased(self) -> bool:
        """Its files and personal values were destroyed at the end of the case's retention period."""
        return self.personal_data_destroyed_at is not None


class IncomingEntry(models.Model):
    """Văn bản đến: a letter entered in the unit's incoming register at intake."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số đến"))
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="incoming_entry"
    )
    received_on = models.DateField(_("ngày đến"))
    registered_at = models.DateTimeField(_("vào sổ lúc"))

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        ordering = ["unit", "-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "number"], name="papers_incoming_once")]


class SigningProfile(models.Model):
    """How a user signs digitally. The PIN or passphrase is asked at each signing and never stored."""

    class Method(models.TextChoices):
        PKCS12 = "pkcs12", _("Tệp PKCS#12 (thử nghiệm, phát triển)")
        PKCS11 = "pkcs11", _("Thiết bị ký số USB token (PKCS#11)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_profile")
    method = models.CharField(_("phương thức ký"), max_length=8, choices=Method.choices)
    pkcs12 = models.FileField(_("tệp PKCS#12"), storage=private_storage, upload_to="signing/", blank=True)
    pkcs11_module = models.CharField(_("thư viện PKCS#11 của nhà cung cấp"), max_length=255, blank=True)
    pkcs11_token_label = models.CharField(_("nhãn token"), max_length=128, blank=True)
    pkcs11_key_label = models.CharField(_("nhãn khóa"), max_length=128, blank=True)
    pkcs11_cert_label = models.CharField(_("nhãn chứng thư"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("cấu hình ký số")
        verbose_name_plural = _("cấu hình ký số")
