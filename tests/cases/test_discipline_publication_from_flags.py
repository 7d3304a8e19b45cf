"""The discipline decision on a flag raised by the handling of a denunciation's conclusion, or on the inspection
that took it, is the decision handling the denounced violation: the one with disciplinary authority publishes it
within 07 working days (Luật Tố cáo 2018 Đ.36 khoản 1 điểm b, Đ.40 khoản 1). Its clock runs on the denunciation's
case, numbered among the case's decisions, and it is recorded there the same way as the case's own. A flag raised
from a denunciation set aside for want of a denouncer owes none (Đ.25 khoản 1: not handled under the Law)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import DisciplineProceeding, DisciplinePublication, Kind, Status
from casework.cases.services import (
    case_close,
    case_conclusion_sent,
    case_handle_conclusion,
    case_notify_result,
    discipline_ballot_record,
    discipline_propose,
)
from casework.cases.services.discipline import discipline_proceeding_open
from casework.inspections import services as inspections
from casework.inspections.models import Flag
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import (
    api_client,
    case_clock,
    clock_at,
    conclude,
    decided,
    open_ad_hoc,
    published,
)
from tests.builders import discipline_published as publish
from workflows.models import Deadline
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2026, 4, 24)
DISCIPLINED = "Nguyễn Văn Bị Kỷ Luật"
BALLOT = {"members_total": 9, "members_present": 9, "votes": {"canh_cao": 9}}


def denunciation_with_flag(cast):
    """A denunciation about the hospital's union concluded on 24/04/2026 and its conclusion handled by raising a
    flag for inspection (Luật Tố cáo 2018 Đ.36 khoản 1 điểm b)."""
    clock_at(DECIDED)
    case = decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital, title="Tố cáo chi sai quỹ phúc lợi")
    case = case_handle_conclusion(
        case=case, actor=cast.leader, note="Kiến nghị kiểm tra", flag_evidence="Chi sai quỹ phúc lợi 12.500.000 đồng"
    )
    flag = Flag.objects.get(source=Flag.Source.DENUNCIATION, source_id=str(case.pk))
    return case, flag


def flag_disciplined(cast, flag, *, unit=None, actor=None):
    """The flag inspected, then cảnh cáo adopted by the body's secret ballot (9 of 9)."""
    conclude(cast, open_ad_hoc(cast, [flag]))
    flag.refresh_from_db()
    if unit is None:
        inspections.flag_discipline_propose(
            flag=flag,
            actor=cast.inspector,
            subject_kind="member",
            subject_name=DISCIPLINED,
            violation_forms=["canh_cao"],
            reason="Kết luận kiểm tra",
        )
    else:  # a proposal of the body at another level (a leader's escalation decision opens it so)
        discipline_proceeding_open(
            flag=flag,
            unit=unit,
            actor=cast.inspector,
            subject_kind="member",
            subject_name=DISCIPLINED,
            violation_forms=["canh_cao"],
            reason="Đề nghị của lãnh đạo",
        )
    return inspections.flag_discipline_ballot_record(
        flag=flag, actor=actor or cast.leader, meeting_on=clock.today(), **BALLOT
    )


def events(case):
    return audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.discipline_published")


def test_art40_a_flags_decision_after_a_denunciation_opens_the_clock_on_its_case_and_holds_the_file(cast, client):
    case, flag = denunciation_with_flag(cast)
    case = published(case, cast.officer)
    case = case_notify_result(case=case_conclusion_sent(case=case, actor=cast.officer), actor=cast.officer)
    assert case.status == Status.NOTIFIED
    assert not Deadline.objects.filter(target_id=str(case.pk), step__startswith="publish_discipline").exists()
    proceeding = flag_disciplined(cast, flag)
    assert proceeding.status == DisciplineProceeding.Status.DECIDED and proceeding.flag == flag
    today = clock.today()
    clock_ = case_clock(case, "publish_discipline:1")
    assert (clock_.starts_on, clock_.days, clock_.day_unit, clock_.status) == (today, 7, "working", "open")
    # The case owes it: the page, the API and the close say so.
    assert "discipline_publish" in case_actions(user=cast.leader, case=case)
    (row,) = api_client(cast.leader).get(f"/api/cases/{case.pk}/").json()["discipline_publications"]
    assert (row["discipline"], row["owed"], row["due_on"]) == (proceeding.pk, True, clock_.due_on.isoformat())
    client.force_login(cast.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'id="discipline-publication-{proceeding.pk}"' in page and proceeding.decision_number in page
    case.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="quyết định xử lý kỷ luật"):
        case_close(case=case, actor=cast.officer)
    # Recorded on the case by the one shared service, the same way as the case's own decision.
    case = publish(case, cast.leader)
    record = DisciplinePublication.objects.get(discipline=proceeding)
    assert (record.case, record.recorded_by) == (case, cast.leader)
    assert DISCIPLINED in record.text and proceeding.decision_number in record.text
    assert case_clock(case, "publish_discipline:1").status == Deadline.Status.MET
    (event,) = events(case)
    assert event.after["discipline"] == proceeding.pk
    assert case_close(case=case, actor=cast.officer).status == Status.CLOSED


def test_an_inspections_decision_is_numbered_after_the_cases_own(cast):
    case, flag = denunciation_with_flag(cast)
    discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name="Trần Văn Thủ Quỹ",
        violation_forms=["khien_trach"],
        reason="Kết luận nội dung tố cáo",
    )
    own = discipline_ballot_record(
        case=case, actor=cast.leader, meeting_on=clock.today(), **{**BALLOT, "votes": {"khien_trach": 9}}
    )
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    clock.advance(dt.timedelta(days=1))
    inspections.discipline_propose(
        inspection=inspection, person=DISCIPLINED, proposal="canh_cao", reason="Kết luận kiểm tra", actor=cast.inspector
    )
    theirs = inspections.inspection_discipline_ballot_record(
        inspection=inspection, actor=cast.leader, meeting_on=clock.today(), **BALLOT
    )
    assert theirs.status == DisciplineProceeding.Status.DECIDED
    assert case_clock(case, "publish_discipline:1").starts_on == DECIDED
    assert case_clock(case, "publish_discipline:2").starts_on == clock.today()
    rows = api_client(cast.leader).get(f"/api/cases/{case.pk}/").json()["discipline_publications"]
    assert [(r["discipline"], r["owed"]) for r in rows] == [(own.pk, True), (theirs.pk, True)]
    case.refresh_from_db()
    publish(case, cast.leader, discipline=theirs.pk)
    assert DisciplinePublication.objects.get(discipline=theirs).case == case
    assert case_clock(case, "publish_discipline:2").status == Deadline.Status.MET
    assert case_clock(case, "publish_discipline:1").status == Deadline.Status.OPEN


def test_only_a_member_of_the_body_that_issued_it_records_it(cast):
    case, flag = denunciation_with_flag(cast)
    # The province's standing committee decides: the sector's leader leads the case but sits in no seat of it.
    proceeding = flag_disciplined(cast, flag, unit=cast.province, actor=cast.province_leader)
    assert proceeding.unit == cast.province and case_clock(case, "publish_discipline:1").status == "open"
    case.refresh_from_db()
    assert "discipline_publish" not in case_actions(user=cast.leader, case=case)
    for user in (cast.leader, cast.officer, cast.inspector, cast.outsider):
        with pytest.raises(TransitionNotAllowed):
            publish(case, user)
        with pytest.raises(TransitionNotAllowed):
            publish(case, user, discipline=proceeding.pk)
    assert not DisciplinePublication.objects.exists() and not events(case).exists()
    assert "discipline_publish" in case_actions(user=cast.province_leader, case=case)
    publish(case, cast.province_leader)
    assert DisciplinePublication.objects.get(discipline=proceeding).recorded_by == cast.province_leader


def test_art25_a_flag_from_a_denunciation_set_aside_for_want_of_a_denouncer_owes_no_publication(cast, make_case):
    case = make_case(
        kind=Kind.DENUNCIATION, submitters=[], anonymous=True, evidence="Phiếu chi số 15 không có chữ ký người nhận."
    )
    assert case.status == Status.NOT_PROCESSED
    flag = Flag.objects.get(pk=int(case.flag_ref.split(":")[1]))
    assert flag.source == Flag.Source.DENUNCIATION
    proceeding = flag_disciplined(cast, flag)
    assert proceeding.status == DisciplineProceeding.Status.DECIDED
    assert not Deadline.objects.filter(step__startswith="publish_discipline").exists()
    assert api_client(cast.leader).get(f"/api/cases/{case.pk}/").json()["discipline_publications"] == []
    # A flag raised by hand owes none either: nothing was denounced.
    clock_at(DECIDED)
    manual = inspections.flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        category="finance_spending",
        severity="high",
        evidence="Chi không chứng từ",
        source="manual",
        actor=cast.inspector,
    )
    flag_disciplined(cast, manual)
    assert not Deadline.objects.filter(step__startswith="publish_discipline").exists()


def test_the_notice_publishing_the_decision_prints_from_the_case_page_without_the_denouncer(cast, client):
    from casework.cases.models import Case
    from casework.papers.services import paper_keys_available
    from tests.papers.conftest import pdf_text

    case, flag = denunciation_with_flag(cast)
    proceeding = flag_disciplined(cast, flag)
    case = Case.objects.get(pk=case.pk)
    url = f"/reports/documents/case/{case.pk}/discipline/{proceeding.pk}/publication.pdf"
    client.force_login(cast.leader)
    assert url in client.get(f"/cases/{case.pk}/").content.decode()
    text = " ".join(pdf_text(client.get(url).content).split())
    assert "Công khai quyết định xử lý kỷ luật đối với Nguyễn Văn Bị Kỷ Luật" in text
    assert f"quyết định xử lý kỷ luật số {proceeding.decision_number}" in text
    assert "Hình thức kỷ luật: cảnh cáo" in text and "Tố cáo chi sai quỹ phúc lợi" in text
    assert "Hình thức công khai: ……" in text  # not recorded yet
    publish(Case.objects.get(pk=case.pk), cast.leader)
    assert "Hình thức công khai: niêm yết" in " ".join(pdf_text(client.get(url).content).split())
    assert "discipline.publication" in paper_keys_available(proceeding)
    # Only through the case: another case's page, an unknown decision, whoever does not see the case.
    other = decided(cast, kind=Kind.DENUNCIATION)
    assert (
        client.get(f"/reports/documents/case/{other.pk}/discipline/{proceeding.pk}/publication.pdf").status_code == 404
    )
    assert client.get(f"/reports/documents/case/{case.pk}/discipline/999999/publication.pdf").status_code == 404
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    # A decision on a flag raised by hand has no such notice.
    manual = inspections.flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        category="finance_spending",
        severity="high",
        evidence="Chi không chứng từ",
        source="manual",
        actor=cast.inspector,
    )
    assert paper_keys_available(flag_disciplined(cast, manual)) == ["discipline.decision"]


def test_the_notice_never_names_the_denouncer(cast, client):
    from tests.builders import accepted, resolved, submitter
    from tests.papers.conftest import pdf_text

    denouncer = "Lã Thị Khuê Tố Giác"
    clock_at(DECIDED)
    case = accepted(
        cast,
        kind=Kind.DENUNCIATION,
        title=f"Tố cáo của {denouncer} về chi sai quỹ",
        content=f"Tôi là {denouncer}, tố cáo chi sai quỹ phúc lợi.",
        submitters=[submitter(full_name=denouncer)],
    )
    case = resolved(case, cast, officer=cast.officer)
    discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name=DISCIPLINED,
        violation_forms=["canh_cao"],
        reason="Kết luận nội dung tố cáo",
    )
    proceeding = discipline_ballot_record(case=case, actor=cast.leader, meeting_on=clock.today(), **BALLOT)
    client.force_login(cast.leader)
    response = client.get(f"/reports/documents/case/{case.pk}/discipline/{proceeding.pk}/publication.pdf")
    text = " ".join(pdf_text(response.content).split())
    assert response.status_code == 200 and DISCIPLINED in text and "về chi sai quỹ" in text
    assert "Lã Thị" not in text and "Tố Giác" not in text


def test_a_file_closed_before_the_flags_decision_still_owes_and_records_its_publication(cast):
    case, flag = denunciation_with_flag(cast)
    case = published(case, cast.officer)
    case = case_notify_result(case=case_conclusion_sent(case=case, actor=cast.officer), actor=cast.officer)
    case = case_close(case=case, actor=cast.officer)
    assert case.status == Status.CLOSED
    proceeding = flag_disciplined(cast, flag)
    assert case_clock(case, "publish_discipline:1").status == Deadline.Status.OPEN
    case.refresh_from_db()
    assert "discipline_publish" in case_actions(user=cast.leader, case=case)
    case = publish(case, cast.leader)
    assert DisciplinePublication.objects.get(discipline=proceeding).case == case
    assert case_clock(case, "publish_discipline:1").status == Deadline.Status.MET
    assert case.status == Status.CLOSED


# ---- an inspection that took flags raised from two denunciations ------------------------------------------

OTHER_DENOUNCED = "Trần Thị Cố"


def two_denunciations_inspected(cast):
    """Two denunciations about the hospital, each concluded on 24/04/2026 and handled by raising a flag (Luật Tố cáo
    2018 Đ.36 khoản 1 điểm b); one inspection took both flags, and its body's ballot adopted cảnh cáo the next day:
    the decision handles both denounced violations."""
    first, first_flag = denunciation_with_flag(cast)
    second = decided(
        cast,
        kind=Kind.DENUNCIATION,
        subject_unit=cast.hospital,
        subject_person=OTHER_DENOUNCED,
        title="Tố cáo sử dụng xe công sai mục đích",
    )
    second = case_handle_conclusion(
        case=second, actor=cast.leader, note="Kiến nghị kiểm tra", flag_evidence="Dùng xe công đi việc riêng"
    )
    second_flag = Flag.objects.get(source=Flag.Source.DENUNCIATION, source_id=str(second.pk))
    inspection = conclude(cast, open_ad_hoc(cast, [first_flag, second_flag]))
    clock.advance(dt.timedelta(days=1))
    inspections.discipline_propose(
        inspection=inspection, person=DISCIPLINED, proposal="canh_cao", reason="Kết luận kiểm tra", actor=cast.inspector
    )
    proceeding = inspections.inspection_discipline_ballot_record(
        inspection=inspection, actor=cast.leader, meeting_on=clock.today(), **BALLOT
    )
    assert proceeding.status == DisciplineProceeding.Status.DECIDED
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second, inspection, proceeding


def test_art40_an_inspections_decision_on_two_denunciations_flags_is_owed_and_recorded_on_each_case(cast):
    from casework.cases.services.publicity import disciplines_denunciations

    first, second, _inspection, proceeding = two_denunciations_inspected(cast)
    assert [case.pk for case in disciplines_denunciations([proceeding])[proceeding.pk]] == [first.pk, second.pk]
    # Each case runs its own clock from the decision's day, 07 working days (Đ.40 khoản 1).
    clocks = [case_clock(case, "publish_discipline:1") for case in (first, second)]
    assert [(c.starts_on, c.days, c.day_unit, c.status) for c in clocks] == [(clock.today(), 7, "working", "open")] * 2
    for case, clock_ in zip((first, second), clocks, strict=True):
        (row,) = api_client(cast.leader).get(f"/api/cases/{case.pk}/").json()["discipline_publications"]
        assert (row["discipline"], row["owed"], row["due_on"]) == (proceeding.pk, True, clock_.due_on.isoformat())
        assert "discipline_publish" in case_actions(user=cast.leader, case=case)
    # Recorded on the first: the second still owes it, its clock running; each case is recorded once.
    publish(first, cast.leader)
    assert case_clock(first, "publish_discipline:1").status == Deadline.Status.MET
    assert case_clock(second, "publish_discipline:1").status == Deadline.Status.OPEN
    (row,) = api_client(cast.leader).get(f"/api/cases/{second.pk}/").json()["discipline_publications"]
    assert row["owed"] is True and not DisciplinePublication.objects.filter(case=second).exists()
    first.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="đã được công khai"):
        publish(first, cast.leader, discipline=proceeding.pk)
    clock.advance(dt.timedelta(days=2))
    second.refresh_from_db()
    publish(second, cast.leader)
    records = DisciplinePublication.objects.filter(discipline=proceeding).order_by("case_id")
    assert [(r.case_id, r.published_on) for r in records] == [
        (first.pk, clock.today() - dt.timedelta(days=2)),
        (second.pk, clock.today()),
    ]
    # Each record publishes its own denunciation's content, never the other's.
    assert "chi sai quỹ" in records[0].text and "xe công" not in records[0].text
    assert "xe công" in records[1].text and "chi sai quỹ" not in records[1].text
    assert [e.after["discipline"] for e in events(first)] == [proceeding.pk]
    assert [e.after["discipline"] for e in events(second)] == [proceeding.pk]


def test_art40_each_cases_clock_runs_out_on_its_own(cast):
    from casework.cases.services.publicity import disciplines_publication_owed

    first, second, _inspection, proceeding = two_denunciations_inspected(cast)
    publish(first, cast.leader)
    due = case_clock(second, "publish_discipline:1").due_on
    clock_at(due + dt.timedelta(days=1))
    sweep_deadlines()
    assert case_clock(second, "publish_discipline:1").status == Deadline.Status.BREACHED
    assert case_clock(first, "publish_discipline:1").status == Deadline.Status.MET
    second.refresh_from_db()
    first.refresh_from_db()
    assert [row.pk for _step, row in disciplines_publication_owed(second)] == [proceeding.pk]
    assert disciplines_publication_owed(first) == []
    # Late, still recorded (the clock stops, late).
    publish(second, cast.leader)
    assert case_clock(second, "publish_discipline:1").status == Deadline.Status.MET


def test_a_reader_recused_from_one_denunciation_sees_its_row_on_the_inspection_page_without_its_reference(cast, client):
    from casework.cases.selectors import case_visible
    from casework.org.models import Role
    from tests.factories import UserFactory

    first, second, inspection, proceeding = two_denunciations_inspected(cast)

    # A member of the sector's standing committee, inspector of the hospital, named in the second letter.
    reader = UserFactory(
        username="named",
        full_name=OTHER_DENOUNCED,
        roles=[(Role.BTV_MEMBER, cast.sector), (Role.INSPECTOR, cast.hospital)],
    )
    visible = set(case_visible(user=reader).filter(pk__in=[first.pk, second.pk]).values_list("pk", flat=True))
    assert visible == {first.pk}
    # The flag raised from the second denunciation is the second case's: not for them either.
    first_flag, second_flag = inspection.flags.order_by("pk")
    client.force_login(reader)
    assert client.get(f"/inspections/flags/{second_flag.pk}/").status_code == 404
    for url in (f"/inspections/{inspection.pk}/", f"/inspections/flags/{first_flag.pk}/"):
        client.force_login(cast.leader)
        page = client.get(url)
        assert page.status_code == 200
        rows = page.context["discipline_publications"]
        client.force_login(reader)
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert second.reference not in text and f"/cases/{second.pk}/" not in text
        hidden = page.context["discipline_publications"]
        assert [(r["discipline"].pk, r["owed"]) for r in hidden] == [(r["discipline"].pk, r["owed"]) for r in rows]
        assert {r["case"].pk for r in hidden if r["case"] is not None} <= {first.pk}
    client.force_login(reader)
    page = client.get(f"/inspections/{inspection.pk}/")
    text = page.content.decode()
    rows = page.context["discipline_publications"]
    assert [(r["discipline"].pk, getattr(r["case"], "pk", None)) for r in rows] == [
        (proceeding.pk, first.pk),
        (proceeding.pk, None),
    ]
    assert first.reference in text and f'id="discipline-publication-{proceeding.pk}"' in text
    client.force_login(cast.leader)
    text = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert first.reference in text and second.reference in text
    # The second case's page, its PDF of the notice: not for them.
    client.force_login(reader)
    assert client.get(f"/cases/{second.pk}/").status_code == 404
    assert (
        client.get(f"/reports/documents/case/{second.pk}/discipline/{proceeding.pk}/publication.pdf").status_code == 404
    )


def test_the_one_notice_of_the_decision_names_both_denunciations_and_no_files_reference(cast, client):
    from casework.papers.services import discipline_papers_to_issue, paper_issue
    from tests.papers.conftest import pdf_text

    first, second, inspection, proceeding = two_denunciations_inspected(cast)
    # One notice for the decision, however many cases it is recorded on.
    keys = [(row.pk, key) for row, key in discipline_papers_to_issue(inspection)]
    assert keys == [(proceeding.pk, "discipline.publication")]
    publish(first, cast.leader, forms=["posting"])
    paper = paper_issue(target=proceeding, key="discipline.publication", actor=cast.leader)
    assert discipline_papers_to_issue(inspection) == []
    client.force_login(cast.leader)
    text = " ".join(pdf_text(client.get(f"/papers/{paper.pk}/unsigned.pdf").content).split())
    assert "Tố cáo chi sai quỹ phúc lợi; Tố cáo sử dụng xe công sai mục đích" in text
    assert f"số {first.decision_number}" in text and f"số {second.decision_number}" in text
    assert first.reference not in text and second.reference not in text
    assert "Hình thức công khai: niêm yết" in text
