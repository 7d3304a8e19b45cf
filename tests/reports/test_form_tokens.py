"""The report forms that create a record, posted twice, create it once (casework.web.form_tokens):
the quarterly report sent up, a child unit's figures received, the register export, the import of
an existing register (which would otherwise register every letter of the file again)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import Case
from casework.reports.models import ExportJob, QuarterlyReport
from casework.web.models import SpentFormToken
from tests.reports.conftest import sent_by
from tests.reports.test_import import GOOD, xlsx_upload
from tests.web.test_form_tokens import ALREADY_SAVED, REFUSED, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tokens_required(settings):
    settings.FORM_TOKENS_REQUIRED = True


def test_a_quarterly_report_sent_twice_is_sent_once(client, cast, dataset, frozen_clock):
    client.force_login(dataset.h_leader)
    page = client.get(reverse("reports:quarterly"), {"unit": "H", "year": 2026, "quarter": 1}).content.decode()
    data = {
        "unit": "H",
        "year": 2026,
        "quarter": 1,
        "note": "Gửi lần đầu",
        "form_token": token_of(page, reverse("reports:quarterly_submit")),
    }
    first = client.post(reverse("reports:quarterly_submit"), data)
    report = QuarterlyReport.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse("reports:quarterly_detail", args=[report.pk])

    again = client.post(reverse("reports:quarterly_submit"), data, follow=True)
    assert again.redirect_chain[0] == (first["Location"], 302)
    assert ALREADY_SAVED in again.content.decode()
    assert QuarterlyReport.objects.get().status == QuarterlyReport.Status.SUBMITTED
    assert AuditEvent.objects.filter(action="report.submit").count() == 1

    stale = client.post(reverse("reports:quarterly_submit"), {**data, "form_token": "x"}, follow=True)
    assert REFUSED in stale.content.decode()
    assert AuditEvent.objects.filter(action="report.submit").count() == 1


def test_a_child_units_figures_received_twice_are_received_once(client, cast, dataset, frozen_clock, paper_unit):
    client.force_login(dataset.h_leader)
    exported = client.get(
        reverse("reports:quarterly_export"), {"unit": "H", "year": 2026, "quarter": 1, "format": "json"}
    ).content
    exported = json.dumps(sent_by(json.loads(exported), paper_unit)).encode()
    client.force_login(cast.leader)
    page = client.get(reverse("reports:consolidated"), {"unit": "S", "year": 2025, "quarter": 4}).content.decode()
    token = token_of(page, reverse("reports:quarterly_import"))

    def post():
        upload = SimpleUploadedFile("h.json", exported, content_type="application/json")
        return client.post(reverse("reports:quarterly_import"), {"unit": "S", "file": upload, "form_token": token})

    first = post()
    assert first.status_code == 302 and QuarterlyReport.objects.count() == 1
    again = client.get(post()["Location"])
    assert ALREADY_SAVED in again.content.decode()
    assert QuarterlyReport.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.import").count() == 1


def test_the_register_export_ordered_twice_is_built_once(client, cast, dataset, frozen_clock):
    client.force_login(cast.leader)
    token = token_of(client.get(reverse("reports:register")).content.decode())
    data = {"unit": "S", "date_from": "2026-01-01", "date_to": "", "form_token": token}
    first = client.post(reverse("reports:register"), data)
    job = ExportJob.objects.get()
    assert first["Location"] == reverse("reports:export_job", args=[job.pk])
    again = client.post(reverse("reports:register"), data, follow=True)
    assert again.redirect_chain[0] == (first["Location"], 302) and ALREADY_SAVED in again.content.decode()
    assert ExportJob.objects.count() == 1


def test_a_register_imported_twice_registers_its_letters_once(client, cast, frozen_clock):
    client.force_login(cast.intake)
    page = client.get(reverse("reports:import")).content.decode()
    # The dry run spends nothing: the same form then imports.
    checked = client.post(reverse("reports:import"), {"file": xlsx_upload(GOOD), "action": "dry_run"})
    assert "mọi dòng hợp lệ, chưa ghi gì" in checked.content.decode()
    data = {"action": "import", "form_token": token_of(page)}
    first = client.post(reverse("reports:import"), {**data, "file": xlsx_upload(GOOD)})
    assert first.status_code == 200 and Case.objects.count() == 3

    again = client.post(reverse("reports:import"), {**data, "file": xlsx_upload(GOOD)}, follow=True)
    assert again.redirect_chain[0] == (reverse("reports:import"), 302)
    assert ALREADY_SAVED in again.content.decode()
    assert Case.objects.count() == 3


def test_a_register_refused_for_a_bad_row_can_be_corrected_and_sent_with_the_same_form(client, cast, frozen_clock):
    client.force_login(cast.intake)
    data = {"action": "import", "form_token": token_of(client.get(reverse("reports:import")).content.decode())}
    bad_row = [*GOOD[0][:4], "", *GOOD[0][5:]]  # no title
    refused = client.post(reverse("reports:import"), {**data, "file": xlsx_upload([bad_row, GOOD[1]])})
    assert refused.status_code == 400 and Case.objects.count() == 0
    # The refusal is recorded; the token is not spent, so the corrected file goes with the same form.
    assert AuditEvent.objects.filter(action="report.import").count() == 1
    assert not SpentFormToken.objects.exists()
    done = client.post(reverse("reports:import"), {**data, "file": xlsx_upload(GOOD)})
    assert done.status_code == 200 and Case.objects.count() == 3

    missing = client.post(reverse("reports:import"), {"action": "import", "file": xlsx_upload(GOOD)})
    assert missing.status_code == 400 and REFUSED in missing.content.decode() and Case.objects.count() == 3
