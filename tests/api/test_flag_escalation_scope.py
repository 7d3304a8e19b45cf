"""The escalation that decided a flag is given by id (the API's `escalation_id`) and linked on the flag page
only to a reader who may open that escalation (workflows.selectors.escalation_ids_readable, over
escalation_list_for_user): a reader of the flag who does not read its escalation, such as a member of the
committee, reads null and the decision without a link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections import services as inspections
from tests.builders import api_client, raise_flag
from workflows.selectors import escalation_ids_readable
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db


def _decided(cast, flag, target):
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason="Trùng nội dung")
    return escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="approve",
        ground="merged",
        merged_into=target.reference,
        reason="Cùng nội dung chi sai",
    )


def _escalation_field(user, flag) -> tuple:
    """The flag's `escalation_id` as `user` reads it through the API: in its detail and in its row of the list."""
    client = api_client(user)
    detail = client.get(f"/api/flags/{flag.pk}/")
    assert detail.status_code == 200, detail.content
    listed = client.get("/api/flags/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    return detail.json()["escalation_id"], next(row for row in rows if row["id"] == flag.pk)["escalation_id"]


def test_a_reader_of_the_flag_who_does_not_read_its_escalation_reads_no_id_and_no_link(client, cast, frozen_clock):
    flag, other, target = raise_flag(cast), raise_flag(cast), raise_flag(cast)
    escalation = _decided(cast, flag, target)
    _decided(cast, other, target)  # a second decided flag on the list's page, read with the first
    flag.refresh_from_db()
    assert flag.escalation_id == escalation.pk
    # The committee's inspector reads the flag, not the leadership's escalation about it.
    assert escalation_ids_readable(user=cast.inspector, ids=[escalation.pk]) == set()
    assert api_client(cast.inspector).get(f"/api/escalations/{escalation.pk}/").status_code == 404
    assert _escalation_field(cast.inspector, flag) == (None, None)
    assert _escalation_field(cast.chair, flag) == (escalation.pk, escalation.pk)
    assert _escalation_field(cast.leader, flag) == (escalation.pk, escalation.pk)

    link = reverse("workflows:detail", args=[escalation.pk])
    client.force_login(cast.inspector)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert "Cùng nội dung chi sai" in page and link not in page
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert f'<a href="{link}">' in page


def test_a_flag_no_escalation_decided_reads_null(cast, frozen_clock):
    flag = raise_flag(cast)
    inspections.flag_escalate(flag=flag, actor=cast.chair, reason="Cần lãnh đạo cho ý kiến.")
    assert _escalation_field(cast.chair, flag) == (None, None)
