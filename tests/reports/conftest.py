"""A hand-built data set for the quarterly report, made through the real services on a moved clock.

Quarter I/2026 (the frozen clock stands on Mon 02/03/2026). Expected figures are written out in
`EXPECTED_*` so a test failing names the figure that went wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from casework.cases.models import Case, Channel, Kind, RefusalGround
from casework.cases.services import (
    case_accept,
    case_refuse,
    case_transfer,
    case_withdraw,
)
from casework.inspections import services as insp
from casework.org.models import Role, Unit, User
from casework.reports.periods import quarter_of
from core import clock
from tests.builders import before_dialogue, intake, resolved, withdrawal_letter
from tests.factories import UserFactory, make_unit

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paper_unit(cast) -> Unit:
    """A grassroots union of the sector that reports on paper: nothing of it is kept in this system."""
    return make_unit(parent=cast.sector, code="PG", name="CĐCS Nhà máy giấy", kind=Unit.Kind.GRASSROOTS)


def sent_by(document: dict, unit: Unit, *, year: int = 2025, quarter: int = 4) -> dict:
    """`document` as `unit`, reporting from elsewhere, sends it for a quarter (by default one already over)."""
    period = quarter_of(year=year, quarter=quarter)
    document["unit"] = {"code": unit.code, "name": unit.name}
    document["period"] = {"year": year, "quarter": quarter}
    if "as_of" in document:
        document["as_of"] = period.as_of.isoformat()
    return document


@dataclass
class DataSet:
    h_staff: User
    c_staff: User
    h_leader: User
    cases: dict[str, Case]


@pytest.fixture
def dataset(cast) -> DataSet:
    return build_dataset(cast)


def build_dataset(cast) -> DataSet:
    """The data set, built through the services on the moved clock (the clock left on NOW)."""
    h_staff = UserFactory(
        username="h_staff", roles=[(Role.INTAKE_OFFICER, cast.hospital), (Role.CASE_OFFICER, cast.hospital)]
    )
    c_staff = UserFactory(username="c_staff", roles=[(Role.INTAKE_OFFICER, cast.clinic)])
    h_leader = UserFactory(username="h_leader", roles=[(Role.BTV_MEMBER, cast.hospital)])
    cases: dict[str, Case] = {}

    # Q4/2025: a clinic complaint never triaged (open > 90 days on 02/03, its accept clock long past).
    clock.set_now(dt.datetime(2025, 12, 1, 2, 0, tzinfo=dt.UTC))
    cases["c_old"] = intake(c_staff, cast.clinic, title="Đơn cũ quý IV")

    # 05/01/2026: a sector complaint accepted at once, decided only on 02/03 (30-day clock → late).
    clock.set_now(dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC))
    late = intake(cast.intake, cast.sector, title="Đơn giải quyết trễ")
    late = case_accept(subject_area="khac", case=late, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")
    # 05/01/2026: a hospital complaint by phone left untriaged (56 days old on 02/03, accept clock past).
    cases["h_open"] = intake(h_staff, cast.hospital, channel=Channel.PHONE, title="Đơn chưa xử lý")

    clock.set_now(NOW)
    cases["late"] = resolved(late, cast, officer=cast.officer)

    # 25/02/2026, sector: a complaint accepted at once, decided on 02/03 after its dialogue (on time).
    with before_dialogue():
        quick = intake(cast.intake, cast.sector, title="Đơn giải quyết nhanh")
        quick = case_accept(subject_area="khac", case=quick, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")
    cases["quick"] = resolved(quick, cast, officer=cast.officer2)
    # sector: an online petition refused.
    refused = intake(cast.intake, cast.sector, kind=Kind.PETITION, channel=Channel.ONLINE, title="Kiến nghị")
    cases["refused"] = case_refuse(
        subject_area="khac", case=refused, actor=cast.intake, ground=RefusalGround.OTHER, note="Đã trả lời năm 2025"
    )
    # hospital: a complaint withdrawn; a denunciation transferred out of the union.
    withdrawn = intake(h_staff, cast.hospital, title="Đơn rút")
    cases["withdrawn"] = case_withdraw(
        case=withdrawn, actor=h_staff, reason="Người gửi xin rút đơn", **withdrawal_letter()
    )
    den = intake(h_staff, cast.hospital, kind=Kind.DENUNCIATION, title="Tố cáo")
    cases["transferred"], _ = case_transfer(
        subject_area="khac",
        case=den,
        actor=h_staff,
        reason="Thuộc thẩm quyền cơ quan công an",
        outside_body="Công an huyện",
    )
    # clinic: a petition by e-mail accepted, still open (0 days).
    pet = intake(c_staff, cast.clinic, kind=Kind.PETITION, channel=Channel.EMAIL, title="Kiến nghị phòng khám")
    from tests.factories import grant

    grant(c_staff, Role.CASE_OFFICER, cast.clinic)
    cases["c_petition"] = case_accept(
        subject_area="khac", case=pet, actor=c_staff, legal_ground="Quy chế tiếp nhận kiến nghị"
    )

    # Flags: one in the hospital (open, in time) and one in the clinic decided with discipline.
    insp.flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        category="finance_spending",
        severity="high",
        evidence="Chi không có chứng từ",
        source="manual",
        actor=cast.inspector,
    )
    flag = insp.flag_raise(
        subject_area="khac",
        unit=cast.clinic,
        category="finance_dues",
        severity="medium",
        evidence="Không nộp đoàn phí",
        source="manual",
        actor=cast.inspector,
    )
    from workflows.services.escalations import escalation_decide, escalation_open

    escalation = escalation_open(target=flag, unit=cast.clinic, reason="Đề nghị kỷ luật", actor=cast.chair)
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="discipline",
        discipline="canh_cao",
        reason="Vi phạm rõ, kỷ luật cảnh cáo",
    )
    return DataSet(h_staff=h_staff, c_staff=c_staff, h_leader=h_leader, cases=cases)


# Expected Q1/2026 figures per branch of the sector S (own level S, hospital H, clinic C).
EXPECTED_S = {
    "received_total": 3,  # late, quick, refused
    "received_complaint": 2,
    "received_petition": 1,
    "channel_letter": 2,
    "channel_online": 1,
    "accepted": 2,
    "refused": 1,
    "resolved": 2,
    "resolved_on_time": 1,
    "resolved_late": 1,
    "open_total": 0,
}
EXPECTED_H = {
    "received_total": 3,  # h_open, withdrawn, transferred
    "received_complaint": 2,
    "received_denunciation": 1,
    "channel_phone": 1,
    "channel_letter": 2,
    "withdrawn": 1,
    "transferred": 1,
    "open_total": 1,
    "open_31_60": 1,
    "open_overdue": 1,
    "flags_raised": 1,
    "flags_in_progress": 1,
}
EXPECTED_C = {
    "received_total": 1,  # the petition; the Q4/2025 complaint is not received in Q1
    "received_petition": 1,
    "channel_email": 1,
    "accepted": 1,
    "open_total": 2,
    "open_le30": 1,
    "open_gt90": 1,
    "open_overdue": 1,
    "flags_raised": 1,
    # A leader's discipline decision cannot end a flag without inspection, nor is it a discipline decision:
    # it puts a proposal to the competent body's secret ballot, which has not voted yet.
    "flags_in_progress": 1,
}
