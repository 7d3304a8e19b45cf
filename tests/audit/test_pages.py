import pytest
from django.urls import reverse

from casework.audit.services import audit_record_standalone

pytestmark = pytest.mark.django_db


def test_auditors_see_the_latest_events_on_their_home_page(cast, client):
    audit_record_standalone(actor=cast.officer, action="case.accept", target=("cases.case", 5), unit=cast.hospital)
    audit_record_standalone(
        actor=cast.other_officer, action="case.close", target=("cases.case", 6), unit=cast.other_grassroots
    )
    client.force_login(cast.auditor)
    html = client.get(reverse("home")).content.decode()
    assert "Nhật ký kiểm toán" in html
    # An event and its time, not a step and its deadline.
    section = html.split("<h2>Nhật ký kiểm toán</h2>", 1)[1].split("</thead>", 1)[0]
    assert ">Sự kiện</th>" in section and ">Thời điểm</th>" in section and ">Hạn</th>" not in section
    assert reverse("audit:timeline", args=["cases.case", "5"]) in html
    assert reverse("audit:timeline", args=["cases.case", "6"]) not in html
    client.force_login(cast.officer)
    assert reverse("audit:search") not in client.get(reverse("home")).content.decode()


def test_an_auditor_can_recompute_the_chain_from_the_page(cast, client, tamper):
    client.force_login(cast.auditor)
    assert client.get(reverse("audit:verify")).status_code == 200
    response = client.post(reverse("audit:verify"))
    assert response.status_code == 200
    assert response.context["result"].ok
    tamper.set_field(seq=2, column="reason", value="x")
    response = client.post(reverse("audit:verify"))
    assert "seq 2" in response.content.decode()


def test_others_may_not_run_the_check(cast, client):
    client.force_login(cast.officer)
    assert client.post(reverse("audit:verify")).status_code == 403
