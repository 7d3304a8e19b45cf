"""The role matrix: every persona of the cast walks every route of the URLConf.

Routes are discovered with `get_resolver()`, so views that other apps add later are walked
too. Three promises are checked:

1. anonymous visitors reach only the public routes; everything else sends them to the login
   page (HTML), answers 401/403 (API) or 404/405;
2. every persona gets a sane answer (never a 500) on every route without arguments, and the
   few routes whose audience is fixed answer exactly as the role × action table of docs/roles.md says;
3. on routes that take an object id, nobody outside the object's unit gets it: cases, attachments,
   notifications, escalations, units, audit events, flags, inspections and inspection plans are built
   in the other sector (E → EG) and every persona of sector S (and the outsider) is refused with
   404/403/405 — GET and POST — and no audit event is written by those attempts. A persona who
   is in scope gets 200 on the detail routes, so the refusals are not vacuous.
Routes with ids for which no object builder exists (listed in `BUILDERS`) are walked by the
anonymous check only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.org.models import Role
from tests.factories import UserFactory, build_cast
from tests.module_data import built_for_module, fresh_cast
from tests.security.conftest import login_verified
from tests.security.urlconf_walk import Route, all_routes, routes_with_args, routes_without_args

pytestmark = pytest.mark.django_db

# Reachable without logging in (any status but 500 is fine for these).
PUBLIC = {
    "login",
    "set_language",
    "cases:public_submit",
    "cases:public_status",
    "cases:public_evidence",
    "cases:public_conclusions",
    "reception:public",
    "reports:quarterly_schema",
    "api:public-case-submit",
    "api:public-case-status",
    "api:token",
    "api:schema",
    "api:docs",
    "api:root",  # leads to api:docs
    "ops:healthz",
    "ops:readyz",
    "ops:system_health",
    "ops:metrics",
}
# Probes answer 503 while a dependency (e.g. the scheduler heartbeat) is missing: that is their job.
PROBES = {"ops:healthz", "ops:readyz", "ops:system_health", "ops:metrics"}

PERSONAS = [
    "intake",
    "officer",
    "officer2",
    "inspector",
    "chair",
    "leader",
    "province_leader",
    "subject_rep",
    "auditor",
    "admin",
    "outsider",
    "other_officer",
]

# Personas of sector S (and the outsider): the other sector E is outside all their roles.
OUTSIDE_E = ["intake", "officer", "inspector", "chair", "leader", "subject_rep", "auditor", "outsider"]

# The fixed part of the role × action table (docs/roles.md): route → personas that get 200 (others 403/404/302).
FIXED_AUDIENCE = {
    "home": set(PERSONAS),
    "unit_tree": set(PERSONAS),
    "audit:search": {"auditor", "admin"},
}

DUMMY = {
    "IntConverter": 1,
    "SlugConverter": "x",
    "StringConverter": "x",
    "UUIDConverter": "00000000-0000-0000-0000-000000000000",
}


def _url(route: Route, values: dict[str, Any] | None = None) -> str:
    conv = dict(route.converters)
    kwargs = {p: (values or {}).get(p, DUMMY.get(conv.get(p, ""), "1")) for p in route.params}
    return reverse(route.name, kwargs=kwargs or None)


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


# ---------------------------------------------------------------- 1. anonymous


@pytest.mark.parametrize("route", all_routes(), ids=str)
def test_anonymous_reaches_only_public_routes(client, route):
    url = _url(route)
    response = client.get(url)
    assert response.status_code < 500 or route.name in PROBES, f"{url} crashed for anonymous"
    if route.name in PUBLIC:
        return
    if response.status_code == 405:
        response = client.post(url)
    status = response.status_code
    if _is_api(url):
        assert status in {401, 403, 404, 405}, f"{url}: {status} for anonymous"
    elif status == 302:
        location = response["Location"]
        assert location.startswith((reverse("login"), "/admin/login/")), f"{url} redirected to {location}"
    else:
        assert status in {404, 405}, f"{url}: {status} for anonymous"


# ---------------------------------------------------------------- 2. every persona, routes without arguments


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gets_a_sane_answer_on_every_route(persona, cast, settings):
    settings.OTP_ENFORCED = True  # leaders and the admin pass the second factor, as in production
    user = getattr(cast, persona)
    client = Client()
    login_verified(client, user)
    for route in routes_without_args():
        # The OpenAPI schema and docs are the same for everyone and slow to build: walked anonymously only.
        if route.name in {"logout", "set_language", "api:schema", "api:docs"} | PROBES:
            continue
        url = _url(route)
        response = client.get(url)
        # 429: the public form's per-address throttle, shared by every persona of the test client.
        assert response.status_code in {200, 302, 400, 403, 404, 405, 429}, f"{persona} {url}: {response.status_code}"
        if response.status_code == 302:
            assert not response["Location"].startswith("/account/otp/"), f"{persona} {url}: second factor asked again"
        if route.name in FIXED_AUDIENCE:
            expected_ok = persona in FIXED_AUDIENCE[route.name]
            assert (response.status_code == 200) == expected_ok, f"{persona} {url}: {response.status_code}"


# ---------------------------------------------------------------- 3. objects of another unit

Built = tuple[dict[str, Any], Any]  # (URL values, a user who may see the object)


def _e_intake(cast):
    return UserFactory(username="e_intake", roles=[(Role.INTAKE_OFFICER, cast.other_sector)])


def _build_case(cast) -> Built:
    from tests.builders import intake, submitter

    case = intake(
        _e_intake(cast),
        cast.other_sector,
        title="Đơn của ngành Giáo dục",
        content="Nội dung đơn thuộc Công đoàn ngành Giáo dục, ngoài phạm vi ngành Y tế.",
        submitters=[submitter(full_name="Lê Văn Khác", phone="0911111111")],
        subject_unit=cast.other_grassroots,
        subject_person="Phạm Thị Khác",
    )
    values = {"pk": case.pk, "action": "assign", "notice": "accept", "target_type": "cases.case", "target_id": case.pk}
    return values, cast.other_officer


def _e_inspector(cast):
    from casework.org.models import User

    return User.objects.filter(username="e_inspector").first() or UserFactory(
        username="e_inspector", roles=[(Role.INSPECTOR, cast.other_sector)]
    )


def _build_flag(cast) -> Built:
    from casework.inspections.services import flag_raise

    flag = flag_raise(
        subject_area="khac",
        unit=cast.other_grassroots,
        category="finance_spending",
        severity="high",
        evidence="Chi không có chứng từ ở ngành Giáo dục",
        source="manual",
        actor=_e_inspector(cast),
    )
    return {"pk": flag.pk}, _e_inspector(cast)


def _build_inspection(cast) -> Built:
    from casework.inspections.models import Flag
    from casework.inspections.services import inspection_open

    _build_flag(cast)
    inspection = inspection_open(
        unit=cast.other_sector,
        subject_unit=cast.other_grassroots,
        actor=_e_inspector(cast),
        flags=list(Flag.objects.filter(unit=cast.other_grassroots)),
    )
    return {"pk": inspection.pk, "action": "notify"}, _e_inspector(cast)


def _build_plan(cast) -> Built:
    from casework.inspections.services import plan_create

    plan = plan_create(unit=cast.other_sector, period="annual", year=2026, actor=_e_inspector(cast))
    return {"pk": plan.pk, "action": "submit"}, _e_inspector(cast)


def _build_supervision(cast) -> Built:
    import datetime as dt

    from casework.supervision.services import supervision_create

    supervision = supervision_create(
        unit=cast.other_sector,
        subject_unit=cast.other_grassroots,
        kind="regular",
        topics=["charter"],
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 20),
        lead=_e_inspector(cast),
        actor=_e_inspector(cast),
    )
    return {"pk": supervision.pk, "action": "start"}, _e_inspector(cast)


def _build_attachment(cast) -> Built:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.files.services import attachment_store

    attachment = attachment_store(
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n%%EOF\n"),
        target=cast.other_grassroots,
        unit=cast.other_grassroots,
        actor=cast.other_officer,
    )
    return {"pk": attachment.pk}, cast.other_officer


def _build_notification(cast) -> Built:
    from notifications.models import Notification
    from notifications.services import notify

    notify(users=[cast.other_officer], title="Thông báo riêng", url="/", unit=cast.other_sector, key="matrix:e:1")
    notification = Notification.objects.get(user=cast.other_officer, key="matrix:e:1")
    return {"pk": notification.pk}, cast.other_officer


def _build_escalation(cast) -> Built:
    from workflows.services.escalations import escalation_open

    escalation = escalation_open(target=cast.other_grassroots, unit=cast.other_sector, reason="Quá hạn giải quyết")
    return {"pk": escalation.pk}, cast.province_leader


def _build_unit(cast) -> Built:
    return {"pk": cast.other_grassroots.pk}, cast.other_officer


def _build_audit_event(cast) -> Built:
    from casework.audit.services import audit_record_standalone

    event = audit_record_standalone(
        actor=None, action="matrix.probe", target=cast.other_grassroots, unit=cast.other_sector
    )
    return {"seq": event.seq}, cast.province_leader


# Route-name prefix → builder. The first matching prefix wins.
BUILDERS: list[tuple[str, Callable[[Any], Built]]] = [
    ("cases:", _build_case),
    ("api:case-", _build_case),
    ("reports:case_notice_pdf", _build_case),
    ("audit:timeline", _build_case),
    ("api:timeline", _build_case),
    ("inspections:flag", _build_flag),
    ("api:flag-", _build_flag),
    ("inspections:plan", _build_plan),
    ("api:inspection-plan-", _build_plan),
    ("inspections:inspection", _build_inspection),
    ("api:inspection-", _build_inspection),
    ("supervision:", _build_supervision),
    ("api:supervision-", _build_supervision),
    ("api:notification-", _build_notification),
    ("files:", _build_attachment),
    ("notifications:", _build_notification),
    ("workflows:", _build_escalation),
    ("api:escalation-", _build_escalation),
    ("api:unit-", _build_unit),
    ("api:audit-event-", _build_audit_event),
]

# Detail routes where the in-scope persona must get 200 (proves the object was really there).
MUST_SEE = {
    "cases:detail",
    "api:case-detail",
    "files:download",
    "api:unit-detail",
    "inspections:flag_detail",
    "api:flag-detail",
    "inspections:inspection_detail",
    "api:inspection-detail",
    "inspections:plan_detail",
    "api:inspection-plan-detail",
    "supervision:detail",
    "api:supervision-detail",
}


def _builder_for(route: Route) -> Callable[[Any], Built] | None:
    return next((b for prefix, b in BUILDERS if route.name.startswith(prefix)), None)


BUILDABLE = [r for r in routes_with_args() if _builder_for(r) is not None]


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The cast, one object of each kind in sector E, and each persona signed in: built once, since every
    test of the module only reads them or rolls back what it writes."""

    def build():
        cast = build_cast()
        built = build_objects(cast)
        clients = {}
        for persona in OUTSIDE_E:
            clients[persona] = Client()
            login_verified(clients[persona], getattr(cast, persona))
        return cast, built, clients

    with built_for_module(django_db_blocker, build) as world:
        yield world


@pytest.fixture
def cast(_module_world, db):
    return fresh_cast(_module_world[0])


def build_objects(cast) -> dict[Callable[[Any], Built], Built]:
    """One object of each kind (each builder run once), by builder."""
    built: dict[Callable[[Any], Built], Built] = {}
    for route in all_routes():
        builder = _builder_for(route)
        if builder is not None and builder not in built:
            built[builder] = builder(cast)
    return built


@pytest.mark.parametrize("route", BUILDABLE, ids=str)
def test_nobody_outside_the_unit_reaches_its_objects(route, cast, frozen_clock, _module_world):
    _cast, built, clients = _module_world
    values, insider = built[_builder_for(route)]
    url = _url(route, values)
    events_before = (
        AuditEvent.objects.exclude(action__startswith="account.").exclude(action__startswith="auth.").count()
    )
    for persona in OUTSIDE_E:
        client = clients[persona]
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in {403, 404, 405}, f"{persona} {method.upper()} {url}: {response.status_code}"
    written = list(
        AuditEvent.objects.exclude(action__startswith="account.")
        .exclude(action__startswith="auth.")
        .values_list("action", flat=True)[events_before:]
    )
    assert not written, f"attempts on {url} from outside its unit wrote audit events: {written}"
    if route.name in MUST_SEE:
        client = Client()
        login_verified(client, insider)
        assert client.get(url).status_code == 200, f"{url}: the in-scope user should see it"


def test_the_walk_finds_the_apps_routes():
    names = {r.name for r in all_routes()}
    assert {"home", "files:download", "security:otp_verify", "login"} <= names
    assert any(r.name == "files:download" for r in BUILDABLE)


def test_frozen_clock_is_a_working_day(frozen_clock):
    # The case builder registers letters "today"; a weekday keeps deadline rules simple.
    assert frozen_clock.today().weekday() < 5
    assert frozen_clock.today() == dt.date(2026, 3, 2)
