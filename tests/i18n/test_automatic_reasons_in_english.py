"""The reasons the sweep writes by itself (a clock run out and escalated, leadership silent past its
limit, the late step done before leadership decided) read in the reader's language: an escalation's
page in English, its timeline included, shows them in English, in Vietnamese in Vietnamese, while the
stored text stays in the site's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from casework.cases.services import case_accept
from core import clock
from tests.builders import make_case
from tests.i18n.test_pages_in_english import _data_values, _leftovers
from workflows.models import Escalation
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

VIETNAMESE_REASONS = ("Tự động: bước", "chưa quyết định trong thời hạn", "Quá hạn", "Đề nghị lãnh đạo chỉ đạo")


def _page(client: Client, escalation: Escalation, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/escalations/{escalation.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_automatic_escalation_reads_in_english_on_its_page_and_timeline(cast, frozen_clock):
    case = make_case(cast)
    clock.set_now(clock.now() + dt.timedelta(days=30))
    assert sweep_run().escalated == 1
    escalation = Escalation.objects.get(automatic=True)
    assert escalation.reason.startswith("Tự động: bước") and escalation.reason_code == "step_overdue"
    clock.set_now(clock.now() + dt.timedelta(days=30))  # leadership silent past its limit: moved up
    sweep_run()
    escalation.refresh_from_db()
    assert escalation.moved_up == 1

    client = Client()
    client.force_login(cast.admin)
    english = _page(client, escalation, "en")
    assert "Automatic: step" in english and "The leadership of" in english and "Overdue since" in english
    assert "The leadership is asked to direct the handling" in english
    assert not [text for text in VIETNAMESE_REASONS if text in english]
    data = [*_data_values(), case.title, case.reference, case.subject_person]
    assert _leftovers(english, sorted(data, key=len, reverse=True)) == []
    vietnamese = _page(client, escalation, "vi")
    assert escalation.reason in vietnamese and "chưa quyết định trong thời hạn" in vietnamese

    # The late step done: the sweep closes it as overtaken, its reason in the reader's language too.
    case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")
    assert sweep_run().overtaken == 1
    english = _page(client, escalation, "en")
    assert "before the leadership decided" in english
    assert "trước khi lãnh đạo quyết định" not in english


def test_the_migration_codes_the_automatic_escalations_already_stored(cast, frozen_clock):
    from importlib import import_module

    from django.apps import apps

    code_automatic_reasons = import_module("workflows.migrations.0028_escalation_reason_code").code_automatic_reasons
    make_case(cast)
    clock.set_now(clock.now() + dt.timedelta(days=30))
    sweep_run()
    escalation = Escalation.objects.get(automatic=True)
    coded = (escalation.reason_code, escalation.reason_params)
    # As stored before the code: the text alone, in the site's language.
    Escalation.objects.filter(pk=escalation.pk).update(reason_code="", reason_params={})

    code_automatic_reasons(apps, None)

    escalation.refresh_from_db()
    assert (escalation.reason_code, escalation.reason_params) == coded


def test_a_step_done_late_before_the_sweep_reads_its_escalation_in_english(cast, frozen_clock):
    from tests.builders import open_ad_hoc, raise_flag
    from workflows.models import Deadline

    flag = raise_flag(cast)
    own = Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk), step="open_inspection")
    clock.set_now(own.due_at + dt.timedelta(days=1))
    open_ad_hoc(cast, [flag])
    sweep_run()
    (escalation,) = Escalation.objects.filter(deadline=own)
    assert escalation.reason_code == "late_stop" and escalation.reason.startswith("Tự động: bước")
    client = Client()
    client.force_login(cast.admin)
    english = _page(client, escalation, "en")
    assert f"was due {own.due_on:%d/%m/%Y}" in english
    assert not [text for text in VIETNAMESE_REASONS if text in english]
