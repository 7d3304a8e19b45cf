"""The edges of scope that the role matrix (another sector's objects) does not walk.

A case of the health-sector union about the hospital is tried by: a sibling grassroots union's
people, the hospital's own people (a child unit reading its parent's case), the people recused from
it (the person denounced linked as a user, a leader of the hospital, a namesake holding a role
there), a former officer whose role has ended (the case still names them as its assignee), someone
whose role starts tomorrow, a substitute after the absence ended and an acting chair after the
appointment ended. Every page and API list of the URLConf without arguments, with and without a
search for the case, must not name it; its detail routes answer 404; actions change nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from casework.audit.models import AuditEvent
from casework.cases.models import Case, Kind, Status
from casework.cases.selectors import case_duplicates, case_list
from casework.cases.services import case_accept, case_assign
from casework.org.models import Role, RoleAssignment
from core import clock
from tests import builders
from tests.factories import UserFactory, build_cast, grant
from tests.module_data import built_for_module, fresh_cast
from tests.security.conftest import login_verified
from tests.security.urlconf_walk import routes_without_args

pytestmark = pytest.mark.django_db

SUBJECT = "Hoàng Văn Sáo"
TITLE = "Đơn tố cáo về quỹ Chim Vành Khuyên"

# Routes that change state by GET-less design, sign out, or answer the same for everyone.
NOT_WALKED = {
    "logout",
    "set_language",
    "login",
    "api:schema",
    "api:docs",
    "api:notification-read-all",
    "notifications:read_all",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
    "ops:healthz",
    "ops:readyz",
    "ops:system_health",
    "ops:metrics",
}


def _text(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data[:2] == b"PK":  # XLSX: read the sheets' XML
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return " ".join(book.read(name).decode("utf-8", "ignore") for name in book.namelist())
    return data.decode("utf-8", "ignore")


class World:
    def __init__(self, cast: Any) -> None:
        today = clock.today()
        self.cast = cast
        self.accused = UserFactory(
            username="accused", full_name="Lý Thị Khác", roles=[(Role.CASE_OFFICER, cast.sector)]
        )
        self.former = UserFactory(username="former", roles=[(Role.CASE_OFFICER, cast.sector)])
        case = builders.make_case(
            cast,
            kind=Kind.DENUNCIATION,
            title=TITLE,
            content="Nội dung tố cáo về quỹ Chim Vành Khuyên.",
            subject_person=SUBJECT,
            subject_user=self.accused,
        )
        case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29", subject_area="khac")
        self.case = case_assign(case=case, actor=cast.chair, assignee=self.former)
        RoleAssignment.objects.filter(user=self.former).update(valid_to=today - dt.timedelta(days=1))
        future = UserFactory(username="future")
        grant(future, Role.CASE_OFFICER, cast.sector, valid_from=today + dt.timedelta(days=1))
        acting = UserFactory(username="acting_before")
        grant(acting, Role.COMMITTEE_CHAIR, cast.sector, valid_from=today - dt.timedelta(days=30), valid_to=today)
        RoleAssignment.objects.filter(user=acting).update(
            acting_document="Quyết định 7/QĐ-UBKT", valid_to=today - dt.timedelta(days=1)
        )
        self.people = {
            "sibling": UserFactory(
                username="clinic", roles=[(Role.BTV_MEMBER, cast.clinic), (Role.AUDITOR, cast.clinic)]
            ),
            "child": UserFactory(
                username="hospital",
                roles=[
                    (Role.INTAKE_OFFICER, cast.hospital),
                    (Role.INSPECTOR, cast.hospital),
                    (Role.AUDITOR, cast.hospital),
                ],
            ),
            "accused": self.accused,
            "leader_of_subject": UserFactory(
                username="hleader",
                roles=[(Role.BCH_MEMBER, cast.hospital), (Role.CASE_OFFICER, cast.sector), (Role.AUDITOR, cast.sector)],
            ),
            "namesake": UserFactory(
                username="namesake",
                full_name=SUBJECT,
                roles=[
                    (Role.SUBJECT_REP, cast.hospital),
                    (Role.CASE_OFFICER, cast.sector),
                    (Role.AUDITOR, cast.sector),
                ],
            ),
            "former": self.former,
            "future": future,
            "acting_ended": acting,
        }

    def fresh(self) -> World:
        """The same world read again from the database, so one test's change in memory never reaches the next."""
        world = object.__new__(World)
        world.cast = fresh_cast(self.cast)
        world.case = Case.objects.get(pk=self.case.pk)
        world.people = {name: type(user).objects.get(pk=user.pk) for name, user in self.people.items()}
        world.accused, world.former = world.people["accused"], world.people["former"]
        return world


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker) -> Any:
    """The cast and the case with the people at its edges, built once: the tests read them, and roll back
    what they write (each runs in a savepoint of the module's transaction)."""
    with built_for_module(django_db_blocker, lambda: World(build_cast())) as world:
        yield world


@pytest.fixture
def cast(_module_world, db):
    return fresh_cast(_module_world.cast)


@pytest.fixture
def world(_module_world, cast, frozen_clock, settings) -> World:
    settings.OTP_ENFORCED = False
    return _module_world.fresh()


# A message delivered while the role was held stays in the person's own inbox, like a letter already
# received; its link answers 404 like every other route to the case (test_the_case_answers_404_by_its_id).
OWN_INBOX = {"notifications:centre", "api:notification-list"}

PERSONAS = ["sibling", "child", "accused", "leader_of_subject", "namesake", "former", "future", "acting_ended"]


def test_the_world_is_seen_by_the_officers_of_the_sector(world):
    client = Client()
    login_verified(client, world.cast.officer)
    assert world.case.reference in _text(client.get(reverse("cases:list")))
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_or_list_names_the_case(world, persona):
    client = Client()
    login_verified(client, world.people[persona])
    reference = world.case.reference
    leaks = []
    for route in routes_without_args():
        if route.name in NOT_WALKED or (persona == "former" and route.name in OWN_INBOX):
            continue
        url = reverse(route.name)
        for query, needles in (("", (reference, "Vành Khuyên")), ("?q=Vành+Khuyên&search=Vành+Khuyên", (reference,))):
            response = client.get(url + query)
            assert response.status_code < 500, f"{persona} {url}{query}: {response.status_code}"
            if _refused(response):
                # Refused before the view reads anything: a search on the same route meets the same check.
                break
            if response.status_code == 200:
                body = _text(response)
                leaks += [f"{url}{query}: {needle}" for needle in needles if needle in body]
    assert not leaks, f"{persona} reads the case on: {leaks}"


def _refused(response) -> bool:
    """403/404/405, or sent to sign in again: an answer given on the route alone, not on the query."""
    if response.status_code == 302:
        return response["Location"].startswith((reverse("login"), "/account/"))
    return response.status_code in {403, 404, 405}


DETAIL_URLS = [
    "/cases/{pk}/",
    "/api/cases/{pk}/",
    "/api/cases/{pk}/timeline/",
    "/audit/timeline/cases.case/{pk}/",
    "/reports/documents/case/{pk}/accept.pdf",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template", DETAIL_URLS)
def test_the_case_answers_404_by_its_id(world, persona, template):
    client = Client()
    login_verified(client, world.people[persona])
    url = template.format(pk=world.case.pk)
    assert client.get(url).status_code in {403, 404}, url


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _unchanged(case: Case, before: tuple, events: int) -> None:
    case.refresh_from_db()
    assert (case.status, case.version, case.assignee_id) == before
    assert AuditEvent.objects.filter(action__startswith="case.").count() == events


def test_a_former_officer_still_named_as_assignee_can_do_nothing(world):
    case = world.case
    before = (case.status, case.version, case.assignee_id)
    events = AuditEvent.objects.filter(action__startswith="case.").count()
    client = Client()
    login_verified(client, world.former)
    web = client.post(f"/cases/{case.pk}/action/start_verification/", {"version": case.version, "confirmed": "1"})
    assert web.status_code == 404
    api = _api(world.former).post(f"/api/cases/{case.pk}/start_verification/", {}, format="json")
    assert api.status_code == 404
    assert not case_list(user=world.former).exists()
    _unchanged(case, before, events)


def test_a_substitute_acts_only_while_the_absence_lasts(cast, frozen_clock):
    from casework.cases.permissions import can_work
    from workflows.services.absences import absence_record

    case = builders.accepted(cast)
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    today = clock.today()
    absence_record(
        actor=cast.officer,
        user=cast.officer,
        starts_on=today,
        ends_on=today + dt.timedelta(days=2),
        reason="Nghỉ phép",
        substitute=cast.officer2,
    )
    assert can_work(case, cast.officer2)
    clock.advance(dt.timedelta(days=3))
    assert not can_work(case, cast.officer2)
    before = (case.status, case.version, case.assignee_id)
    events = AuditEvent.objects.filter(action__startswith="case.").count()
    response = _api(cast.officer2).post(f"/api/cases/{case.pk}/start_verification/", {}, format="json")
    assert response.status_code in {403, 409}
    _unchanged(case, before, events)


def test_an_acting_chair_acts_only_while_the_appointment_lasts(cast, frozen_clock):
    from casework.cases.permissions import can_assign

    acting = UserFactory(username="acting", roles=[(Role.INSPECTOR, cast.sector)])
    builders.acting_chair_appointed(cast, acting, days=1)
    case = builders.accepted(cast)
    assert can_assign(case, acting)
    clock.advance(dt.timedelta(days=2))
    assert not can_assign(case, acting)
    before = (case.status, case.version, case.assignee_id)
    events = AuditEvent.objects.filter(action__startswith="case.").count()
    response = _api(acting).post(f"/api/cases/{case.pk}/assign/", {"assignee": cast.officer.pk}, format="json")
    assert response.status_code in {403, 409}
    client = Client()
    login_verified(client, acting)
    web = client.post(f"/cases/{case.pk}/action/assign/", {"version": case.version, "assignee": cast.officer.pk})
    assert web.status_code in {400, 403, 409}
    _unchanged(case, before, events)


def test_an_inactive_user_reaches_nothing_by_session(world):
    officer = world.cast.officer
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    client = Client()
    client.force_login(officer)
    assert client.get(f"/cases/{world.case.pk}/").status_code == 302
    assert client.get("/api/cases/").status_code in {401, 403}


# ---- a letter the reader is recused from, reached from another letter ----------------------------


@pytest.fixture
def recused_intake(cast):
    """An intake officer of the sector who shares the name of the person denounced and holds a role at the hospital."""
    return UserFactory(
        username="recused_intake",
        full_name=SUBJECT,
        roles=[(Role.INTAKE_OFFICER, cast.sector), (Role.SUBJECT_REP, cast.hospital)],
    )


def _about_them(cast) -> Case:
    return builders.intake(
        cast.province_leader,
        cast.province,
        kind=Kind.DENUNCIATION,
        title=TITLE,
        content="Ông Sáo chi quỹ phúc lợi của CĐCS Bệnh viện sai quy chế, không có chứng từ kèm theo.",
        subject_unit=cast.hospital,
        subject_person=SUBJECT,
    )


def test_a_duplicate_letter_never_shows_a_case_the_reader_is_recused_from(cast, frozen_clock, recused_intake):
    grant(cast.province_leader, Role.INTAKE_OFFICER, cast.province)
    theirs = _about_them(cast)
    mine = builders.intake(
        cast.intake,
        cast.sector,
        kind=Kind.PETITION,
        title="Kiến nghị về quỹ phúc lợi",
        content="Ông Sáo chi quỹ phúc lợi của CĐCS Bệnh viện sai quy chế, không có chứng từ kèm theo.",
        subject_unit=cast.clinic,
        subject_person="Người khác",
    )
    assert theirs in [d.case for d in case_duplicates(case=mine, user=cast.intake)]
    assert theirs not in [d.case for d in case_duplicates(case=mine, user=recused_intake)]
    client = Client()
    login_verified(client, recused_intake)
    page = client.get(f"/cases/{mine.pk}/")
    assert page.status_code == 200
    assert theirs.reference not in page.content.decode()


def test_a_recused_officer_cannot_merge_into_the_case_nor_learn_that_it_exists(cast, frozen_clock, recused_intake):
    grant(cast.province_leader, Role.INTAKE_OFFICER, cast.province)
    theirs = _about_them(cast)
    mine = builders.intake(cast.intake, cast.sector, title="Đơn gửi ngành")
    before = (mine.status, mine.version, mine.assignee_id)
    events = AuditEvent.objects.filter(action__startswith="case.").count()
    api = _api(recused_intake).post(f"/api/cases/{mine.pk}/merge/", {"into": theirs.pk}, format="json")
    missing = _api(recused_intake).post(f"/api/cases/{mine.pk}/merge/", {"into": 999999}, format="json")
    assert api.status_code == missing.status_code == 404
    assert theirs.reference not in api.content.decode()
    assert api.json().keys() == missing.json().keys()
    client = Client()
    login_verified(client, recused_intake)
    web = client.post(
        f"/cases/{mine.pk}/action/merge/", {"version": mine.version, "confirmed": "1", "into": theirs.reference}
    )
    assert web.status_code == 400
    assert "Không tìm thấy hồ sơ" in web.content.decode()
    _unchanged(mine, before, events)
    theirs.refresh_from_db()
    assert theirs.status == Status.RECEIVED
