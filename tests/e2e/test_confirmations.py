"""Nothing irreversible happens without a confirmation: dismissing it leaves the case as it was."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.models import Status
from casework.inspections.models import Inspection
from tests.e2e.test_audit_and_layout import _case

IRREVERSIBLE = ["refuse", "transfer", "guide", "merge", "withdraw"]


@pytest.mark.django_db
def test_irreversible_case_actions_ask_first_and_reversible_ones_do_not(client, cast, frozen_clock):
    case = _case(cast)
    client.force_login(cast.intake)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "cases/case.js" in page  # the script that asks
    for action in IRREVERSIBLE:
        url = reverse("cases:action", args=[case.pk, action])
        start = page.index(f'action="{url}"')
        assert "data-confirm=" in page[start : page.index(">", start)], action
    accept = reverse("cases:action", args=[case.pk, "accept"])
    start = page.index(f'action="{accept}"')
    assert "data-confirm=" not in page[start : page.index(">", start)]


@pytest.mark.django_db
def test_inspection_decision_and_conclusion_need_a_ticked_confirmation(client, cast, frozen_clock):
    from casework.inspections import services
    from tests.builders import raise_flag

    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    client.force_login(cast.chair)
    url = reverse("inspections:inspection_act", args=[inspection.pk, "decide"])
    response = client.post(url, {"number": "07/QĐ-UBKT"})
    assert response.status_code == 400
    assert Inspection.objects.get().status != Inspection.Status.DECIDED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dismissing_the_confirmation_changes_nothing(cast, open_session, frozen_clock):
    case = _case(cast)
    intake = open_session(cast.intake)
    page = intake.page
    intake.confirm = False  # this person says no
    with intake.step("refuse, then cancel"):
        page.goto(f"/cases/{case.pk}/")
        panel = page.locator("details").filter(has=page.locator("summary", has_text="Không thụ lý")).first
        panel.locator("summary").click()
        form = panel.locator("form")
        form.locator("[name=ground]").select_option(index=1)
        form.get_by_role("button", name="Không thụ lý").click()
        page.wait_for_timeout(300)
        assert page.url.endswith(f"/cases/{case.pk}/")
    assert intake.dialogs and "không thể hoàn tác" in intake.dialogs[0]
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
