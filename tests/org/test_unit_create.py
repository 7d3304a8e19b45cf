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
