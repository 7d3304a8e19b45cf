"""The days and the people of a publication. A meeting publishing a second-round complaint's decision must include
the decision maker, the complainant or their representative and the person complained about, and be announced to
those concerned in writing at least 03 working days before (Luật Khiếu nại 2011 Đ.41 khoản 3, as the Bộ pháp điển
codifies it in Điều 18.1.NĐ.1.12 khoản 2 and Điều 18.1.TT.1.22 khoản 3 điểm a); one publishing a denunciation's
conclusion the resolver, the verifier, the person denounced and the head of the body where that person works
(Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm a), with no prior notice set. A posting or a web posting records its
first day and, when known, its last: at least 15 days (a complaint's decision from the day posted, counted from
the next day; a denunciation's conclusion 15 consecutive days), and the public page shows a web posting from its
first day to its last, or for the least the law allows when the end is not known."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from casework.audit.selectors import audit_events_for
from casework.cases.models import ConclusionPublication, Kind
from casework.cases.services import case_conclusion_publish, case_decision_publish
from casework.org.models import Role
from core import clock
from core.errors import ValidationFailed
from tests.builders import api_client, clock_at, decided
from tests.cases.test_complaint_decision_publicity import DECIDED, second_round
from tests.factories import UserFactory
from workflows.models import DeadlineRule, PolicyVersion
from workflows.policy_cache import reset as policy_reset

pytestmark = pytest.mark.django_db

SEEDED = import_module("workflows.migrations.0037_complaint_decision_publication_rule")
SOURCE_FIX = import_module("workflows.migrations.0040_complaint_decision_publication_source")

COMPLAINT_ATTENDEES = ["decider", "complainant", "complained"]
DENUNCIATION_ATTENDEES = ["resolver", "verifier", "denounced", "denounced_head"]
# Tuesday 25/08/2026 the decision. Notice on Thursday 27/08, the day itself not counted: Friday 28/08 (1); Monday
# 31/08 (the day off swapped from Saturday 22/08), 01 and 02/09 (National Day) are no working days; Thursday 03/09
# (2), Friday 04/09 (3).
NOTIFIED = dt.date(2026, 8, 27)
THIRD_WORKING_DAY = dt.date(2026, 9, 4)


def meeting(**overrides):
    values = {
        "forms": ["meeting"],
        "published_on": THIRD_WORKING_DAY,
        "meeting": "Hội nghị cơ quan Công đoàn cơ sở Bệnh viện",
        "meeting_on": THIRD_WORKING_DAY,
        "meeting_notified_on": NOTIFIED,
        "meeting_attendees": [*COMPLAINT_ATTENDEES, "concerned"],
    }
    return values | overrides


def nothing_written(case):
    assert not ConclusionPublication.objects.filter(case=case).exists()
    assert not audit_events_for(target_type="cases.case", target_id=case.pk).filter(
        action__in=["case.decision_published", "case.conclusion_published"]
    )


def test_a_complaint_meeting_announced_fewer_than_03_working_days_before_is_refused_and_nothing_is_written(cast):
    _first, case, officer = second_round(cast)
    clock_at(dt.date(2026, 9, 4))
    for values, field in (
        (meeting(meeting_on=dt.date(2026, 9, 3), published_on=dt.date(2026, 9, 3)), "meeting_on"),
        (meeting(meeting_notified_on=None), "meeting_notified_on"),
        (meeting(meeting_notified_on=DECIDED - dt.timedelta(days=1)), "meeting_notified_on"),
        (meeting(meeting_attendees=["decider", "complained", "concerned"]), "meeting_attendees"),
        (meeting(meeting_attendees=[*COMPLAINT_ATTENDEES, "denounced"]), "meeting_attendees"),
        (meeting(meeting_on="mùng 3"), "meeting_on"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            case_decision_publish(case=case, actor=officer, **values)
        assert field in refused.value.fields, (values, refused.value.fields)
        nothing_written(case)
    api = api_client(officer)
    early = {"version": case.version, **meeting(meeting_on="2026-09-03", published_on="2026-09-03")}
    early["meeting_notified_on"] = str(NOTIFIED)
    response = api.post(f"/api/cases/{case.pk}/decision_publish/", early, format="json")
    assert response.status_code == 400 and "04/09/2026" in response.content.decode()
    nothing_written(case)
    good = {**early, "meeting_on": str(THIRD_WORKING_DAY), "published_on": str(THIRD_WORKING_DAY)}
    response = api.post(f"/api/cases/{case.pk}/decision_publish/", good, format="json")
    assert response.status_code == 200, response.content
    shown = response.json()["publication"]
    assert (shown["meeting_on"], shown["meeting_notified_on"]) == (str(THIRD_WORKING_DAY), str(NOTIFIED))
    assert shown["meeting_attendees"] == [*COMPLAINT_ATTENDEES, "concerned"]
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.decision_published")
    assert event.after["meeting_notified_on"] == str(NOTIFIED)


def test_a_denunciation_meeting_needs_its_four_participants_and_no_prior_notice(cast):
    case = decided(cast, kind=Kind.DENUNCIATION, title="Tố cáo chi sai quỹ")
    values = {
        "forms": ["meeting"],
        "published_on": clock.today(),
        "meeting": "Hội nghị Ban Chấp hành CĐCS",
        "meeting_attendees": ["resolver", "verifier", "denounced"],
    }
    with pytest.raises(ValidationFailed) as refused:
        case_conclusion_publish(case=case, actor=cast.officer, **values)
    assert "Người đứng đầu cơ quan" in refused.value.fields["meeting_attendees"][0]
    nothing_written(case)
    case_conclusion_publish(case=case, actor=cast.officer, **values | {"meeting_attendees": DENUNCIATION_ATTENDEES})
    row = ConclusionPublication.objects.get(case=case)
    assert (row.meeting_on, row.meeting_notified_on, row.meeting_attendees) == (
        clock.today(),
        None,
        DENUNCIATION_ATTENDEES,
    )


def test_a_recorded_end_shorter_than_15_days_is_refused_and_an_unknown_end_is_allowed(cast):
    _first, case, officer = second_round(cast)
    start = dt.date(2026, 8, 26)
    clock_at(dt.date(2026, 8, 27))
    base = {"forms": ["posting", "portal"], "published_on": start, "posting_place": "Trụ sở", "portal": "Cổng TTĐT"}
    # 15 days from the day posted, counted from the next day: to the end of 10/09, not 09/09.
    for values, field in (
        ({"posting_until": dt.date(2026, 9, 9)}, "posting_until"),
        ({"portal_until": dt.date(2026, 9, 9)}, "portal_until"),
        ({"posting_until": dt.date(2026, 9, 10), "posting_days": 16}, "posting_days"),
        ({"portal_from": dt.date(2026, 8, 28)}, "portal_from"),  # after today
        ({"posting_until": "hết tháng"}, "posting_until"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            case_decision_publish(case=case, actor=officer, **base, **values)
        assert field in refused.value.fields, (values, refused.value.fields)
        nothing_written(case)
    case_decision_publish(case=case, actor=officer, **base, posting_until=dt.date(2026, 9, 10))
    row = ConclusionPublication.objects.get(case=case)
    assert (row.posting_from, row.posting_until, row.posting_days) == (start, dt.date(2026, 9, 10), 15)
    # The web posting's end not known: the page shows it for the least the law allows.
    assert (row.portal_from, row.portal_until, row.portal_days) == (start, dt.date(2026, 9, 10), None)


def test_the_public_page_shows_a_posting_from_its_first_day_to_its_last_and_hides_it_outside(cast, client):
    _first, case, officer = second_round(cast)
    clock_at(dt.date(2026, 8, 30))
    case_decision_publish(
        case=case,
        actor=officer,
        forms=["portal"],
        published_on=dt.date(2026, 8, 26),
        portal="Cổng TTĐT",
        portal_from=dt.date(2026, 8, 28),
        portal_until=dt.date(2026, 9, 20),
    )
    url = reverse("cases:public_conclusions")
    for day, shown in (
        (dt.date(2026, 8, 27), False),
        (dt.date(2026, 8, 28), True),
        (dt.date(2026, 9, 20), True),
        (dt.date(2026, 9, 21), False),
    ):
        clock_at(day)
        assert (case.decision_number in client.get(url).content.decode()) is shown, day


def test_a_denunciation_web_posting_runs_15_consecutive_days_and_the_outsider_sees_nothing(cast, client):
    case = decided(cast, kind=Kind.DENUNCIATION, title="Tố cáo chi sai quỹ")
    start = clock.today()
    with pytest.raises(ValidationFailed) as refused:
        case_conclusion_publish(
            case=case,
            actor=cast.officer,
            forms=["portal"],
            published_on=start,
            portal="Cổng TTĐT",
            portal_until=start + dt.timedelta(days=13),
        )
    assert "portal_until" in refused.value.fields
    nothing_written(case)
    outsider = UserFactory(roles=[(Role.CASE_OFFICER, cast.hospital)])
    body = {"version": case.version, "forms": ["portal"], "published_on": str(start), "portal": "Cổng TTĐT"}
    assert (
        api_client(outsider).post(f"/api/cases/{case.pk}/conclusion_publish/", body, format="json").status_code == 404
    )
    nothing_written(case)
    response = api_client(cast.officer).post(f"/api/cases/{case.pk}/conclusion_publish/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["publication"]["portal_until"] == str(start + dt.timedelta(days=14))
    url = reverse("cases:public_conclusions")
    clock_at(start + dt.timedelta(days=14))
    assert case.decision_number in client.get(url).content.decode()
    clock_at(start + dt.timedelta(days=15))
    assert case.decision_number not in client.get(url).content.decode()
    client.force_login(outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_the_page_offers_the_complaint_s_participants_and_records_the_meeting(cast, client):
    _first, case, officer = second_round(cast)
    clock_at(dt.date(2026, 9, 4))
    client.force_login(officer)
    url = f"/cases/{case.pk}/action/decision_publish/"
    form = client.get(f"/cases/{case.pk}/").content.decode()
    # The complaint's participants only.
    assert 'name="meeting_attendees" value="complained"' in form
    assert 'name="meeting_attendees" value="denounced_head"' not in form
    data = {
        "version": case.version,
        "forms": ["meeting"],
        "published_on": "04/09/2026",
        "meeting": "Hội nghị cơ quan",
        "meeting_on": "04/09/2026",
        "meeting_notified_on": "28/08/2026",  # two working days before
        "meeting_attendees": COMPLAINT_ATTENDEES,
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "04/09/2026" in refused.content.decode()
    nothing_written(case)
    assert client.post(url, {**data, "meeting_notified_on": "27/08/2026"}).status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="publication-meeting"' in page and "Người khiếu nại hoặc người đại diện" in page


def test_the_rule_s_source_names_the_law_and_not_the_repealed_decree_and_versions_in_use_keep_theirs(cast):
    rows = DeadlineRule.objects.filter(subject="complaint_2", step="publish_decision")
    assert rows.exists() and all("75/2012" not in row.source and "Đ.41" in row.source for row in rows)
    rows.update(source=SEEDED.SOURCE)
    policy_reset()
    clock_at(dt.date(2026, 12, 4))
    used = decided(cast).policy_version
    newest = PolicyVersion.objects.order_by("-number").first()
    assert used == newest
    SOURCE_FIX.forwards(apps, None)
    policy_reset()
    kept = DeadlineRule.objects.get(version=used, subject="complaint_2", step="publish_decision")
    assert kept.source == SEEDED.SOURCE  # a case runs under it: its version is not rewritten
    copy = PolicyVersion.objects.get(number=newest.number + 1)
    assert copy.effective_from == dt.date(2026, 12, 5)
    row = DeadlineRule.objects.get(version=copy, subject="complaint_2", step="publish_decision")
    assert (row.days, row.day_unit, row.source) == (15, "calendar", SOURCE_FIX.SOURCE)
    SOURCE_FIX.forwards(apps, None)  # run again: nothing left to correct
    assert PolicyVersion.objects.count() == copy.number
