"""What a page offers, its view takes: for each demo role and each object in the states where its actions
are offered (a case, a flag, an inspection, a plan, a recommendation, a supervision, an escalation), every
action of the object's `<object>_actions` selector that the page shows is accepted by its view. A form is
posted as the page renders it (filled in), and must not be answered 403 or 404 nor refused by the service
as not the user's to take (TransitionNotAllowed, OutOfScope) or as not to be taken yet (ValidationFailed naming
none of the form's fields, such as a decision to inspect before its team is formed); a link must open. Input
the form leaves incomplete may be refused (ValidationFailed on its fields): that is the form's, not the offer's. Each post is rolled back,
so every action meets the state the page was rendered in. The objects are built once for the module (each
test rolls back what it writes), each group as its test needs it, every role reading the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import lxml.html
import pytest
from django.db import transaction
from django.urls import reverse

from casework.cases.actions import case_actions
from casework.cases.models import Case, Outcome
from casework.cases.services import case_approve, case_propose, case_start_verification
from casework.inspections import services as inspections
from casework.inspections.actions import flag_actions, inspection_actions, plan_actions, recommendation_actions
from casework.inspections.models import Flag, Inspection, InspectionPlan, Recommendation
from casework.supervision.actions import supervision_actions
from casework.supervision.models import Supervision
from casework.web import actions as web_actions
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from tests.builders import (
    accepted,
    api_client,
    assigned,
    conclude,
    make_supervision,
    open_ad_hoc,
    raise_flag,
    recommend,
    report_supervision,
    verification_assigned,
    walk_to_reporting,
)
from tests.factories import Cast, build_cast
from tests.module_data import FROZEN_AT, built_for_module, fresh_cast
from workflows.models import Escalation
from workflows.selectors import escalation_actions
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db

ROLES = ("intake", "officer", "inspector", "chair", "leader", "subject_rep", "auditor", "admin", "outsider")
TEXT = "Nội dung ghi nhận"


# Offered actions with no form on the object's page: taken through the API (escalate, checked below), or
# the designation of a representative (administration, casework.inspections.views: no form on the page).
ELSEWHERE = {"escalate", "assign_rep"}


class _RolledBack(Exception):
    pass


def _filled(form: Any) -> dict[str, Any]:
    """The form's fields as the page renders them, every empty one given a plausible value: the first
    choice of a list, the first box of a group ticked (and every confirmation), a date three weeks on."""
    data: dict[str, Any] = {"confirmed": "1"}  # an irreversible case step: confirmed at once
    day = (clock.today() + dt.timedelta(days=20)).isoformat()
    for el in form.inputs:
        name = el.get("name")
        if not name:
            continue
        tag, kind = el.tag, (el.get("type") or "text").lower()
        if tag == "select":
            options = [o.get("value") for o in el.findall(".//option") if o.get("value")]
            chosen = [o.get("value") for o in el.findall(".//option") if o.get("selected") is not None]
            data[name] = [v for v in chosen if v] or options[:1]
        elif tag == "textarea":
            data[name] = (el.text or "").strip() or TEXT
        elif kind in ("checkbox", "radio"):
            data.setdefault(name, el.get("value") or "on")
        elif kind in ("file", "submit", "button"):
            continue
        elif kind == "date" or name.endswith("_on") or "date" in name:
            data[name] = el.get("value") or day
        elif kind == "number" or name.startswith(("members_", "votes")):
            data[name] = el.get("value") or "1"
        else:
            data[name] = el.get("value") or TEXT
    return data


@pytest.fixture
def refusals(monkeypatch) -> list[Exception]:
    """The service refusals the views show (on a form, or as a message on a formless action)."""
    seen: list[Exception] = []
    add_error, error_text = web_actions.form_add_service_error, web_actions.service_error_text

    def recorded_add(form, exc, **kwargs):
        seen.append(exc)
        return add_error(form, exc, **kwargs)

    def recorded_text(exc):
        seen.append(exc)
        return error_text(exc)

    monkeypatch.setattr(web_actions, "form_add_service_error", recorded_add)
    monkeypatch.setattr(web_actions, "service_error_text", recorded_text)
    from casework.cases import views as case_views

    monkeypatch.setattr(case_views, "form_add_service_error", recorded_add)
    return seen


def _check(client, user, page_url: str, offered: list[str], url_of: Callable[[str], str], refusals) -> set[str]:
    """Post every offered action whose form the page shows, open every offered link; the names taken."""
    client.force_login(user)
    page = client.get(page_url)
    if page.status_code == 404:
        return set()  # the object does not exist for them: nothing is offered (a case officer and a flag)
    assert page.status_code == 200, (user.username, page_url)
    html = lxml.html.fromstring(page.content.decode(), base_url="http://testserver" + page_url)
    forms = {form.get("action") or page_url: form for form in html.forms}
    links = [a.get("href") for a in html.iter("a") if a.get("href")]
    taken: set[str] = set()
    for name in offered:
        target = url_of(name)
        form = forms.get(target)
        if form is not None:
            refusals.clear()
            fields = {el.get("name") for el in form.inputs if el.get("name")}
            # No file is uploaded: a form with a file input may be refused for want of one, under any name.
            uploads = any((el.get("type") or "").lower() == "file" for el in form.inputs)
            try:
                with transaction.atomic():
                    response = client.post(target, _filled(form))
                    raise _RolledBack
            except _RolledBack:
                pass
            refused = [
                e
                for e in refusals
                if isinstance(e, (TransitionNotAllowed, OutOfScope))
                or (isinstance(e, ValidationFailed) and not uploads and not set(e.fields) & fields)
            ]
            assert response.status_code not in (403, 404), f"{user.username}: {name} answered {response.status_code}"
            assert not refused, f"{user.username}: {name} offered on {page_url} but refused: {refused}"
            taken.add(name)
            continue
        for href in [h for h in links if h.split("?")[0] == target or h.startswith(target)]:
            assert client.get(href).status_code == 200, f"{user.username}: {name} links {href}, which does not open"
            taken.add(name)
    untaken = set(offered) - taken
    assert untaken <= ELSEWHERE, (
        f"{user.username}: {sorted(untaken - ELSEWHERE)} offered on {page_url}, no form or link"
    )
    return taken


def _api_taken(user, url: str, data: dict) -> None:
    """Post an API action in a savepoint rolled back: neither refused as not the user's (403, 404, 409),
    when the object exists for them (its `allowed_actions` offer it)."""
    detail = api_client(user).get(url.rsplit("/", 2)[0] + "/")
    if detail.status_code == 404:
        return
    assert "escalate" in detail.json()["allowed_actions"]
    try:
        with transaction.atomic():
            response = api_client(user).post(url, data, format="json")
            raise _RolledBack
    except _RolledBack:
        pass
    assert response.status_code not in (403, 404, 409), f"{user.username}: {url} answered {response.content!r}"


def _user(cast, who: str):
    return getattr(cast, who)


def _proposed(cast) -> Case:
    case = verification_assigned(case_start_verification(case=assigned(cast), actor=cast.officer))
    return case_propose(case=case, actor=cast.officer, proposal="Đúng một phần", outcome=Outcome.FOUNDED)


def _approved_without_dialogue(cast) -> Case:
    """Approved, then found partly founded with no dialogue, as a case approved before the rule stands:
    not decided until the approval is taken back (Luật Khiếu nại 2011 Đ.30 khoản 1)."""
    case = case_approve(case=_proposed(cast), actor=cast.leader)
    Case.objects.filter(pk=case.pk).update(outcome=Outcome.PARTLY)
    return case


@dataclasses.dataclass
class World:
    """The objects of every test, built once for the module in the states where their actions are offered."""

    cast: Cast
    cases: list[int]  # accepted, assigned, proposed, approved, approved without its dialogue
    flag: int
    inspections: list[int]  # opened, teamed, decided, notified, reporting, concluded
    teamed: int
    plans: list[int]  # draft, submitted, approved
    recommendations: list[int]  # open, reported
    supervisions: list[int]  # planned, running, done
    supervisions_day: dt.datetime  # the clock the supervisions were built at
    escalation: int


def _case_world(cast: Cast) -> list[int]:
    approved = case_approve(case=_proposed(cast), actor=cast.leader)
    return [
        case.pk
        for case in (accepted(cast), assigned(cast), _proposed(cast), approved, _approved_without_dialogue(cast))
    ]


def _inspection_world(cast: Cast) -> tuple[int, list[int], int]:
    flag = raise_flag(cast)
    opened = inspections.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    # Opened with its team formed: the decision to inspect is offered to its signer only now (before, as
    # `opened`, the team form is offered and the decision is not).
    teamed = inspections.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    inspections.inspection_team_set(
        inspection=teamed, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    decided = open_ad_hoc(cast, [raise_flag(cast)])
    notified = inspections.inspection_notify(
        inspection=open_ad_hoc(cast, [raise_flag(cast)]), text=TEXT, actor=cast.inspector
    )
    reporting = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    concluded = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    return flag.pk, [i.pk for i in (opened, teamed, decided, notified, reporting, concluded)], teamed.pk


def _plan_world(cast: Cast) -> tuple[list[int], list[int]]:
    draft = inspections.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    submitted = inspections.plan_create(unit=cast.sector, period="annual", year=2027, actor=cast.inspector)
    inspections.plan_item_add(
        plan=submitted,
        subject_unit=cast.hospital,
        topics=["finance_books"],
        starts_on=dt.date(2027, 3, 10),
        ends_on=dt.date(2027, 3, 20),
        team_lead=cast.inspector,
        actor=cast.inspector,
    )
    inspections.plan_submit(plan=submitted, actor=cast.inspector)
    approved = inspections.plan_create(unit=cast.sector, period="quarterly", year=2026, quarter=2, actor=cast.inspector)
    inspections.plan_item_add(
        plan=approved,
        subject_unit=cast.hospital,
        topics=["finance_books"],
        starts_on=dt.date(2026, 4, 10),
        ends_on=dt.date(2026, 4, 20),
        team_lead=cast.inspector,
        actor=cast.inspector,
    )
    inspections.plan_submit(plan=approved, actor=cast.inspector)
    inspections.plan_approve(plan=approved, actor=cast.leader)
    inspection = inspections.inspection_conclusion_notify(
        inspection=conclude(cast, open_ad_hoc(cast, [raise_flag(cast)])), actor=cast.inspector
    )
    open_rec = recommend(cast, inspection)
    reported = recommend(cast, inspection)
    inspections.followup_report(recommendation=reported, text=TEXT, actor=cast.subject_rep)
    return [p.pk for p in (draft, submitted, approved)], [r.pk for r in (open_rec, reported)]


def _supervision_world(cast: Cast) -> list[int]:
    from casework.supervision.services import supervision_start

    planned = make_supervision(cast)
    clock.set_now(clock.now().replace(year=2026, month=3, day=3))
    running = make_supervision(cast, title="Giám sát thứ hai")
    supervision_start(supervision=running, actor=cast.inspector)
    done = make_supervision(cast, title="Giám sát thứ ba")
    supervision_start(supervision=done, actor=cast.inspector)
    report_supervision(cast, done)
    return [s.pk for s in (planned, running, done)]


def _build() -> World:
    """Each group of objects built as its test built it, each from the frozen clock's morning."""
    cast = build_cast()
    cases = _case_world(cast)
    clock.set_now(FROZEN_AT)
    flag, inspection_pks, teamed = _inspection_world(cast)
    clock.set_now(FROZEN_AT)
    plans, recommendations = _plan_world(cast)
    supervisions = _supervision_world(cast)
    supervisions_day = clock.now()
    clock.set_now(FROZEN_AT)
    case = accepted(cast)
    escalation = escalation_open(target=case, unit=case.unit, reason="Cần lãnh đạo cho ý kiến.", actor=cast.chair)
    return World(
        cast, cases, flag, inspection_pks, teamed, plans, recommendations, supervisions, supervisions_day, escalation.pk
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with built_for_module(django_db_blocker, _build) as built:
        yield built


@pytest.fixture
def cast(world, db) -> Cast:
    return fresh_cast(world.cast)


@pytest.mark.parametrize("who", ROLES)
def test_every_case_action_offered_is_taken(client, world, cast, frozen_clock, refusals, who):
    user = _user(cast, who)
    for pk in world.cases:
        case = Case.objects.get(pk=pk)
        offered = case_actions(user=user, case=case)
        if not offered:
            continue
        _check(
            client,
            user,
            reverse("cases:detail", args=[case.pk]),
            offered,
            lambda name, pk=case.pk: reverse("cases:action", args=[pk, name]),
            refusals,
        )


@pytest.mark.parametrize("who", ROLES)
def test_every_flag_and_inspection_action_offered_is_taken(client, world, cast, frozen_clock, refusals, who):
    user = _user(cast, who)
    flag = Flag.objects.get(pk=world.flag)
    if flag_actions(user=user, flag=Flag.objects.get(pk=flag.pk)):
        _check(
            client,
            user,
            reverse("inspections:flag_detail", args=[flag.pk]),
            flag_actions(user=user, flag=Flag.objects.get(pk=flag.pk)),
            lambda name: {
                "open_inspection": reverse("inspections:inspection_open"),
                "subject_area": reverse("inspections:flag_subject_area", args=[flag.pk]),
            }.get(name, reverse("inspections:flag_act", args=[flag.pk, name])),
            refusals,
        )
    if "escalate" in flag_actions(user=user, flag=Flag.objects.get(pk=flag.pk)):
        _api_taken(user, f"/api/flags/{flag.pk}/escalate/", {"reason": TEXT})
    for pk in world.inspections:
        inspection = Inspection.objects.get(pk=pk)
        offered = inspection_actions(user=user, inspection=inspection)
        if who == "chair" and inspection.status == Inspection.Status.OPENED:
            assert ("decide" in offered) == (inspection.pk == world.teamed), offered
        if offered:
            _check(
                client,
                user,
                reverse("inspections:inspection_detail", args=[inspection.pk]),
                offered,
                lambda name, pk=inspection.pk: reverse("inspections:inspection_act", args=[pk, name]),
                refusals,
            )
        if "escalate" in offered:
            _api_taken(user, f"/api/inspections/{inspection.pk}/escalate/", {"reason": TEXT})


@pytest.mark.parametrize("who", ROLES)
def test_every_plan_recommendation_and_supervision_action_offered_is_taken(
    client, world, cast, frozen_clock, refusals, who
):
    user = _user(cast, who)
    for pk in world.plans:
        plan = InspectionPlan.objects.get(pk=pk)
        offered = plan_actions(user=user, plan=plan)
        if offered:
            _check(
                client,
                user,
                reverse("inspections:plan_detail", args=[plan.pk]),
                offered,
                lambda name, pk=plan.pk: reverse("inspections:plan_act", args=[pk, name]),
                refusals,
            )
    for pk in world.recommendations:
        rec = Recommendation.objects.get(pk=pk)
        offered = recommendation_actions(user=user, recommendation=rec)
        if offered:
            _check(
                client,
                user,
                reverse("inspections:recommendation_detail", args=[rec.pk]),
                offered,
                lambda name, pk=rec.pk: reverse("inspections:recommendation_act", args=[pk, name]),
                refusals,
            )
    clock.set_now(world.supervisions_day)
    for pk in world.supervisions:
        supervision = Supervision.objects.get(pk=pk)
        offered = supervision_actions(user=user, supervision=supervision)
        if offered:
            _check(
                client,
                user,
                reverse("supervision:detail", args=[supervision.pk]),
                offered,
                lambda name, pk=supervision.pk: reverse("supervision:act", args=[pk, name]),
                refusals,
            )


@pytest.mark.parametrize("who", ROLES)
def test_every_escalation_action_offered_is_taken(client, world, cast, frozen_clock, refusals, who):
    user = _user(cast, who)
    offered = escalation_actions(user=user, escalation=Escalation.objects.get(pk=world.escalation))
    assert offered == (["decide"] if who == "leader" else [])
    if offered:
        url = reverse("workflows:detail", args=[world.escalation])
        assert _check(client, user, url, offered, lambda name: url, refusals) == {"decide"}
