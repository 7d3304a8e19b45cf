"""The inspection's notice and its conclusion's notice go to the unit as numbered papers of the outgoing register,
dated the day they are sent: sending issues them (or takes the one already issued from the papers page), and their
PDF is that paper, never a draft dated the day it is printed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casework.audit.models import AuditEvent
from casework.inspections import services
from casework.papers.selectors import paper_issued_for
from casework.papers.services import paper_issue
from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag

pytestmark = pytest.mark.django_db


def _text(client, url) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(client.get(url).content)).pages)


def test_sending_the_notice_issues_it_and_the_pdf_keeps_its_number_and_day(client, cast, frozen_clock):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    notice = paper_issued_for(target=inspection, key="inspection.notice")
    assert notice is not None and "/TB-" in notice.symbol
    sent_on = notice.issued_on
    event = AuditEvent.objects.get(action="inspection.notify", target_id=str(inspection.pk))
    assert event.after["number"] == notice.symbol
    clock.advance(dt.timedelta(days=20))
    client.force_login(cast.subject_rep)
    text = _text(client, reverse("reports:inspection_document_pdf", args=[inspection.pk, "notice"]))
    assert f"Số: {notice.symbol}" in text and f"ngày {sent_on:%d} tháng {sent_on:%m} năm {sent_on:%Y}" in text
    assert "……/TB" not in text


def test_the_conclusion_notice_issued_from_the_papers_page_is_the_one_sent(cast, frozen_clock):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    issued = paper_issue(target=inspection, key="inspection.conclusion", actor=cast.chair)
    services.inspection_conclusion_notify(inspection=inspection, actor=cast.chair)
    assert paper_issued_for(target=inspection, key="inspection.conclusion") == issued
    event = AuditEvent.objects.get(action="inspection.conclusion_notify", target_id=str(inspection.pk))
    assert event.after["number"] == issued.symbol


def test_sending_the_conclusion_issues_its_notice(cast, frozen_clock):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    assert paper_issued_for(target=inspection, key="inspection.conclusion") is None
    services.inspection_conclusion_notify(inspection=inspection, actor=cast.chair)
    assert paper_issued_for(target=inspection, key="inspection.conclusion") is not None
