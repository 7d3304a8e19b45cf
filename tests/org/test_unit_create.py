import pytest

from casework.audit.models import AuditEvent
from casework.org.models import Unit
from casework.org.services import unit_create
from core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_it_refuses_a_duplicate_code_and_changes_nothing(cast):
    before = Unit.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as err:
        unit_create(code="H", name="Trùng mã", kind=Unit.Kind.GRASSROOTS, parent=cast.sector)
    assert "code" in err.value.fields
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before


def test_it_refuses_an_empty_name_and_unknown_kind(cast):
    with pytest.raises(ValidationFailed) as err:
        unit_create(code="NEW", name=" ", kind="planet", parent=cast.sector)
    assert set(err.value.fields) == {"name", "kind"}


def test_it_audits_the_creation(cast):
    unit = unit_create(code="NEW", name="CĐCS Mới", kind=Unit.Kind.GRASSROOTS, parent=cast.sector)
    event = AuditEvent.objects.get(action="unit.create", target_id=str(unit.pk))
    assert event.after == {"code": "NEW", "name": "CĐCS Mới"}
    assert unit.depth == 2


def _tree_and_trail(units: list[Unit]) -> tuple[list[tuple], list[tuple]]:
    """The units' places in the tree and their audit events, in order, without ids or hashes."""
    code = {unit.pk: unit.code for unit in Unit.objects.all()}
    tree = [
        (u.code, u.name, u.kind, code.get(u.parent_id), u.path, u.depth, u.name_folded, u.is_active)
        for u in Unit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("pk")
    ]
    trail = [
        (e.action, e.target_type, code[int(e.target_id)], code[e.unit_id], e.actor_label, e.before, e.after, e.meta)
        for e in AuditEvent.objects.filter(target_type="org.unit").order_by("seq")
    ]
    return tree, trail


def test_the_casts_tree_is_the_one_the_unit_service_makes(db):
    """tests/factories.py inserts the cast's units a few at a time: same places, folded names, order and audit
    trail as unit_create making them one by one, beside a tree already there."""
    from django.db import transaction

    from tests.factories import CAST_UNITS, build_cast_units

    unit_create(code="X", name="Tỉnh khác", kind=Unit.Kind.PROVINCIAL)
    made = {}
    with transaction.atomic():
        for attr, code, name, kind, parent in CAST_UNITS:
            made[attr] = unit_create(code=code, name=name, kind=kind, parent=made.get(parent))
        by_the_service = _tree_and_trail(list(made.values()))
        transaction.set_rollback(True)
    built = build_cast_units()
    assert list(built) == [attr for attr, *_rest in CAST_UNITS]
    assert [unit.path for unit in built.values()][:2] == ["0002.", "0002.0001."]
    assert _tree_and_trail(list(built.values())) == by_the_service
