"""The notice publishing a discipline decision that handles a denounced violation (Luật Tố cáo 2018 Đ.40 khoản 1,
3; Nghị định 31/2019/NĐ-CP Đ.6) is issued into the register from the papers page where the case's own papers are,
numbered in the register of the body that issued the decision, for whoever may issue papers there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.models import Kind
from casework.cases.services import discipline_ballot_record, discipline_propose
from casework.org.models import Role
from casework.papers.models import Paper
from core import clock
from tests.builders import decided
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BALLOT = {"members_total": 9, "members_present": 9, "votes": {"canh_cao": 9}}


def notices(proceeding):
    return Paper.objects.filter(
        target_type="cases.disciplineproceeding",
        target_id=str(proceeding.pk),
        template_version__template__key="discipline.publication",
    )


def test_the_case_papers_page_issues_the_notice_publishing_its_discipline_decision(cast, client, frozen_clock):
    case = decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital)
    discipline_propose(
        case=case, actor=cast.officer, subject_kind="member", subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"], reason="Kết luận nội dung tố cáo",
    )  # fmt: skip
    proceeding = discipline_ballot_record(case=case, actor=cast.leader, meeting_on=clock.today(), **BALLOT)
    url = reverse("papers:target", args=["case", case.pk])
    # A reader of the case who issues no papers is offered nothing and may post nothing.
    reader = UserFactory(username="sector_auditor", roles=[(Role.AUDITOR, cast.sector)])
    client.force_login(reader)
    page = client.get(url).content.decode()
    assert 'value="discipline.publication"' not in page
    assert client.post(url, {"key": "discipline.publication", "discipline": proceeding.pk}).status_code == 403
    assert not notices(proceeding).exists()
    client.force_login(cast.officer)
    page = client.get(url).content.decode()
    assert 'value="discipline.publication"' in page and f'name="discipline" value="{proceeding.pk}"' in page
    # Hostile input: no number, or a decision not taken on this case, is refused and issues nothing.
    for bad, status in (("abc", 400), ("99999999999999999999999", 400), ("", 404), (str(proceeding.pk + 999), 404)):
        assert client.post(url, {"key": "discipline.publication", "discipline": bad}).status_code == status
    assert not notices(proceeding).exists()
    response = client.post(url, {"key": "discipline.publication", "discipline": proceeding.pk})
    (paper,) = notices(proceeding)
    assert response.status_code == 302 and response["Location"] == reverse("papers:detail", args=[paper.pk])
    assert paper.unit == proceeding.unit and paper.doc_kind == "TB" and paper.issued_by == cast.officer
    assert "Trần Thị Bị" in paper.summary
    # Issued once: no longer offered; posting again is refused with the paper's number.
    page = client.get(url).content.decode()
    assert 'value="discipline.publication"' not in page
    again = client.post(url, {"key": "discipline.publication", "discipline": proceeding.pk}, follow=True)
    assert paper.symbol in again.content.decode() and notices(proceeding).count() == 1
