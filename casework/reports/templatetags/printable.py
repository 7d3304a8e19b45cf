"""`{% load printable %}{% printable_documents obj %}`: links to the PDF papers an object has now."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.reports.documents import (
    INSPECTION_DOCUMENT_LABELS,
    inspection_documents_available,
    notice_label,
    notices_available,
)

register = template.Library()


@register.inclusion_tag("reports/_printable.html")
def printable_documents(obj: Any) -> dict:
    label = obj._meta.label
    links = []
    if label == "cases.Case":
        for notice in notices_available(obj):
            url = reverse("reports:case_notice_pdf", args=[obj.pk, notice])
            links.append({"url": url, "title": notice_label(obj, notice)})
    elif label == "inspections.Inspection":
        for doc in inspection_documents_available(obj):
            url = reverse("reports:inspection_document_pdf", args=[obj.pk, doc])
            links.append({"url": url, "title": INSPECTION_DOCUMENT_LABELS[doc]})
    register_url = ""
    if label == "cases.Case":
        register_url = reverse("papers:target", args=["case", obj.pk])
    elif label == "inspections.Inspection":
        register_url = reverse("papers:target", args=["inspection", obj.pk])
    elif label == "inspections.Flag":  # the discipline decisions on the flag
        register_url = reverse("papers:target", args=["flag", obj.pk])
    papers_label = _("Ban hành, lấy số và ký văn bản")
    if label == "inspections.Flag":
        papers_label = _("Văn bản đã ban hành (quyết định kỷ luật)")
    return {"links": links, "papers_url": register_url, "papers_label": papers_label}
