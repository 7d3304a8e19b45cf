"""Demo inspection work: plans for this year and quarter, inspections at every step, flags in every
state, follow-ups accepted, returned and overdue. Built through the services with the clock set back,
then one sweep, so deadlines, escalations and the audit trail look like real work.

Idempotent: the annual plan is the marker; when it exists nothing is loaded again.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Generator

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.inspections import services as svc
from casework.inspections.models import Flag, Inspection, InspectionPlan
from casework.inspections.selectors import inspection_subject_has_account
from casework.org.models import Unit, User
from core import clock
from core.timeline import Chapter, Story, timeline_tell
from workflows.models import Escalation

SECTOR = "CDN-YT-TB"
SUBJECT = "CDCS-BVDK"  # the demo subject representative "donvi" answers for this union
# A union nobody represents in the system: it answers the committee on paper.
PAPER_SUBJECT = "CDCS-BVPHOI"
# A grassroots union below 30 members: one person, kiemtracs, does its inspection work (docs/domain.md).
COMMITTEE_OF_ONE = "CDCS-SYT"
COMMITTEE_OF_ONE_SIGN = "Thủ quỹ chi tạm ứng 3.500.000 đồng cho giải thể thao không có chứng từ thanh toán"
# What the review of the union's reports found, for the inspections built at each open step.
SIGNS = {
    "finance_revenue": "Số thu kinh phí công đoàn quý III thấp hơn 2% quỹ lương đóng bảo hiểm xã hội",
    "assets_purchase": "Mua máy chiếu 45 triệu đồng không có báo giá cạnh tranh",
    "finance_spending": "Chi hỗ trợ ngày lễ vượt định mức quy chế chi tiêu nội bộ",
    "charter": "Không tổ chức họp ban chấp hành định kỳ trong hai quý liên tiếp",
    "assets_use": "Cho thuê hội trường công đoàn không có hợp đồng, không hạch toán tiền thu",
    "unity": "Đơn của nhiều đoàn viên phản ánh mất đoàn kết trong ban chấp hành",
}


def _u(username: str) -> User:
    return User.objects.get(username=username)


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _flag(unit: str, category: str, evidence: str, *, source: str = "manual", person: str = "") -> Flag:
    return svc.flag_raise(
        unit=_unit(unit),
        category=category,
        severity="high" if category.startswith("finance") else "medium",
        evidence=evidence,
        source=source,
        person=person,
        actor=_u("kiemtra1"),
        # Flags about money are the union's finances; the rest, its organisation and staff.
        subject_area="tai_chinh_cong_doan" if category.startswith(("finance", "asset")) else "to_chuc_can_bo",
    )


def _inspection(flags: list[Flag], decide: bool, *, unit: str = SUBJECT) -> Inspection:
    inspection = svc.inspection_open(unit=_unit(SECTOR), subject_unit=_unit(unit), actor=_u("kiemtra1"), flags=flags)
    svc.inspection_team_set(
        inspection=inspection, members=[_u("kiemtra2"), _u("kiemtra3")], lead=_u("kiemtra1"), actor=_u("chunhiem")
    )
    if decide:  # numbered in the sector's outgoing register
        inspection = svc.inspection_decide(inspection=inspection, actor=_u("chunhiem"))
    return inspection


def _committee_of_one() -> Inspection:
    """The committee of one at work in its own union: the person doing its inspection work raises the sign
    against the union's treasurer, opens the inspection and is its whole team (`team_minimum`); the decision
    to inspect waits for a committee chair's signature."""
    one, union = _u("kiemtracs"), _unit(COMMITTEE_OF_ONE)
    flag = svc.flag_raise(
        unit=union,
        category="finance_spending",
        severity="high",
        evidence=COMMITTEE_OF_ONE_SIGN,
        source="manual",
        person="Phạm Văn Quỹ (thủ quỹ công đoàn cơ quan)",
        actor=one,
        subject_area="tai_chinh_cong_doan",
    )
    inspection = svc.inspection_open(unit=union, subject_unit=union, actor=one, flags=[flag])
    return svc.inspection_team_set(inspection=inspection, members=[one], lead=one, actor=one)


def _denunciation_inspected(at: Callable[[int], dt.datetime]) -> Story:
    """The flag the handling of a denunciation's conclusion raised for inspection (the demo case "handled":
    Luật Tố cáo 2018 Đ.36 khoản 1 điểm b), taken by an inspection of the union concerned, which answers on paper,
    walked to its end. Then its chair proposes khiển trách for the person denounced, the union chair at whose orders
    the treasurer paid, and the sector's standing committee adopts it by secret ballot three days ago, btv signing
    on its behalf (QĐ 5130/QĐ-TLĐ). The decision
    handles the denounced violation: its publication is owed on the denunciation's case, its 07 working days
    running (Đ.40 khoản 1), and the inspection's and the flag's pages show it. Nothing when the cases' demo is not
    loaded: the flag is looked up when the inspection is decided, weeks after the denunciation was handled."""
    from casework.cases.demo import TITLES
    from casework.cases.models import Case, Kind

    ends_at = at(10)
    yield ends_at - dt.timedelta(days=WALK_DAYS[Inspection.Status.CLOSED])
    case = Case.objects.filter(title=TITLES[Kind.DENUNCIATION]["handled"]).first()
    flag = (
        Flag.objects.filter(source=Flag.Source.DENUNCIATION, source_id=str(case.pk), inspection__isnull=True).first()
        if case is not None
        else None
    )
    if flag is None:
        return
    inspection = yield from _walked(
        Inspection.Status.CLOSED, ends_at, "welfare_fund", lambda: _inspection([flag], True, unit=flag.unit.code)
    )
    yield at(6)
    svc.discipline_propose(
        inspection=inspection,
        # The person denounced: the chair whose oral orders the treasurer paid on (STORIES["welfare_fund"]).
        person=case.subject_person,
        proposal="khien_trach",
        subject_kind="part_time_cadre",
        reason=(
            "Kết luận kiểm tra xác định chủ tịch CĐCS chỉ đạo chi quỹ phúc lợi 12 triệu đồng không có chứng từ, "
            "như kết luận nội dung tố cáo."
        ),
        actor=_u("chunhiem"),
    )
    yield at(3)
    svc.inspection_discipline_ballot_record(
        inspection=inspection,
        actor=_u("btv"),
        meeting_on=clock.today(),
        members_total=9,
        members_present=9,
        votes={"khien_trach": 8},
    )


def _scan(name: str) -> SimpleUploadedFile:
    """A scanned paper the committee keeps (a one-page PDF with no text of its own)."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


# What each inspection walked to its fieldwork found, and how it ends: the check the team marked first, its
# finding (evidence, amount in đồng where money is at stake), the draft report, the unit's explanation and the
# chair's conclusion, fitting the union inspected and what the inspection is about.
STORIES: dict[str, dict[str, str]] = {
    # The hospital's union: holiday support paid above its internal spending rules (the follow-ups recover it).
    "holiday_support": {
        "checked": "Đã đối chiếu sổ quỹ tiền mặt",
        "finding": "Chi hỗ trợ ngày lễ vượt định mức, thiếu danh sách ký nhận",
        "evidence": "Phiếu chi số 45, 46 tháng 9",
        "amount": "8.400.000",
        "draft": "Dự thảo báo cáo kết quả kiểm tra: phát hiện 1 khoản chi sai định mức.",
        "explanation": "Đơn vị giải trình: danh sách ký nhận bị thất lạc, đã bổ sung.",
        "outcome": "partly",
        "conclusion": "Có vi phạm một phần: chi vượt định mức 8.400.000 đồng; yêu cầu thu hồi và chấn chỉnh.",
    },
    # The lung hospital's union, answering on paper: its cash book.
    "cash_book": {
        "checked": "Đã đối chiếu sổ quỹ tiền mặt với phiếu thu, phiếu chi",
        "finding": "Sổ quỹ tiền mặt bỏ trống ba tháng liền, 46 chứng từ thu chi chưa được ghi sổ",
        "evidence": "Sổ quỹ tiền mặt năm nay; tập phiếu thu, phiếu chi của ba tháng chưa ghi sổ",
        "amount": "",
        "draft": "Dự thảo báo cáo kết quả kiểm tra: sổ quỹ ghi chép không đầy đủ, chưa phát hiện thất thoát.",
        "explanation": "Đơn vị giải trình: thủ quỹ nghỉ thai sản, người kiêm nhiệm chưa ghi sổ; sẽ ghi bổ sung.",
        "outcome": "partly",
        "conclusion": "Có vi phạm một phần: ghi sổ quỹ tiền mặt không kịp thời; yêu cầu ghi bổ sung đủ chứng từ.",
    },
    # Women's day support paid per member above the rate the internal rules set.
    "womens_day": {
        "checked": "Đã đối chiếu danh sách chi hỗ trợ với quy chế chi tiêu nội bộ",
        "finding": "Chi hỗ trợ ngày 8/3 mức 500.000 đồng/người, quy chế chi tiêu nội bộ quy định 300.000 đồng/người",
        "evidence": "Phiếu chi số 21, danh sách 62 nữ đoàn viên ký nhận",
        "amount": "12.400.000",
        "draft": "Dự thảo báo cáo kết quả kiểm tra: chi hỗ trợ ngày 8/3 vượt mức quy chế 12.400.000 đồng.",
        "explanation": "Đơn vị giải trình: BCH họp thống nhất nâng mức chi nhưng chưa sửa quy chế.",
        "outcome": "partly",
        "conclusion": "Có vi phạm một phần: chi vượt mức quy chế 12.400.000 đồng; yêu cầu sửa quy chế trước khi chi.",
    },
    # The union's executive committee not meeting as the Charter requires.
    "committee_meetings": {
        "checked": "Đã kiểm tra sổ nghị quyết và biên bản họp ban chấp hành",
        "finding": "Ban chấp hành không họp hai quý liên tiếp, không ra nghị quyết về chăm lo đoàn viên",
        "evidence": "Sổ nghị quyết ban chấp hành năm nay; báo cáo của chủ tịch công đoàn cơ sở",
        "amount": "",
        "draft": "Dự thảo báo cáo kết quả kiểm tra: ban chấp hành không sinh hoạt định kỳ hai quý.",
        "explanation": "Đơn vị giải trình: nhiều ủy viên đi công tác tuyến huyện, không đủ số lượng để họp.",
        "outcome": "founded",
        "conclusion": "Có vi phạm: không thực hiện chế độ sinh hoạt ban chấp hành theo Điều lệ; yêu cầu kiểm điểm.",
    },
    # The union's hall let out with no contract, its rent kept out of the books.
    "hall_rent": {
        "checked": "Đã đối chiếu sổ theo dõi sử dụng hội trường với sổ thu",
        "finding": "Cho thuê hội trường 6 tháng không có hợp đồng, 18.000.000 đồng tiền thuê không nhập quỹ",
        "evidence": "Sổ theo dõi sử dụng hội trường; giấy biên nhận viết tay của chủ tịch công đoàn cơ sở",
        "amount": "18.000.000",
        "draft": "Dự thảo báo cáo kết quả kiểm tra: tiền thuê hội trường 18.000.000 đồng chưa hạch toán.",
        "explanation": "Đơn vị giải trình: tiền thuê dùng chi tiền điện, nước của hội trường, có bảng kê.",
        "outcome": "partly",
        "conclusion": "Có vi phạm một phần: thu tiền thuê hội trường không hạch toán; yêu cầu nộp quỹ, ký hợp đồng.",
    },
    # Members' letters about disunity in the executive committee.
    "disunity": {
        "checked": "Đã làm việc với ban chấp hành và 14 đoàn viên ký đơn",
        "finding": "Hai phó chủ tịch không thống nhất phân công nhiệm vụ; ban chấp hành không họp giải quyết đơn",
        "evidence": "Đơn của 14 đoàn viên; biên bản làm việc với ban chấp hành",
        "amount": "",
        "draft": "Dự thảo báo cáo kết quả kiểm tra: ban chấp hành chưa giải quyết mâu thuẫn nội bộ.",
        "explanation": "Đơn vị giải trình: ban chấp hành đã họp, phân công lại nhiệm vụ hai phó chủ tịch.",
        "outcome": "partly",
        "conclusion": "Có vi phạm một phần: chậm giải quyết mâu thuẫn nội bộ; yêu cầu kiểm điểm, báo cáo kết quả.",
    },
    # The planned inspection of the hospital's union: its books and its spending.
    "planned_books": {
        "checked": "Đã kiểm tra sổ kế toán và báo cáo quyết toán quý trước",
        "finding": "Sổ kế toán quý trước chưa khóa sổ, thiếu chữ ký của kế toán và chủ tịch công đoàn cơ sở",
        "evidence": "Sổ nhật ký chung, sổ quỹ tiền mặt quý trước",
        "amount": "",
        "draft": "Dự thảo báo cáo kết quả kiểm tra: sổ kế toán quý trước chưa khóa sổ theo quy định.",
        "explanation": "Đơn vị giải trình: đã khóa sổ, ký đủ các sổ kế toán quý trước.",
        "outcome": "partly",
        "conclusion": "Có vi phạm một phần: khóa sổ kế toán không đúng hạn; yêu cầu chấn chỉnh công tác kế toán.",
    },
    # The union a denunciation's conclusion sent for inspection: its welfare fund.
    "welfare_fund": {
        "checked": "Đã đối chiếu chứng từ chi quỹ phúc lợi với kết luận nội dung tố cáo",
        "finding": "Thủ quỹ chi quỹ phúc lợi 12.000.000 đồng theo lệnh miệng của chủ tịch, không có chứng từ",
        "evidence": "Phiếu chi số 32, 33; kết luận nội dung tố cáo",
        "amount": "12.000.000",
        "draft": "Dự thảo báo cáo kết quả kiểm tra: chi quỹ phúc lợi 12.000.000 đồng không có chứng từ.",
        "explanation": "Đơn vị giải trình: khoản chi đã được thu hồi đủ, nộp lại quỹ phúc lợi.",
        "outcome": "founded",
        "conclusion": "Có vi phạm: chi quỹ phúc lợi sai quy định 12.000.000 đồng; đề nghị xem xét kỷ luật.",
    },
}
# The day after its decision each step of a demo inspection is taken: each within its time, so that the
# fieldwork (30 days from the notice) is over and due before the conclusion, and the conclusion notified
# within its 05 working days (workflows policy).
WALK_DAYS = {
    Inspection.Status.DECIDED: 0,
    Inspection.Status.NOTIFIED: 2,
    Inspection.Status.FIELDWORK: 12,
    Inspection.Status.REPORTING: 26,
    Inspection.Status.EXPLAINED: 31,
    Inspection.Status.CONCLUDED: 36,
    Inspection.Status.CLOSED: 39,
}
ACKNOWLEDGED_DAY = 5


# Words of a union's name its abbreviation leaves out: the administrative level ("huyện Quỳnh Phụ": QP).
_ABBREVIATION_SKIPS = {"huyện", "tỉnh", "thành", "phố", "-"}


def paper_reference(unit: Unit) -> str:
    """Số, ký hiệu of the công văn a union answers on paper with (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.3):
    a small number of its own and "CV-" with its abbreviation, "CĐ" and the initials of the rest of its name
    ("Công đoàn Bệnh viện Phổi": "CV-CĐBVP"). The number is derived from its code, the same on every load."""
    words = unit.name.split()
    rest = words[2:] if [w.casefold() for w in words[:2]] == ["công", "đoàn"] else words
    initials = "".join(w[0].upper() for w in rest if w.casefold() not in _ABBREVIATION_SKIPS)
    number = zlib.crc32(unit.code.encode()) % 40 + 3
    return f"{number:02d}/CV-CĐ{initials}"


def _walked(
    to: str, ends_at: dt.datetime, story: str, make: Callable[[], Inspection]
) -> Generator[dt.datetime, None, Inspection]:
    """The inspection `make` opens and decides, walked to the step `to`, its last step taken at `ends_at`: a story
    (core.timeline) that returns the inspection."""
    yield ends_at - dt.timedelta(days=WALK_DAYS[to])
    return (yield from _advance(make(), to, story))


def _advance(inspection: Inspection, to: str, story: str = "") -> Generator[dt.datetime, None, Inspection]:
    """Walk an inspection from DECIDED, decided at the clock's time, to the step `to`, each step on its day
    (WALK_DAYS), finding and concluding what STORIES[story] tells. A unit with no account (PAPER_SUBJECT, and
    the others nobody represents in the system) answers on paper: the team lead records the notice's delivery
    and the unit's explanation."""
    order = [s.value for s in Inspection.Status]
    kiemtra, donvi, chair = _u("kiemtra1"), _u("donvi"), _u("chunhiem")
    on_paper = not inspection_subject_has_account(inspection=inspection)
    told = STORIES[story] if order.index(to) >= order.index(Inspection.Status.FIELDWORK) else {}
    decided = clock.now()

    def before(step: str) -> bool:
        return order.index(inspection.status) < order.index(step) <= order.index(to)

    def on(days: int) -> dt.datetime:
        return decided + dt.timedelta(days=days)

    if before(Inspection.Status.NOTIFIED):
        yield on(WALK_DAYS[Inspection.Status.NOTIFIED])
        inspection = svc.inspection_notify(
            inspection=inspection,
            text="Đề nghị đơn vị chuẩn bị: sổ sách kế toán, chứng từ thu chi năm nay, biên bản kiểm kê tài sản.",
            actor=kiemtra,
        )
    if before(Inspection.Status.FIELDWORK):
        yield on(ACKNOWLEDGED_DAY)
        if on_paper:
            inspection = svc.inspection_notice_delivered(
                inspection=inspection,
                actor=kiemtra,
                delivered_on=clock.today(),
                means=Inspection.DeliveryMeans.HAND,
                uploads=[_scan("giay-ky-nhan-thong-bao.pdf")],
            )
        else:
            inspection = svc.inspection_acknowledge(inspection=inspection, actor=donvi)
    items = list(inspection.checklist.all())
    if inspection.status == Inspection.Status.FIELDWORK and items:
        yield on(WALK_DAYS[Inspection.Status.FIELDWORK])
        svc.checklist_mark(item=items[0], actor=_u("kiemtra2"), note=told["checked"])
        svc.finding_add(
            inspection=inspection,
            topic=inspection.topics[0],
            description=told["finding"],
            evidence=told["evidence"],
            amount=told["amount"],
            actor=kiemtra,
        )
    if before(Inspection.Status.REPORTING):
        yield on(WALK_DAYS[Inspection.Status.REPORTING])
        for item in inspection.checklist.filter(done=False):
            svc.checklist_mark(item=item, actor=_u("kiemtra2"), note="Đạt")
        inspection = svc.inspection_report_draft(inspection=inspection, text=told["draft"], actor=kiemtra)
    if before(Inspection.Status.EXPLAINED):
        yield on(WALK_DAYS[Inspection.Status.EXPLAINED])
        if on_paper:
            inspection = svc.inspection_explain(
                inspection=inspection,
                text=told["explanation"],
                actor=kiemtra,
                received_on_paper=True,
                received_on=clock.today(),
                paper_reference=paper_reference(inspection.subject_unit),
            )
        else:
            inspection = svc.inspection_explain(inspection=inspection, text=told["explanation"], actor=donvi)
    if before(Inspection.Status.CONCLUDED):
        yield on(WALK_DAYS[Inspection.Status.CONCLUDED])
        inspection = svc.inspection_conclude(
            inspection=inspection, outcome=told["outcome"], text=told["conclusion"], actor=chair
        )
    if before(Inspection.Status.CLOSED):
        yield on(WALK_DAYS[Inspection.Status.CLOSED])
        inspection = svc.inspection_conclusion_notify(inspection=inspection, actor=kiemtra)
    return inspection


# The annual plan's inspection carried out to its end: its last step (the conclusion notified) taken this
# many days ago, its decision WALK_DAYS[CLOSED] days before that.
PLANNED_DONE_DAYS_AGO = 2


def _plans(today: dt.date, at: Callable[[int], dt.datetime]) -> list[Story]:
    """The year's plan, adopted in time for its first inspection to be walked to its end two days ago; the
    quarter's plan, submitted yesterday."""

    def quarterly() -> Story:
        yield at(1)
        _quarterly_plan(today)

    return [_annual_plan(today, at), quarterly()]


def _annual_plan(today: dt.date, at: Callable[[int], dt.datetime]) -> Story:
    """Each item planned for when its inspection is carried out: the first from its decision to its conclusion
    notified, the second from its opening yesterday through the 45 days its steps take, the rest one after
    another over the year's remaining weeks. Every period within the plan's year."""
    yield at(PLANNED_DONE_DAYS_AGO + WALK_DAYS[Inspection.Status.CLOSED] + 2)
    kiemtra, btv = _u("kiemtra1"), _u("btv")
    sector = _unit(SECTOR)
    annual = svc.plan_create(
        unit=sector, period="annual", year=today.year, title=f"Kế hoạch kiểm tra năm {today.year}", actor=kiemtra
    )

    def in_year(day: dt.date) -> dt.date:
        return min(max(day, dt.date(today.year, 1, 1)), dt.date(today.year, 12, 31))

    def period(starts: dt.date, days: int) -> tuple[dt.date, dt.date]:
        return in_year(starts), in_year(starts + dt.timedelta(days=days))

    done_on = timezone.localdate(at(PLANNED_DONE_DAYS_AGO))
    running_from = timezone.localdate(at(1))
    rows = [
        (
            "CDCS-BVDK",
            ["finance_books", "finance_spending"],
            (in_year(done_on - dt.timedelta(days=WALK_DAYS[Inspection.Status.CLOSED])), in_year(done_on)),
        ),
        ("CDCS-BVNHI", ["assets_purchase", "assets_inventory"], period(running_from, 45)),
        ("CDCS-TTYT-QP", ["charter", "finance_dues"], period(today + dt.timedelta(days=14), 30)),
        ("CDCS-CDC", ["elections"], period(today + dt.timedelta(days=28), 30)),
        ("CDCS-TTYT-TT", ["finance_revenue"], period(today + dt.timedelta(days=42), 30)),
    ]
    items = [
        svc.plan_item_add(
            plan=annual,
            subject_unit=_unit(code),
            topics=topics,
            starts_on=starts_on,
            ends_on=ends_on,
            team_lead=kiemtra,
            actor=kiemtra,
        )
        for code, topics, (starts_on, ends_on) in rows
    ]
    # The plan carries supervisions too (plan §3.6): casework.supervision.demo opens this one.
    svc.plan_item_add(
        plan=annual,
        kind="supervision",
        subject_unit=_unit("CDCS-BVMAT"),
        topics=["finance_dues", "resolutions"],
        starts_on=today,
        ends_on=dt.date(today.year, 12, 31),
        team_lead=_u("kiemtra2"),
        actor=kiemtra,
    )
    annual = svc.plan_submit(plan=annual, actor=kiemtra)
    annual = svc.plan_approve(plan=annual, actor=btv)
    annual = svc.plan_activate(plan=annual, actor=_u("chunhiem"))
    # Two items already inspected (one concluded, one running): the plan page shows real progress.

    def done() -> Inspection:
        inspection = svc.inspection_open(unit=sector, subject_unit=None, plan_item=items[0], actor=kiemtra)
        svc.inspection_team_set(
            inspection=inspection, members=[_u("kiemtra2"), _u("kiemtra3")], lead=kiemtra, actor=kiemtra
        )
        return svc.inspection_decide(inspection=inspection, actor=_u("chunhiem"))

    yield from _walked(Inspection.Status.CLOSED, at(PLANNED_DONE_DAYS_AGO), "planned_books", done)
    yield at(1)
    running = svc.inspection_open(unit=sector, subject_unit=None, plan_item=items[1], actor=kiemtra)
    svc.inspection_team_set(inspection=running, members=[_u("kiemtra2"), _u("kiemtra3")], lead=kiemtra, actor=kiemtra)


def _quarterly_plan(today: dt.date) -> None:
    kiemtra, btv = _u("kiemtra1"), _u("btv")
    sector = _unit(SECTOR)
    quarter = (today.month - 1) // 3 + 1
    quarterly = svc.plan_create(unit=sector, period="quarterly", year=today.year, quarter=quarter, actor=kiemtra)
    svc.plan_item_add(
        plan=quarterly,
        subject_unit=_unit("CDCS-BVPS"),
        topics=["finance_dues", "unity"],
        starts_on=today,
        ends_on=min(today + dt.timedelta(days=20), dt.date(today.year, 12, 31)),
        team_lead=_u("kiemtra2"),
        actor=kiemtra,
    )
    quarterly = svc.plan_submit(plan=quarterly, actor=kiemtra)
    svc.plan_return(plan=quarterly, actor=btv, comments="Bổ sung nội dung kiểm tra tài sản tại CĐCS Bệnh viện Phụ sản.")
    svc.plan_item_add(
        plan=quarterly,
        subject_unit=_unit("CDCS-BVPS"),
        topics=["assets_use"],
        starts_on=today,
        ends_on=min(today + dt.timedelta(days=25), dt.date(today.year, 12, 31)),
        team_lead=_u("kiemtra3"),
        actor=kiemtra,
    )
    svc.plan_submit(plan=quarterly, actor=kiemtra)


def load_demo_inspections() -> dict[str, int]:
    """The inspections' stories told on their own timeline (`load_demo` tells them with the other loaders')."""
    return timeline_tell(demo_inspections_chapter())[0]


def demo_inspections_chapter() -> Chapter:
    """The stories of the demo's flags, inspections and plans (core.timeline), each inspection decided on its own
    day and numbered in the sector's outgoing register then; at the end, one sweep and leadership's decisions on
    two escalated flags."""
    if not Unit.objects.filter(code=SECTOR).exists() or not User.objects.filter(username="donvi").exists():
        return Chapter(stories=[], result=lambda: {"skipped": 1})
    today = clock.today()
    if InspectionPlan.objects.filter(unit__code=SECTOR, title=f"Kế hoạch kiểm tra năm {today.year}").exists():
        return Chapter(stories=[], result=lambda: {"flags": 0, "inspections": 0, "plans": 0})
    start = clock.now()
    # Each act `days` days ago in office hours (9:00), as the cases' are, not at the hour the demo is loaded.
    at = lambda days: timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time(9, 0)))  # noqa: E731
    # The flags leadership decides on at the end, once the sweep has escalated them.
    escalated: dict[str, Flag] = {}

    def holiday_support() -> Story:
        """A closed inspection with follow-ups in every state, its conclusion notified seven weeks ago."""
        closed = yield from _walked(
            Inspection.Status.CLOSED,
            at(50),
            "holiday_support",
            lambda: _inspection(
                [
                    _flag(SUBJECT, "finance_spending", "Chi hỗ trợ ngày lễ vượt định mức", source="financial_report"),
                    _flag(SUBJECT, "finance_books", "Chứng từ chi thiếu chữ ký người nhận", source="referral"),
                ],
                True,
            ),
        )
        kiemtra = _u("kiemtra1")
        accepted = svc.recommendation_add(
            inspection=closed,
            text="Thu hồi 8.400.000 đồng chi vượt định mức, nộp lại quỹ công đoàn",
            owner_unit=_unit(SUBJECT),
            due_on=(at(50) + dt.timedelta(days=30)).date(),
            actor=kiemtra,
        )
        returned = svc.recommendation_add(
            inspection=closed,
            text="Bổ sung danh sách ký nhận cho các phiếu chi số 45, 46",
            owner_unit=_unit(SUBJECT),
            due_on=(at(50) + dt.timedelta(days=35)).date(),
            actor=kiemtra,
        )
        svc.recommendation_add(
            inspection=closed,
            text="Ban hành quy chế chi tiêu nội bộ của công đoàn cơ sở",
            owner_unit=_unit(SUBJECT),
            due_on=(at(50) + dt.timedelta(days=20)).date(),
            actor=kiemtra,
        )
        svc.discipline_propose(
            inspection=closed,
            person="Trần Văn Quỹ (kế toán CĐCS)",
            proposal="khien_trach",
            reason="Lập phiếu chi thiếu chứng từ hợp lệ nhiều lần",
            actor=_u("chunhiem"),
        )
        yield at(20)
        report = svc.followup_report(recommendation=accepted, text="Đã thu hồi, có phiếu thu số 12", actor=_u("donvi"))
        svc.followup_verify(report=report, verdict="accepted", actor=_u("kiemtra2"))
        report = svc.followup_report(recommendation=returned, text="Đã bổ sung một phần", actor=_u("donvi"))
        svc.followup_verify(
            report=report, verdict="returned", reason="Còn thiếu danh sách của phiếu chi số 46", actor=_u("kiemtra2")
        )

    def cash_book() -> Story:
        """The lung hospital's union has no account: its report on its recommendation comes on paper."""
        on_paper = yield from _walked(
            Inspection.Status.CLOSED,
            at(50),
            "cash_book",
            lambda: _inspection(
                [_flag(PAPER_SUBJECT, "finance_books", "Sổ quỹ tiền mặt ghi chép không đầy đủ", source="referral")],
                True,
                unit=PAPER_SUBJECT,
            ),
        )
        paper_reported = svc.recommendation_add(
            inspection=on_paper,
            text="Mở lại sổ quỹ tiền mặt, ghi đầy đủ các khoản thu chi năm nay",
            owner_unit=_unit(PAPER_SUBJECT),
            due_on=(at(50) + dt.timedelta(days=40)).date(),
            actor=_u("kiemtra1"),
        )
        yield at(20)
        # Its signed report came by post two days before the committee recorded it; it waits for verification.
        svc.followup_report_paper(
            recommendation=paper_reported,
            actor=_u("kiemtra3"),
            received_on=timezone.localdate(at(22)),
            means=Inspection.DeliveryMeans.POST,
            text="Đã mở lại sổ quỹ tiền mặt từ tháng 1, ghi đủ 46 chứng từ thu chi; kèm bản sao sổ quỹ.",
            uploads=[_scan("bao-cao-thuc-hien-kien-nghi.pdf")],
        )

    def waiting_flags() -> Story:
        yield at(50)
        # Flags that wait too long for an inspection: the sweep escalates them at the end.
        _flag("CDCS-BVMAT", "finance_dues", "Không nộp đoàn phí về cấp trên 2 quý liên tiếp")  # stays escalated
        # The matter already in an inspection of the same union: leadership merges the later flag into it.
        escalated["merged_into"] = _flag(
            "CDCS-BVDL",
            "reputation",
            "Đoàn viên phản ánh cán bộ công đoàn nhận quà của nhà cung cấp",
            person="Nguyễn Văn Hùng",
        )
        _inspection([escalated["merged_into"]], True, unit="CDCS-BVDL")
        escalated["to_decide"] = _flag(
            "CDCS-BVDL", "reputation", "Báo địa phương phản ánh cán bộ công đoàn nhận quà", person="Nguyễn Văn Hùng"
        )
        escalated["to_return"] = _flag(
            "CDCS-TTYT-HH", "assets_inventory", "Không kiểm kê tài sản cuối năm", source="financial_report"
        )

    def opened_and_fresh_flags() -> Story:
        yield at(3)
        # One inspection just opened from a fresh flag; two flags raised.
        _inspection([_flag("CDCS-BVNHI", "elections", "Bầu cử BCH không đủ số phiếu hợp lệ")], False, unit="CDCS-BVNHI")
        _flag("CDCS-BVPS", "finance_budget", "Quyết toán năm chênh lệch với sổ kế toán", source="financial_report")
        _flag("CDCS-TTYT-QP", "resolutions", "Không triển khai nghị quyết BCH về chăm lo đoàn viên", source="referral")

    def walked_to(step: str, category: str, story: str) -> Story:
        """One inspection at an open step, its last step taken three days ago."""
        yield from _walked(step, at(3), story, lambda: _inspection([_flag(SUBJECT, category, SIGNS[category])], True))

    def committee_of_one() -> Story:
        yield at(2)
        _committee_of_one()

    def leadership_decides() -> Story:
        """The sweep at the end, then leadership's decisions on two of the flags it escalated."""
        yield start
        from workflows.services.escalations import escalation_decide
        from workflows.sweep import sweep_run

        sweep_run()
        leader = _u("btvtinh")
        for flag, decision, ground, target, reason in [
            (
                escalated["to_decide"],
                "approve",
                "merged",
                escalated["merged_into"].reference,
                "Trùng nội dung với dấu hiệu đã đưa vào cuộc kiểm tra của Công đoàn ngành: gộp, kết thúc theo dõi riêng.",
            ),
            (escalated["to_return"], "return", "", "", "Giao UBKT mở cuộc kiểm tra trong tháng này."),
        ]:
            escalation = Escalation.objects.filter(
                target_type="inspections.flag", target_id=str(flag.pk), status=Escalation.Status.PENDING
            ).first()
            if escalation is not None:
                escalation_decide(
                    escalation=escalation,
                    actor=leader,
                    decision=decision,
                    reason=reason,
                    ground=ground,
                    merged_into=target,
                )

    steps = [
        Inspection.Status.DECIDED,
        Inspection.Status.NOTIFIED,
        Inspection.Status.FIELDWORK,
        Inspection.Status.REPORTING,
        Inspection.Status.EXPLAINED,
        Inspection.Status.CONCLUDED,
    ]
    categories = ["finance_revenue", "assets_purchase", "finance_spending", "charter", "assets_use", "unity"]
    stories = ["", "", "womens_day", "committee_meetings", "hall_rent", "disunity"]
    return Chapter(
        stories=[
            holiday_support(),
            cash_book(),
            waiting_flags(),
            _denunciation_inspected(at),
            *_plans(today, at),
            opened_and_fresh_flags(),
            *(walked_to(*row) for row in zip(steps, categories, stories, strict=True)),
            committee_of_one(),
            leadership_decides(),
        ],
        result=lambda: {
            "flags": Flag.objects.count(),
            "inspections": Inspection.objects.count(),
            "plans": InspectionPlan.objects.count(),
        },
    )
