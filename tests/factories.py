"""Factories and the fixed cast of personas used across the suite.

The tree: LĐLĐ (province) → Công đoàn ngành Y tế (sector) → two grassroots unions (hospital,
clinic), plus a second sector with its own grassroots union, so every scoping test has a
sibling subtree to fail to see.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass

import factory
from django.db import transaction

from casework.org.models import PATH_SEGMENT_WIDTH, Position, Role, RoleAssignment, Unit, User
from casework.org.services import unit_create, unit_created


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "pw-Casework-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[(Role.CASE_OFFICER, unit), ...])."""
        if create:
            self.save()
        if not create or not extracted:
            return
        for role, unit in extracted:
            RoleAssignment.objects.create(user=self, unit=unit, role=role, valid_from=dt.date(2020, 1, 1))


_unit_seq = iter(range(1, 10**9))


def make_unit(*, parent: Unit | None = None, kind: str | None = None, name: str | None = None, **kwargs) -> Unit:
    n = next(_unit_seq)
    kind = kind or (Unit.Kind.PROVINCIAL if parent is None else Unit.Kind.GRASSROOTS)
    return unit_create(
        code=kwargs.pop("code", f"U{n:05d}"), name=name or f"Đơn vị {n}", kind=kind, parent=parent, **kwargs
    )


def grant(
    user: User, role: str, unit: Unit, *, valid_from: dt.date = dt.date(2020, 1, 1), valid_to: dt.date | None = None
) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, unit=unit, role=role, valid_from=valid_from, valid_to=valid_to)


@dataclass
class Cast:
    province: Unit
    sector: Unit
    hospital: Unit
    clinic: Unit
    other_sector: Unit
    other_grassroots: Unit
    intake: User
    officer: User
    officer2: User
    inspector: User
    inspector2: User
    inspector3: User
    chair: User
    leader: User
    province_leader: User
    subject_rep: User
    auditor: User
    admin: User
    outsider: User
    other_officer: User


def delegate_to_chair(*, unit: Unit, chair: User) -> None:
    """The unit's executive committee delegates the approval of every kind of case to its chair."""
    from casework.cases.models import Delegation

    Delegation.objects.create(
        unit=unit,
        delegate=chair,
        kinds=["complaint", "denunciation", "petition"],
        valid_from=dt.date(2020, 1, 1),
        document="Nghị quyết 01/NQ-BCH",
    )


# The cast's people: (attribute, username, [(role, unit attribute)], extra fields).
CAST_PEOPLE = (
    ("intake", "intake", [(Role.INTAKE_OFFICER, "sector")], {}),
    ("officer", "officer", [(Role.CASE_OFFICER, "sector")], {}),
    ("officer2", "officer2", [(Role.CASE_OFFICER, "sector")], {}),
    ("inspector", "inspector", [(Role.INSPECTOR, "sector")], {}),
    ("inspector2", "inspector2", [(Role.INSPECTOR, "sector")], {}),
    ("inspector3", "inspector3", [(Role.INSPECTOR, "sector")], {}),
    ("chair", "chair", [(Role.COMMITTEE_CHAIR, "sector")], {}),
    ("leader", "leader", [(Role.BTV_MEMBER, "sector")], {}),
    ("province_leader", "pleader", [(Role.BTV_MEMBER, "province")], {}),
    ("subject_rep", "subject", [(Role.SUBJECT_REP, "hospital")], {}),
    ("auditor", "auditor", [(Role.AUDITOR, "sector")], {}),
    ("admin", "admin", [(Role.ADMIN, "province")], {"is_staff": True, "is_superuser": True}),
    ("outsider", "outsider", [], {}),
    ("other_officer", "other_officer", [(Role.CASE_OFFICER, "other_sector")], {}),
)

# Their positions in the body of their role: the sector's and the province's leaders chair their union (a
# complex inspection is signed by the union's chair or vice-chair, casework.inspections.roles.may_sign).
CAST_POSITIONS = {"leader": Position.CHAIR, "province_leader": Position.CHAIR}


# The cast's tree, in the order unit_create would make it: (attribute, code, name, kind, parent attribute).
CAST_UNITS = (
    ("province", "P", "LĐLĐ tỉnh", Unit.Kind.PROVINCIAL, None),
    ("sector", "S", "Công đoàn ngành Y tế", Unit.Kind.SECTOR, "province"),
    ("hospital", "H", "CĐCS Bệnh viện", Unit.Kind.GRASSROOTS, "sector"),
    ("clinic", "C", "CĐCS Phòng khám", Unit.Kind.GRASSROOTS, "sector"),
    ("other_sector", "E", "Công đoàn ngành Giáo dục", Unit.Kind.SECTOR, "province"),
    ("other_grassroots", "EG", "CĐCS Trường học", Unit.Kind.GRASSROOTS, "other_sector"),
)


def _segment(index: int) -> str:
    return f"{index:0{PATH_SEGMENT_WIDTH}d}."


@transaction.atomic
def build_cast_units() -> dict[str, Unit]:
    """The cast's tree as unit_create makes it (the province at the next free place at the top, each child at
    the next place under its parent, each unit's audit event, in that order), inserted a few units at a time:
    a unit goes in with the first insert after its parent's."""
    roots = set(Unit.objects.filter(parent=None).values_list("path", flat=True))
    top = next(index for index in itertools.count(len(roots) + 1) if _segment(index) not in roots)
    units: dict[str, Unit] = {}
    children: Counter[str] = Counter()
    waiting = list(CAST_UNITS)
    while waiting:
        batch = []
        for attr, code, name, kind, parent_attr in waiting:
            if parent_attr is not None and parent_attr not in units:
                break
            parent = units.get(parent_attr) if parent_attr else None
            if parent is None:
                path = _segment(top)
            else:
                children[parent_attr] += 1
                path = parent.path + _segment(children[parent_attr])
            unit = Unit(code=code, name=name, kind=kind, parent=parent, path=path, depth=path.count(".") - 1)
            unit.fold_name()
            batch.append((attr, unit))
        waiting = waiting[len(batch) :]
        for (attr, _unit), made in zip(batch, Unit.objects.bulk_create(unit for _attr, unit in batch), strict=True):
            units[attr] = made
    for unit in units.values():
        unit_created(unit=unit, actor=None)
    return units


def build_cast() -> Cast:
    """The tree (build_cast_units); the people and their roles in one insert each, as UserFactory would make
    them one by one."""
    units = build_cast_units()
    people = [UserFactory.build(username=username, **extra) for _attr, username, _roles, extra in CAST_PEOPLE]
    for person in people:
        person.fold_name()
    people = User.objects.bulk_create(people)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            user=person,
            unit=units[unit],
            role=role,
            valid_from=dt.date(2020, 1, 1),
            position=CAST_POSITIONS.get(attr, ""),
        )
        for person, (attr, _username, roles, _extra) in zip(people, CAST_PEOPLE, strict=True)
        for role, unit in roles
    )
    cast = Cast(**units, **{attr: person for person, (attr, *_rest) in zip(people, CAST_PEOPLE, strict=True)})
    delegate_to_chair(unit=units["sector"], chair=cast.chair)
    return cast
