"""What a withdrawal naming no content of its own records ("Toàn bộ", "Một số người trong nhóm tố cáo
rút tố cáo") is kept in its Vietnamese source whatever the officer's language, and shown in the
reader's: on the case page, in the API and in the trail. The assignee's notice tells a whole
withdrawal that goes on from a partial one."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import changes_of
from casework.cases.models import Case, Kind, Status
from casework.cases.services import (
    SubmitterData,
    case_accept,
    case_assign,
    case_start_verification,
    case_withdraw,
)
from notifications.models import Notification
from tests.builders import make_case, withdrawal_letter

pytestmark = pytest.mark.django_db

WHOLE_EN = "All"
SOME_EN = "Some of the group of denouncers withdrew the denunciation"
SOME_VI = "Một số người trong nhóm tố cáo rút tố cáo"


def _verifying(cast, **kwargs) -> Case:
    case = make_case(cast, **kwargs)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Căn cứ thụ lý")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


def _group(cast) -> Case:
    return _verifying(
        cast,
        kind=Kind.DENUNCIATION,
        submitters=[
            SubmitterData(full_name="Hoàng Thị Một", address="Vũ Thư", phone="0987654321", is_representative=True),
            SubmitterData(full_name="Đỗ Văn Hai", address="Kiến Xương", email="hai@example.vn"),
        ],
    )


def _event(case: Case, action: str):
    return audit_events_for(target_type="cases.case", target_id=case.pk).get(action=action)


def _page(client, user, case: Case, language: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _api_withdrawn(user, case: Case, language: str) -> str:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()["withdrawn_content"]


def test_a_whole_withdrawal_recorded_in_english_is_kept_in_vietnamese_and_shown_in_each_readers_language(
    cast, frozen_clock, client
):
    case = _verifying(cast)
    with translation.override("en"):
        case = case_withdraw(case=case, actor=cast.officer, reason="Letter of withdrawal", **withdrawal_letter())
    stored = Case.objects.get(pk=case.pk).withdrawn_content
    assert stored == f"{frozen_clock.today():%d/%m/%Y}: Toàn bộ"
    with translation.override("vi"):  # a complaint's part is sealed in the event: read as the trail shows it
        assert {c.field: c.after for c in changes_of(_event(case, "case.withdraw_whole"))}["withdrawn"] == "Toàn bộ"

    assert f"{frozen_clock.today():%d/%m/%Y}: {WHOLE_EN}" in _page(client, cast.officer, case, "en")
    assert f"{frozen_clock.today():%d/%m/%Y}: Toàn bộ" in _page(client, cast.officer, case, "vi")
    assert _api_withdrawn(cast.officer, case, "en").endswith(f": {WHOLE_EN}")
    assert _api_withdrawn(cast.officer, case, "vi").endswith(": Toàn bộ")
    with translation.override("en"):
        assert {c.field: c.after for c in changes_of(_event(case, "case.withdraw_whole"))}["withdrawn"] == WHOLE_EN


def test_some_of_a_group_withdrawing_is_kept_in_vietnamese_and_shown_in_english(cast, frozen_clock, client):
    case = _group(cast)
    with translation.override("en"):
        case = case_withdraw(
            case=case, actor=cast.officer, reason="Two withdraw", denouncers=[2], **withdrawal_letter()
        )
    assert case.status == Status.VERIFYING
    assert Case.objects.get(pk=case.pk).withdrawn_content.endswith(f": {SOME_VI}")
    event = _event(case, "case.withdraw_continue")
    page = _page(client, cast.officer, case, "en")
    assert SOME_EN in page and SOME_VI not in page
    assert _api_withdrawn(cast.officer, case, "en").endswith(f": {SOME_EN}")
    with translation.override("en"):
        assert {c.field: c.after for c in changes_of(event)}["withdrawn"] == SOME_EN
    with translation.override("vi"):
        assert {c.field: c.after for c in changes_of(event)}["withdrawn"] == SOME_VI


def test_a_typed_content_is_shown_as_typed_in_every_language(cast, frozen_clock):
    case = _verifying(cast)
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Rút ý 2",
        scope="partial",
        withdrawn_content="Toàn bộ ý thứ hai",
        **withdrawal_letter(),
    )
    with translation.override("en"):
        assert case.withdrawn_content_shown == f"{frozen_clock.today():%d/%m/%Y}: Toàn bộ ý thứ hai"


def test_the_lines_written_in_english_before_take_the_vietnamese_source(cast, frozen_clock):
    migration = importlib.import_module("casework.cases.migrations.0025_withdrawn_parts_in_source_language")
    english = _verifying(cast)
    typed = _verifying(cast)
    Case.objects.filter(pk=english.pk).update(
        withdrawn_content=f"01/03/2026: Nội dung số 1\n02/03/2026: {SOME_EN}\n03/03/2026: {WHOLE_EN}"
    )
    Case.objects.filter(pk=typed.pk).update(withdrawn_content="02/03/2026: All the second point\nAll")
    version = Case.objects.get(pk=english.pk).version

    migration.to_source(apps, None)

    english.refresh_from_db()
    assert english.withdrawn_content == f"01/03/2026: Nội dung số 1\n02/03/2026: {SOME_VI}\n03/03/2026: Toàn bộ"
    assert english.version == version
    with translation.override("en"):
        assert english.withdrawn_content_shown.endswith(f"02/03/2026: {SOME_EN}\n03/03/2026: {WHOLE_EN}")
    typed.refresh_from_db()
    assert typed.withdrawn_content == "02/03/2026: All the second point\nAll"


def test_the_assignee_is_told_a_whole_withdrawal_goes_on_not_that_part_was_withdrawn(cast, frozen_clock):
    case = _group(cast)
    case = case_withdraw(case=case, actor=cast.officer, reason="Một người rút", denouncers=[2], **withdrawal_letter())
    told = Notification.objects.get(user=cast.officer, key=f"case:{case.pk}:withdraw-continue:{case.version}")
    assert "rút toàn bộ đơn, vụ việc vẫn tiếp tục giải quyết" in told.title
    assert not Notification.objects.filter(key__contains=":withdraw-part:", title__contains=case.reference).exists()

    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Rút ý 2",
        scope="partial",
        withdrawn_content="Ý thứ hai",
        denouncers=[1],
        **withdrawal_letter(),
    )
    told = Notification.objects.get(user=cast.officer, key=f"case:{case.pk}:withdraw-part:{case.version}")
    assert told.title.endswith("Người gửi rút một phần đơn")
