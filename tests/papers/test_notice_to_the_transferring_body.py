"""The notice of a letter's acceptance or refusal goes to the complainant and to the body that transferred the
letter (Luật Khiếu nại 2011 Đ.27, Đ.36 khoản 1; Luật Tố cáo 2018 Đ.26 khoản 2): its recipients name the unit the
case came from, and only for a letter so transferred. Migration papers 0014 gives the line to the shipped
recipients of an installation, as a new template version once a paper was issued from the old one."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from casework.cases.models import Kind
from casework.cases.services import case_accept, case_transfer
from casework.papers.models import PaperTemplateVersion
from casework.papers.services import paper_issue

pytestmark = pytest.mark.django_db

FIX = import_module("casework.papers.migrations.0014_notice_to_the_body_that_transferred_the_letter")
LINE = "(cơ quan, đơn vị chuyển đơn đến)"


def _accept(case, actor):
    return case_accept(subject_area="khac", case=case, actor=actor, legal_ground="Luật Khiếu nại 2011 Đ.27")


def _notice(case, cast):
    return paper_issue(target=case, key="case.accept", actor=cast.officer)


def test_the_acceptance_of_a_transferred_complaint_is_notified_to_the_unit_that_transferred_it(cast, make_case):
    _old, new = case_transfer(
        subject_area="khac",
        case=make_case(),
        actor=cast.intake,
        reason="Thuộc thẩm quyền CĐCS",
        target_unit=cast.clinic,
    )
    paper = _notice(_accept(new, cast.intake), cast)
    assert f"- {cast.sector.name} {LINE};" in paper.recipients

    direct = _accept(make_case(), cast.intake)
    assert LINE not in _notice(direct, cast).recipients


def test_a_denunciation_transferred_in_on_paper_leaves_a_line_for_the_body(cast, make_case):
    case = _accept(make_case(kind=Kind.DENUNCIATION, channel="transferred"), cast.intake)
    paper = _notice(case, cast)
    assert f"…… {LINE};" in paper.recipients


def test_an_installation_with_the_shipped_recipients_gets_the_line_in_a_new_version_once_used(cast, make_case):
    shipped, recipients = FIX.RECIPIENTS["case.accept"]
    PaperTemplateVersion.objects.filter(template__key="case.accept").update(recipients=shipped)
    used = _accept(make_case(), cast.intake)
    version = _notice(used, cast).template_version
    assert version.recipients == shipped
    refuse_before = PaperTemplateVersion.objects.filter(template__key="case.refuse").order_by("-number").first()
    PaperTemplateVersion.objects.filter(pk=refuse_before.pk).update(recipients=FIX.RECIPIENTS["case.refuse"][0])

    FIX.forwards(apps, None)
    version.refresh_from_db()
    assert version.recipients == shipped  # the papers issued keep the version they used
    newest = PaperTemplateVersion.objects.filter(template__key="case.accept").order_by("-number").first()
    assert (newest.number, newest.recipients) == (version.number + 1, recipients)
    # The refusal's shipped version printed nothing: changed as it stands.
    refuse = PaperTemplateVersion.objects.filter(template__key="case.refuse").order_by("-number").first()
    assert (refuse.pk, refuse.recipients) == (refuse_before.pk, FIX.RECIPIENTS["case.refuse"][1])
