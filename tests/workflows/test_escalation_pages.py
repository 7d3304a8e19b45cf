"""The leadership queue pages, driven through real URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.org.models import Role
from core import clock
from tests.factories import UserFactory
from tests.home import home_row, home_rows
from tests.workflows.conftest import at
from workflows.models import Deadline, Escalation
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import escalation_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(cast, fake_target):
    clock.set_now(at(2))
    deadline_open(
        target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
    )
    clock.set_now(at(13))
    sweep_run()
    return Escalation.objects.get()


def test_the_leader_sees_the_queue_with_age_and_filters(client, cast, escalation):
    manual = escalation_open(target=("tests.fake", "2"), unit=cast.hospital, reason="Cần chỉ đạo", actor=cast.chair)
    clock.set_now(at(20))
    client.force_login(cast.leader)
    page = client.get(reverse("workflows:list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Hồ sơ giả 1" in body and "Hồ sơ giả 2" in body
    assert '<td class="num">7</td>' in body  # waiting since 13/03
    automatic_only = client.get(reverse("workflows:list"), {"kind": "automatic"}).content.decode()
    assert "Hồ sơ giả 1" in automatic_only and "Hồ sơ giả 2" not in automatic_only
    hospital_only = client.get(reverse("workflows:list"), {"unit": cast.hospital.pk}).content.decode()
    assert "Hồ sơ giả 2" in hospital_only and "Hồ sơ giả 1" not in hospital_only
    old_only = client.get(reverse("workflows:list"), {"age": "30"}).content.decode()
    assert "Hồ sơ giả" not in old_only
    assert '<a href="?">Bỏ lọc</a>' in old_only  # back to the whole queue in one click
    assert manual.pk


def test_the_detail_shows_summary_proposal_and_timeline(client, cast, escalation):
    client.force_login(cast.leader)
    body = client.get(reverse("workflows:detail", args=[escalation.pk])).content.decode()
    assert "Hồ sơ giả 1" in body
    assert escalation.proposal in body
    assert ">Quá hạn</span>" in body  # the target's audit timeline, labelled
    assert "deadline.breach" not in body
    assert 'name="decision"' in body


def test_deciding_through_the_page(client, cast, fake_target, escalation):
    client.force_login(cast.leader)
    url = reverse("workflows:detail", args=[escalation.pk])
    response = client.post(url, {"decision": "approve", "reason": "", "version": escalation.version})
    assert response.status_code == 400
    assert "Lý do quyết định" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == "pending"

    extend = {
        "decision": "extend",
        "reason": "Cho thêm thời gian",
        "new_due_on": "2026-03-27",
        "version": escalation.version,
    }
    # Checked, then asked: nothing is written before the leader confirms.
    response = client.post(url, extend)
    assert response.status_code == 200 and "data-confirmation" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == "pending" and not fake_target.decisions
    response = client.post(url, {**extend, "confirmed": "1"})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.status, escalation.decision) == ("decided", "extend")
    assert Deadline.objects.get(target_type="tests.fake").extensions == 1
    assert fake_target.decisions[0]["decision"] == "extend"

    # the same stale form posted again: the other leader's decision wins, no second decision
    again = client.post(url, {"decision": "approve", "reason": "x", "version": 1}, follow=True)
    assert "tải lại" in again.content.decode()
    assert len(fake_target.decisions) == 1


def test_the_leader_of_another_sector_gets_404(client, cast, escalation):
    other_leader = UserFactory(username="eleader", roles=[(Role.BTV_MEMBER, cast.other_sector)])
    client.force_login(other_leader)
    url = reverse("workflows:detail", args=[escalation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve", "reason": "x", "version": 1}).status_code == 404
    assert "Hồ sơ giả 1" not in client.get(reverse("workflows:list")).content.decode()
    escalation.refresh_from_db()
    assert escalation.status == "pending"


def test_an_officer_cannot_see_the_leadership_queue_item(client, cast, escalation):
    client.force_login(cast.officer)
    assert client.get(reverse("workflows:detail", args=[escalation.pk])).status_code == 404


def test_home_lists_my_deadlines_overdue_first_and_leaders_pending_escalations(client, cast, fake_target, escalation):
    deadline_open(
        target=("tests.fake", "5"), unit=cast.sector, step="resolve", subject="petition", assignee=cast.officer
    )
    client.force_login(cast.officer)
    body = client.get(reverse("home")).content.decode()
    rows = home_rows(body)
    first, fifth = (next(n for n, row in enumerate(rows) if f"Hồ sơ giả {k}" in row) for k in (1, 5))
    assert first < fifth  # the breached one first
    assert "Thời hạn: " in rows[fifth]
    client.force_login(cast.leader)
    body = client.get(reverse("home")).content.decode()
    row = home_row(body, reverse("workflows:detail", args=[escalation.pk]))
    assert "Quyết định đề xuất chuyển lãnh đạo" in row and "Đề xuất chờ lãnh đạo quyết định" in body


def test_an_officer_escalates_by_hand_through_the_generic_endpoint(client, cast, fake_target):
    from workflows import escalations

    escalations.register_escalation_summary(
        "tests.fake",
        lambda target_id: {"title": f"Hồ sơ giả {target_id}", "url": f"/fake/{target_id}/", "unit": cast.hospital},
    )
    clock.set_now(at(2))
    client.force_login(cast.officer)
    url = reverse("workflows:raise")
    empty = client.post(url, {"target_type": "tests.fake", "target_id": "3", "reason": ""}, follow=True)
    assert "vui lòng nhập lý do" in empty.content.decode()
    assert not Escalation.objects.exists()
    response = client.post(
        url, {"target_type": "tests.fake", "target_id": "3", "reason": "Vượt thẩm quyền", "proposal": "Chuyển cấp trên"}
    )
    assert response.status_code == 302 and response["Location"] == "/fake/3/"
    escalation = Escalation.objects.get()
    assert (escalation.raised_by, escalation.unit, escalation.automatic) == (cast.officer, cast.hospital, False)


def test_the_generic_endpoint_refuses_units_out_of_scope(client, cast, fake_target):
    from workflows import escalations

    escalations.register_escalation_summary(
        "tests.fake", lambda target_id: {"title": "x", "url": "/fake/", "unit": cast.other_grassroots}
    )
    client.force_login(cast.officer)
    response = client.post(reverse("workflows:raise"), {"target_type": "tests.fake", "target_id": "3", "reason": "x"})
    assert response.status_code == 404
    assert not Escalation.objects.exists()


def test_the_decision_form_asks_for_confirmation_once_it_is_checked(client, cast, escalation):
    """No browser dialog before the server has checked the form: the confirmation is a page of its own,
    shown only for a decision the server accepts (test_decision_form_checked_then_confirmed)."""
    client.force_login(cast.leader)
    url = reverse("workflows:detail", args=[escalation.pk])
    assert "data-confirm=" not in client.get(url).content.decode()
    asked = client.post(url, {"decision": "return", "reason": "Làm tiếp", "version": escalation.version})
    body = asked.content.decode()
    assert asked.status_code == 200 and "data-confirmation" in body and "Thao tác này không thể hoàn tác." in body


def test_the_queue_reads_its_cases_in_bulk_whatever_the_number_of_rows(client, cast):
    """Each row's case summary comes from one query per target type, not one per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.builders import make_case

    def case_escalated(n):
        case = make_case(cast, title=f"Đơn {n}")
        escalation_open(target=case, unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)

    client.force_login(cast.leader)

    def queries_for_page():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workflows:list")).status_code == 200
        return len(ctx.captured_queries)

    case_escalated(1)
    one = queries_for_page()
    for n in range(2, 7):
        case_escalated(n)
    assert queries_for_page() == one


def test_each_decision_field_says_which_decision_it_belongs_to(client, cast, escalation):
    """Without the script every field shows, labelled with its decision; web/depends.js reads the
    data-depends-* attributes to hide the fields of the other decisions."""
    client.force_login(cast.leader)
    page = client.get(reverse("workflows:detail", args=[escalation.pk]))
    form = page.context["form"]
    belongs = {
        name: (field.widget.attrs.get("data-depends-on"), field.widget.attrs.get("data-depends-values"))
        for name, field in form.fields.items()
    }
    assert belongs == {
        "decision": (None, None),
        "reason": (None, None),
        "new_due_on": ("decision", "extend"),
        "discipline": ("decision", "discipline"),
        "refer_to": ("decision", "refer"),
        "referred_body": ("refer_to", "authorities"),
        "version": (None, None),
    }  # no end ground: approving this target does not end it on one (a flag's form has it, with "approve")
    body = page.content.decode()
    for label in (
        "Hạn mới (khi gia hạn)",
        "Hình thức kỷ luật (khi đề nghị kỷ luật)",
        "Chuyển đến (khi chuyển cấp trên / cơ quan có thẩm quyền)",
        "Tên cơ quan có thẩm quyền (khi chuyển cơ quan có thẩm quyền)",
    ):
        assert label in body


def test_a_decision_not_offered_takes_its_fields_away(cast):
    from workflows.forms import DecisionForm

    form = DecisionForm(decisions=["return", "extend"])
    assert set(form.fields) == {"decision", "reason", "new_due_on", "version"}


def test_the_unit_filter_shows_the_tree_as_the_other_lists_do(client, cast, escalation):
    """Each unit indented by its depth below the highest unit offered (casework.org.fields.UnitChoiceField):
    the leader's own sector union flush left, its grassroots unions one step in."""
    client.force_login(cast.leader)
    page = client.get(reverse("workflows:list"))
    labels = [str(label) for value, label in page.context["form"].fields["unit"].choices if value]
    assert labels[0] == cast.sector.name and f"— {cast.hospital.name}" in labels
    assert f">— {cast.hospital.name}</option>" in page.content.decode()


def test_each_escalation_on_the_home_page_says_what_raised_it(client, cast, escalation):
    manual = escalation_open(target=("tests.fake", "2"), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    client.force_login(cast.leader)
    body = client.get(reverse("home")).content.decode()
    auto_row = home_row(body, reverse("workflows:detail", args=[escalation.pk]))
    manual_row = home_row(body, reverse("workflows:detail", args=[manual.pk]))
    assert f"bước {escalation.deadline.step_label} quá hạn {escalation.deadline.due_on:%d/%m/%Y}" in auto_row
    assert f"do {cast.chair} chuyển" in manual_row and "quá hạn" not in manual_row.split("Hạn")[0]
