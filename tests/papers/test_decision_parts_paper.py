"""The conclusion on a denunciation and the decision on a complaint print each part under its heading in the
statute's words (Luật Tố cáo 2018 Đ.35 khoản 2; Luật Khiếu nại 2011 Đ.31 khoản 2, Đ.40 khoản 2). A case
decided before the parts existed prints its one text as the reasoning: no part heading is made up for it."""

from __future__ import annotations

import pytest

from casework.cases.decision_parts import COMPLAINT_PARTS, DENUNCIATION_PARTS
from casework.cases.models import Case, Kind
from casework.papers.context import case_values
from casework.papers.models import Paper
from casework.papers.services import paper_draft
from tests import builders
from tests.builders import DECISION_PARTS
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return " ".join(text.split())


def _issued(case, doc_kind):
    return Paper.objects.get(target_type="cases.case", target_id=str(case.pk), doc_kind=doc_kind)


@pytest.mark.parametrize(
    ("kind", "doc_kind", "parts"),
    [(Kind.DENUNCIATION, "KL", DENUNCIATION_PARTS), (Kind.COMPLAINT, "QĐ", COMPLAINT_PARTS)],
)
def test_each_part_prints_under_its_heading_in_order(cast, kind, doc_kind, parts):
    case = builders.decided(cast, kind=kind)
    body = _issued(case, doc_kind).values["decision_text"]
    printed = [part for part in parts if getattr(case, part.field)]
    positions = []
    for part in printed:
        heading = f"{part.heading}:\n{getattr(case, part.field)}"
        assert heading in body, part.field
        positions.append(body.index(heading))
    assert positions == sorted(positions)
    # The optional compensation left empty is not printed; nothing of another kind's parts either.
    assert "bồi thường" not in body.lower()
    text = _flat(pdf_text(_issued(case, doc_kind).pdf.read()))
    for part in printed:
        assert _flat(getattr(case, part.field)) in text


def test_a_complaint_decision_prints_the_dialogue_result_from_its_record(cast):
    case = builders.decided(cast, kind=Kind.COMPLAINT)
    body = _issued(case, "QĐ").values["decision_text"]
    assert "Kết quả đối thoại:" in body
    assert body.index("Kết quả xác minh nội dung khiếu nại") < body.index("Kết quả đối thoại")
    assert body.index("Kết quả đối thoại") < body.index("Căn cứ pháp luật để giải quyết khiếu nại")


def test_a_case_decided_before_the_parts_prints_its_text_as_the_reasoning(cast):
    case = builders.decided(cast, kind=Kind.DENUNCIATION)
    Case.objects.filter(pk=case.pk).update(**dict.fromkeys(DECISION_PARTS, ""))
    case = Case.objects.get(pk=case.pk)
    values, _grounds = case_values(case, "case.conclusion")
    assert values["decision_text"] == case.decision_text
    for part in DENUNCIATION_PARTS:
        assert part.heading not in values["decision_text"]
    text = _flat(pdf_text(paper_draft(target=case, key="case.conclusion")))
    assert _flat(case.decision_text) in text
    assert "Kết quả xác minh nội dung tố cáo" not in text


def test_html_in_a_part_prints_as_its_characters(cast):
    from casework.cases.models import Outcome
    from casework.cases.services import case_approve, case_conclude, case_denounced_notice_sent, case_propose
    from casework.cases.services import case_start_verification as verify

    case = verify(case=builders.assigned(cast, kind=Kind.DENUNCIATION), actor=cast.officer)
    case = builders.explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)
    hostile = "<b>đậm</b> & <script>x</script>"
    case = case_conclude(
        case=case,
        actor=cast.officer,
        **{**DECISION_PARTS, "legal_basis": hostile},
        decision_text="Kết luận.",
        outcome=Outcome.PARTLY,
    )
    text = _flat(pdf_text(_issued(case, "KL").pdf.read()))
    assert "<b>đậm</b> &" in text
