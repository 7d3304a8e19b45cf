"""The daily job that deletes spent form tokens past FORM_TOKENS_KEEP_DAYS, a batch at a time, and
its place in the periodic jobs with the idempotency keys' pruning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.web import schedule
from casework.web.form_tokens import MAX_AGE, spent_tokens_prune
from casework.web.models import SpentFormToken
from core import clock
from core.pruning import delete_in_batches
from tests.web.test_form_tokens import ALREADY_SAVED, REFUSED, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tokens_required(settings):
    settings.FORM_TOKENS_REQUIRED = True
    settings.FORM_TOKENS_KEEP_DAYS = 7


def _spend(cast, client) -> tuple[str, dict]:
    """A conflict declaration saved through its form; the token and the form's data to resend."""
    from django.urls import reverse

    client.force_login(cast.inspector)
    url = reverse("inspections:conflict_declare")
    data = {"unit": cast.hospital.pk, "reason": "Vợ tôi là kế toán của đơn vị"}
    data["form_token"] = token_of(client.get(url).content.decode())
    assert client.post(url, data).status_code == 302
    return url, data


def test_a_spent_token_past_the_period_is_deleted_and_a_recent_one_kept(cast, client, frozen_clock):
    url, data = _spend(cast, client)
    clock.advance(dt.timedelta(days=6, hours=23))
    _recent_url, _recent = _spend(cast, client)
    assert spent_tokens_prune() == 0
    assert SpentFormToken.objects.count() == 2

    clock.advance(dt.timedelta(hours=2))
    assert spent_tokens_prune() == 1
    (kept,) = SpentFormToken.objects.all()
    assert kept.spent_at == clock.now() - dt.timedelta(hours=2)
    # The deleted token's form, resent now, is refused as expired: nothing is created twice.
    resent = client.post(url, data)
    assert resent.status_code == 200 and REFUSED in resent.content.decode()
    assert cast.inspector.conflicts.count() == 2


def test_a_period_shorter_than_a_tokens_validity_keeps_the_rows_that_still_stop_a_resend(
    cast, client, frozen_clock, settings
):
    settings.FORM_TOKENS_KEEP_DAYS = 0  # (settings/base.py refuses it; a test override is not checked)
    url, data = _spend(cast, client)
    clock.advance(MAX_AGE - dt.timedelta(minutes=1))
    assert spent_tokens_prune() == 0
    again = client.post(url, data, follow=True)
    assert ALREADY_SAVED in again.content.decode() and cast.inspector.conflicts.count() == 1


def test_old_rows_are_deleted_in_batches_of_keys(cast, frozen_clock):
    old = clock.now() - dt.timedelta(days=30)
    SpentFormToken.objects.bulk_create(
        SpentFormToken(nonce=f"{n:032x}", user=cast.officer, form="f", url="/", spent_at=old) for n in range(7)
    )
    SpentFormToken.objects.create(nonce="f" * 32, user=cast.officer, form="f", url="/", spent_at=clock.now())
    with CaptureQueriesContext(connection) as queries:
        assert delete_in_batches(SpentFormToken.objects.filter(spent_at__lt=clock.now()), batch_size=3) == 7
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith("DELETE")]
    assert len(deletes) == 3  # 3 + 3 + 1 keys
    assert list(SpentFormToken.objects.values_list("nonce", flat=True)) == ["f" * 32]


def test_both_prunings_run_as_periodic_jobs(cast, frozen_clock, monkeypatch):
    from casework.api.models import IdempotencyKey

    jobs = [job for job in schedule.PERIODIC_JOBS if job[0].endswith(("spent_tokens_prune", "idempotency_keys_prune"))]
    assert len(jobs) == 2
    monkeypatch.setattr(schedule, "PERIODIC_JOBS", jobs)
    old = clock.now() - dt.timedelta(days=30)
    SpentFormToken.objects.create(nonce="a" * 32, user=cast.officer, form="f", url="/", spent_at=old)
    IdempotencyKey.objects.create(
        owner="ip:10.0.0.1",
        key="k",
        method="POST",
        path="/api/public/cases/",
        request_hash="h",
        response_status=201,
        created_at=old,
    )
    assert schedule.run_periodic_jobs() == {"spent_tokens_prune": 1, "idempotency_keys_prune": 1}
    assert not SpentFormToken.objects.exists() and not IdempotencyKey.objects.exists()
