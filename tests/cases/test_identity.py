"""The denouncer's identity: encrypted at rest, shown only to the assignee after a reason, audited."""

from __future__ import annotations

import pytest

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import event_reason
from casework.cases.identity import identity_decrypt
from casework.cases.models import REDACTED, DenouncerIdentity, Kind
from casework.cases.services import case_accept, case_assign, case_identity_grant, case_identity_reveal
from core.errors import TransitionNotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Gửi"
PHONE = "0912345678"
READERS = ["intake", "officer", "officer2", "inspector", "chair", "leader", "province_leader", "auditor", "admin"]


@pytest.fixture
def denunciation(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29")
    return case_assign(case=case, actor=cast.chair, assignee=cast.officer)


def test_identity_is_encrypted_at_rest_and_not_in_plain_columns(denunciation):
    identity = DenouncerIdentity.objects.get(case=denunciation)
    assert NAME not in identity.ciphertext and PHONE not in identity.ciphertext
    assert identity_decrypt(identity.ciphertext, case=identity.case)[0]["full_name"] == NAME
    assert not denunciation.submitters.exists()
    assert NAME not in str(DenouncerIdentity.objects.filter(case=denunciation).values().first())


@pytest.mark.parametrize("username", READERS)
def test_case_page_shows_the_redacted_identity_to_everyone(cast, denunciation, client, username):
    client.force_login(getattr(cast, username))
    page = client.get(f"/cases/{denunciation.pk}/").content.decode()
    assert NAME not in page and PHONE not in page
    assert str(REDACTED) in page


# The assignee and the person who decides (the sector's committee chair) may; nobody else after acceptance.
@pytest.mark.parametrize("username", [u for u in READERS if u not in ("officer", "chair")])
def test_only_the_assignee_and_the_decider_may_reveal(cast, denunciation, client, username):
    user = getattr(cast, username)
    with pytest.raises(TransitionNotAllowed):
        case_identity_reveal(case=denunciation, actor=user, reason="Cần liên hệ để xác minh thêm")
    client.force_login(user)
    response = client.post(f"/cases/{denunciation.pk}/reveal/", {"reason": "Cần liên hệ để xác minh thêm"})
    assert NAME not in response.content.decode()
    assert (
        not audit_events_for(target_type="cases.case", target_id=denunciation.pk)
        .filter(action="case.identity_reveal")
        .exists()
    )


def test_the_assignee_sees_the_identity_after_a_reason_and_the_reveal_is_audited(cast, denunciation, client):
    with pytest.raises(ValidationFailed) as err:
        case_identity_reveal(case=denunciation, actor=cast.officer, reason="")
    assert "reason" in err.value.fields
    client.force_login(cast.officer)
    page = client.get(f"/cases/{denunciation.pk}/").content.decode()
    assert NAME not in page and "Xem danh tính người tố cáo" in page
    response = client.post(f"/cases/{denunciation.pk}/reveal/", {"reason": "Cần gặp người tố cáo để làm rõ chứng cứ"})
    assert response.status_code == 200 and NAME in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    (event,) = audit_events_for(target_type="cases.case", target_id=denunciation.pk).filter(
        action="case.identity_reveal"
    )
    assert event.actor == cast.officer and "làm rõ chứng cứ" in event_reason(event)  # sealed in the chain
    # The next plain page view is redacted again.
    assert NAME not in client.get(f"/cases/{denunciation.pk}/").content.decode()


def test_a_reassigned_officer_loses_the_right_to_reveal(cast, denunciation):
    case = case_assign(case=denunciation, actor=cast.chair, assignee=cast.officer2)
    with pytest.raises(TransitionNotAllowed):
        case_identity_reveal(case=case, actor=cast.officer, reason="Tôi từng giải quyết vụ này")
    assert case_identity_reveal(case=case, actor=cast.officer2, reason="Xác minh theo phân công")[0]["phone"] == PHONE


def test_printed_notices_are_redacted_even_for_the_assignee(cast, denunciation, client):
    from tests.papers.conftest import pdf_text

    client.force_login(cast.officer)
    printed = pdf_text(client.get(f"/reports/documents/case/{denunciation.pk}/accept.pdf").content)
    assert "THÔNG BÁO" in printed and str(REDACTED) in printed and NAME not in printed


def test_complaint_submitters_are_not_hidden(cast, make_case, client):
    case = make_case(kind=Kind.COMPLAINT)
    client.force_login(cast.inspector)
    assert NAME in client.get(f"/cases/{case.pk}/").content.decode()


def test_prod_settings_require_an_identity_key(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("AUDIT_HMAC_KEY", "prod-audit-key")
    monkeypatch.delenv("IDENTITY_ENCRYPTION_KEY", raising=False)
    sys.modules.pop("settings.prod", None)
    with pytest.raises(ImproperlyConfigured) as err:
        importlib.import_module("settings.prod")
    sys.modules.pop("settings.prod", None)
    assert "IDENTITY_ENCRYPTION_KEY" in str(err.value) or "must be set" in str(err.value)


def test_identity_papers_are_sealed_and_opened_only_by_who_may_see_the_identity(cast, denunciation, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.cases.integrations import attachment_store_for_case, attachments_for_case

    attachment_store_for_case(
        case=denunciation,
        actor=cast.intake,
        kind="identity",
        upload=SimpleUploadedFile("cccd-nguyen-van-gui.txt", "Căn cước công dân".encode(), "text/plain"),
    )
    (att,) = attachments_for_case(denunciation)
    assert att.identifying and "nguyen" not in att.original_name
    client.force_login(cast.leader)
    assert client.get(f"/files/{att.pk}/download/").status_code == 404
    url = f"/cases/{denunciation.pk}/identity-files/{att.pk}/"
    assert client.post(url, {"reason": "Lãnh đạo muốn xem giấy tờ"}).status_code == 404
    client.force_login(cast.officer)
    assert client.get(f"/files/{att.pk}/download/").status_code == 404
    response = client.post(url, {"reason": "Xác minh giấy tờ của người tố cáo"})
    assert response.status_code == 200 and response.content.decode() == "Căn cước công dân"


def test_the_intake_officer_checks_the_identity_before_acceptance_only(cast, make_case):
    """Luật Tố cáo Đ.24: the identity is checked while the letter is processed, before acceptance."""
    case = make_case(kind=Kind.DENUNCIATION)
    assert case_identity_reveal(case=case, actor=cast.intake, reason="Kiểm tra danh tính trước khi thụ lý")
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.29")
    with pytest.raises(TransitionNotAllowed):
        case_identity_reveal(case=case, actor=cast.intake, reason="Kiểm tra danh tính sau thụ lý")
    reveals = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.identity_reveal")
    assert [e.actor for e in reveals] == [cast.intake]


def test_the_decider_reveals_but_a_chair_above_does_not(cast, denunciation):
    from casework.org.models import Role
    from tests.factories import UserFactory

    province_chair = UserFactory(username="pchair", roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    assert case_identity_reveal(case=denunciation, actor=cast.chair, reason="Xem xét trước khi phê duyệt")
    with pytest.raises(TransitionNotAllowed):
        case_identity_reveal(case=denunciation, actor=province_chair, reason="Muốn biết ai tố cáo")


def test_a_leader_sees_the_identity_only_on_a_grant_by_the_decider_audited(cast, denunciation, client):
    with pytest.raises(TransitionNotAllowed):
        case_identity_reveal(case=denunciation, actor=cast.leader, reason="Lãnh đạo cần nắm thông tin")
    with pytest.raises(TransitionNotAllowed):
        case_identity_grant(case=denunciation, actor=cast.officer, grantee=cast.leader, reason="Để báo cáo lãnh đạo")
    with pytest.raises(ValidationFailed):
        case_identity_grant(case=denunciation, actor=cast.chair, grantee=cast.leader, reason="ngắn")
    client.force_login(cast.chair)
    response = client.post(
        f"/cases/{denunciation.pk}/identity-grant/",
        {"user": cast.leader.pk, "reason": "Cần bảo vệ người tố cáo khỏi bị trù dập"},
    )
    assert response.status_code == 302
    (event,) = audit_events_for(target_type="cases.case", target_id=denunciation.pk).filter(
        action="case.identity_grant"
    )
    assert event.actor == cast.chair and "trù dập" in event_reason(event)
    assert (
        case_identity_reveal(case=denunciation, actor=cast.leader, reason="Theo cho phép của chủ nhiệm")[0]["full_name"]
        == NAME
    )


def test_nobody_recused_can_be_granted_the_identity(cast, make_case):
    from casework.org.models import Role
    from tests.factories import grant

    grant(cast.leader, Role.BCH_MEMBER, cast.hospital)  # now a leader of the unit denounced
    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Đ.29"
    )
    with pytest.raises(ValidationFailed):
        case_identity_grant(case=case, actor=cast.chair, grantee=cast.leader, reason="Để báo cáo Ban Thường vụ")
