"""A case keeps the policy version it started under, whatever an administrator does to the policy:
a version in use is read-only, and a change is made on a copy that applies from a later day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.selectors import case_deadlines
from casework.cases.services import case_accept
from core import clock
from workflows.models import DeadlineRule, PolicyVersion

pytestmark = pytest.mark.django_db


def _resolve(case):
    return next(d for d in case_deadlines(case=case) if d.step == "resolve")


def _rule(version, step="resolve"):
    return DeadlineRule.objects.get(version=version, subject="complaint_1", step=step, variant="normal")


def _inline_form(version, days):
    """The change form of `version` with its complaint_1/resolve/normal rule set to `days`."""
    rules = list(version.rules.order_by("pk"))
    data = {
        "number": version.number,
        "effective_from": version.effective_from.isoformat(),
        "note": version.note,
        "rules-TOTAL_FORMS": len(rules),
        "rules-INITIAL_FORMS": len(rules),
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
    }
    for i, rule in enumerate(rules):
        data.update(
            {
                f"rules-{i}-id": rule.pk,
                f"rules-{i}-version": version.pk,
                f"rules-{i}-subject": rule.subject,
                f"rules-{i}-step": rule.step,
                f"rules-{i}-variant": rule.variant,
                f"rules-{i}-days": days
                if (rule.subject, rule.step, rule.variant) == ("complaint_1", "resolve", "normal")
                else rule.days,
                f"rules-{i}-day_unit": rule.day_unit,
                f"rules-{i}-reminder_offsets": str(rule.reminder_offsets).replace("'", '"'),
                f"rules-{i}-on_breach": rule.on_breach,
                f"rules-{i}-source": rule.source,
            }
        )
    return data


def test_an_administrator_cannot_change_the_rules_of_a_version_a_case_started_under(client, cast, make_case):
    v1 = PolicyVersion.objects.get(number=1)
    case = make_case()  # received today under v1, not accepted yet
    client.force_login(cast.admin)
    url = reverse("admin:workflows_policyversion_change", args=[v1.pk])
    page = client.get(url)
    assert page.status_code == 200 and "sao chép thành phiên bản mới" in page.content.decode()
    response = client.post(url, _inline_form(v1, days=5))
    assert response.status_code == 403
    assert _rule(v1).days == 30
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.27")
    assert (case.policy_version.number, _resolve(case).days) == (1, 30)


def test_a_change_is_made_on_a_copy_that_only_later_letters_follow(client, cast, make_case):
    v1 = PolicyVersion.objects.get(number=1)
    earlier = make_case()  # Mon 02/03/2026, under v1
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:workflows_policyversion_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [v1.pk]},
    )
    assert response.status_code == 302
    v2 = PolicyVersion.objects.order_by("-number").first()  # the copy, numbered after the last version
    assert v2.number > v1.number and v2.effective_from == dt.date(
        2026, 3, 3
    )  # tomorrow: nothing is received under it before it is edited
    assert v2.rules.count() == v1.rules.count() and _rule(v2).days == 30
    assert AuditEvent.objects.filter(action="policy.copy", target_id=str(v2.pk)).exists()
    # The copy is not in use yet: the administrator edits it.
    response = client.post(reverse("admin:workflows_policyversion_change", args=[v2.pk]), _inline_form(v2, days=20))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _rule(v2).days == 20 and _rule(v1).days == 30

    clock.advance(dt.timedelta(days=1))
    later = make_case(content="Đơn nhận sau ngày áp dụng phiên bản 2.")
    earlier = case_accept(subject_area="khac", case=earlier, actor=cast.intake, legal_ground="Đ.27")
    later = case_accept(subject_area="khac", case=later, actor=cast.intake, legal_ground="Đ.27")
    assert (earlier.policy_version.number, _resolve(earlier).days) == (1, 30)
    assert (later.policy_version.number, _resolve(later).days) == (v2.number, 20)
    # Now v2 is in use too.
    response = client.post(reverse("admin:workflows_policyversion_change", args=[v2.pk]), _inline_form(v2, days=1))
    assert response.status_code == 403 and _rule(v2).days == 20
