"""A step holding a person's, a unit's or a case's row does not hold up a row written meanwhile that
names it, on PostgreSQL. The steps lock the row for no key update: they wait for each other, while the
key-share lock an insert takes on the row its foreign key names goes through at once.

Each test holds a real step inside its transaction, after its lock, and writes a row naming the locked
row from another connection whose `lock_timeout` is short: a write that had to wait fails at once
instead of hanging, so the test needs no sleep."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, connection, connections, transaction

from casework.audit.services import audit_record
from casework.cases.models import ConflictDeclaration, Kind
from casework.cases.services import case_accept
from casework.cases.services import common as case_common
from casework.cases.services.triage import case_refuse
from casework.org import services as org_services
from casework.org.models import Unit
from casework.org.services import unit_create, unit_update
from casework.privacy import services as privacy_services
from casework.privacy.models import CaseKey
from core import clock
from core.errors import ValidationFailed
from notifications.models import Notification
from tests.concurrency import at_once
from workflows.services import absences

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


class HeldStep:
    """Run `step` in its own thread and connection, stopped inside its transaction where it calls
    `module.name` (after taking its lock), until `release()`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str, step: Callable[[], Any]) -> None:
        self.held, self._release = threading.Event(), threading.Event()
        self.outcome: Any = None
        original = getattr(module, name)

        def hold_then_go_on(*args: Any, **kwargs: Any) -> Any:
            self.held.set()
            self._release.wait(timeout=30)
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, hold_then_go_on)
        self._thread = threading.Thread(target=self._run, args=(step,))

    def _run(self, step: Callable[[], Any]) -> None:
        try:
            self.outcome = step()
        except Exception as exc:  # noqa: BLE001 - asserted by the test
            self.outcome = exc
        finally:
            connections.close_all()

    def __enter__(self) -> HeldStep:
        self._thread.start()
        assert self.held.wait(timeout=30), self.outcome
        return self

    def release(self) -> Any:
        self._release.set()
        self._thread.join()
        assert not isinstance(self.outcome, Exception), self.outcome
        return self.outcome

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._thread.join()


def written_without_waiting(write: Callable[[], Any]) -> bool:
    """Run `write` in a transaction that gives up on any lock not granted within 300 ms."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            write()
    except OperationalError as exc:
        assert "lock timeout" in str(exc), exc
        return False
    return True


def test_an_absence_being_recorded_does_not_hold_up_a_notice_to_the_absent_person(cast, frozen_clock, monkeypatch):
    today = clock.today()
    step = HeldStep(
        monkeypatch,
        absences,
        "absence_can_manage",
        lambda: absences.absence_record(
            actor=cast.officer, user=cast.officer, starts_on=today, ends_on=today, reason="Nghỉ phép"
        ),
    )
    with step:
        assert written_without_waiting(
            lambda: Notification.objects.create(user=cast.officer, title="Thư mới", key="k1", created_at=clock.now())
        )
        assert step.release().user == cast.officer


def test_an_acting_chair_being_appointed_does_not_hold_up_an_audit_event_naming_the_unit(
    cast, frozen_clock, monkeypatch
):
    today = clock.today()
    step = HeldStep(
        monkeypatch,
        absences,
        "acting_chair_check",
        lambda: absences.acting_chair_appoint(
            actor=cast.chair, unit=cast.sector, user=cast.inspector, valid_from=today, valid_to=today, document="QĐ 1"
        ),
    )
    with step:
        assert written_without_waiting(
            lambda: audit_record(actor=cast.admin, action="unit.change", target=cast.sector, unit=cast.sector)
        )
        assert step.release().unit == cast.sector


def test_a_unit_being_renamed_does_not_hold_up_an_audit_event_naming_it(cast, monkeypatch):
    step = HeldStep(
        monkeypatch,
        org_services,
        "audit_record",
        lambda: unit_update(unit=cast.hospital, actor=cast.admin, changes={"name": "CĐCS Bệnh viện tỉnh"}),
    )
    with step:
        assert written_without_waiting(
            lambda: audit_record(actor=cast.admin, action="unit.change", target=cast.hospital, unit=cast.hospital)
        )
        assert step.release().name == "CĐCS Bệnh viện tỉnh"


def test_a_unit_being_created_does_not_hold_up_an_audit_event_naming_its_parent(cast, monkeypatch):
    step = HeldStep(
        monkeypatch,
        org_services,
        "audit_record",
        lambda: unit_create(code="NEW", name="CĐCS Mới", kind=Unit.Kind.GRASSROOTS, parent=cast.sector),
    )
    with step:
        assert written_without_waiting(
            lambda: audit_record(actor=cast.admin, action="unit.change", target=cast.sector, unit=cast.sector)
        )
        assert step.release().parent == cast.sector


def test_units_created_under_one_parent_at_once_each_take_their_own_place(cast):
    outcomes = at_once(
        *(
            lambda n=n: unit_create(code=f"N{n}", name=f"CĐCS {n}", kind=Unit.Kind.GRASSROOTS, parent=cast.sector).path
            for n in range(8)
        )
    )
    assert all(isinstance(o, str) for o in outcomes), outcomes
    assert len(set(outcomes)) == 8
    assert Unit.objects.filter(parent=cast.sector).count() == 10  # the hospital and the clinic, and these


def test_a_case_step_does_not_hold_up_a_row_naming_the_case(cast, make_case, monkeypatch):
    case = make_case(kind=Kind.DENUNCIATION)
    step = HeldStep(
        monkeypatch,
        case_common,
        "transition_check",
        lambda: case_accept(case=case, actor=cast.intake, legal_ground="Đ.29", subject_area="khac"),
    )
    with step:
        assert written_without_waiting(
            lambda: ConflictDeclaration.objects.create(
                case=case, user=cast.officer2, note="Người thân", declared_at=clock.now()
            )
        )
        # Another step on the same case still waits for the first.
        assert not written_without_waiting(lambda: case_common.case_lock(case=case))
        step.release()


def _declared_on(case, user) -> Callable[[], Any]:
    return lambda: ConflictDeclaration.objects.create(case=case, user=user, note="Người thân", declared_at=clock.now())


def test_a_legal_hold_being_placed_does_not_hold_up_a_row_naming_the_case(cast, make_case, monkeypatch):
    case = make_case(kind=Kind.DENUNCIATION)
    step = HeldStep(
        monkeypatch,
        privacy_services,
        "audit_record",
        lambda: privacy_services.legal_hold_place(actor=cast.admin, case=case, reason="Tòa án đang thụ lý vụ kiện"),
    )
    with step:
        assert written_without_waiting(_declared_on(case, cast.officer2))
        assert not written_without_waiting(lambda: case_common.case_lock(case=case))
        assert step.release().case == case


def test_a_case_whose_personal_data_is_being_destroyed_does_not_hold_up_a_row_naming_it(cast, make_case, monkeypatch):
    """The daily retention pass runs outside any transaction: each case is destroyed in one of its own."""
    privacy_services.retention_policy_set(actor=cast.admin, kind=Kind.COMPLAINT, years=5, source="Quy định lưu trữ")
    case = case_refuse(
        case=make_case(), actor=cast.intake, ground="other", note="Không thuộc thẩm quyền", subject_area="khac"
    )
    later = clock.now() + dt.timedelta(days=5 * 365 + 2)
    step = HeldStep(
        monkeypatch, privacy_services, "search_forget_case", lambda: privacy_services.retention_run(now=later)
    )
    with step:
        assert written_without_waiting(_declared_on(case, cast.officer2))
        assert [(o.expiry.case, o.outcome) for o in step.release()] == [(case, "destroyed")]
    assert CaseKey.objects.get(case=case).destroyed_at == later


def _both_checked_before_either_writes(monkeypatch) -> None:
    """Two creations both pass their checks before either inserts: each waits for the other at its first
    insert (what two admins posting at the same instant may do)."""
    barrier = threading.Barrier(2)
    seen = threading.local()
    create = Unit.objects.create

    def create_after_the_other_checked(**kwargs: Any) -> Unit:
        if not getattr(seen, "waited", False):
            seen.waited = True
            barrier.wait(timeout=30)
        return create(**kwargs)

    monkeypatch.setattr(Unit.objects, "create", create_after_the_other_checked)


def test_two_admins_creating_the_same_top_level_code_at_once_one_is_told_it_exists(cast, monkeypatch):
    _both_checked_before_either_writes(monkeypatch)
    outcomes = at_once(
        *(lambda: unit_create(code="LDLD2", name="LĐLĐ tỉnh khác", kind=Unit.Kind.PROVINCIAL, actor=cast.admin),) * 2
    )
    created = [o for o in outcomes if isinstance(o, Unit)]
    refused = [o for o in outcomes if not isinstance(o, Unit)]
    assert len(created) == 1, outcomes
    assert len(refused) == 1 and isinstance(refused[0], ValidationFailed), outcomes
    assert refused[0].fields == {"code": ["Mã đơn vị LDLD2 đã tồn tại."]}
    assert list(Unit.objects.filter(code="LDLD2").values_list("pk", flat=True)) == [created[0].pk]


def test_two_top_level_units_created_at_once_each_take_their_own_place(cast, monkeypatch):
    _both_checked_before_either_writes(monkeypatch)
    outcomes = at_once(
        *(
            lambda n=n: unit_create(code=f"TOP{n}", name=f"LĐLĐ {n}", kind=Unit.Kind.PROVINCIAL, actor=cast.admin)
            for n in range(2)
        )
    )
    assert all(isinstance(o, Unit) for o in outcomes), outcomes
    assert len({o.path for o in outcomes}) == 2
    assert all(o.depth == 0 and o.parent is None for o in outcomes)


def test_two_units_given_the_same_code_at_once_one_is_told_it_exists(cast, monkeypatch):
    barrier = threading.Barrier(2)
    save = Unit.save

    def save_after_the_other_checked(self: Unit, *args: Any, **kwargs: Any) -> None:
        barrier.wait(timeout=30)
        save(self, *args, **kwargs)

    monkeypatch.setattr(Unit, "save", save_after_the_other_checked)
    outcomes = at_once(
        *(
            lambda unit=unit: unit_update(unit=unit, actor=cast.admin, changes={"code": "CDCS-MOI"})
            for unit in (cast.hospital, cast.clinic)
        )
    )
    refused = [o for o in outcomes if not isinstance(o, Unit)]
    assert len(refused) == 1 and isinstance(refused[0], ValidationFailed), outcomes
    assert refused[0].fields == {"code": ["Mã đơn vị CDCS-MOI đã tồn tại."]}
    assert Unit.objects.filter(code="CDCS-MOI").count() == 1
