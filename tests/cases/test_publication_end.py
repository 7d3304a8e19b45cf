"""A posting or a web posting recorded with no end known gets its last day recorded once it is known: at least 15
consecutive days from its first day (Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b, c; Luật Khiếu nại 2011 Đ.41
khoản 3), by the people who record the publication, audited; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.labels import action_label
from casework.audit.selectors import audit_events_for
from casework.audit.timeline import format_value
from casework.cases.actions import case_actions
from casework.cases.models import ConclusionPublication, DisciplinePublication, Kind
from casework.cases.services import discipline_ballot_record, discipline_propose, publication_end_record
from core import clock
from core.errors import ConcurrentChange, TransitionNotAllowed, ValidationFailed
from tests.builders import api_client, clock_at, decided, discipline_published, published

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2026, 4, 24)
# A denunciation's conclusion posted from 24/04: "ít nhất 15 ngày liên tục", the first day among them, so to the
# end of 08/05 at least.
LEAST = dt.date(2026, 5, 8)


def open_ended(cast):
    """A denunciation concluded on 24/04/2026 and its conclusion posted and put on the portal that day, the end of
    neither known yet."""
    clock_at(DECIDED)
    case = decided(cast, kind=Kind.DENUNCIATION, title="Tố cáo chi sai quỹ phúc lợi")
    return published(
        case,
        cast.officer,
        forms=["posting", "portal"],
        posting_days=None,
        portal="Cổng thông tin điện tử Công đoàn ngành",
    )


def events(case):
    return audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.publication_end_recorded")


def test_the_last_day_is_recorded_later_at_least_15_days_from_the_first(cast):
    case = open_ended(cast)
    row = ConclusionPublication.objects.get(case=case)
    assert (row.posting_from, row.posting_until, row.posting_days) == (DECIDED, None, None)
    assert (row.portal_until, row.portal_days) == (LEAST, None)  # shown for the least the law allows meanwhile
    assert "publication_end" in case_actions(user=cast.officer, case=case)
    clock_at(dt.date(2026, 5, 20))
    case = publication_end_record(case=case, actor=cast.officer, form="posting", until=dt.date(2026, 5, 12))
    row.refresh_from_db()
    assert (row.posting_until, row.posting_days) == (dt.date(2026, 5, 12), 19)
    (event,) = events(case)
    assert event.after["publication_form"] == "posting" and event.after["posting_days"] == 19
    assert event.before == {"posting_until": None}
    assert action_label("case.publication_end_recorded") == "Ghi nhận ngày kết thúc niêm yết, đăng tải công khai"
    # The trail reads the forms in words, this event's and the publication's own.
    niem_yet = "Niêm yết tại trụ sở làm việc hoặc nơi tiếp công dân"
    assert format_value("posting", "publication_form", "cases.case", event.action) == niem_yet
    assert format_value(["posting", "portal"], "forms", "cases.case", "case.conclusion_published").startswith(niem_yet)
    # The portal's end: exactly the least is enough.
    case = publication_end_record(case=case, actor=cast.officer, form="portal", until=LEAST.isoformat())
    row.refresh_from_db()
    assert (row.portal_until, row.portal_days) == (LEAST, 15)
    assert "publication_end" not in case_actions(user=cast.officer, case=case)
    # Recorded once: a second end is refused.
    with pytest.raises(TransitionNotAllowed, match="đã ghi ngày kết thúc"):
        publication_end_record(case=case, actor=cast.officer, form="posting", until=dt.date(2026, 6, 1))
    assert events(case).count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"form": "posting", "until": LEAST - dt.timedelta(days=1)}, "until"),  # 14 days
        ({"form": "posting", "until": None}, "until"),
        ({"form": "posting", "until": "08/05/2026x"}, "until"),
        ({"form": "posting", "until": dt.date(9999, 12, 31)}, "until"),
        ({"form": "media", "until": LEAST}, "form"),
        ({"form": "meeting", "until": LEAST}, "form"),
        ({"form": None, "until": LEAST}, "form"),
        ({"form": "posting", "until": LEAST, "discipline": "mười"}, "discipline"),
        ({"form": "posting", "until": LEAST, "discipline": 10**12}, "discipline"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_is_written(cast, values, field):
    case = open_ended(cast)
    version = case.version
    with pytest.raises(ValidationFailed) as refused:
        publication_end_record(case=case, actor=cast.officer, **values)
    assert field in refused.value.fields
    row = ConclusionPublication.objects.get(case=case)
    assert (row.posting_until, row.posting_days, row.portal_until, row.portal_days) == (None, None, LEAST, None)
    case.refresh_from_db()
    assert case.version == version and not events(case).exists()


def test_only_those_who_record_the_publication_record_its_end(cast, client):
    case = open_ended(cast)
    for user in (cast.intake, cast.outsider, cast.other_officer):
        assert "publication_end" not in case_actions(user=user, case=case)
        with pytest.raises(TransitionNotAllowed):
            publication_end_record(case=case, actor=user, form="posting", until=LEAST)
    assert not events(case).exists()
    # Someone else changed the case meanwhile: the stale copy is refused.
    with pytest.raises(ConcurrentChange):
        publication_end_record(
            case=case, actor=cast.officer, form="posting", until=LEAST, expected_version=case.version - 1
        )
    assert ConclusionPublication.objects.get(case=case).posting_until is None
    # A case with no publication recorded refuses with the reason.
    other = decided(cast, kind=Kind.DENUNCIATION)
    with pytest.raises(TransitionNotAllowed, match="chưa ghi nhận việc công khai"):
        publication_end_record(case=other, actor=cast.officer, form="posting", until=LEAST)


def test_a_discipline_decisions_posting_is_completed_by_the_body_that_issued_it(cast):
    clock_at(DECIDED)
    case = decided(cast, kind=Kind.DENUNCIATION)
    discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name="Nguyễn Văn Bị Kỷ Luật",
        violation_forms=["canh_cao"],
        reason="Kết luận nội dung tố cáo",
    )
    proceeding = discipline_ballot_record(
        case=case,
        actor=cast.leader,
        meeting_on=clock.today(),
        members_total=9,
        members_present=9,
        votes={"canh_cao": 9},
    )
    case.refresh_from_db()
    case = discipline_published(case, cast.leader, posting_days=None)
    assert "publication_end" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        publication_end_record(case=case, actor=cast.officer, form="posting", until=LEAST, discipline=proceeding.pk)
    # Without naming the decision, the result's publication is meant: none recorded here.
    with pytest.raises(TransitionNotAllowed, match="chưa ghi nhận việc công khai"):
        publication_end_record(case=case, actor=cast.leader, form="posting", until=LEAST)
    assert "publication_end" in case_actions(user=cast.leader, case=case)
    publication_end_record(case=case, actor=cast.leader, form="posting", until=LEAST, discipline=proceeding.pk)
    row = DisciplinePublication.objects.get(discipline=proceeding)
    assert (row.posting_until, row.posting_days) == (LEAST, 15)
    (event,) = events(case)
    assert (event.after["publication"], event.after["discipline"]) == ("discipline", proceeding.pk)


def test_the_page_and_the_api_record_it(cast, client):
    case = open_ended(cast)
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/action/publication_end/" in page
    refused = client.post(
        f"/cases/{case.pk}/action/publication_end/",
        {"version": case.version, "discipline": "", "form": "posting", "until": "07/05/2026"},
    )
    assert refused.status_code == 400 and "08/05/2026" in refused.content.decode()
    assert ConclusionPublication.objects.get(case=case).posting_until is None
    done = client.post(
        f"/cases/{case.pk}/action/publication_end/",
        {"version": case.version, "discipline": "", "form": "posting", "until": "08/05/2026"},
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    assert ConclusionPublication.objects.get(case=case).posting_days == 15

    api = api_client(cast.officer)
    detail = api.get(f"/api/cases/{case.pk}/").json()
    assert "publication_end" in detail["allowed_actions"]
    bad = api.post(
        f"/api/cases/{case.pk}/publication_end/",
        {"version": detail["version"], "form": "portal", "until": "2026-05-01"},
        format="json",
    )
    assert bad.status_code == 400 and "until" in str(bad.json())
    hostile = api.post(
        f"/api/cases/{case.pk}/publication_end/",
        {"version": detail["version"], "form": "portal", "until": "9999-12-31"},
        format="json",
    )
    assert hostile.status_code == 400
    response = api.post(
        f"/api/cases/{case.pk}/publication_end/",
        {"version": detail["version"], "form": "portal", "until": "2026-05-30"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert "publication_end" not in response.json()["allowed_actions"]
    assert ConclusionPublication.objects.get(case=case).portal_days == 37
    again = api.post(
        f"/api/cases/{case.pk}/publication_end/",
        {"version": response.json()["version"], "form": "portal", "until": "2026-06-30"},
        format="json",
    )
    assert again.status_code == 409
