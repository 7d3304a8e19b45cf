"""The short texts of SMS and Zalo messages: one per kind of event, a reference and a link.

A phone screen is not a private place and a gateway keeps what it carries: the text names the
kind of event and the record's reference (a case number, DH-/KT-/KN-/KH- numbers, a report's
quarter), never a person, a letter's content or a title typed by someone (Nghị định
13/2023/NĐ-CP Đ.3: minimum data; Luật Tố cáo 2018 Đ.47 for a denouncer). The event is read from
the notification's idempotency key, "<kind>:<id>:<event>:…", so every call of `notify` gets its
text from this one table.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.urls import reverse

from notifications.channels import SMS

# (kind, event) → the text before the link; {ref} is the record's reference. (kind, "") is the kind's
# default for an event not listed.
TEXTS: dict[tuple[str, str], str] = {
    ("case", ""): "Hồ sơ {ref} có cập nhật mới",
    ("deadline", "remind"): "Nhắc hạn: {ref} sắp đến hạn xử lý",
    ("deadline", "breach"): "Quá hạn: {ref} đã quá hạn xử lý",
    ("deadline", ""): "Thời hạn xử lý {ref} có thay đổi",
    ("flag", "escalation"): "Lãnh đạo đã quyết định về dấu hiệu vi phạm {ref}",
    ("flag", "discipline"): "Đã có kết quả bỏ phiếu kỷ luật về dấu hiệu {ref}",
    ("flag", ""): "Dấu hiệu vi phạm {ref} có cập nhật",
    ("inspection", "decide"): "Đã ký quyết định kiểm tra {ref}",
    ("inspection", "notify"): "Đã gửi thông báo kiểm tra {ref}",
    ("inspection", "acknowledge"): "Đơn vị đã xác nhận thông báo kiểm tra {ref}",
    ("inspection", "report_draft"): "Dự thảo báo cáo kiểm tra {ref}: đề nghị giải trình",
    ("inspection", "conclusion_notify"): "Đã thông báo kết luận kiểm tra {ref}",
    ("inspection", "escalation"): "Lãnh đạo đã chỉ đạo về cuộc kiểm tra {ref}",
    ("inspection", "discipline"): "Đề nghị kỷ luật từ cuộc kiểm tra {ref} chờ bỏ phiếu kín",
    ("inspection", ""): "Cuộc kiểm tra {ref} có cập nhật",
    ("recommendation", "create"): "Có kiến nghị {ref} cần thực hiện",
    ("recommendation", "report"): "Đơn vị đã báo cáo thực hiện kiến nghị {ref}",
    ("recommendation", "verify"): "Đã có kết quả xác minh kiến nghị {ref}",
    ("recommendation", "escalation"): "Lãnh đạo đã chỉ đạo về kiến nghị {ref}",
    ("recommendation", ""): "Kiến nghị {ref} có cập nhật",
    ("plan", "submit"): "Kế hoạch kiểm tra {ref} chờ phê duyệt",
    ("plan", "approve"): "Kế hoạch kiểm tra {ref} đã được phê duyệt",
    ("plan", "return"): "Kế hoạch kiểm tra {ref} bị trả lại",
    ("plan", ""): "Kế hoạch kiểm tra {ref} có cập nhật",
    ("report", "submit"): "Đơn vị cấp dưới đã gửi báo cáo {ref}",
    ("report", "return"): "Báo cáo {ref} bị trả lại, cần sửa",
    ("report", ""): "Báo cáo {ref} có cập nhật",
    ("escalation", "open"): "Có đề xuất chờ lãnh đạo quyết định: {ref}",
    ("escalation", "level"): "Đề xuất {ref} được chuyển lên cấp trên quyết định",
    ("escalation", "overdue"): "Đề xuất {ref} đã quá hạn quyết định",
    ("escalation", "decision"): "Lãnh đạo đã quyết định về {ref}",
    ("escalation", ""): "Đề xuất {ref} có cập nhật",
    ("absence", "substitute"): "Bạn được phân công làm thay một cán bộ vắng mặt",
    ("absence", "choose"): "Cần chọn người làm thay một cán bộ vắng mặt",
    ("absence", ""): "Có thay đổi về lịch vắng mặt, làm thay",
    ("task", "pooled"): "Việc {ref} chờ người nhận: người giữ việc đang vắng",
    ("task", ""): "Có việc chờ người nhận",
    ("audit-chain-broken", ""): "Cảnh báo: chuỗi nhật ký kiểm toán bị phá vỡ, cần kiểm tra ngay",
}
GENERIC = "Bạn có thông báo mới"


def event_of(key: str) -> tuple[str, str]:
    """(kind, event) of a notification key such as "inspection:12:decide" or "deadline:7:remind:3"."""
    parts = key.split(":")
    return parts[0], parts[2] if len(parts) > 2 else ""


def channel_phrase(*, key: str, reference: str) -> str:
    """The text before the link: the event's own wording with the reference, or the kind's default."""
    kind, event = event_of(key)
    template = TEXTS.get((kind, event)) or TEXTS.get((kind, ""))
    if template is None or ("{ref}" in template and not reference):
        return GENERIC
    return template.format(ref=reference)


def channel_text(*, channel: str, key: str, reference: str, url: str) -> str:
    """The whole SMS or Zalo text: "UBKT: <event> <reference>. Xem: <link>"."""
    link = f"{settings.SITE_URL}{url or reverse('notifications:centre')}"
    text = f"UBKT: {channel_phrase(key=key, reference=reference)}. Xem: {link}"
    if channel == SMS:
        # Brandname gateways bill Unicode SMS at 70 characters a part: plain letters fit one part.
        text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text
