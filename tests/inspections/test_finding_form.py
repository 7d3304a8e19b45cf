"""The finding form: its topic starts unchosen, and a finding sent without one is refused by name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections import services
from casework.inspections.models import Finding
from core import clock
from tests.builders import open_ad_hoc, raise_flag

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    inspection = services.inspection_notify(inspection=inspection, text="Chuẩn bị chứng từ", actor=cast.inspector)
    return services.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep)


def test_the_topic_starts_unchosen(client, cast, inspection):
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    form = dict((name, form) for name, _title, form in page.context["action_forms"])["finding"]
    assert form["topic"].value() in (None, "")
    assert form.fields["topic"].required
    assert list(form.fields["topic"].choices)[0][0] == ""


def test_a_finding_without_topic_is_refused_and_nothing_is_filed(client, cast, inspection):
    client.force_login(cast.inspector)
    url = reverse("inspections:inspection_act", args=[inspection.pk, "finding"])
    response = client.post(url, {"description": "Chi sai mục đích", "amount": ""})
    assert response.status_code == 400
    assert "Nội dung: vui lòng chọn nội dung của phát hiện." in response.content.decode()
    assert not Finding.objects.exists()


def test_the_refused_page_says_so_at_its_top_and_links_to_the_form(client, cast, inspection):
    """The page comes back at its top; the form with the errors may be far below."""
    client.force_login(cast.inspector)
    url = reverse("inspections:inspection_act", args=[inspection.pk, "finding"])
    page = client.post(url, {"description": "Chi sai mục đích", "amount": ""}).content.decode()
    top = page.split('<ul class="messages"', 1)[1].split("</ul>", 1)[0]
    assert "Ghi nhận kết quả kiểm tra: chưa thực hiện được." in top and 'href="#action-finding"' in top
    assert page.index('<ul class="messages"') < page.index('id="action-finding"')


def test_a_refusal_reads_once_and_each_field_names_its_own_error_list(client, cast, inspection):
    """The report cannot be drafted before the checklist is done: that reason is said once, not twice
    (above the form and again in it), and a refused field's aria-describedby finds its error list."""
    client.force_login(cast.inspector)
    url = reverse("inspections:inspection_act", args=[inspection.pk, "report_draft"])
    page = client.post(url, {"text": "Dự thảo", "outcome": "founded"}).content.decode()
    form = page.split('id="action-report_draft"', 1)[1].split("</section>", 1)[0]
    assert form.count("Chưa kiểm tra xong") == 1
    page = client.post(reverse("inspections:inspection_act", args=[inspection.pk, "finding"]), {}).content.decode()
    form = page.split('id="action-finding"', 1)[1].split("</section>", 1)[0]
    assert 'aria-describedby="id_finding_topic_error"' in form and 'id="id_finding_topic_error"' in form


def test_the_topic_offers_the_inspections_own_topics(client, cast, inspection):
    """The flag made the inspection's one topic (finance_spending): the form offers it, not the thirteen
    categories; a topic outside the inspection is refused, nothing filed; a topic a saved finding already
    has stays a choice."""
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    form = dict((name, form) for name, _title, form in page.context["action_forms"])["finding"]
    assert [value for value, _label in form.fields["topic"].choices] == ["", "finance_spending"]
    url = reverse("inspections:inspection_act", args=[inspection.pk, "finding"])
    refused = client.post(url, {"topic": "elections", "description": "Bầu cử sai quy định", "amount": ""})
    assert refused.status_code == 400 and not Finding.objects.exists()
    done = client.post(url, {"topic": "finance_spending", "description": "Chi sai mục đích", "amount": ""})
    assert done.status_code == 302 and Finding.objects.get().topic == "finance_spending"
    Finding.objects.create(
        inspection=inspection, topic="finance_books", description="Sổ sách thiếu", created_at=clock.now()
    )
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    form = dict((name, form) for name, _title, form in page.context["action_forms"])["finding"]
    assert [value for value, _label in form.fields["topic"].choices] == ["", "finance_spending", "finance_books"]
