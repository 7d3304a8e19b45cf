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


def test_the_second_round_decision_goes_to_the_first_round_resolver(cast, make_case):
    """Luật Khiếu nại 2011 Đ.41 khoản 1: "… gửi quyết định giải quyết khiếu nại cho người khiếu nại, người bị
    khiếu nại, người giải quyết khiếu nại lần đầu …"; the first round's decision (Đ.32) names nobody so."""
    import datetime as dt

    from casework.cases.selectors import case_deadlines
    from casework.cases.services import case_complaint_second
    from casework.org.models import Role
    from casework.papers.services import paper_draft
    from core import clock
    from tests.factories import UserFactory
    from tests.papers.conftest import pdf_text

    first = _accept(make_case(), cast.intake)
    printed = " ".join(pdf_text(paper_draft(target=first, key="case.decision")).split())
    assert "(người giải quyết khiếu nại lần đầu)" not in printed
    due = next(d for d in case_deadlines(case=first) if d.step == "resolve").due_on
    clock.set_now(dt.datetime(due.year, due.month, due.day, 2, 0, tzinfo=dt.UTC) + dt.timedelta(days=1))
    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    second = case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="Lần hai")
    printed = " ".join(pdf_text(paper_draft(target=second, key="case.decision")).split())
    assert f"{first.unit.name} (người giải quyết khiếu nại lần đầu)" in printed
