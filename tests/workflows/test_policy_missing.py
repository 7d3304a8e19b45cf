"""A date or step with no deadline policy is an application error: every edge answers it with a
message, never a 500."""

import datetime as dt

import pytest
from rest_framework.test import APIRequestFactory

from casework.api.exceptions import api_exception_handler
from core.errors import ApplicationError, PolicyMissing
from workflows.models import PolicyVersion
from workflows.services.policy import policy_current, rule_get

pytestmark = pytest.mark.django_db


def test_a_date_before_every_policy_raises_policy_missing():
    first = PolicyVersion.objects.order_by("effective_from").first()
    with pytest.raises(PolicyMissing) as caught:
        policy_current(on=first.effective_from - dt.timedelta(days=1))
    assert isinstance(caught.value, ApplicationError)
    assert caught.value.code == "policy_missing"
    assert caught.value.message


def test_a_step_without_a_rule_raises_policy_missing():
    version = policy_current(on=PolicyVersion.objects.order_by("effective_from").first().effective_from)
    with pytest.raises(PolicyMissing, match="no_such_step"):
        rule_get(version=version, subject="complaint_1", step="no_such_step")


def test_the_api_answers_policy_missing_with_its_code_not_a_500():
    request = APIRequestFactory().post("/api/cases/")
    response = api_exception_handler(PolicyMissing("Chưa có chính sách."), {"request": request, "view": None})
    assert response.status_code == 400
    assert response.data["code"] == "policy_missing"
    assert response.data["detail"] == "Chưa có chính sách."
