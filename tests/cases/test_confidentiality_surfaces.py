"""A red-team pass over denouncer confidentiality, surface by surface (Luật Tố cáo 2018 Đ.9 khoản 1 điểm b,
Đ.47, Đ.48; QĐ 05/QĐ-TLĐ): one denunciation with a distinctive denouncer is worked, escalated and
reported on; then every store and every reader is searched for the denouncer's name, address, phone and
e-mail, and the people it is about (the person denounced, the leader of the unit denounced) look for the
case and find nothing, not even in a count. `test_confidentiality_walk` reads every route; this module
reads what a walk of routes does not reach: the stored rows themselves, the search index, the counts,
the admin, duplicate hints across units and the papers of the officer who holds the identity.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from casework.cases.models import Case, Kind
from casework.cases.services import (
    case_accept,
    case_assign,
    case_identity_reveal,
    case_start_verification,
)
from casework.org.models import Role
from casework.search.text import fold
from core import clock
from tests.builders import api_client, make_case, make_denounced, submitter
from tests.factories import Cast, UserFactory, build_cast
from tests.module_data import built_for_module, fresh_cast
from workflows.services.escalations import escalation_open

NAME = "Trịnh Thị Bímật"
ADDRESS = "số 7 ngõ Kín"
PHONE = "0913579246"
EMAIL = "bimat.trinh@hopthu.vn"
SECRETS = [NAME, ADDRESS, PHONE, EMAIL, "0913 579 246", "Bímật"]
SCAN = f"%PDF-1.4\nDon to cao cua {NAME}, {ADDRESS}, {EMAIL}\n%%EOF".encode()
FILE_NAME = "don_to_cao_Trinh_Thi_Bimat.pdf"


def _variants(text: str) -> set[str]:
    """The spellings a secret may take where it is stored or shown: as written, folded as the search index
    folds, JSON- and HTML-escaped, upper case."""
    html = "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in text)
    return {text, fold(text), json.dumps(text)[1:-1], html, text.upper(), text.replace(" ", "_")}


def _leaks(data: str | bytes) -> list[str]:
    text = data.decode(errors="replace") if isinstance(data, bytes) else data
    folded = fold(text)
    return [s for s in SECRETS if any(v in text or v in folded for v in _variants(s))]


def _plain(response) -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in response.get("Content-Type", ""):
        from pypdf import PdfReader

        return body + "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).encode()
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return body + b"".join(archive.read(n) for n in archive.namelist())
    return body


@dataclasses.dataclass
class World:
    cast: Cast
    case: Case
    elsewhere: Case  # the same denouncer's letter to the provincial federation
    namesake_case: Case  # a denunciation naming its person in the other tone style
    denounced: object
    unit_leader: object
    tone_twin: object
    intake2: object


def _build() -> World:
    cast = build_cast()
    denounced, unit_leader = make_denounced(cast)
    identity = submitter(full_name=NAME, phone=PHONE, email=EMAIL, address=ADDRESS)
    case = make_case(
        cast,
        Kind.DENUNCIATION,
        title="Tố cáo chi sai quỹ phúc lợi",
        content=f"Tôi là {NAME}, ở {ADDRESS}, e-mail {EMAIL}, điện thoại 0913 579 246. Tôi tố cáo ông "
        f"{denounced.full_name} chi sai quỹ phúc lợi năm 2025.",
        submitters=[identity],
        subject_person=denounced.full_name,
        attachments=[SimpleUploadedFile(FILE_NAME, SCAN, content_type="application/pdf")],
    )
    case_identity_reveal(case=case, actor=cast.intake, reason="Kiểm tra danh tính trước khi thụ lý")
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    # The officer brings it to the leadership, naming the denouncer as one would in a hurry.
    escalation_open(
        target=case,
        unit=case.unit,
        reason=f"Bà {NAME} ({ADDRESS}, {EMAIL}) gọi điện nhiều lần hỏi tiến độ",
        proposal=f"Mời bà {NAME} đến làm việc",
        actor=cast.officer,
    )
    intake2 = UserFactory(username="intake2", roles=[(Role.INTAKE_OFFICER, cast.province)])
    elsewhere = make_case(
        cast,
        Kind.DENUNCIATION,
        actor=intake2,
        unit=cast.province,
        title="Tố cáo việc thu đoàn phí",
        content="Công đoàn trường thu đoàn phí sai quy định.",
        submitters=[identity],
        subject_unit=cast.hospital,
        subject_person="",
    )
    # The person denounced named in the other tone style than his account spells it.
    tone_twin = UserFactory(
        username="twin", full_name="Lê Văn Hòa", roles=[(Role.INSPECTOR, cast.hospital), (Role.AUDITOR, cast.sector)]
    )
    namesake_case = make_case(
        cast,
        Kind.DENUNCIATION,
        title="Tố cáo lạm dụng chức vụ",
        content="Ông Lê Văn Hoà lạm dụng chức vụ.",
        submitters=[submitter(full_name="Phan Văn Khác", phone="0900000002")],
        subject_person="Ông Lê Văn Hoà",
    )
    return World(cast, case, elsewhere, namesake_case, denounced, unit_leader, tone_twin, intake2)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with built_for_module(django_db_blocker, _build) as world:
        yield world


@pytest.fixture
def world(built, db, frozen_clock):
    reread = {f.name: getattr(built, f.name) for f in dataclasses.fields(built)}
    reread["cast"] = fresh_cast(built.cast)
    for name in ("case", "elsewhere", "namesake_case"):
        reread[name] = Case.objects.get(pk=reread[name].pk)
    return World(**reread)


def _readers(world: World) -> dict[str, object]:
    """Everyone who may read the case without its identity."""
    cast = world.cast
    return {
        "leader": cast.leader,
        "auditor": cast.auditor,
        "inspector": cast.inspector,
        "intake after acceptance": cast.intake,
        "province leader": cast.province_leader,
        "administrator": cast.admin,
    }


# ---- stores -----------------------------------------------------------------------------------------

# The letter as received (kept whole for whom `can_reveal_identity` allows; everyone else reads
# `content_redacted`) is the one column that holds the denouncer in clear.
KEPT_IN_CLEAR = {("cases.Case", "content")}


def test_no_stored_row_holds_the_denouncer_in_clear_but_the_letter_itself(world):
    """Every text and JSON column of every table: the audit chain (its canonical text too), the search
    index, notifications and the outbox, registers, papers, escalations, the files' names."""
    found = []
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField | models.FileField)
            and (model._meta.label, f.name) not in KEPT_IN_CLEAR
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*(f.attname for f in fields)):
            for field, value in zip(fields, row, strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
                leaked = _leaks(text or "")
                if leaked:
                    found.append((model._meta.label, field.name, leaked))
    assert found == []


def test_the_search_index_finds_no_case_by_its_denouncer(world, client):
    from casework.search.models import SearchDocument

    documents = SearchDocument.objects.filter(kind="case", object_id=world.case.pk)
    assert documents.exists() and not any(_leaks(d.text + d.title) for d in documents)
    for who, user in _readers(world).items():
        client.force_login(user)
        for term in (NAME, "Bímật", "bimat", ADDRESS, PHONE, EMAIL):
            for url, field in (("/search/", "q"), ("/cases/", "q"), ("/api/cases/", "q"), ("/audit/", "target")):
                body = client.get(url, {field: term}).content.decode()
                assert world.case.reference not in body, (who, url, term)
                # (The page repeats what was typed.)
                echoed = [s for s in _leaks(body) if fold(s) in fold(term) or fold(term) in fold(s)]
                assert _leaks(body) == echoed, (who, url, term)


# ---- recusal: the case does not exist ----------------------------------------------------------------


def test_the_units_figures_count_the_case_its_lists_never_show_it(world):
    """A unit's figures (dashboard, quarterly report) are the same whoever reads or reports them, as the
    coverage figures are (docs/domain.md, Recusal): they name nobody. Every list behind them, the register of
    letters included, leaves out the case for whoever is recused from it (Luật Tố cáo 2018 Đ.47)."""
    from casework.reports.figures import compute_case_trend, compute_figures
    from casework.reports.periods import quarter_of
    from casework.reports.selectors import REPORT_ROLES, register_cases

    today = clock.today()
    period = quarter_of(year=today.year, quarter=(today.month - 1) // 3 + 1)
    cast = world.cast
    for user in (cast.auditor, world.denounced, world.tone_twin):
        figures = compute_figures(unit=cast.sector, period=period, user=user, roles=REPORT_ROLES)[None]
        trend = compute_case_trend(unit=cast.sector, periods=[period], user=user, roles=REPORT_ROLES)[0]
        assert (figures["received_denunciation"], trend["received_total"]) == (2, 2), user
    listed = {
        who: set(register_cases(user=user, unit=cast.sector).values_list("pk", flat=True))
        for who, user in (("auditor", cast.auditor), ("denounced", world.denounced), ("twin", world.tone_twin))
    }
    case, namesake = world.case.pk, world.namesake_case.pk
    assert listed == {"auditor": {case, namesake}, "denounced": {namesake}, "twin": {case}}


def test_a_name_in_the_other_tone_style_recuses_its_bearer(world, client):
    """ "Hoà" and "Hòa" are one name (casework.search.text.tone_marks_placed): the person denounced under
    either spelling is recused, in the unit denounced."""
    from casework.cases.recusal import case_recusal_reason
    from casework.cases.selectors import case_visible

    case, twin = world.namesake_case, world.tone_twin
    assert case_recusal_reason(case=case, user=twin)
    assert not case_visible(user=twin).filter(pk=case.pk).exists()
    client.force_login(twin)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert case.reference not in client.get("/cases/").content.decode()
    assert api_client(twin).get(f"/api/cases/{case.pk}/").status_code == 404


def test_the_people_denounced_find_nothing(world, client):
    case = world.case
    for user in (world.denounced, world.unit_leader):
        client.force_login(user)
        for url in (f"/cases/{case.pk}/", f"/audit/timeline/cases.case/{case.pk}/", f"/api/cases/{case.pk}/"):
            assert client.get(url).status_code == 404, (user, url)
        for url in ("/", "/notifications/", "/escalations/", "/reports/register/", "/reports/dashboard/"):
            body = client.get(url).content.decode()
            assert case.reference not in body and not _leaks(body), (user, url)
        for url, field in (("/cases/", "q"), ("/search/", "q"), ("/audit/", "target"), ("/api/cases/", "q")):
            body = client.get(url, {field: case.reference}).content.decode()
            assert f"/cases/{case.pk}/" not in body and not _leaks(body), (user, url)


# ---- duplicates across units ------------------------------------------------------------------------


def test_a_duplicate_hint_across_units_never_rests_on_the_denouncer(world, client):
    """The same denouncer wrote to the sector and to the province: the province's intake officer, who checks
    their own letter's sender, is not told that this sender also denounced at the sector."""
    from casework.cases.selectors import case_duplicates

    hints = case_duplicates(case=world.elsewhere, user=world.intake2)
    assert world.case.pk not in [h.case.pk for h in hints]
    client.force_login(world.intake2)
    page = client.get(f"/cases/{world.elsewhere.pk}/").content.decode()
    assert world.case.reference not in page


# ---- attachments --------------------------------------------------------------------------------------


def test_the_identity_bearing_file_is_named_to_nobody_without_the_identity(world, client):
    for who, user in _readers(world).items():
        client.force_login(user)
        for url in (f"/cases/{world.case.pk}/", f"/api/cases/{world.case.pk}/"):
            body = client.get(url).content.decode()
            assert not _leaks(body), (who, url)


# ---- the admin ----------------------------------------------------------------------------------------


def test_the_admin_shows_no_denouncer_to_a_superuser(world, client):
    from casework.audit.models import AuditEvent
    from casework.files.models import Attachment
    from notifications.models import OutboxMessage

    client.force_login(world.cast.admin)
    attachment = Attachment.objects.get(target_type="cases.case", target_id=str(world.case.pk))
    urls = [
        "/admin/cases/case/",
        f"/admin/cases/case/{world.case.pk}/change/",
        "/admin/files/attachment/",
        f"/admin/files/attachment/{attachment.pk}/change/",
        "/admin/notifications/outboxmessage/",
        *(
            f"/admin/notifications/outboxmessage/{pk}/change/"
            for pk in OutboxMessage.objects.values_list("pk", flat=True)
        ),
    ]
    if apps.is_installed("casework.audit") and AuditEvent.objects.exists():
        urls.append("/admin/audit/auditevent/")
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        assert not _leaks(response.content), url
    for url in ("/admin/cases/case/", "/admin/files/attachment/", "/admin/notifications/outboxmessage/"):
        for term in ("Bímật", "Bimat", PHONE, EMAIL):
            body = client.get(url, {"q": term}).content.decode()
            assert world.case.reference not in body and FILE_NAME not in body, (url, term)


# ---- papers of the officer who holds the identity ----------------------------------------------------


def test_papers_to_the_person_denounced_never_carry_the_denouncer(world, client):
    """The assigned officer may read the identity, yet what goes to the person denounced is made from the
    working copy: the notice of acceptance, the redacted letter."""
    client.force_login(world.cast.officer)
    case = world.case
    for notice in ("accept", "redacted"):
        response = client.get(f"/reports/documents/case/{case.pk}/{notice}.pdf", {"to": "denounced"})
        assert response.status_code == 200, notice
        assert not _leaks(_plain(response)), notice


# ---- every page and API route, as the readers without the identity -----------------------------------


@pytest.mark.parametrize("who", ["administrator", "auditor"])
def test_no_route_shows_the_denouncer_to_a_reader_without_the_identity(world, client, who):
    """Every GET route (test_confidentiality_walk's route list) with this world's objects in its parameters,
    as a superuser administrator (no identity for being one: `can_reveal_identity`) and as an auditor."""
    from casework.cases.views import ACTIONS
    from casework.files.models import Attachment
    from notifications.models import Notification
    from tests.cases.test_confidentiality_walk import _fill, _routes
    from workflows.models import Escalation

    case = world.case
    attachment = str(Attachment.objects.get(target_type="cases.case", target_id=str(case.pk)).pk)
    escalations = [str(pk) for pk in Escalation.objects.values_list("pk", flat=True)]
    values = {
        "pk": [str(case.pk)],
        "attachment": [attachment],
        "seq": ["1"],
        "target_type": ["cases.case", "files.attachment"],
        "target_id": [str(case.pk), attachment],
        "notice": ["accept", "result", "redacted", "decision"],
        "doc": ["decision"],
        "kind": ["case"],
        "which": ["unsigned"],
        "key": ["1"],
        "number": ["1"],
        "action": ["assign"],
        "fmt": ["xlsx"],
        # The case's discipline decisions (a notice publishing one), or an id none has.
        "discipline": [str(pk) for pk in case.disciplines.values_list("pk", flat=True)] or ["1"],
    }
    by_path = {
        "/files/": {"pk": [attachment]},
        "/escalations/": {"pk": escalations},
        "/api/escalations/": {"pk": escalations},
        "/notifications/": {"pk": [str(pk) for pk in Notification.objects.values_list("pk", flat=True)]},
        "/api/notifications/": {"pk": [str(pk) for pk in Notification.objects.values_list("pk", flat=True)]},
        "/cases/": {"action": list(ACTIONS)},
    }
    user = _readers(world)[who]
    client.force_login(user)
    urls = dict.fromkeys(
        url
        for route, name in _routes()
        if not (route.startswith("admin/") or name in ("logout", "set_language"))
        for url in _fill(route, values, by_path)
    )
    read, leaks = 0, {}
    for url in urls:
        response = client.get(url)
        assert response.status_code != 500, url
        read += response.status_code == 200
        if found := _leaks(_plain(response)):
            leaks[url] = found
    assert leaks == {}
    assert read > 60  # the walk reached the site, not a login page alone
    escalation_page = client.get(f"/escalations/{escalations[0]}/")
    assert escalation_page.status_code == 200 and "[đã che]" in escalation_page.content.decode()


def test_exports_show_no_denouncer(world):
    """Every export the reports build (cases, quarterly report, register, coverage, audit), as the readers
    without the identity."""
    from casework.reports.models import ExportJob
    from casework.reports.services import export_build

    today = clock.today()
    params = {"year": today.year, "quarter": (today.month - 1) // 3 + 1}
    for who in ("leader", "auditor", "administrator"):
        user = _readers(world)[who]
        for kind in [*ExportJob.Kind.values, "consolidated_xlsx", "consolidated_pdf"]:
            data = export_build(kind=kind, unit=world.cast.sector, params=params, user=user).data
            if data.startswith(b"PK"):
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    data += b"".join(archive.read(n) for n in archive.namelist())
            assert not _leaks(data), (who, kind)


# ---- the citizen's side and the API's edges ------------------------------------------------------------


def test_the_public_status_and_the_queued_intake_answer_no_identity(world, client):
    """The receipt-code lookup (page and API), the queued intake's status, and a refused letter's error body
    carry nothing of who wrote."""
    from casework.cases.services import case_public_submit
    from tests.builders import intake_payload

    cast = world.cast
    case, code = case_public_submit(
        kind=Kind.DENUNCIATION,
        unit=cast.sector,
        title="Tố cáo thu đoàn phí sai",
        content=f"Tôi là {NAME}, ở {ADDRESS}. Tôi tố cáo việc thu đoàn phí sai.",
        full_name=NAME,
        phone=PHONE,
        email=EMAIL,
        address=ADDRESS,
        subject_unit=cast.hospital,
    )
    page = client.post("/cases/public/status/", {"code": code})
    api = client.post("/api/public/case-status/", {"code": code}, content_type="application/json")
    assert page.status_code == api.status_code == 200
    assert not _leaks(page.content) and not _leaks(api.content)
    identity = [{"full_name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS}]
    intake = api_client(cast.intake)
    queued = intake.post("/api/intake/", intake_payload(cast, kind="denunciation", submitters=identity), format="json")
    assert queued.status_code in (201, 202) and not _leaks(queued.content)
    for url in (f"/api/intake/{queued.json()['id']}/", "/api/intake/"):
        response = intake.get(url)
        assert response.status_code == 200 and not _leaks(response.content), url
    # A letter refused for another field: the error names the field, never echoes the sender.
    refused = intake.post(
        "/api/cases/",
        intake_payload(cast, kind="denunciation", submitters=identity, received_on="2099-01-01"),
        format="json",
    )
    assert refused.status_code == 400 and not _leaks(refused.content)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and not _leaks(schema.content)
