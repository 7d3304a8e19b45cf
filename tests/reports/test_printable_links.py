"""Detail pages show the process diagram with the current step, and links to the PDFs they have."""

import pytest
from django.urls import reverse

from tests.builders import open_ad_hoc, raise_flag

pytestmark = pytest.mark.django_db


def test_inspection_page_shows_its_diagram_and_decision_pdf(client, cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    client.force_login(cast.chair)
    body = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert "<svg" in body
    pdf = reverse("reports:inspection_document_pdf", args=[inspection.pk, "decision"])
    assert pdf in body
    assert reverse("reports:inspection_document_pdf", args=[inspection.pk, "conclusion"]) not in body
    response = client.get(pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_case_page_shows_its_diagram_with_the_current_step(client, cast, frozen_clock):
    from tests.builders import make_case

    case = make_case(cast, title="Đơn khiếu nại", content="Nội dung khiếu nại về chi quỹ.")
    client.force_login(cast.officer)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<svg" in body
    assert "process-diagram" in body
