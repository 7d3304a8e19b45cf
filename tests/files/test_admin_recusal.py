"""The files' administration reads the one recusal rule (casework.cases.recusal.case_objects_recused_q): an
administrator who leads the unit denounced (Luật Tố cáo 2018 Đ.47 khoản 1) finds no file of the case, of a
flag raised from it, nor of a paper issued on it; another administrator of the unit finds all three."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from casework.cases.integrations import flag_raise_from_case
from casework.files.services import attachment_store
from casework.org.models import Role
from casework.papers.services import paper_issue
from tests import builders
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _administrator(username: str, cast) -> object:
    user = UserFactory(username=username, roles=[(Role.ADMIN, cast.sector)], is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


def _store(target, cast, name: str) -> int:
    with transaction.atomic():
        upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
        return attachment_store(upload=upload, target=target, unit=cast.sector, actor=cast.chair).pk


def _listed(client, user) -> set[int]:
    client.force_login(user)
    response = client.get(reverse("admin:files_attachment_changelist"))
    assert response.status_code == 200
    return {a.pk for a in response.context["cl"].result_list}


def test_no_file_of_the_case_its_flag_or_its_paper_for_the_recused_administrator(
    cast, client, frozen_clock, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    case = builders.accepted(cast, subject_unit=cast.hospital)
    with transaction.atomic():
        flag = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi sai quỹ phúc lợi")
    paper = paper_issue(target=case, key="case.accept", actor=cast.chair)
    files = {
        _store(case, cast, "bien-ban.pdf"),
        _store(flag, cast, "chung-tu.pdf"),
        _store(("papers.paper", paper.pk), cast, "ban-ky.pdf"),
    }
    unrelated = _store(builders.raise_flag(cast), cast, "khac.pdf")
    recused = _administrator("admin_recused", cast)
    grant(recused, Role.BCH_MEMBER, cast.hospital)
    reader = _administrator("admin_reader", cast)
    assert files | {unrelated} <= _listed(client, reader)
    seen = _listed(client, recused)
    assert unrelated in seen and not files & seen
    for pk in files:
        assert client.get(reverse("admin:files_attachment_change", args=[pk])).status_code in (302, 404)
