"""A request's clock for an expert conclusion keeps the expert body's pace, not the case's: the day the
requester asks for (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP), whose
time a denunciation's resolution time does not even count (Đ.15 khoản 4). Past that day it is overdue on
its own row of the case page, never the case in the lists, the inbox, the chips or the report; and a case
ended while a conclusion is still awaited ends that request with it, its clock cancelled, never met."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from casework.audit.selectors import audit_events_for
from casework.cases.models import Case, ExpertiseRequest, Kind, Outcome, Status
from casework.cases.selectors import case_expertise, case_ids_overdue, case_inbox, case_list
from casework.cases.services import (
    case_approve,
    case_close,
    case_decide,
    case_expertise_authorise,
    case_expertise_conclusion,
    case_expertise_request,
    case_notify_result,
    case_propose,
    case_record_dialogue,
    case_start_verification,
    case_terminate,
)
from casework.papers.models import Paper
from casework.reports.selectors import quarterly_report
from core import clock
from tests.builders import DECISION_PARTS, api_client, assigned, dialogue, verification_started, withdrawal_letter
from tests.papers.conftest import pdf_text
from workflows.deadline_status import deadline_status_q, status_of
from workflows.models import Deadline
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _complaint(cast) -> Case:
    # A complaint: its verifier requests by law, and accepting it starts only the resolution clock (30 days); its
    # verification given to its officer by decision (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b).
    return verification_started(assigned(cast))


def _request(case: Case, actor, *, days: int) -> Case:
    return case_expertise_request(
        case=Case.objects.get(pk=case.pk),
        actor=actor,
        body="Viện Khoa học hình sự",
        content="Giám định chữ ký trên 12 phiếu chi quỹ phúc lợi năm 2025.",
        due_on=clock.today() + dt.timedelta(days=days),
    )


def _clock(case: Case, step: str = "expertise:1") -> Deadline:
    return Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk), step=step).latest("pk")


def _overdue_everywhere(cast, case: Case) -> dict[str, bool]:
    """Whether each reader of "overdue" says the case is."""
    now = clock.now()
    chip = status_of(case, now)
    listed = api_client(cast.chair).get("/api/cases/", {"overdue": "true"}).json()
    return {
        "list": case_list(user=cast.chair).get(pk=case.pk).overdue,
        "list filter": case_list(user=cast.chair, filters={"overdue": True}).filter(pk=case.pk).exists(),
        "inbox": case_inbox(user=cast.officer).get(pk=case.pk).overdue,
        "overdue ids": Case.objects.filter(pk__in=case_ids_overdue(now=now), pk=case.pk).exists(),
        "chip": bool(chip and chip.overdue),
        "chip filter": Case.objects.filter(deadline_status_q(Case, "overdue", now), pk=case.pk).exists(),
        "api": case.reference in str(listed),
        "report": quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader).figures["open_overdue"]
        == 1,
    }


def test_an_overdue_expertise_clock_is_late_on_its_own_row_never_the_case(cast, frozen_clock, client):
    case = _request(_complaint(cast), cast.officer, days=5)  # asked for by Sat 07/03; resolution due 01/04
    clock.set_now(dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC))
    sweep_run()
    assert _clock(case).status == Deadline.Status.BREACHED
    assert _overdue_everywhere(cast, case) == dict.fromkeys(_overdue_everywhere(cast, case), False)
    # The case page still marks the request and its clock late, and the sweep reminded its holder.
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="expertise-1" class="overdue"' in page
    assert re.search(r'<tr class="overdue"><td>Nhận kết luận giám định \(lần 1\)</td>', page)
    assert 'class="banner-late"' not in page
    assert case_expertise(case=case)[0].overdue is True

    # The case's own limit past due makes it overdue everywhere, as before.
    clock.set_now(dt.datetime(2026, 4, 3, 2, 0, tzinfo=dt.UTC))
    assert _clock(case, "resolve").due_on < clock.today()
    found = _overdue_everywhere(cast, case)
    found.pop("report")  # the first quarter is over: 01/04 was not yet past on its last day
    assert found == dict.fromkeys(found, True)


# ---- a case ended while a conclusion is awaited -------------------------------------------------------


def test_closing_the_case_ends_the_awaited_requests_and_cancels_their_clocks(cast, frozen_clock, client):
    case = _request(_complaint(cast), cast.officer, days=5)  # will run out before the case closes
    case = _request(case, cast.officer, days=40)  # still running when it closes
    case = _request(case, cast.officer, days=40)  # its conclusion comes in
    received = ExpertiseRequest.objects.get(case=case, number=3)
    case = case_expertise_conclusion(
        case=case, actor=cast.officer, request=received.pk, conclusion_on=clock.today(), summary="Chữ ký thật."
    )
    clock.set_now(dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC))
    sweep_run()
    assert _clock(case).status == Deadline.Status.BREACHED
    case = case_record_dialogue(case=case, actor=cast.officer, **dialogue())
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    case = case_decide(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Giải quyết…", outcome=Outcome.PARTLY
    )
    case = case_notify_result(case=case, actor=cast.officer)
    case = case_close(case=case, actor=cast.officer, note="Lưu trữ")

    assert case.status == Status.CLOSED
    # Never met: the two conclusions awaited were not received; the one received stays met.
    assert [_clock(case, f"expertise:{n}").status for n in (1, 2, 3)] == ["cancelled", "cancelled", "met"]
    assert _clock(case).breached_at is not None  # its breach stays recorded
    requests = {r.number: r for r in ExpertiseRequest.objects.filter(case=case)}
    assert [requests[n].ended_on for n in (1, 2, 3)] == [clock.today(), clock.today(), None]
    assert not any(r.awaiting for r in requests.values())
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.expertise_end")
    assert (event.after["expertise_ended"], event.actor_id) == ([1, 2], cast.officer.pk)
    # The page and the API say so; nothing is offered on the requests of a closed case.
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert page.count("Kết thúc cùng hồ sơ ngày 10/03/2026, không chờ kết luận") == 2
    assert 'id="expertise-1" class="overdue"' not in page
    rows = api_client(cast.officer).get(f"/api/cases/{case.pk}/").json()["expertise_requests"]
    assert [(r["ended_on"], r["awaiting"], r["overdue"]) for r in rows] == [
        ("2026-03-10", False, False),
        ("2026-03-10", False, False),
        (None, False, False),
    ]


def test_closing_a_case_with_no_request_awaited_records_no_ending(cast, frozen_clock):
    case = _complaint(cast)
    case = case_record_dialogue(case=case, actor=cast.officer, **dialogue())
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    case = case_decide(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Giải quyết…", outcome=Outcome.FOUNDED
    )
    case = case_close(case=case_notify_result(case=case, actor=cast.officer), actor=cast.officer)
    assert not audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.expertise_end")


def test_a_termination_ends_the_awaited_requests_as_closing_does(cast, frozen_clock):
    case = _request(_complaint(cast), cast.officer, days=5)  # runs out before the termination
    case = _request(case, cast.officer, days=40)
    clock.set_now(dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC))
    sweep_run()
    assert _clock(case).status == Deadline.Status.BREACHED
    case = case_terminate(case=case, actor=cast.leader, ground="court")
    # Never met, the one run out included (its breach stays recorded); both requests end with the case.
    assert [_clock(case, f"expertise:{n}").status for n in (1, 2)] == ["cancelled", "cancelled"]
    assert _clock(case).breached_at is not None
    assert list(ExpertiseRequest.objects.filter(case=case).values_list("ended_on", flat=True)) == [clock.today()] * 2
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.expertise_end")
    assert (event.after["expertise_ended"], event.actor_id) == ([1, 2], cast.leader.pk)


def test_a_whole_withdrawal_that_ends_the_case_ends_its_awaited_requests(cast, frozen_clock):
    """Only a letter not yet accepted (or a petition) ends by its withdrawal, and neither has a request
    through the services: the request is written here as a row, to hold the step to the rule of every
    step that ends a case (`expertise_end_with_case`)."""
    from casework.cases.services import case_withdraw
    from tests.builders import intake

    case = intake(cast.intake, cast.sector, kind=Kind.COMPLAINT, title="Đơn khiếu nại về chế độ")
    ExpertiseRequest.objects.create(
        case=case,
        number=1,
        body="Viện Khoa học hình sự",
        content="Giám định chữ ký.",
        due_on=clock.today() + dt.timedelta(days=20),
        requested_on=clock.today(),
        requested_by=cast.chair,
        created_at=clock.now(),
    )
    case = case_withdraw(case=case, actor=cast.intake, reason="Người gửi rút đơn", **withdrawal_letter())
    assert case.status == Status.WITHDRAWN
    assert ExpertiseRequest.objects.get(case=case).ended_on == clock.today()
    assert audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.expertise_end").exists()


def test_a_case_that_has_ended_is_late_no_more_in_the_lists(cast, frozen_clock):
    """A clock run out before the case ended stops with it (cancelled, its breach recorded); the case,
    ended, no longer reads overdue in the case list, its overdue filter and order, as in the inbox and
    the dashboard."""
    ended, running = _complaint(cast), _complaint(cast)
    clock.set_now(dt.datetime(2026, 4, 20, 2, 0, tzinfo=dt.UTC))
    sweep_run()
    assert _clock(ended, "resolve").status == _clock(running, "resolve").status == Deadline.Status.BREACHED
    ended = case_terminate(case=Case.objects.get(pk=ended.pk), actor=cast.leader, ground="court")
    stopped = _clock(ended, "resolve")
    assert (stopped.status, stopped.breached_at is not None) == (Deadline.Status.CANCELLED, True)
    assert not status_of(ended, clock.now()).overdue  # only its decision's sending runs, in time
    assert set(Case.objects.filter(deadline_status_q(Case, "overdue", clock.now())).values_list("pk", flat=True)) == {
        running.pk
    }
    now = clock.now()
    overdue_ids = set(Case.objects.filter(pk__in=case_ids_overdue(now=now)).values_list("pk", flat=True))
    assert overdue_ids == {running.pk}
    listed = {c.pk: c.overdue for c in case_list(user=cast.chair)}
    assert (listed[ended.pk], listed[running.pk]) == (False, True)
    assert [c.pk for c in case_list(user=cast.chair, filters={"overdue": True})] == [running.pk]
    rows = api_client(cast.chair).get("/api/cases/", {"overdue": "true"}).json()
    assert ended.reference not in str(rows) and running.reference in str(rows)


# ---- who signs the written request (Mẫu số 09) ---------------------------------------------------------


def test_a_complaints_request_decided_by_its_verifier_is_signed_by_them_in_their_own_right(cast, frozen_clock):
    """Luật Khiếu nại 2011 Đ.29 khoản 3 điểm d, Đ.38: the person responsible for verification requests an
    assessment by law, and signs the request under that title, for no body; the resolver's own request
    is signed as the template says."""
    case = _request(_complaint(cast), cast.officer, days=20)
    request = ExpertiseRequest.objects.get(case=case, number=1)
    assert (request.authorised, request.verifier_by_law) == (False, True)
    paper = _expertise_paper(case)
    assert (paper.signer, paper.signer_title, paper.authority_line) == (
        cast.officer,
        "NGƯỜI CÓ TRÁCH NHIỆM XÁC MINH",
        "",
    )
    text = " ".join(pdf_text(paper.pdf.read()).split())
    assert "NGƯỜI CÓ TRÁCH NHIỆM XÁC MINH" in text and cast.officer.full_name in text
    assert "TM. BAN THƯỜNG VỤ" not in text and "TUQ." not in text
    from casework.papers.services import paper_copy_for

    copy = " ".join(pdf_text(paper_copy_for(paper=paper, addressee="Kế toán CĐCS")).split())
    assert "NGƯỜI CÓ TRÁCH NHIỆM XÁC MINH" in copy and "TM. BAN THƯỜNG VỤ" not in copy

    case = _request(case, cast.chair, days=20)  # the resolver's own request
    assert ExpertiseRequest.objects.get(case=case, number=2).verifier_by_law is False
    own = _expertise_paper(case)
    assert own.signer != cast.officer and own.signer_title != "NGƯỜI CÓ TRÁCH NHIỆM XÁC MINH"
    assert "TM. BAN THƯỜNG VỤ" in " ".join(pdf_text(own.pdf.read()).split())


def _expertise_paper(case: Case) -> Paper:
    return Paper.objects.filter(target_id=str(case.pk), template_version__template__key="case.expertise").latest("pk")


def test_a_request_decided_under_authorisation_is_signed_by_its_verifier_for_the_resolver(cast, frozen_clock):
    case = case_start_verification(
        case=assigned(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital), actor=cast.officer
    )
    case = _request(case, cast.chair, days=20)  # the resolver's own request: the template's signer
    own = _expertise_paper(case)
    assert (own.signer_title, own.authority_line) == ("CHỦ TỊCH", "")
    assert own.signer != cast.officer
    assert "TM. BAN THƯỜNG VỤ" in " ".join(pdf_text(own.pdf.read()).split())

    case = case_expertise_authorise(case=case, actor=cast.chair, reason="Ủy quyền theo Đ.15 khoản 1")
    case = _request(case, cast.officer, days=20)
    paper = _expertise_paper(case)
    assert ExpertiseRequest.objects.get(case=case, number=2).authorised is True
    assert (paper.signer, paper.signer_name) == (cast.officer, cast.officer.full_name)
    assert (paper.signer_title, paper.authority_line) == ("NGƯỜI ĐƯỢC GIAO XÁC MINH", "TUQ. BAN THƯỜNG VỤ")
    text = " ".join(pdf_text(paper.pdf.read()).split())
    assert "TUQ. BAN THƯỜNG VỤ NGƯỜI ĐƯỢC GIAO XÁC MINH" in text and "TM. BAN THƯỜNG VỤ" not in text
    assert cast.officer.full_name in text and "ban hành theo ủy quyền ngày" in text
    event = audit_events_for(target_type="papers.paper", target_id=paper.pk).get(action="paper.issue")
    assert (event.after["signer"], event.after["authority"]) == (cast.officer.full_name, "TUQ. BAN THƯỜNG VỤ")
    # A copy for one party prints what the paper was issued with.
    from casework.papers.services import paper_copy_for

    copy = " ".join(pdf_text(paper_copy_for(paper=paper, addressee="Người tố cáo")).split())
    assert "TUQ. BAN THƯỜNG VỤ NGƯỜI ĐƯỢC GIAO XÁC MINH" in copy
