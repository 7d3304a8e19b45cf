"""The menu's "Chuyển cấp" is offered to who decides the leadership queue: a committee chair and an
auditor read the escalations of their scope, but the queue is not their work."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _links(client, user) -> set[str]:
    client.force_login(user)
    groups = client.get(reverse("home")).context["nav_groups"]
    return {link["url"] for group in groups for link in group["links"]}


@pytest.mark.parametrize(
    ("who", "offered"),
    [("leader", True), ("admin", True), ("auditor", False), ("chair", False), ("officer", False), ("inspector", False)],
)
def test_the_escalation_queue_is_in_the_menu_of_who_decides_it(client, cast, who, offered):
    assert (reverse("workflows:list") in _links(client, getattr(cast, who))) is offered
