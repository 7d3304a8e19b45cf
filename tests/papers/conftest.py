"""Cases at the step where each paper can be issued, made through the real services."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from casework.cases.models import Kind, Outcome
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_conclude,
    case_decide,
    case_propose,
    case_start_verification,
)
from tests.reports.conftest import intake


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def accepted(cast, *, kind=Kind.COMPLAINT, title="Đơn khiếu nại về chế độ", **kw):
    case = intake(cast.intake, cast.sector, kind=kind, title=title, **kw)
    return case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")


def decided(cast, *, kind=Kind.COMPLAINT, number="", **kw):
    case = accepted(cast, kind=kind, **kw)
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    step = case_conclude if kind == Kind.DENUNCIATION else case_decide
    return step(
        case=case,
        actor=cast.officer,
        decision_number=number,
        decision_text="Yêu cầu đơn vị trả lại tiền trợ cấp.",
        outcome=Outcome.PARTLY,
    )


@pytest.fixture
def leader_named(cast):
    cast.leader.full_name = "Phạm Văn Chủ Tịch"
    cast.leader.save(update_fields=["full_name"])
    cast.chair.full_name = "Lê Thị Chủ Nhiệm"
    cast.chair.save(update_fields=["full_name"])
    return cast
