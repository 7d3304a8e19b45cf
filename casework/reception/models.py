"""Tiếp công dân: reception sessions of a unit and their reception book.

The book follows the columns of the official reception book, Mẫu số 03/TCD ban hành kèm Nghị định
154/2026/NĐ-CP (in force 01/07/2026; it sets the forms of reception in place of those of Thông tư
04/2021/TT-TTCP, a circular giving way to the decree it would contradict): STT, ngày tiếp, họ tên và
địa chỉ, CCCD/hộ chiếu, nội dung, loại đơn, số người cùng nội dung, cơ quan đã giải quyết, thuộc
thẩm quyền (x), hướng dẫn công dân đến cơ quan có thẩm quyền, cơ quan thụ lý, theo dõi kết quả, ghi
chú (`casework.reception.selectors.BOOK_COLUMNS`). The visitor's name, address and identity paper
number are personal data (and, for a denunciation, secret: Luật Tố cáo 2018 Đ.47): they are stored
encrypted like a denouncer's identity and shown only to the book's keepers; the keepers' free texts
of a denounced visit are masked like its content.

What the visitor hands over at the visit (thông tin, tài liệu, bằng chứng) is listed on the entry and
acknowledged by a receipt, Mẫu số 02/TCD (Nghị định 154/2026/NĐ-CP Đ.15 khoản 4): `ReceptionDocument`.

A visit may also be refused (từ chối tiếp, Luật Tiếp công dân Đ.9; Nghị định 154/2026/NĐ-CP Đ.4):
its ground is recorded on the entry and, where the decree asks for it, notified in writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from casework.org.models import Unit


class ReceptionSession(models.Model):
    """Buổi tiếp công dân: who receives, when and where; published on the public page."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reception_sessions"
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=255)
    receivers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người tiếp"), related_name="reception_sessions"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    is_published = models.BooleanField(_("công bố trên trang công khai"), default=True)
    is_cancelled = models.BooleanField(_("đã hủy"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập lịch"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("buổi tiếp công dân")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="reception_session_ordered"),
        ]
        indexes = [models.Index(fields=["unit", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.unit} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"


class Classification(models.TextChoices):
    """Phân loại đơn, vụ việc (mẫu số 03)."""

    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị, phản ánh")
    OTHER = "other", _("Khác")


class HandlingRoute(models.TextChoices):
    """Hướng xử lý (mẫu số 03)."""

    CASE = "case", _("Tiếp nhận thành hồ sơ để giải quyết")
    GUIDED = "guided", _("Hướng dẫn đến cơ quan có thẩm quyền")
    TRANSFERRED = "transferred", _("Chuyển đơn đến cơ quan có thẩm quyền")
    ANSWERED = "answered", _("Trả lời, giải thích trực tiếp")


class RefusalGround(models.TextChoices):
    """Căn cứ từ chối tiếp công dân: Luật Tiếp công dân 2013 Đ.9 khoản 1-3 and Nghị định 154/2026/NĐ-CP
    Đ.4 khoản 1 (made under Đ.9 khoản 4 of the Law)."""

    LAW_INCAPABLE = (
        "law_9_1",
        _("Say do dùng chất kích thích, mắc bệnh làm mất khả năng nhận thức, điều khiển hành vi (Đ.9 k1 Luật TCD)"),
    )
    LAW_THREAT = "law_9_2", _("Đe dọa, xúc phạm hoặc vi phạm nội quy nơi tiếp công dân (Đ.9 k2 Luật TCD)")
    LAW_PERSISTENT = (
        "law_9_3",
        _(
            "Vụ việc đã giải quyết đúng chính sách, pháp luật, đã được tiếp, giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, tố cáo kéo dài (Đ.9 k3 Luật TCD)"
        ),
    )
    WEAPONS = (
        "nd_4_a",
        _("Mang vũ khí, vật liệu nổ, vật dụng nguy hiểm mà không gửi, giao nộp (Đ.4 k1 điểm a NĐ 154/2026)"),
    )
    SECURITY_CHECK = "nd_4_b", _("Không chấp hành việc kiểm tra an ninh (Đ.4 k1 điểm b NĐ 154/2026)")
    RECORDING = "nd_4_c", _("Tự ý ghi âm, ghi hình, phát trực tiếp trái yêu cầu (Đ.4 k1 điểm c NĐ 154/2026)")
    DISORDER = "nd_4_d", _("Kích động, lôi kéo, gây rối trật tự tại nơi tiếp công dân (Đ.4 k1 điểm d NĐ 154/2026)")
    NO_CAPACITY = (
        "nd_4_dd",
        _("Không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp (Đ.4 k1 điểm đ NĐ 154/2026)"),
    )
    NO_MANDATE = (
        "nd_4_e",
        _("Người đại diện, được ủy quyền không xuất trình được giấy tờ chứng minh (Đ.4 k1 điểm e NĐ 154/2026)"),
    )
    OUT_OF_SCOPE = (
        "nd_4_g",
        _("Nội dung không thuộc phạm vi khiếu nại, tố cáo, kiến nghị, phản ánh (Đ.4 k1 điểm g NĐ 154/2026)"),
    )
    ANSWERED_BEFORE = (
        "nd_4_h",
        _(
            "Kiến nghị, phản ánh đã được tiếp, hướng dẫn, trả lời bằng văn bản, không có tình tiết mới (Đ.4 k1 điểm h NĐ 154/2026)"
        ),
    )
    JUDGED = (
        "nd_4_i",
        _("Vụ việc đã có bản án, quyết định của Tòa án có hiệu lực pháp luật (Đ.4 k1 điểm i NĐ 154/2026)"),
    )
    ELSEWHERE = (
        "nd_4_k",
        _("Vụ việc đang được cơ quan có thẩm quyền khác thụ lý, giải quyết (Đ.4 k1 điểm k NĐ 154/2026)"),
    )


# The grounds on which the head of the unit notifies the refusal in writing, Mẫu số 01/TCD, within 03
# working days of the day the ground is established (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3); on every other
# ground the receiver explains the refusal to the citizen in person (Đ.4 khoản 2).
REFUSAL_NOTIFIED = frozenset({RefusalGround.LAW_PERSISTENT, RefusalGround.ANSWERED_BEFORE})


class ReceptionEntry(models.Model):
    """A row of the reception book: one visit (one person or a group with a representative)."""

    session = models.ForeignKey(
        ReceptionSession, verbose_name=_("buổi tiếp"), on_delete=models.PROTECT, related_name="entries"
    )
    received_at = models.DateTimeField(_("thời điểm tiếp"))
    visitor_ciphertext = models.TextField(_("người đến (mã hóa)"), editable=False)
    people_count = models.PositiveSmallIntegerField(_("số người"), default=1)
    content = models.TextField(_("nội dung vụ việc"))
    classification = models.CharField(_("phân loại"), max_length=16, choices=Classification.choices)
    handling_route = models.CharField(_("hướng xử lý"), max_length=16, choices=HandlingRoute.choices)
    follow_up = models.TextField(_("theo dõi kết quả"), blank=True)
    # Mẫu số 03/TCD cột (8)-(11), (13) (Nghị định 154/2026/NĐ-CP).
    resolved_by = models.CharField(
        _("cơ quan đã giải quyết"),
        max_length=500,
        blank=True,
        help_text=_("Cơ quan, tổ chức, đơn vị đã giải quyết hết thẩm quyền (nếu có)"),
    )
    within_competence = models.BooleanField(_("thuộc thẩm quyền"), default=False)
    guided_to = models.TextField(
        _("hướng dẫn đến cơ quan có thẩm quyền"),
        blank=True,
        help_text=_("Cơ quan, tổ chức, đơn vị được hướng dẫn đến, số văn bản hướng dẫn"),
    )
    accepted_by = models.TextField(
        _("cơ quan, đơn vị thụ lý"),
        blank=True,
        help_text=_("Cơ quan, tổ chức, đơn vị có thẩm quyền thụ lý, số văn bản chuyển đơn"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    refusal_ground = models.CharField(
        _("căn cứ từ chối tiếp"), max_length=16, choices=RefusalGround.choices, blank=True
    )
    refused_on = models.DateField(_("ngày có đủ căn cứ từ chối tiếp"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi việc từ chối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception_entry",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi sổ"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dòng sổ tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["received_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(people_count__gte=1), name="reception_entry_people_positive"),
            models.CheckConstraint(
                condition=Q(refusal_ground="", refused_on__isnull=True)
                | (~Q(refusal_ground="") & Q(refused_on__isnull=False)),
                name="reception_entry_refusal_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.pk}"

    @property
    def unit(self) -> Unit:
        """The unit whose outgoing register numbers the visit's papers: the session's."""
        return self.session.unit

    @property
    def reference(self) -> str:
        """How the visit is named where its visitor is not (its papers in the register): "TCD-00012"."""
        return f"TCD-{self.pk:05d}"


class DocumentForm(models.TextChoices):
    """Tình trạng của tài liệu, bằng chứng nhận (Mẫu số 02/TCD, ghi chú (5): "bản phô tô hoặc bản sao công
    chứng", or the original itself)."""

    ORIGINAL = "original", _("Bản chính")
    CERTIFIED_COPY = "certified", _("Bản sao công chứng, chứng thực")
    PHOTOCOPY = "photocopy", _("Bản phô tô")


class ReceptionDocument(models.Model):
    """Thông tin, tài liệu, bằng chứng the visitor handed over (Nghị định 154/2026/NĐ-CP Đ.15 khoản 4): its
    name, whether original or copy, its pages; acknowledged by the receipt (Mẫu số 02/TCD). A visit taken
    up as a case brings them with it (`ReceptionEntry.case`)."""

    entry = models.ForeignKey(
        ReceptionEntry, verbose_name=_("lượt tiếp"), on_delete=models.PROTECT, related_name="documents"
    )
    name = models.CharField(_("tên thông tin, tài liệu, bằng chứng"), max_length=500)
    form = models.CharField(_("bản chính hay bản sao"), max_length=16, choices=DocumentForm.choices)
    pages = models.PositiveSmallIntegerField(_("số trang"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ nhận"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("nhận lúc"))

    class Meta:
        verbose_name = _("tài liệu, bằng chứng nhận khi tiếp công dân")
        verbose_name_plural = _("tài liệu, bằng chứng nhận khi tiếp công dân")
        ordering = ["received_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(pages__gte=1), name="reception_document_pages_positive"),
        ]

    def __str__(self) -> str:
        return self.name
