"""Recording a secret ballot on discipline (QĐ 5130/QĐ-TLĐ) signs for the body and issues the decision
with the next number of the outgoing register: on an inspection's or a flag's page, as on a case's, it
asks for a confirmation first, and without it nothing is recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.models import DisciplineProceeding
from casework.inspections import services
from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag

pytestmark = pytest.mark.django_db


def _ballot(**extra) -> dict:
    return {
        "meeting_on": clock.today().strftime("%d/%m/%Y"),
        "members_total": 9,
        "members_present": 8,
        "votes_canh_cao": 6,
        **extra,
    }


def _ballot_form_html(page: str) -> str:
    return page.split('id="action-discipline_ballot"')[1].split("</form>")[0]


def _posted(client, url: str, proceeding: DisciplineProceeding) -> None:
    refused = client.post(url, _ballot())
    assert refused.status_code == 400
    assert "Vui lòng đánh dấu xác nhận" in refused.content.decode()
    proceeding.refresh_from_db()
    assert proceeding.status == DisciplineProceeding.Status.PROPOSED
    done = client.post(url, _ballot(confirm="on"))
    assert done.status_code == 302
    proceeding.refresh_from_db()
    assert (proceeding.status, proceeding.outcome) == (DisciplineProceeding.Status.DECIDED, "canh_cao")


def test_qd5130_the_ballot_on_an_inspection_asks_for_a_confirmation(cast, frozen_clock, client):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    services.discipline_propose(
        inspection=inspection, person="Nguyễn Văn A", proposal="canh_cao", reason="Chi sai", actor=cast.chair
    )
    proceeding = DisciplineProceeding.objects.get(inspection=inspection)
    client.force_login(cast.leader)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert 'name="confirm"' in _ballot_form_html(page)
    _posted(client, reverse("inspections:inspection_act", args=[inspection.pk, "discipline_ballot"]), proceeding)


def test_qd5130_the_ballot_on_a_flag_asks_for_a_confirmation(cast, frozen_clock, client):
    flag = raise_flag(cast)
    services.flag_discipline_propose(
        flag=flag,
        actor=cast.inspector,
        subject_kind="member",
        subject_name="Trần Văn Thủ",
        violation_forms=["canh_cao"],
        reason="Chi sai quỹ",
    )
    conclude(cast, open_ad_hoc(cast, [flag]))
    proceeding = DisciplineProceeding.objects.get(flag=flag)
    client.force_login(cast.leader)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert 'name="confirm"' in _ballot_form_html(page)
    _posted(client, reverse("inspections:flag_act", args=[flag.pk, "discipline_ballot"]), proceeding)
