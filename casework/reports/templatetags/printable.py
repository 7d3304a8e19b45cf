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


@register.inclusion_tag("reports/_printable.html", takes_context=True)
def printable_documents(context: Any, obj: Any) -> dict:
    """The link to the object's papers says "issue" only to one who may issue them
    (papers.selectors.paper_may_issue, the rule of the papers page); others read them."""
    from casework.papers.selectors import paper_may_issue

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
    request = context.get("request")
    if request is None or not paper_may_issue(user=request.user, unit=obj.unit):
        papers_label = _("Văn bản đã ban hành")
    if label == "inspections.Flag":
        # A flag has no papers of its own: the link shows once a discipline decision on it is issued.
        from casework.papers.selectors import papers_for

        papers_label = _("Văn bản đã ban hành (quyết định kỷ luật)")
        if request is None or not papers_for(target=obj, user=request.user).exists():
            register_url = ""
    return {"links": links, "papers_url": register_url, "papers_label": papers_label}
