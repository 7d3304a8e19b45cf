"""End to end: a denunciation is worked through its steps by the people entitled to its identity, then
every page, API route, export and notification is read as the person denounced and as an unrelated
leader. Not one byte of the denouncer's name, phone or address may come back, and for the person
denounced the case does not exist at all.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from casework.cases.models import Kind
from casework.cases.services import (
    case_accept,
    case_assign,
    case_identity_reveal,
    case_propose,
    case_redaction_save,
    case_start_verification,
)
from casework.org.models import Role
from notifications.models import Notification, OutboxMessage
from tests.builders import explained, make_case, submitter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME = "Hoàng Thị Tố Cáo"
PHONE = "0987654321"
ADDRESS = "số 12 ngõ 34 phố Quang Trung"
SECRETS = [NAME, PHONE, ADDRESS, "0987 654 321"]
SCAN = f"%PDF-1.4\nDon to cao cua {NAME} {PHONE}\n%%EOF".encode()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _variants(text: str) -> list[bytes]:
    """The ways a secret can travel in a response: UTF-8, JSON-escaped, HTML-escaped."""
    escaped = json.dumps(text)[1:-1]
    html = "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in text)
    return [v.encode() for v in {text, escaped, html, text.upper()}]


def _plain(response) -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        from pypdf import PdfReader

        return body + "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).encode()
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return body + b"".join(archive.read(n) for n in archive.namelist())
    return body


def _leaks(data: bytes) -> list[str]:
    return [s for s in SECRETS if any(v in data for v in _variants(s))]


def _routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if "(?P<format>" not in route:  # a DRF format-suffix twin repeats the view of the route without it
                yield route, p.name


# A parameter as path() writes it (<int:pk>) or as a regular expression does ((?P<pk>[^/.]+)).
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
_PARAM_NAME = re.compile(r"\{(\w+)\}")


def _fill(route: str, values: dict[str, list[str]], by_path: dict[str, dict[str, list[str]]]) -> list[str]:
    """Every concrete URL of `route`, its parameters taken from `values`, or from `by_path` under the longest
    path prefix the route starts with (the objects of the kind that route reads)."""
    # The parameters first (a regular expression's group holds ^ and \ of its own), then the anchors and escapes.
    template = _PARAM.sub(lambda m: f"{{{m.group(1) or m.group(2)}}}", route)
    path = "/" + template.replace("^", "").replace("$", "").replace("?", "").replace("\\", "")
    prefix = max((p for p in by_path if path.startswith(p)), key=len, default="")
    choices = {**values, **by_path.get(prefix, {})}
    urls = [path]
    for name in _PARAM_NAME.findall(path):
        assert name in choices, f"{route}: no value for {name}"
        urls = [u.replace(f"{{{name}}}", c, 1) for u in urls for c in choices[name]]
    return urls


@pytest.fixture
def world(cast, frozen_clock, client):
    """A denunciation about a sector leader, worked by the intake officer, the chair and the officer."""
    accused = UserFactory(username="accused", full_name="Trần Văn Bị Cáo", roles=[(Role.BTV_MEMBER, cast.sector)])
    case = make_case(
        cast,
        Kind.DENUNCIATION,
        title="Tố cáo việc chi sai quỹ phúc lợi",
        content=f"Tôi là {NAME}, nhà ở {ADDRESS}, điện thoại {PHONE}. Tôi tố cáo ông Trần Văn Bị Cáo chi sai quỹ.",
        submitters=[submitter(full_name=NAME, phone=PHONE, address=ADDRESS)],
        subject_person="Ông Trần Văn Bị Cáo",
        subject_user=accused,
        attachments=[SimpleUploadedFile("don.pdf", SCAN)],
    )
    case_identity_reveal(case=case, actor=cast.intake, reason="Kiểm tra danh tính trước khi thụ lý")
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case_identity_reveal(case=case, actor=cast.officer, reason="Liên hệ người tố cáo để xác minh")
    case = case_redaction_save(case=case, actor=cast.officer, masks=[NAME, PHONE, ADDRESS])
    client.force_login(cast.officer)
    paper = client.get(f"/reports/documents/case/{case.pk}/accept.pdf", {"to": "denouncer"})
    assert paper.status_code == 200 and _leaks(_plain(paper)), "the notice to the denouncer names them"
    client.logout()
    case = case_start_verification(case=case, actor=cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng một phần.", outcome="partly")
    return case, accused


def _walk(client, case, user, *, under: str = "/") -> tuple[dict[str, list[str]], dict[str, int]]:
    """Every GET route under `under` as `user`, with the walk's objects in its parameters: (the responses that
    carry a secret, the status of every URL read)."""
    from casework.audit.models import AuditEvent
    from casework.cases.views import ACTIONS
    from casework.files.models import Attachment
    from casework.org.models import Unit

    attachment = str(Attachment.objects.get(target_type="cases.case", target_id=str(case.pk)).pk)
    notifications = [str(pk) for pk in Notification.objects.order_by("pk").values_list("pk", flat=True)]
    values = {
        # A route of a kind the world has none of reads the case's id, and must refuse it.
        "pk": [str(case.pk)],
        "attachment": [attachment],
        "seq": [str(s) for s in AuditEvent.objects.values_list("seq", flat=True)],
        "target_type": ["cases.case", "files.attachment"],
        "target_id": [str(case.pk), attachment],
        "notice": ["accept", "result", "redacted", "decision"],
        "doc": ["decision"],
        "kind": ["case"],
        "which": ["unsigned", "signed"],
        "key": ["1"],
        "number": ["1"],
        "action": ["assign", "approve"],
        "fmt": ["xlsx"],
        # The case's discipline decisions (a notice publishing one), or an id none has.
        "discipline": [str(pk) for pk in case.disciplines.values_list("pk", flat=True)] or ["1"],
    }
    # The objects each kind of route reads, by the path it starts with; the case's pages show the form of
    # every step.
    by_path = {
        "/files/": {"pk": [attachment]},
        "/api/units/": {"pk": [str(pk) for pk in Unit.objects.order_by("pk").values_list("pk", flat=True)]},
        "/api/notifications/": {"pk": notifications},
        "/notifications/": {"pk": notifications},
        "/cases/": {"action": list(ACTIONS)},
    }
    client.force_login(user)
    leaks: dict[str, list[str]] = {}
    answers: dict[str, int] = {}
    # Each URL once: routes may fill to the same URL (a parameter the filling leaves as it is).
    urls = dict.fromkeys(
        url
        for route, name in _routes()
        if not (route.startswith("admin/") or name in ("logout", "set_language"))
        for url in _fill(route, values, by_path)
        if url.startswith(under)
    )
    for url in urls:
        # (A search for the secret itself is checked apart: pages echo what was typed.)
        queries = [{}]
        if "documents/case" in url:
            queries += [{"to": "denouncer"}, {"to": "denounced"}]
        for query in queries:
            response = client.get(url, query)
            answers[f"{url}?{query}"] = response.status_code
            assert response.status_code != 500, f"{url} {query}: {response.status_code}"
            found = _leaks(_plain(response))
            if found:
                leaks[f"{url}?{query}"] = found
    return leaks, answers


def _exports(user, unit) -> dict[str, list[str]]:
    from casework.reports.models import ExportJob
    from casework.reports.services import export_build
    from core import clock

    today = clock.today()
    leaks = {}
    params = {"year": today.year, "quarter": (today.month - 1) // 3 + 1}
    for kind in [*ExportJob.Kind.values, "consolidated_xlsx", "consolidated_pdf"]:
        data = export_build(kind=kind, unit=unit, params=params, user=user).data
        if data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data += b"".join(archive.read(n) for n in archive.namelist())
        found = _leaks(data)
        if found:
            leaks[kind] = found
    return leaks


def _notifications(user) -> list[str]:
    texts = [f"{n.title}\n{n.body}\n{n.url}" for n in Notification.objects.filter(user=user)]
    texts += [f"{m.subject}\n{m.body}" for m in OutboxMessage.objects.filter(user_id=user.pk)]
    return _leaks("\n".join(texts).encode())


def test_no_byte_of_the_identity_reaches_the_person_denounced_or_an_unrelated_leader(cast, world, client, caplog):
    case, accused = world
    api_case = f"/api/cases/{case.pk}/"
    answers = {}
    for user in (accused, cast.leader):
        leaks, answers[user] = _walk(client, case, user)
        assert leaks == {}, user
        assert len(answers[user]) > 300  # the walk did reach the site, not a login page alone
        assert _exports(user, cast.sector) == {}
        assert _notifications(user) == []
    # The walk reads the API with the real case: as its officer, and as the leader through the working copy.
    officer = _walk(client, case, cast.officer, under="/api/")[1]
    read = {url.removesuffix("?{}") for url, status in officer.items() if status == 200}
    assert {api_case, f"{api_case}timeline/", f"/api/timeline/cases.case/{case.pk}/"} <= read
    assert len(read) >= 29, sorted(read)
    assert answers[cast.leader][f"{api_case}?{{}}"] == answers[cast.leader][f"{api_case}timeline/?{{}}"] == 200
    # For the person denounced every route of the case answers as for a case that does not exist: its actions
    # (POST only) too.
    client.force_login(accused)
    case_urls = [u.removesuffix("?{}") for u in answers[accused] if u.startswith(api_case)]
    assert len(case_urls) > 40
    for url in case_urls:
        assert answers[accused][f"{url}?{{}}"] in (404, 405), url  # 405: a method the route has for no case
        if answers[accused][f"{url}?{{}}"] == 405:
            response = client.post(url, {}, content_type="application/json")
            assert response.status_code == 404 and not _leaks(response.content), url
    # The person denounced: the case does not exist for them, on any edge.
    client.force_login(accused)
    for url in (
        f"/cases/{case.pk}/",
        f"/api/cases/{case.pk}/",
        f"/api/cases/{case.pk}/timeline/",
        f"/audit/timeline/cases.case/{case.pk}/",
        f"/reports/documents/case/{case.pk}/accept.pdf",
        f"/reports/documents/case/{case.pk}/redacted.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert case.reference not in client.get("/cases/").content.decode()
    assert case.reference not in client.get("/api/cases/").content.decode()
    assert not Notification.objects.filter(user=accused, title__contains=case.reference).exists()
    # The unrelated leader does read the case, through its working copy.
    client.force_login(cast.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "chi sai quỹ" in page and "[đã che]" in page
    for url in ("/cases/", "/api/cases/"):
        for term in (NAME, PHONE, "Quang Trung"):
            assert case.reference not in client.get(url, {"q": term}).content.decode(), (url, term)
    # Nor did any log line carry it.
    assert _leaks(caplog.text.encode()) == []
