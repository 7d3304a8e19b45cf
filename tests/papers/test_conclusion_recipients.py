"""The conclusion of a denunciation goes to the person denounced, the body that manages them and the bodies,
organisations and persons concerned, and the denouncer is told of it (Luật Tố cáo 2018 Đ.35 khoản 3): its
recipients print each. Migration papers 0015 gives the line of those concerned to the shipped recipients of an
installation, as a new template version once a paper was issued from the old one."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from casework.cases.models import Kind
from casework.papers.models import Paper, PaperTemplateVersion
from tests import builders

pytestmark = pytest.mark.django_db

FIX = import_module("casework.papers.migrations.0015_conclusion_to_those_concerned")
CONCERNED = "- Cơ quan, tổ chức, cá nhân có liên quan;"


def _conclusion(case):
    return Paper.objects.get(target_type="cases.case", target_id=str(case.pk), doc_kind="KL")


def test_the_conclusion_names_each_recipient_the_law_sends_it_to(cast):
    paper = _conclusion(builders.decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital))
    lines = paper.recipients.splitlines()
    assert lines[0].startswith("- Người bị tố cáo:")
    assert "(cơ quan, tổ chức quản lý người bị tố cáo);" in lines[1]
    assert lines[2] == CONCERNED
    assert lines[3].startswith("- Người tố cáo (thông báo kết luận")


def test_an_installation_with_the_shipped_recipients_gets_the_line_in_a_new_version_once_used(cast):
    PaperTemplateVersion.objects.filter(template__key="case.conclusion").update(recipients=FIX.SHIPPED)
    version = _conclusion(builders.decided(cast, kind=Kind.DENUNCIATION)).template_version
    assert version.recipients == FIX.SHIPPED

    FIX.forwards(apps, None)
    version.refresh_from_db()
    assert version.recipients == FIX.SHIPPED  # the papers issued keep the version they used
    newest = PaperTemplateVersion.objects.filter(template__key="case.conclusion").order_by("-number").first()
    assert (newest.number, newest.recipients, newest.body) == (version.number + 1, FIX.RECIPIENTS, version.body)
    # Run again, or on recipients an administrator rewrote: nothing more.
    FIX.forwards(apps, None)
    assert PaperTemplateVersion.objects.filter(template__key="case.conclusion").count() == newest.number


def test_a_shipped_version_nothing_was_issued_from_is_changed_as_it_stands():
    before = PaperTemplateVersion.objects.filter(template__key="case.conclusion").order_by("-number").first()
    PaperTemplateVersion.objects.filter(pk=before.pk).update(recipients=FIX.SHIPPED, created_by=None)
    FIX.forwards(apps, None)
    after = PaperTemplateVersion.objects.filter(template__key="case.conclusion").order_by("-number").first()
    assert (after.pk, after.recipients) == (before.pk, FIX.RECIPIENTS)
