"""The short texts of SMS and Zalo messages: one per kind of event, a reference and a link.

A phone screen is not a private place and a gateway keeps what it carries: the text names the
kind of event and the record's reference (a case number, DH-/KT-/KN-/KH- numbers, a report's
quarter), never a person, a letter's content or a title typed by someone (Luật Bảo vệ dữ liệu cá
nhân 2025 Đ.3 khoản 2: only within the scope of a specific purpose; Luật Tố cáo 2018 Đ.47 for a
denouncer). The event is read from the notification's idempotency key, "<kind>:<id>:<event>:…", so
every call of `notify` gets its text from this one table, in the site's language
(notifications/language.py) as every notice.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.channels import SMS
from notifications.language import notice_render

# (kind, event) → the text before the link; {ref} is the record's reference. (kind, "") is the kind's
# default for an event not listed.
TEXTS: dict[tuple[str, str], Promise] = {
    ("case", ""): _("Hồ sơ {ref} có cập nhật mới"),
    ("deadline", "remind"): _("Nhắc hạn: {ref} sắp đến hạn xử lý"),
    ("deadline", "breach"): _("Quá hạn: {ref} đã quá hạn xử lý"),
    ("deadline", ""): _("Thời hạn xử lý {ref} có thay đổi"),
    ("flag", "escalation"): _("Lãnh đạo đã quyết định về dấu hiệu vi phạm {ref}"),
    ("flag", "discipline"): _("Đã có kết quả bỏ phiếu kỷ luật về dấu hiệu {ref}"),
    ("flag", ""): _("Dấu hiệu vi phạm {ref} có cập nhật"),
    ("inspection", "decide"): _("Đã ký quyết định kiểm tra {ref}"),
    ("inspection", "notify"): _("Đã gửi thông báo kiểm tra {ref}"),
    ("inspection", "acknowledge"): _("Đơn vị đã xác nhận thông báo kiểm tra {ref}"),
    ("inspection", "report_draft"): _("Dự thảo báo cáo kiểm tra {ref}: đề nghị giải trình"),
    ("inspection", "explanation_due"): _("Hôm nay là ngày cuối giải trình dự thảo báo cáo kiểm tra {ref}"),
    ("inspection", "conclusion_notify"): _("Đã thông báo kết luận kiểm tra {ref}"),
    ("inspection", "escalation"): _("Lãnh đạo đã chỉ đạo về cuộc kiểm tra {ref}"),
    ("inspection", "discipline"): _("Đề nghị kỷ luật từ cuộc kiểm tra {ref} chờ bỏ phiếu kín"),
    ("inspection", ""): _("Cuộc kiểm tra {ref} có cập nhật"),
    ("recommendation", "create"): _("Có kiến nghị {ref} cần thực hiện"),
    ("recommendation", "report"): _("Đơn vị đã báo cáo thực hiện kiến nghị {ref}"),
    ("recommendation", "verify"): _("Đã có kết quả xác minh kiến nghị {ref}"),
    ("recommendation", "escalation"): _("Lãnh đạo đã chỉ đạo về kiến nghị {ref}"),
    ("recommendation", ""): _("Kiến nghị {ref} có cập nhật"),
    ("supervision", "create"): _("Bạn được cử vào đoàn giám sát {ref}"),
    ("supervision", "start"): _("Cuộc giám sát {ref} tại đơn vị đã bắt đầu"),
    ("supervision", "report"): _("Cuộc giám sát {ref} đã báo cáo kết quả, chờ kết thúc"),
    ("supervision", "escalation"): _("Lãnh đạo đã chỉ đạo về cuộc giám sát {ref}"),
    ("supervision", ""): _("Cuộc giám sát {ref} có cập nhật"),
    ("plan", "submit"): _("Kế hoạch kiểm tra {ref} chờ phê duyệt"),
    ("plan", "approve"): _("Kế hoạch kiểm tra {ref} đã được phê duyệt"),
    ("plan", "return"): _("Kế hoạch kiểm tra {ref} bị trả lại"),
    ("plan", ""): _("Kế hoạch kiểm tra {ref} có cập nhật"),
    ("report", "submit"): _("Đơn vị cấp dưới đã gửi báo cáo {ref}"),
    ("report", "return"): _("Báo cáo {ref} bị trả lại, cần sửa"),
    ("report", ""): _("Báo cáo {ref} có cập nhật"),
    ("escalation", "open"): _("Có đề xuất chờ lãnh đạo quyết định: {ref}"),
    ("escalation", "level"): _("Đề xuất {ref} được chuyển lên cấp trên quyết định"),
    ("escalation", "overdue"): _("Đề xuất {ref} đã quá hạn quyết định"),
    ("escalation", "decision"): _("Lãnh đạo đã quyết định về {ref}"),
    ("escalation", "overtaken"): _("Đề xuất {ref} không còn chờ quyết định: việc đã được xử lý xong"),
    ("escalation", "late_stop"): _("Việc {ref} đã quá hạn, nay đã xử lý xong: không chờ quyết định"),
    ("escalation", ""): _("Đề xuất {ref} có cập nhật"),
    ("absence", "substitute"): _("Bạn được phân công làm thay một cán bộ vắng mặt"),
    ("absence", "choose"): _("Cần chọn người làm thay một cán bộ vắng mặt"),
    ("absence", ""): _("Có thay đổi về lịch vắng mặt, làm thay"),
    ("task", "pooled"): _("Việc {ref} chờ người nhận: người giữ việc đang vắng"),
    ("task", ""): _("Có việc chờ người nhận"),
    ("audit-chain-broken", ""): _("Cảnh báo: chuỗi nhật ký kiểm toán bị phá vỡ, cần kiểm tra ngay"),
}
GENERIC = _("Bạn có thông báo mới")


def event_of(key: str) -> tuple[str, str]:
    """(kind, event) of a notification key such as "inspection:12:decide" or "deadline:7:remind:3"."""
    parts = key.split(":")
    return parts[0], parts[2] if len(parts) > 2 else ""


def channel_phrase(*, key: str, reference: str) -> str:
    """The text before the link: the event's own wording with the reference, or the kind's default."""
    kind, event = event_of(key)
    template = TEXTS.get((kind, event), TEXTS.get((kind, "")))
    text = notice_render(template) if template is not None else ""
    if not text or ("{ref}" in text and not reference):
        return notice_render(GENERIC)
    return text.replace("{ref}", reference)


def channel_text(*, channel: str, key: str, reference: str, url: str) -> str:
    """The whole SMS or Zalo text: "UBKT: <event> <reference>. Xem: <link>"."""
    link = f"{settings.SITE_URL}{url or reverse('notifications:centre')}"
    phrase = channel_phrase(key=key, reference=reference)
    text = notice_render(lambda: gettext("UBKT: %(event)s. Xem: %(link)s") % {"event": phrase, "link": link})
    if channel == SMS:
        # Brandname gateways bill Unicode SMS at 70 characters a part: plain letters fit one part.
        text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text
