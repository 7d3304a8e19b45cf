"""A user's chức vụ: theirs and the administrator's to change, audited, printed where a form asks the
receiver's position (Mẫu số 02/TCD, Nghị định 154/2026/NĐ-CP: "Tôi là … Chức vụ: …")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.org.services import user_position_set
from casework.papers.services import paper_issue
from core.errors import ValidationFailed
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_the_user_sets_their_position_on_their_page_and_the_change_is_audited(cast, client, frozen_clock):
    client.force_login(cast.intake)
    url = reverse("notifications:preferences")
    response = client.post(url, {"action": "position", "position": "  Chuyên viên   Văn phòng "})
    assert response.status_code == 302
    cast.intake.refresh_from_db()
    assert cast.intake.position == "Chuyên viên Văn phòng"
    event = AuditEvent.objects.get(action="user.position")
    assert event.actor_id == cast.intake.pk
    assert (event.before, event.after) == ({"position": ""}, {"position": "Chuyên viên Văn phòng"})
    assert "Chuyên viên Văn phòng" in client.get(url).content.decode()
    # The e-mail choice is not touched by saving the position.
    assert cast.intake.email_notifications is True


def test_a_position_too_long_is_refused_on_the_page_and_changes_nothing(cast, client, frozen_clock):
    client.force_login(cast.intake)
    response = client.post(reverse("notifications:preferences"), {"action": "position", "position": "x" * 129})
    assert response.status_code == 400
    cast.intake.refresh_from_db()
    assert cast.intake.position == ""
    assert not AuditEvent.objects.filter(action="user.position").exists()
    with pytest.raises(ValidationFailed) as refused:
        user_position_set(user=cast.intake, actor=cast.intake, position="y" * 129)
    assert "position" in refused.value.fields


def test_the_same_position_again_records_nothing(cast, frozen_clock):
    user_position_set(user=cast.intake, actor=cast.intake, position="Chuyên viên")
    user_position_set(user=cast.intake, actor=cast.intake, position="Chuyên viên ")
    assert AuditEvent.objects.filter(action="user.position").count() == 1


def test_the_administrator_changes_a_position_in_the_admin_audited_as_theirs(cast, client, frozen_clock):
    from casework.org.models import RoleAssignment

    client.force_login(cast.admin)
    user = cast.intake
    kept = list(RoleAssignment.objects.filter(user=user))
    form = {
        "username": user.username,
        "full_name": user.full_name,
        "position": "Phó Chánh Văn phòng",
        "email": user.email,
        "is_active": "on",
        "email_notifications": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
        "roles-TOTAL_FORMS": str(len(kept)),
        "roles-INITIAL_FORMS": str(len(kept)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for i, ra in enumerate(kept):
        form.update(
            {
                f"roles-{i}-id": ra.pk,
                f"roles-{i}-user": user.pk,
                f"roles-{i}-unit": ra.unit_id,
                f"roles-{i}-role": ra.role,
                f"roles-{i}-valid_from": ra.valid_from.strftime("%d/%m/%Y"),
                f"roles-{i}-valid_to": "",
                f"roles-{i}-acting_document": ra.acting_document,
            }
        )
    response = client.post(reverse("admin:org_user_change", args=[user.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.position == "Phó Chánh Văn phòng"
    event = AuditEvent.objects.get(action="user.position")
    assert event.actor_id == cast.admin.pk and event.after == {"position": "Phó Chánh Văn phòng"}


def _receipt_text(cast):
    from casework.reception.services import (
        reception_documents_receive,
        reception_entry_record,
        reception_session_schedule,
    )
    from core import clock
    from tests.builders import at

    day = clock.today()
    session = reception_session_schedule(
        actor=cast.chair, unit=cast.sector, starts_at=at(day, 8), ends_at=at(day, 17), place="Phòng tiếp",
        receivers=[cast.chair],
    )  # fmt: skip
    entry = reception_entry_record(
        session=session, actor=cast.chair, full_name="Nguyễn Văn Gửi", content="Khiếu nại trợ cấp",
        classification="complaint", handling_route="answered",
    )  # fmt: skip
    reception_documents_receive(
        entry=entry, actor=cast.chair, documents=[{"name": "Đơn khiếu nại", "form": "original", "pages": 3}]
    )
    paper = paper_issue(target=entry, key="reception.receipt", actor=cast.chair)
    return " ".join(pdf_text(paper.pdf.read()).split()), paper


def test_the_receipt_prints_the_receiver_s_position_from_their_profile(cast, frozen_clock):
    user_position_set(user=cast.chair, actor=cast.admin, position="Chủ nhiệm Ủy ban kiểm tra")
    text, paper = _receipt_text(cast)
    assert "Chức vụ: Chủ nhiệm Ủy ban kiểm tra" in text
    assert paper.values["receiver_title"] == "Chủ nhiệm Ủy ban kiểm tra"  # as issued, for a copy made later


def test_the_receipt_leaves_a_line_to_write_the_position_in_when_the_profile_has_none(cast, frozen_clock):
    text, _paper = _receipt_text(cast)
    assert "Chức vụ: ……" in text
