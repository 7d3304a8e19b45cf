"""Who signs while the committee chair is away: the acting chair, as "Q. CHỦ NHIỆM" (Nghị định
30/2020/NĐ-CP Đ.13, Phụ lục I mục II.7: "Q." before the head's title for whoever holds the head's
authority); the chair themself when present, whatever the order of the names."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.org.models import Role
from casework.papers.services import paper_issue
from core import clock
from tests.builders import accepted, acting_chair_appointed
from tests.factories import UserFactory
from tests.papers.conftest import pdf_text
from workflows.services.absences import absence_record

pytestmark = pytest.mark.django_db


def appoint(cast):
    # "a…" sorts before "chair": the order of user names must not choose the signer.
    acting = UserFactory(username="a_acting", full_name="Lê Quyền", roles=[(Role.INSPECTOR, cast.sector)])
    acting_chair_appointed(cast, acting)
    return acting


def test_the_acting_chair_signs_as_acting_while_the_chair_is_away(cast, frozen_clock):
    acting = appoint(cast)
    absence_record(
        actor=cast.chair,
        user=cast.chair,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=20),
        reason="Nghỉ phép",
    )
    paper = paper_issue(target=accepted(cast), key="case.accept", actor=cast.officer)
    assert paper.signer == acting
    text = pdf_text(paper.pdf.read())
    assert "Q. CHỦ NHIỆM" in text
    assert "Lê Quyền" in text


def test_the_chair_present_signs_in_their_own_name(cast, frozen_clock):
    appoint(cast)
    paper = paper_issue(target=accepted(cast), key="case.accept", actor=cast.officer)
    assert paper.signer == cast.chair
    assert "Q. CHỦ NHIỆM" not in pdf_text(paper.pdf.read())
