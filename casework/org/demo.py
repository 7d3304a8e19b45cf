"""The demo organisation: Thái Bình provincial federation, the health-sector union, 24 grassroots
unions, and one user per role. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from casework.org.models import Position, Role, RoleAssignment, Unit, User
from casework.org.services import role_assign, role_assignment_save, unit_create

DEMO_PASSWORD = "Casework@2026"

PROVINCE = ("LDLD-TB", "Liên đoàn Lao động tỉnh Thái Bình")
SECTOR = ("CDN-YT-TB", "Công đoàn ngành Y tế Thái Bình")
GRASSROOTS = [
    ("CDCS-BVDK", "Công đoàn Bệnh viện Đa khoa tỉnh Thái Bình", False, 850),
    ("CDCS-BVNHI", "Công đoàn Bệnh viện Nhi Thái Bình", False, 320),
    ("CDCS-BVPS", "Công đoàn Bệnh viện Phụ sản Thái Bình", False, 290),
    ("CDCS-BVYHCT", "Công đoàn Bệnh viện Y học cổ truyền", False, 180),
    ("CDCS-BVPHCN", "Công đoàn Bệnh viện Phục hồi chức năng", False, 95),
    ("CDCS-BVTT", "Công đoàn Bệnh viện Tâm thần", False, 110),
    ("CDCS-BVPHOI", "Công đoàn Bệnh viện Phổi", False, 105),
    ("CDCS-BVMAT", "Công đoàn Bệnh viện Mắt", False, 70),
    ("CDCS-BVDL", "Công đoàn Bệnh viện Da liễu", False, 60),
    ("CDCS-CDC", "Công đoàn Trung tâm Kiểm soát bệnh tật tỉnh", False, 140),
    ("CDCS-TTYT-TP", "Công đoàn Trung tâm Y tế thành phố Thái Bình", False, 210),
    ("CDCS-TTYT-QP", "Công đoàn Trung tâm Y tế huyện Quỳnh Phụ", False, 260),
    ("CDCS-TTYT-HH", "Công đoàn Trung tâm Y tế huyện Hưng Hà", False, 240),
    ("CDCS-TTYT-DH", "Công đoàn Trung tâm Y tế huyện Đông Hưng", False, 230),
    ("CDCS-TTYT-TT", "Công đoàn Trung tâm Y tế huyện Thái Thụy", True, 250),
    ("CDCS-TTYT-TH", "Công đoàn Trung tâm Y tế huyện Tiền Hải", True, 220),
    ("CDCS-TTYT-KX", "Công đoàn Trung tâm Y tế huyện Kiến Xương", False, 200),
    ("CDCS-TTYT-VT", "Công đoàn Trung tâm Y tế huyện Vũ Thư", False, 190),
    ("CDCS-SYT", "Công đoàn cơ quan Sở Y tế", False, 28),
    ("CDCS-TTGDYK", "Công đoàn Trung tâm Giám định y khoa", False, 25),
    ("CDCS-TTPY", "Công đoàn Trung tâm Pháp y", False, 22),
    ("CDCS-CCDS", "Công đoàn Chi cục Dân số - Kế hoạch hóa gia đình", False, 27),
    ("CDCS-CCATTP", "Công đoàn Chi cục An toàn vệ sinh thực phẩm", False, 26),
    ("CDCS-CDYT", "Công đoàn Trường Cao đẳng Y tế Thái Bình", False, 150),
]

# username, full name, role, unit code
DEMO_USERS = [
    ("tiepnhan", "Nguyễn Thị Tiếp Nhận", Role.INTAKE_OFFICER, SECTOR[0]),
    ("giaiquyet", "Trần Văn Giải Quyết", Role.CASE_OFFICER, SECTOR[0]),
    ("giaiquyet2", "Lê Thị Thẩm Tra", Role.CASE_OFFICER, SECTOR[0]),
    ("kiemtra1", "Phạm Văn Kiểm", Role.INSPECTOR, SECTOR[0]),
    ("kiemtra2", "Hoàng Thị Tra", Role.INSPECTOR, SECTOR[0]),
    ("kiemtra3", "Vũ Văn Soát", Role.INSPECTOR, SECTOR[0]),
    ("chunhiem", "Đỗ Thị Chủ Nhiệm", Role.COMMITTEE_CHAIR, SECTOR[0]),
    ("btv", "Bùi Văn Thường Vụ", Role.BTV_MEMBER, SECTOR[0]),
    ("bch", "Ngô Thị Chấp Hành", Role.BCH_MEMBER, SECTOR[0]),
    ("btvtinh", "Đặng Văn Tỉnh", Role.BTV_MEMBER, PROVINCE[0]),
    ("donvi", "Lý Thị Cơ Sở", Role.SUBJECT_REP, "CDCS-BVDK"),
    ("giamsat", "Mai Văn Giám Sát", Role.AUDITOR, PROVINCE[0]),
    ("quantri", "Quản Trị Hệ Thống", Role.ADMIN, PROVINCE[0]),
    ("kiemtracs", "Đinh Thị Cơ Sở", Role.INSPECTOR, "CDCS-SYT"),
    ("baove", "Phan Thị Bảo Vệ", Role.DATA_PROTECTION, SECTOR[0]),
]

# Their positions in the body of their role: the sector union's standing committee signs through its
# vice-chair (papers: "TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), the province's through its chair.
DEMO_POSITIONS = {
    "chunhiem": Position.COMMITTEE_CHAIR,
    "btv": Position.VICE_CHAIR,
    "bch": Position.MEMBER,
    "btvtinh": Position.CHAIR,
}

ROLE_START = dt.date(2024, 1, 1)


@transaction.atomic
def load_demo_org() -> dict[str, int]:
    created = {"units": 0, "users": 0}
    province = Unit.objects.filter(code=PROVINCE[0]).first()
    if province is None:
        province = unit_create(code=PROVINCE[0], name=PROVINCE[1], kind=Unit.Kind.PROVINCIAL)
        created["units"] += 1
    sector = Unit.objects.filter(code=SECTOR[0]).first()
    if sector is None:
        sector = unit_create(code=SECTOR[0], name=SECTOR[1], kind=Unit.Kind.SECTOR, parent=province)
        created["units"] += 1
    for code, name, remote, members in GRASSROOTS:
        if not Unit.objects.filter(code=code).exists():
            unit_create(
                code=code, name=name, kind=Unit.Kind.GRASSROOTS, parent=sector, remote_area=remote, member_count=members
            )
            created["units"] += 1
    for username, full_name, role, unit_code in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                email=f"{username}@demo.casework.local",
                is_staff=(role == Role.ADMIN),
                is_superuser=(role == Role.ADMIN),
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            created["users"] += 1
        unit = Unit.objects.get(code=unit_code)
        position = DEMO_POSITIONS.get(username, "")
        assignment = RoleAssignment.objects.filter(user=user, unit=unit, role=role).first()
        if assignment is None:
            role_assign(user=user, unit=unit, role=role, valid_from=ROLE_START, position=position)
        elif position and not assignment.position:  # a demo database whose rows carry no position
            assignment.position = position
            role_assignment_save(assignment=assignment, actor=None)
    return created
