"""The audit search's object lookup by name looks only among the units of the reader's scope (and the people
holding roles in them), in tree order then by name; a name that finds more than it may list is refused with
a request for a more precise name, never cut short silently."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from casework.audit.references import NAMED_LIMIT, objects_named
from casework.audit.selectors import AUDIT_ROLES, AuditSearchFilters, audit_event_search
from casework.org.models import Role, Unit
from core.errors import ValidationFailed
from tests.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db

TOO_MANY = "khớp với quá nhiều người hoặc đơn vị"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _units(keys) -> list[int]:
    return [int(pk) for target_type, pk in keys if target_type == "org.unit"]


def test_a_reader_with_a_subtree_scope_never_gets_a_unit_outside_it(cast):
    # The sector's auditor: "cdcs" names the sector's two grassroots unions, never the other sector's school.
    assert set(_units(objects_named("cdcs", reader=cast.auditor, roles=AUDIT_ROLES))) == {
        cast.hospital.pk,
        cast.clinic.pk,
    }
    assert _units(objects_named("cong doan nganh", reader=cast.auditor, roles=AUDIT_ROLES)) == [cast.sector.pk]
    assert objects_named("EG", reader=cast.auditor, roles=AUDIT_ROLES) == []  # the school's code
    # An auditor of the hospital alone: not even its parent sector, nor the clinic beside it.
    hospital_auditor = UserFactory(username="haud", roles=[(Role.AUDITOR, cast.hospital)])
    assert _units(objects_named("cdcs", reader=hospital_auditor, roles=AUDIT_ROLES)) == [cast.hospital.pk]
    assert objects_named("cong doan nganh y te", reader=hospital_auditor, roles=AUDIT_ROLES) == []
    # People too: only the reader and those holding roles in the units of the scope.
    people = objects_named("other_officer", reader=cast.auditor, roles=AUDIT_ROLES)
    assert ("org.user", str(cast.other_officer.pk)) not in people
    assert ("org.user", str(cast.officer.pk)) in objects_named("officer", reader=cast.auditor, roles=AUDIT_ROLES)


def test_the_units_found_come_in_tree_order_then_by_name(cast):
    north = make_unit(parent=cast.sector, name="Trạm y tế Bắc")
    south = make_unit(parent=cast.sector, name="Trạm y tế An")
    below_north = make_unit(parent=north, name="Trạm y tế Cầu")
    found = _units(objects_named("tram y te", reader=cast.auditor, roles=AUDIT_ROLES))
    assert found == [north.pk, below_north.pk, south.pk]
    assert found == list(Unit.objects.filter(pk__in=found).order_by("path", "name").values_list("pk", flat=True))


def test_a_name_that_finds_too_many_asks_for_a_more_precise_one(cast, client):
    for n in range(NAMED_LIMIT):
        make_unit(parent=cast.sector, name=f"Trạm y tế số {n}")
    # As many as may be listed: all of them, no refusal.
    assert len(objects_named("tram y te so", reader=cast.auditor, roles=AUDIT_ROLES)) == NAMED_LIMIT
    make_unit(parent=cast.sector, name=f"Trạm y tế số {NAMED_LIMIT}")
    with pytest.raises(ValidationFailed) as refused:
        audit_event_search(user=cast.auditor, filters=AuditSearchFilters(target="tram y te so"))
    assert set(refused.value.fields) == {"target"} and TOO_MANY in refused.value.fields["target"][0]
    client.force_login(cast.auditor)
    page = client.get(reverse("audit:search"), {"target": "tram y te so"})
    assert page.status_code == 400 and TOO_MANY in page.content.decode()
    with translation.override("en"), pytest.raises(ValidationFailed) as in_english:
        objects_named("tram y te so", reader=cast.auditor, roles=AUDIT_ROLES)
    assert "matches too many people or units" in in_english.value.fields["target"][0]
    # Units of another sector never count towards the reader's limit.
    for n in range(NAMED_LIMIT + 1):
        make_unit(parent=cast.other_sector, name=f"Điểm trường số {n}")
    assert len(objects_named("diem truong so", reader=cast.auditor, roles=AUDIT_ROLES)) == 0
