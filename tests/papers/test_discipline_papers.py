"""A discipline decision (QĐ 5130/QĐ-TLĐ) is listed among the papers of the case, flag or inspection
it arose from, to whoever may read them there; whoever is recused from the case sees none of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.models import Kind
from casework.cases.services import discipline_ballot_record, discipline_propose
from casework.inspections import services as inspections
from casework.org.models import Role
from casework.papers.models import Paper
from casework.papers.selectors import papers_for
from core import clock
from tests.builders import conclude, decided, open_ad_hoc, raise_flag
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

BALLOT = {"members_total": 9, "members_present": 8, "votes": {"canh_cao": 6, "khien_trach": 2}}
SUMMARY = "Về việc thi hành kỷ luật đối với Trần Thị Bị"


def _decision(proceeding) -> Paper:
    return Paper.objects.get(target_type="cases.disciplineproceeding", target_id=str(proceeding.pk))


def _listed(client, kind, pk) -> str:
    response = client.get(reverse("papers:target", args=[kind, pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_discipline_decision_on_a_case_is_on_the_case_papers_page_but_not_for_the_recused(cast, client, frozen_clock):
    # A leader of the unit concerned who also works at the sector is recused from the case.
    hospital_chair = UserFactory(username="hchair", roles=[(Role.BCH_MEMBER, cast.hospital)])
    grant(hospital_chair, Role.CASE_OFFICER, cast.sector)
    case = decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital)
    discipline_propose(
        case=case, actor=cast.officer, subject_kind="member", subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"], reason="Kết luận tố cáo",
    )  # fmt: skip
    paper = _decision(discipline_ballot_record(case=case, actor=cast.leader, meeting_on=clock.today(), **BALLOT))
    client.force_login(cast.chair)
    page = _listed(client, "case", case.pk)
    assert paper.symbol in page and SUMMARY in page and reverse("papers:detail", args=[paper.pk]) in page
    # Neither the page nor the selector gives the recused its papers, the discipline decision included.
    assert list(papers_for(target=case, user=hospital_chair)) == []
    assert list(papers_for(target=case, user=cast.chair)) != []
    client.force_login(hospital_chair)
    assert client.get(reverse("papers:target", args=["case", case.pk])).status_code == 404
    assert client.get(reverse("papers:detail", args=[paper.pk])).status_code == 404


def test_a_discipline_decision_on_a_flag_is_on_the_flag_papers_page(cast, client, frozen_clock):
    flag = raise_flag(cast)
    inspections.flag_discipline_propose(
        flag=flag, actor=cast.inspector, subject_kind="member", subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"], reason="Chi sai quỹ",
    )  # fmt: skip
    conclude(cast, open_ad_hoc(cast, [flag]))
    flag.refresh_from_db()
    proceeding = inspections.flag_discipline_ballot_record(
        flag=flag, actor=cast.leader, meeting_on=clock.today(), **BALLOT
    )
    paper = _decision(proceeding)
    client.force_login(cast.chair)
    flag_page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert reverse("papers:target", args=["flag", flag.pk]) in flag_page
    page = _listed(client, "flag", flag.pk)
    assert paper.symbol in page and SUMMARY in page
    # A flag has no paper of its own to issue: nothing is offered, a posted key is refused.
    assert 'name="key"' not in page
    issued = Paper.objects.count()
    client.post(reverse("papers:target", args=["flag", flag.pk]), {"key": "discipline.decision"})
    assert Paper.objects.count() == issued
    client.force_login(cast.other_officer)  # another sector: not their flag
    assert client.get(reverse("papers:target", args=["flag", flag.pk])).status_code == 404


def test_a_discipline_decision_on_an_inspection_is_on_the_inspection_papers_page(cast, client, frozen_clock):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    inspections.discipline_propose(
        inspection=inspection, person="Trần Thị Bị", proposal="canh_cao", reason="Chi sai", actor=cast.chair
    )
    proceeding = inspections.inspection_discipline_ballot_record(
        inspection=inspection, actor=cast.leader, meeting_on=clock.today(), **BALLOT
    )
    paper = _decision(proceeding)
    client.force_login(cast.chair)
    page = _listed(client, "inspection", inspection.pk)
    assert paper.symbol in page and SUMMARY in page
    # Its own papers are there too: the inspection decision, numbered when it was signed.
    assert inspection.decision_number in page


def test_a_flag_links_to_papers_only_once_a_decision_on_it_is_issued_and_the_page_names_a_flag(
    cast, client, frozen_clock
):
    flag = raise_flag(cast)
    client.force_login(cast.chair)
    flag_page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert reverse("papers:target", args=["flag", flag.pk]) not in flag_page
    page = client.get(reverse("papers:target", args=["flag", flag.pk])).content.decode()
    assert "Văn bản về dấu hiệu vi phạm" in page and "Văn bản của hồ sơ" not in page


def test_a_discipline_decision_on_a_flag_raised_from_a_case_is_not_in_the_register_of_the_recused(
    cast, client, frozen_clock
):
    """The flag raised from a case is the case's (casework.cases.recusal.case_objects_recused_q), and so is a
    discipline decision on it: a leader of the unit denounced who also works at the sector (Luật Tố cáo 2018
    Đ.47 khoản 1) finds it neither in the outgoing register nor on its page; a reader not recused does."""
    from django.db import transaction

    from casework.cases.integrations import flag_raise_from_case
    from casework.papers.selectors import paper_register
    from tests.builders import accepted

    hospital_chair = UserFactory(username="hchair", roles=[(Role.BCH_MEMBER, cast.hospital)])
    grant(hospital_chair, Role.CASE_OFFICER, cast.sector)
    case = accepted(cast, subject_unit=cast.hospital)
    with transaction.atomic():
        flag = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi sai quỹ phúc lợi")
    inspections.flag_discipline_propose(
        flag=flag, actor=cast.inspector, subject_kind="member", subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"], reason="Chi sai quỹ",
    )  # fmt: skip
    conclude(cast, open_ad_hoc(cast, [flag]))
    flag.refresh_from_db()
    proceeding = inspections.flag_discipline_ballot_record(
        flag=flag, actor=cast.leader, meeting_on=clock.today(), **BALLOT
    )
    paper = _decision(proceeding)
    assert paper in paper_register(user=cast.chair)
    assert paper not in paper_register(user=hospital_chair)
    # The inspection is no object of the case: its decision stays in their register.
    assert paper_register(user=hospital_chair).filter(target_type="inspections.inspection").exists()
    client.force_login(hospital_chair)
    assert paper.symbol not in client.get(reverse("papers:register")).content.decode()
    assert client.get(reverse("papers:detail", args=[paper.pk])).status_code == 404
    client.force_login(cast.chair)
    assert paper.symbol in client.get(reverse("papers:register")).content.decode()
    assert client.get(reverse("papers:detail", args=[paper.pk])).status_code == 200
