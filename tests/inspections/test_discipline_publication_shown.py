"""A flag's or an inspection's page shows, for each discipline decision taken on it that handles a denunciation,
the publication the denunciation's case owes for it (Luật Tố cáo 2018 Đ.36 khoản 1 điểm b, Đ.40 khoản 1; Nghị định
31/2019/NĐ-CP Đ.6): owed by a day, or recorded on a day by its forms. The denunciation's case is named and linked
only for a reader who may read it (the case scope, recusal included); another reader of the flag sees the state
alone. Read for all the page's decisions at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import reset_queries

from casework.cases.selectors import case_visible
from casework.inspections import services as inspections
from casework.org.models import Role
from core import clock
from tests.builders import case_clock, conclude, open_ad_hoc, raise_flag
from tests.builders import discipline_published as publish
from tests.cases.test_discipline_publication_from_flags import (
    BALLOT,
    DISCIPLINED,
    denunciation_with_flag,
    flag_disciplined,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def hospital_inspector(cast):
    return UserFactory(username="hospital_inspector", roles=[(Role.INSPECTOR, cast.hospital)])


def section(client, user, url):
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    start = text.find('id="discipline-publication"')
    return page, text[start : text.find("</section>", start)] if start >= 0 else ""


def test_the_flag_page_shows_the_publication_owed_then_recorded_and_links_the_case_only_for_its_readers(cast, client):
    case, flag = denunciation_with_flag(cast)
    proceeding = flag_disciplined(cast, flag)
    due = case_clock(case, "publish_discipline:1").due_on
    # An inspector of the hospital reads the flag about it, not the sector's case.
    reader = hospital_inspector(cast)
    assert not case_visible(user=reader).filter(pk=case.pk).exists()
    url = f"/inspections/flags/{flag.pk}/"
    _page, shown = section(client, cast.leader, url)
    assert f'id="discipline-publication-{proceeding.pk}"' in shown and proceeding.decision_number in shown
    assert "discipline-publication-owed" in shown and f"{due:%d/%m/%Y}" in shown
    assert f'href="/cases/{case.pk}/#discipline-publication-{proceeding.pk}"' in shown and case.reference in shown
    _page, hidden = section(client, reader, url)
    assert "discipline-publication-owed" in hidden and f"{due:%d/%m/%Y}" in hidden
    assert f"/cases/{case.pk}/" not in hidden and case.reference not in hidden
    # Recorded on the case: the day and the forms.
    case.refresh_from_db()
    publish(case, cast.leader, forms=["posting"], published_on=clock.today())
    for user in (cast.leader, reader):
        _page, shown = section(client, user, url)
        assert "discipline-publication-done" in shown and "discipline-publication-owed" not in shown
        assert f"{clock.today():%d/%m/%Y}" in shown and "Niêm yết" in shown
        assert (case.reference in shown) is (user == cast.leader)


def test_a_flag_with_no_denunciation_behind_it_shows_no_publication(cast, client):
    flag = raise_flag(cast)
    flag_disciplined(cast, flag)
    _page, shown = section(client, cast.leader, f"/inspections/flags/{flag.pk}/")
    assert shown == ""


def test_the_inspection_page_shows_its_decisions_publication_in_a_fixed_number_of_queries(
    cast, client, django_assert_num_queries, django_assert_max_num_queries
):
    case, flag = denunciation_with_flag(cast)
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    url = f"/inspections/{inspection.pk}/"

    def decide(person):
        clock.advance(dt.timedelta(days=1))
        inspections.discipline_propose(
            inspection=inspection, person=person, proposal="canh_cao", reason="Kết luận kiểm tra", actor=cast.inspector
        )
        return inspections.inspection_discipline_ballot_record(
            inspection=inspection, actor=cast.leader, meeting_on=clock.today(), **BALLOT
        )

    first = decide(DISCIPLINED)
    client.force_login(cast.leader)
    client.get(url)
    reset_queries()  # the log keeps the last 9000 queries: a long setup fills it
    with django_assert_max_num_queries(200) as one:
        page = client.get(url)
    budget = len(one.captured_queries)
    rows = page.context["discipline_publications"]
    assert [(row["discipline"].pk, row["owed"], row["case"]) for row in rows] == [(first.pk, True, case)]
    second = decide("Lê Văn Thứ Hai")
    client.get(url)
    reset_queries()
    with django_assert_num_queries(budget):
        page = client.get(url)
    rows = page.context["discipline_publications"]
    assert sorted((row["discipline"].pk, row["owed"]) for row in rows) == [(first.pk, True), (second.pk, True)]
    text = page.content.decode()
    assert f'id="discipline-publication-{second.pk}"' in text and case.reference in text
    # The hospital's representative reads the inspection of their union once concluded, not the sector's case.
    reader = UserFactory(username="hospital_rep", roles=[(Role.SUBJECT_REP, cast.hospital)])
    assert not case_visible(user=reader).filter(pk=case.pk).exists()
    _page, hidden = section(client, reader, url)
    assert f'id="discipline-publication-{second.pk}"' in hidden and case.reference not in hidden
