"""The signature block follows the signer's position in the body on the day of issue (Nghị định 30/2020/NĐ-CP
Phụ lục I mục II.7): "TM." the body, then the chair's title; a vice-chair signs "KT." the chair, then their own
title; a member under their own title, never the chair's; a signer whose position is not known, the template's
title. A paper already issued keeps the block it was issued with."""

from __future__ import annotations

import pytest

from casework.org.models import Position, Role
from casework.papers.selectors import paper_issued_for
from casework.papers.services import paper_copy_sealed, paper_issue
from tests.builders import accepted, decided, position_given
from tests.factories import UserFactory
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _block(text: str, name: str) -> list[str]:
    """The lines of the signature block, from the authority line down to the signer's name."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    end = lines.index(name)
    start = max(i for i, line in enumerate(lines[:end]) if line.startswith("TM."))
    return lines[start : end + 1]


def _decision(cast):
    case = decided(cast)
    paper = paper_issued_for(target=case, key="case.decision")
    return paper, pdf_text(paper.pdf.read())


def test_a_decision_signed_by_the_vice_chair_signs_for_the_chair(cast, frozen_clock, leader_named):
    position_given(cast.leader, Role.BTV_MEMBER, Position.VICE_CHAIR)
    paper, text = _decision(cast)
    assert paper.signer == cast.leader
    assert _block(text, "Phạm Văn Chủ Tịch")[:3] == ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert (paper.authority_line, paper.signer_title) == ("TM. BAN THƯỜNG VỤ\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_a_decision_signed_by_the_chair_prints_the_chair(cast, frozen_clock, leader_named):
    position_given(cast.leader, Role.BTV_MEMBER, Position.CHAIR)
    paper, text = _decision(cast)
    assert _block(text, "Phạm Văn Chủ Tịch")[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    assert "KT." not in " ".join(_block(text, "Phạm Văn Chủ Tịch"))


def test_a_member_is_never_printed_as_the_chair(cast, frozen_clock, leader_named):
    position_given(cast.leader, Role.BTV_MEMBER, Position.MEMBER)
    paper, text = _decision(cast)
    assert _block(text, "Phạm Văn Chủ Tịch")[:2] == ["TM. BAN THƯỜNG VỤ", "ỦY VIÊN"]
    assert paper.signer_title == "ỦY VIÊN"


def test_a_signer_whose_position_is_not_known_signs_under_the_templates_title(cast, frozen_clock, leader_named):
    paper, text = _decision(cast)
    assert _block(text, "Phạm Văn Chủ Tịch")[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    assert (paper.authority_line, paper.signer_title) == ("", "CHỦ TỊCH")


def test_the_committees_vice_chair_signs_for_its_chair(cast, frozen_clock, leader_named):
    position_given(cast.chair, Role.COMMITTEE_CHAIR, Position.COMMITTEE_VICE_CHAIR)
    paper = paper_issue(target=accepted(cast), key="case.accept", actor=cast.officer)
    block = _block(pdf_text(paper.pdf.read()), "Lê Thị Chủ Nhiệm")
    assert block[:3] == ["TM. ỦY BAN KIỂM TRA", "KT. CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"]


def test_the_committees_chair_signs_as_its_chair(cast, frozen_clock, leader_named):
    position_given(cast.chair, Role.COMMITTEE_CHAIR, Position.COMMITTEE_CHAIR)
    paper = paper_issue(target=accepted(cast), key="case.accept", actor=cast.officer)
    block = _block(pdf_text(paper.pdf.read()), "Lê Thị Chủ Nhiệm")
    assert block[:2] == ["TM. ỦY BAN KIỂM TRA", "CHỦ NHIỆM"] and "KT." not in " ".join(block)


def test_of_several_members_of_the_standing_committee_the_chair_signs(cast, frozen_clock, leader_named):
    # "a…" sorts before "leader": the order of user names must not choose the signer.
    vice = UserFactory(username="a_vice", roles=[(Role.BTV_MEMBER, cast.sector)])
    member = UserFactory(username="a_member", roles=[(Role.BTV_MEMBER, cast.sector)])
    position_given(vice, Role.BTV_MEMBER, Position.VICE_CHAIR)
    position_given(member, Role.BTV_MEMBER, Position.MEMBER)
    position_given(cast.leader, Role.BTV_MEMBER, Position.CHAIR)
    paper, _text = _decision(cast)
    assert (paper.signer, paper.signer_title, paper.authority_line) == (cast.leader, "CHỦ TỊCH", "")


def test_a_member_signs_after_a_colleague_whose_position_is_not_known(cast, frozen_clock, leader_named):
    member = UserFactory(username="a_member", roles=[(Role.BTV_MEMBER, cast.sector)])
    position_given(member, Role.BTV_MEMBER, Position.MEMBER)
    paper, _text = _decision(cast)
    assert paper.signer == cast.leader


def test_a_paper_issued_keeps_its_block_when_the_position_changes(cast, frozen_clock, leader_named):
    paper, _text = _decision(cast)
    position_given(cast.leader, Role.BTV_MEMBER, Position.VICE_CHAIR)
    paper.refresh_from_db()
    copy = pdf_text(paper_copy_sealed(paper=paper))
    assert _block(copy, "Phạm Văn Chủ Tịch")[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    assert "KT. CHỦ TỊCH" not in copy
