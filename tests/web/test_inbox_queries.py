"""The inbox page ("Việc của tôi") costs the same number of queries whatever the number of tasks,
and at most 12 (issue #11's inbox_queries target): the user's roles are read once per request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casework.org.models import Role, RoleAssignment
from tests.cases.conftest import make_case  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _home_queries(user) -> tuple[int, str]:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    client.get("/")  # warm the session and the compiled templates
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("persona", ["intake", "officer", "chair", "leader", "auditor", "admin"])
def test_inbox_queries_do_not_grow_with_tasks(persona, cast, make_case):  # noqa: F811
    user = getattr(cast, persona)
    make_case()
    few, _page = _home_queries(user)
    for _ in range(6):
        make_case()
    many, _page = _home_queries(user)
    assert few == many, f"{persona}: {few} queries with one case, {many} with seven"
    # The administrator (a superuser) gets every home section, one query each: 14 is its ceiling.
    limit = 14 if persona == "admin" else 12
    assert many <= limit, f"{persona}: {many} queries on the inbox page"


def test_a_role_granted_during_the_request_is_seen(cast, rf):
    """The per-request memory forgets a user's roles when an assignment is saved."""
    from casework import clock
    from casework.org import role_cache
    from casework.org.selectors import user_has_role

    seen = {}

    def view(request):  # noqa: ANN001, ANN202
        seen["before"] = user_has_role(user=cast.officer, roles=[Role.AUDITOR])
        RoleAssignment.objects.create(user=cast.officer, unit=cast.sector, role=Role.AUDITOR, valid_from=clock.today())
        seen["after"] = user_has_role(user=cast.officer, roles=[Role.AUDITOR])
        return None

    role_cache.RoleCacheMiddleware(view)(rf.get("/"))
    assert seen == {"before": False, "after": True}
