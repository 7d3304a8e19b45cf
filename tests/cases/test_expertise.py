"""Trưng cầu giám định (Nghị định 31/2019/NĐ-CP Đ.15 khoản 1, 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP;
complaints: Luật Khiếu nại 2011 Đ.29 khoản 3 điểm d, Thông tư 07/2013/TT-TTCP Đ.15): the resolver decides
the request or authorises the verifier to; the written request (Mẫu số 09) names the body, the content and
the day its conclusion is asked for, is numbered in the outgoing register and sent to the resolver, the
denouncer (never named) and those concerned; each request runs its own clock, reminded before and overdue
after, stopped by the conclusion received; a suspension awaiting an assessment needs a request still
awaiting its conclusion."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import event_reason
from casework.cases.actions import case_actions
from casework.cases.identity import is_sealed, unseal
from casework.cases.integrations import attachment_store_for_case
from casework.cases.models import Case, ExpertiseRequest, Kind, Status, SuspensionGround
from casework.cases.services import (
    case_expertise_authorise,
    case_expertise_conclusion,
    case_expertise_request,
    case_expertise_revoke,
    case_expertise_sent,
    case_resume,
    case_start_verification,
    case_suspend,
)
from casework.papers.models import Paper
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests.builders import PEOPLE, accepted_by_services, api_client, assigned, person
from tests.factories import Cast, build_cast
from tests.module_data import built_for_module, fresh_cast
from tests.papers.conftest import pdf_text
from workflows.models import Deadline
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

DENOUNCER = "Nguyễn Văn Gửi"  # tests.builders.submitter(): a denunciation's denouncer, sealed at intake
CONTENT = "Giám định chữ ký trên 12 phiếu chi quỹ phúc lợi năm 2025."


def _denunciation(cast, **kw) -> Case:
    kw.setdefault("subject_unit", cast.hospital)  # its leaders are recused, its conflicts count
    kw.setdefault("title", "Tố cáo chi sai quỹ phúc lợi")
    case = assigned(cast, kind=Kind.DENUNCIATION, **kw)
    return case_start_verification(case=case, actor=cast.officer)


@dataclasses.dataclass
class World:
    """A denunciation about the hospital in verification, built once for the module: the tests that
    start from it re-read it and roll back what they write."""

    cast: Cast
    denunciation: int


def _build() -> World:
    cast = build_cast()
    return World(cast, _denunciation(cast).pk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with built_for_module(django_db_blocker, _build) as built:
        yield built


@pytest.fixture
def cast(world, db) -> Cast:
    return fresh_cast(world.cast)


def _request(case: Case, actor, *, days: int = 20, **kw) -> Case:
    values = {"body": "Viện Khoa học hình sự", "content": CONTENT, "due_on": clock.today() + dt.timedelta(days=days)}
    values.update(kw)
    return case_expertise_request(case=Case.objects.get(pk=case.pk), actor=actor, **values)


def _clock(case: Case, number: int = 1) -> Deadline:
    return Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk), step=f"expertise:{number}").get()


def _nothing_written(case: Case, version: int) -> None:
    case.refresh_from_db()
    assert case.version == version
    assert not ExpertiseRequest.objects.filter(case=case).exists()
    assert not Paper.objects.filter(target_id=str(case.pk), template_version__template__key="case.expertise").exists()
    assert not Deadline.objects.filter(target_id=str(case.pk), step__startswith="expertise").exists()


# ---- the request and its rules -------------------------------------------------------------------


def test_the_resolver_requests_in_writing_numbered_and_timed_to_the_day_asked(world, cast, frozen_clock):
    case = Case.objects.get(pk=world.denunciation)
    due = clock.today() + dt.timedelta(days=20)
    case = _request(case, cast.chair, materials="Bản chính 12 phiếu chi", related="Kế toán CĐCS Bệnh viện")
    request = ExpertiseRequest.objects.get(case=case)
    assert (request.number, request.body, request.due_on, request.authorised) == (
        1,
        "Viện Khoa học hình sự",
        due,
        False,
    )
    paper = Paper.objects.get(target_id=str(case.pk), template_version__template__key="case.expertise")
    assert request.paper_symbol == paper.symbol == "01/CV-BTV"
    deadline = _clock(case)
    assert (deadline.status, deadline.starts_on, deadline.due_on) == ("open", clock.today(), due)
    assert deadline.rule.step == "expertise" and "Nghị định 31/2019/NĐ-CP Đ.15" in deadline.rule.source
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.expertise_request")
    assert event.after["expertise"] == 1 and event.after["decision_number"] == "01/CV-BTV"
    assert event.after["expertise_due_on"] == due.isoformat()
    # The officer who holds the case hears of it.
    assert Notification.objects.filter(user=cast.officer, title__contains="trưng cầu giám định").exists()


def test_several_requests_each_run_their_own_clock(world, cast, frozen_clock):
    case = Case.objects.get(pk=world.denunciation)
    case = _request(case, cast.chair, days=20)
    case = _request(case, cast.chair, days=10, body="Sở Tài chính")
    assert list(ExpertiseRequest.objects.filter(case=case).values_list("number", "paper_symbol")) == [
        (1, "01/CV-BTV"),
        (2, "02/CV-BTV"),
    ]
    assert (_clock(case, 1).due_on, _clock(case, 2).due_on) == (
        clock.today() + dt.timedelta(days=20),
        clock.today() + dt.timedelta(days=10),
    )
    assert _clock(case, 2).step_label == "nhận kết luận giám định (lần 2)"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"body": "  "}, "body"),
        ({"content": ""}, "content"),
        ({"due_on": None}, "due_on"),
        ({"days": 0}, "due_on"),
        ({"days": -3}, "due_on"),
        ({"related": "x" * 256}, "related"),
    ],
)
def test_a_bad_request_is_refused_by_field_and_changes_nothing(world, cast, frozen_clock, values, field):
    case = Case.objects.get(pk=world.denunciation)
    version = Case.objects.get(pk=case.pk).version
    with pytest.raises(ValidationFailed) as err:
        _request(case, cast.chair, **values)
    assert field in err.value.fields
    _nothing_written(case, version)


def test_no_request_on_a_petition_or_a_closed_step(cast, frozen_clock, make_case):
    petition = assigned(cast, kind=Kind.PETITION)
    with pytest.raises(TransitionNotAllowed):
        _request(petition, cast.chair)
    received = make_case(kind=Kind.DENUNCIATION)  # not accepted yet
    with pytest.raises(TransitionNotAllowed):
        _request(received, cast.chair)
    assert "expertise_request" not in case_actions(user=cast.chair, case=received)
    assert not ExpertiseRequest.objects.exists()


# ---- who may request ---------------------------------------------------------------------------


def test_the_verifier_of_a_denunciation_requests_only_when_the_resolver_authorised_it(world, cast, frozen_clock):
    case = Case.objects.get(pk=world.denunciation)
    assert "expertise_request" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed, match="ủy quyền"):
        _request(case, cast.officer)
    # Only the resolver authorises, with its terms; the officer may not authorise themself.
    assert "expertise_authorise" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_expertise_authorise(case=case, actor=cast.officer, reason="Tự ủy quyền")
    with pytest.raises(ValidationFailed):
        case_expertise_authorise(case=case, actor=cast.chair, reason=" ")
    case = case_expertise_authorise(case=case, actor=cast.chair, reason="Ủy quyền theo Đ.15 khoản 1")
    assert (case.expertise_authorised_by, case.expertise_authorised_on) == (cast.chair, clock.today())
    assert "expertise_request" in case_actions(user=cast.officer, case=case)
    case = _request(case, cast.officer)
    assert ExpertiseRequest.objects.get(case=case).authorised is True
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.expertise_authorise")
    assert event.after["expertise_authorised_on"] == clock.today().isoformat()
    assert event.after["assignee"] == cast.officer.pk
    # Withdrawn: the officer decides no more requests; the one made stands.
    case = case_expertise_revoke(case=case, actor=cast.chair, reason="Người giải quyết tự quyết định")
    assert case.expertise_authorised_on is None
    with pytest.raises(TransitionNotAllowed):
        _request(case, cast.officer)
    assert ExpertiseRequest.objects.filter(case=case).count() == 1


def test_the_verifier_of_a_complaint_requests_by_law_without_an_authorisation(cast, frozen_clock):
    case = case_start_verification(case=assigned(cast), actor=cast.officer)
    actions = case_actions(user=cast.officer, case=case)
    assert "expertise_request" in actions and "expertise_authorise" not in actions
    case = _request(case, cast.officer)
    request = ExpertiseRequest.objects.get(case=case)
    assert request.authorised is False and _clock(case).rule.source == "Thông tư 07/2013/TT-TTCP Đ.15 khoản 2"


@pytest.mark.parametrize("who", PEOPLE)
def test_the_request_is_offered_exactly_to_whom_the_service_accepts(world, cast, frozen_clock, client, who):
    """Whoever is recused from the case, declared a conflict in it or is conflicted with the unit
    concerned takes no decision on it: neither the request nor the authorisation."""
    case = Case.objects.get(pk=world.denunciation)
    user = person(cast, who)
    fresh = Case.objects.get(pk=case.pk)
    offered = set(case_actions(user=user, case=fresh)) & {"expertise_request", "expertise_authorise"}
    accepted = accepted_by_services(
        {
            "expertise_request": lambda: _request(case, user),
            "expertise_authorise": lambda: case_expertise_authorise(
                case=Case.objects.get(pk=case.pk), actor=user, reason="Ủy quyền"
            ),
        }
    )
    assert offered == accepted
    expected = {
        "leader": {"expertise_request", "expertise_authorise"},
        "chair": {"expertise_request", "expertise_authorise"},
    }
    assert offered == expected.get(who, set())
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    if who == "recused":
        assert page.status_code == 404  # the case does not exist for them
    else:
        found = set(re.findall(rf'action="/cases/{case.pk}/action/(expertise_\w+)/"', page.content.decode()))
        assert found == offered


def test_out_of_scope_users_reach_nothing(world, cast, frozen_clock, client):
    case = Case.objects.get(pk=world.denunciation)
    with pytest.raises(TransitionNotAllowed):
        _request(case, cast.other_officer)
    client.force_login(cast.other_officer)
    form = {"body": "Viện", "content": CONTENT, "due_on": "30/03/2026", "confirmed": "1"}
    assert client.post(reverse("cases:action", args=[case.pk, "expertise_request"]), form).status_code == 404
    assert (
        api_client(cast.other_officer)
        .post(f"/api/cases/{case.pk}/expertise_request/", {"body": "Viện", "content": CONTENT, "due_on": "2026-03-30"})
        .status_code
        == 404
    )
    assert not ExpertiseRequest.objects.exists()


def test_a_conflicted_decider_is_refused_with_the_reason(world, cast, frozen_clock):
    case = Case.objects.get(pk=world.denunciation)
    user = person(cast, "conflicted_leader")
    with pytest.raises(TransitionNotAllowed, match="xung đột lợi ích"):
        _request(case, user)
    assert not ExpertiseRequest.objects.exists()


# ---- sending and the conclusion ------------------------------------------------------------------


def test_the_sending_is_recorded_with_its_day_and_recipients_the_denouncer_never_named(world, cast, frozen_clock):
    case = _request(Case.objects.get(pk=world.denunciation), cast.chair, related="Kế toán CĐCS Bệnh viện")
    request = ExpertiseRequest.objects.get(case=case)
    for sent_on, field in [
        (None, "sent_on"),
        (clock.today() + dt.timedelta(days=1), "sent_on"),
        (clock.today() - dt.timedelta(days=1), "sent_on"),
    ]:
        with pytest.raises(ValidationFailed) as err:
            case_expertise_sent(case=case, actor=cast.officer, request=request.pk, sent_on=sent_on)
        assert field in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        case_expertise_sent(case=case, actor=cast.officer, request=10**30, sent_on=clock.today())
    assert "request" in err.value.fields
    request.refresh_from_db()
    assert request.sent_on is None
    clock.advance(dt.timedelta(days=1))
    case = case_expertise_sent(case=case, actor=cast.officer, request=request.pk, sent_on=clock.today())
    request.refresh_from_db()
    assert (request.sent_on, request.sent_by) == (clock.today(), cast.officer)
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.expertise_sent")
    assert event.after["sent_to"] == [
        "cơ quan, tổ chức được yêu cầu giám định",
        "người giải quyết tố cáo",
        "người tố cáo",
        "cơ quan, tổ chức, cá nhân có liên quan",
        "Kế toán CĐCS Bệnh viện",
    ]
    assert "expertise_sent" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_expertise_sent(case=case, actor=cast.officer, request=request.pk, sent_on=clock.today())


def test_the_clock_reminds_then_runs_overdue_on_the_case_page_until_the_conclusion_is_received(
    world, cast, frozen_clock, client
):
    case = _request(Case.objects.get(pk=world.denunciation), cast.chair, days=20)  # asked for by Sun 22/03/2026
    request = ExpertiseRequest.objects.get(case=case)
    clock.set_now(dt.datetime(2026, 3, 19, 2, 0, tzinfo=dt.UTC))  # Thu 19/03, 09:00: three days before
    sweep_run()
    titles = list(Notification.objects.filter(user=cast.officer).values_list("title", flat=True))
    assert any(t.startswith("Nhắc hạn") and case.reference in t for t in titles), titles
    clock.set_now(dt.datetime(2026, 3, 23, 2, 0, tzinfo=dt.UTC))  # Mon 23/03: past the day asked for
    sweep_run()
    assert _clock(case).status == Deadline.Status.BREACHED
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="expertise-1" class="overdue"' in page
    assert re.search(r'<tr class="overdue"><td>Nhận kết luận giám định \(lần 1\)</td>', page)
    body = api_client(cast.officer).get(f"/api/cases/{case.pk}/").json()
    assert body["expertise_requests"][0]["overdue"] is True and body["expertise_requests"][0]["awaiting"] is True
    assert {"step": "expertise:1", "status": "breached"}.items() <= body["deadlines"][-1].items()

    # Bad input changes nothing: a day in the future, before the request, no summary, a foreign file.
    other = _denunciation(cast, title="Tố cáo khác")
    foreign = attachment_store_for_case(
        case=other, upload=SimpleUploadedFile("kl.pdf", b"%PDF-1.4 x", "application/pdf"), actor=cast.officer
    )
    for values, field in [
        ({"conclusion_on": clock.today() + dt.timedelta(days=1)}, "conclusion_on"),
        ({"conclusion_on": dt.date(2026, 3, 1)}, "conclusion_on"),
        ({"summary": ""}, "summary"),
        ({"attachment": foreign.pk}, "attachment"),
        ({"attachment": "x"}, "attachment"),
    ]:
        kwargs = {"conclusion_on": clock.today(), "summary": "Chữ ký không phải của người nhận tiền.", **values}
        with pytest.raises(ValidationFailed) as err:
            case_expertise_conclusion(case=case, actor=cast.officer, request=request.pk, **kwargs)
        assert field in err.value.fields
    assert _clock(case).status == Deadline.Status.BREACHED and ExpertiseRequest.objects.get(pk=request.pk).awaiting

    scan = attachment_store_for_case(
        case=case, upload=SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4 y", "application/pdf"), actor=cast.officer
    )
    case = case_expertise_conclusion(
        case=case,
        actor=cast.officer,
        request=request.pk,
        conclusion_on=clock.today(),
        summary="Chữ ký không phải của người nhận tiền.",
        attachment=scan.pk,
    )
    request.refresh_from_db()
    assert (request.conclusion_on, request.conclusion_attachment) == (clock.today(), scan)
    deadline = _clock(case)
    assert deadline.status == Deadline.Status.MET and deadline.breached_at is not None  # late, and recorded so
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="expertise-1" class="overdue"' not in page and "ket-luan.pdf" in page
    assert "expertise_conclusion" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_expertise_conclusion(
            case=case, actor=cast.officer, request=request.pk, conclusion_on=clock.today(), summary="Lần nữa"
        )


def test_the_conclusion_is_not_dated_before_the_request_was_sent_on_service_api_and_page(
    world, cast, frozen_clock, client
):
    """Nghị định 31/2019/NĐ-CP Đ.15: the body concludes on the request it received, so not before its sending."""
    case = _request(Case.objects.get(pk=world.denunciation), cast.chair)
    request = ExpertiseRequest.objects.get(case=case)
    requested_on = clock.today()
    clock.advance(dt.timedelta(days=3))
    sent_on = requested_on + dt.timedelta(days=2)
    case = case_expertise_sent(case=case, actor=cast.officer, request=request.pk, sent_on=sent_on)
    early = requested_on + dt.timedelta(days=1)  # after the request, before its sending
    message = f"Ngày nhận kết luận không được trước ngày gửi văn bản trưng cầu ({sent_on:%d/%m/%Y})."
    with pytest.raises(ValidationFailed) as err:
        case_expertise_conclusion(case=case, actor=cast.officer, request=request.pk, conclusion_on=early, summary="KL")
    assert err.value.fields["conclusion_on"] == [message]
    answer = api_client(cast.officer).post(
        f"/api/cases/{case.pk}/expertise_conclusion/",
        {"request": request.pk, "conclusion_on": early.isoformat(), "summary": "KL"},
        format="json",
    )
    assert answer.status_code == 400 and answer.json()["fields"]["conclusion_on"] == [message]
    client.force_login(cast.officer)
    page = client.post(
        f"/cases/{case.pk}/action/expertise_conclusion/",
        {
            "version": Case.objects.get(pk=case.pk).version,
            "request": request.pk,
            "conclusion_on": early.isoformat(),
            "summary": "KL",
        },
    )
    assert page.status_code == 400 and message in page.content.decode()
    assert ExpertiseRequest.objects.get(pk=request.pk).awaiting
    case = case_expertise_conclusion(
        case=case, actor=cast.officer, request=request.pk, conclusion_on=sent_on, summary="KL"
    )
    assert ExpertiseRequest.objects.get(pk=request.pk).conclusion_on == sent_on


def test_a_sending_recorded_after_the_conclusion_is_not_dated_after_it(world, cast, frozen_clock):
    case = _request(Case.objects.get(pk=world.denunciation), cast.chair)
    request = ExpertiseRequest.objects.get(case=case)
    concluded_on = clock.today()
    clock.advance(dt.timedelta(days=2))
    case = case_expertise_conclusion(
        case=case, actor=cast.officer, request=request.pk, conclusion_on=concluded_on, summary="KL"
    )
    with pytest.raises(ValidationFailed) as err:
        case_expertise_sent(case=case, actor=cast.officer, request=request.pk, sent_on=clock.today())
    assert err.value.fields["sent_on"] == [
        f"Ngày gửi không được sau ngày nhận kết luận giám định ({concluded_on:%d/%m/%Y})."
    ]
    assert ExpertiseRequest.objects.get(pk=request.pk).sent_on is None


# ---- the link with the suspension --------------------------------------------------------------


def test_suspension_awaiting_an_assessment_needs_a_request_still_awaiting_its_conclusion(world, cast, frozen_clock):
    case = Case.objects.get(pk=world.denunciation)
    with pytest.raises(ValidationFailed) as err:
        case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE, reason="Giám định lại")
    assert "trưng cầu giám định" in str(err.value.fields["ground"])
    case.refresh_from_db()
    assert case.status == Status.VERIFYING and not Paper.objects.filter(target_id=str(case.pk)).exists()

    case = _request(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE, reason="Giám định lại")
    assert case.status == Status.SUSPENDED
    # The request's clock runs on while the resolution stands still.
    assert _clock(case).status == Deadline.Status.OPEN
    request = ExpertiseRequest.objects.get(case=case)
    clock.advance(dt.timedelta(days=5))
    case = case_expertise_conclusion(
        case=case, actor=cast.officer, request=request.pk, conclusion_on=clock.today(), summary="Đã có kết luận"
    )
    assert case.status == Status.SUSPENDED  # resuming stays the resolver's decision
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết luận giám định lại")
    assert case.status == Status.VERIFYING
    # No request awaits any more: the ground is refused again.
    with pytest.raises(ValidationFailed):
        case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE)
    # Another ground needs none.
    assert (
        case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY).status == Status.SUSPENDED
    )


def test_a_suspended_case_may_request_the_repeated_assessment_it_will_wait_for(world, cast, frozen_clock):
    case = Case.objects.get(pk=world.denunciation)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ Tòa án")
    assert "expertise_request" in case_actions(user=cast.chair, case=case)
    case = _request(case, cast.chair)
    assert ExpertiseRequest.objects.filter(case=case).count() == 1


# ---- the paper and the denouncer's identity -------------------------------------------------------


def test_the_paper_names_the_body_the_content_the_day_and_the_recipients_never_the_denouncer(world, cast, frozen_clock):
    case = Case.objects.get(pk=world.denunciation)
    case = _request(
        case,
        cast.chair,
        content=f"Giám định chữ ký của ông {DENOUNCER} trên phiếu chi.",
        materials=f"Đơn của {DENOUNCER.upper()} và 12 phiếu chi.",
    )
    request = ExpertiseRequest.objects.get(case=case)
    assert DENOUNCER.casefold() not in (request.content + request.materials).casefold()
    paper = Paper.objects.get(target_id=str(case.pk), template_version__template__key="case.expertise")
    text = " ".join(pdf_text(paper.pdf.read()).split())
    for part in [
        "VĂN BẢN TRƯNG CẦU GIÁM ĐỊNH",
        "Về việc trưng cầu giám định trong giải quyết tố cáo (lần 1)",
        "Căn cứ Điều 15 Nghị định số 31/2019/NĐ-CP",
        "Kính gửi: Viện Khoa học hình sự",
        "1. Nội dung yêu cầu giám định: Giám định chữ ký của ông",
        "3. Thời hạn đề nghị gửi kết luận giám định: trước ngày 22/03/2026.",
        "- Người giải quyết tố cáo;",
        "- Người tố cáo;",
    ]:
        assert part in text, (part, text)
    assert DENOUNCER.casefold() not in text.casefold()
    # Not on the case page, nor in the API, nor in the trail.
    api = api_client(cast.leader).get(f"/api/cases/{case.pk}/").json()
    assert DENOUNCER.casefold() not in str(api["expertise_requests"]).casefold()
    for event in audit_events_for(target_type="cases.case", target_id=case.pk).filter(action__startswith="case.exp"):
        values = [unseal(v, case=case) if is_sealed(v) else v for v in event.after.values()]
        assert DENOUNCER.casefold() not in f"{event_reason(event)} {values}".casefold()


def test_a_complaints_paper_cites_the_complaint_rules_and_lists_no_denouncer(cast, frozen_clock):
    case = case_start_verification(case=assigned(cast), actor=cast.officer)
    case = _request(case, cast.officer)
    paper = Paper.objects.get(target_id=str(case.pk), template_version__template__key="case.expertise")
    text = " ".join(pdf_text(paper.pdf.read()).split())
    assert "Căn cứ Điều 29 Luật Khiếu nại 2011;" in text and "Thông tư số 07/2013/TT-TTCP" in text
    assert "Người giải quyết khiếu nại" in text and "Người tố cáo" not in text


# ---- the page and the API ------------------------------------------------------------------------


def _page_actions(client, user, case) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return set(re.findall(rf'action="/cases/{case.pk}/action/(\w+)/"', page))


def test_page_and_api_offer_the_same_expertise_steps(world, cast, frozen_clock, client):
    case = Case.objects.get(pk=world.denunciation)
    for step in ("start", "authorised", "requested", "sent", "concluded"):
        if step == "authorised":
            case = case_expertise_authorise(case=case, actor=cast.chair, reason="Ủy quyền")
        elif step == "requested":
            case = _request(case, cast.officer)
        elif step == "sent":
            request = ExpertiseRequest.objects.get(case=case)
            case = case_expertise_sent(case=case, actor=cast.officer, request=request.pk, sent_on=clock.today())
        elif step == "concluded":
            case = case_expertise_conclusion(
                case=case, actor=cast.officer, request=request.pk, conclusion_on=clock.today(), summary="Kết luận"
            )
        for user in (cast.officer, cast.chair, cast.leader, cast.auditor, cast.intake):
            fresh = Case.objects.get(pk=case.pk)
            api = set(api_client(user).get(f"/api/cases/{case.pk}/").json()["allowed_actions"])
            assert _page_actions(client, user, fresh) == api == set(case_actions(user=user, case=fresh)), (step, user)
    officer = set(case_actions(user=cast.officer, case=Case.objects.get(pk=case.pk)))
    assert not officer & {"expertise_sent", "expertise_conclusion"}


def test_the_page_asks_for_confirmation_before_issuing_the_request(world, cast, frozen_clock, client):
    case = Case.objects.get(pk=world.denunciation)
    url = reverse("cases:action", args=[case.pk, "expertise_request"])
    client.force_login(cast.chair)
    version = Case.objects.get(pk=case.pk).version
    bad = client.post(url, {"body": "Viện", "content": CONTENT, "due_on": "01/03/2026", "version": version})
    assert bad.status_code == 400 and "phải sau ngày hôm nay" in bad.content.decode()
    _nothing_written(case, version)
    form = {"body": "Viện Khoa học hình sự", "content": CONTENT, "due_on": "22/03/2026", "version": version}
    asked = client.post(url, form)
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    _nothing_written(case, version)
    done = client.post(url, {**form, "confirmed": "1"})
    assert done.status_code == 302
    request = ExpertiseRequest.objects.get(case=case)
    assert (request.due_on, request.paper_symbol) == (dt.date(2026, 3, 22), "01/CV-BTV")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="expertise"' in page and "Viện Khoa học hình sự" in page and "01/CV-BTV" in page


def test_the_api_requests_records_and_refuses_bad_input(world, cast, frozen_clock):
    case = Case.objects.get(pk=world.denunciation)
    api = api_client(cast.chair)
    version = Case.objects.get(pk=case.pk).version
    bad = api.post(f"/api/cases/{case.pk}/expertise_request/", {"body": "Viện", "content": ""}, format="json")
    assert bad.status_code == 400 and {"content", "due_on"} <= set(bad.json()["fields"])
    _nothing_written(case, version)
    payload = {"body": "Viện Khoa học hình sự", "content": CONTENT, "due_on": "2026-03-22", "related": "Sở Tài chính"}
    done = api.post(f"/api/cases/{case.pk}/expertise_request/", payload, format="json")
    assert done.status_code == 200, done.content
    (row,) = done.json()["expertise_requests"]
    assert (row["number"], row["paper_symbol"], row["due_on"], row["related"]) == (
        1,
        "01/CV-BTV",
        "2026-03-22",
        "Sở Tài chính",
    )
    sent = api.post(
        f"/api/cases/{case.pk}/expertise_sent/", {"request": row["id"], "sent_on": "2026-03-02"}, format="json"
    )
    assert sent.status_code == 200 and sent.json()["expertise_requests"][0]["sent_on"] == "2026-03-02"
    concluded = api.post(
        f"/api/cases/{case.pk}/expertise_conclusion/",
        {"request": row["id"], "conclusion_on": "2026-03-02", "summary": "Chữ ký giả"},
        format="json",
    )
    assert concluded.status_code == 200
    assert concluded.json()["expertise_requests"][0]["awaiting"] is False
    again = api.post(
        f"/api/cases/{case.pk}/expertise_conclusion/",
        {"request": row["id"], "conclusion_on": "2026-03-02", "summary": "Lần nữa"},
        format="json",
    )
    assert again.status_code == 409
    assert "expertise_conclusion" not in again.json().get("allowed_actions", [])
