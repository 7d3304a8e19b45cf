"""Background export jobs: claimed once, failures shown to their owner; the reports index page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.reports.models import ExportJob
from casework.reports.services import export_job_run

pytestmark = pytest.mark.django_db


def make_job(cast, clock, **params):
    return ExportJob.objects.create(
        user=cast.leader, kind=ExportJob.Kind.REGISTER_XLSX, unit=cast.sector, params=params, created_at=clock.now()
    )


def test_a_job_is_built_once_even_if_two_workers_pick_it_up(cast, frozen_clock):
    job = make_job(cast, frozen_clock)
    first = export_job_run(job_id=job.pk)
    second = export_job_run(job_id=job.pk)
    assert first.status == second.status == ExportJob.Status.DONE
    assert AuditEvent.objects.filter(action="report.export").count() == 1


def test_a_bad_parameter_fails_the_job_with_a_vietnamese_message(client, cast, frozen_clock):
    job = make_job(cast, frozen_clock, date_from="31/02/2026")
    job = export_job_run(job_id=job.pk)
    assert job.status == ExportJob.Status.FAILED and job.progress < 100 and not job.file
    assert "Ngày không hợp lệ" in job.error
    client.force_login(cast.leader)
    page = client.get(reverse("reports:export_job", args=[job.pk]))
    assert "Ngày không hợp lệ" in page.content.decode() and "Refresh" not in page
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_index_lists_reports_waiting_and_my_exports(client, cast, frozen_clock):
    job = make_job(cast, frozen_clock)
    export_job_run(job_id=job.pk)
    client.force_login(cast.leader)
    body = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:export_job", args=[job.pk]) in body
    assert 'value="S"' in body and 'value="EG"' not in body  # only units in scope are offered


def test_prune_exports_removes_old_jobs_and_their_files(cast, frozen_clock):
    import datetime as dt
    import io

    from django.core.management import call_command

    old = make_job(cast, frozen_clock)
    export_job_run(job_id=old.pk)
    old.refresh_from_db()
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    frozen_clock.advance(dt.timedelta(days=8))
    fresh = make_job(cast, frozen_clock)
    out = io.StringIO()
    call_command("prune_exports", stdout=out)
    assert "Đã xóa 1 tệp" in out.getvalue()
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not storage.exists(name)


def test_quarterly_page_defaults_and_bad_input(client, cast, frozen_clock):
    client.force_login(cast.chair)
    page = client.get(reverse("reports:quarterly"))
    # Default: the highest unit the user reads, the current quarter.
    assert page.status_code == 200 and "Quý I/2026 — Công đoàn ngành Y tế" in page.content.decode()
    response = client.get(reverse("reports:quarterly"), {"unit": "S", "year": "abc", "quarter": 9})
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Năm báo cáo không hợp lệ (ví dụ 2026). Quý phải là một số từ 1 đến 4."]
    client.force_login(cast.outsider)
    assert client.get(reverse("reports:quarterly")).status_code == 404
