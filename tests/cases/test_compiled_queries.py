"""CompiledQuery: the SQL compiled once per shape gives what the QuerySet gives, in one query."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from casework import compiled
from casework.cases.models import Case
from casework.compiled import CompiledQuery
from casework.org.models import RoleAssignment, Unit
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:  # noqa: ANN001
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_rows_are_the_querysets_rows_with_select_related_and_one_query(cast, make_case):
    cases = [make_case(), make_case(kind="denunciation", unit=cast.hospital, subject_unit=cast.clinic)]
    lock = CompiledQuery(lambda pk: Case.objects.select_related("unit").select_for_update(of=("self",)).filter(pk=pk))
    with transaction.atomic():
        for case in cases:
            expected = Case.objects.select_related("unit").get(pk=case.pk)
            with CaptureQueriesContext(connection) as ctx:
                got = lock.first(case.pk)
                unit = got.unit  # filled by the same query
            assert len(ctx.captured_queries) == 1
            assert _fields(got) == _fields(expected)  # dates, JSON and choices converted as the ORM does
            assert _fields(unit) == _fields(expected.unit)
            assert not got._state.adding
        assert lock.first(-1) is None


def test_a_shape_is_compiled_once_and_old_shapes_are_dropped(cast, monkeypatch):
    built = []

    def build(unit_id, *, roles):  # noqa: ANN001, ANN202
        built.append(roles)
        return RoleAssignment.objects.filter(unit_id=unit_id, role__in=roles)

    query = CompiledQuery(build)
    chairs = {ra.pk for ra in RoleAssignment.objects.filter(unit=cast.sector, role="committee_chair")}
    assert chairs
    assert {ra.pk for ra in query.all(cast.sector.pk, roles=("committee_chair",))} == chairs
    assert {ra.pk for ra in query.all(cast.sector.pk, roles=("committee_chair",))} == chairs
    assert built == [("committee_chair",)]
    monkeypatch.setattr(compiled, "MAX_PLANS", 2)
    for roles in (("a",), ("b",), ("c",)):
        assert query.all(cast.sector.pk, roles=roles) == []
    assert len(query._plans) == 2


def test_an_argument_that_does_not_reach_the_parameters_is_refused(cast):
    query = CompiledQuery(lambda unit_id: Unit.objects.filter(pk=abs(unit_id)))
    with pytest.raises(ValueError, match="did not reach"):
        query.all(cast.sector.pk)


@pytest.mark.django_db(transaction=True)
def test_threads_compiling_at_once_all_get_their_own_rows(cast):
    query = CompiledQuery(lambda pk: Unit.objects.filter(pk=pk))
    units = [cast.province, cast.sector, cast.hospital, cast.clinic]
    outcomes = at_once(*[(lambda u=u: query.first(u.pk)) for u in units])
    assert [o.pk for o in outcomes] == [u.pk for u in units]
    assert len(query._plans) == 1


def test_a_text_argument_is_compiled_once_and_matches_the_orm(cast):
    from rest_framework.authtoken.models import Token

    from casework.compiled import CompiledQuery

    tokens = [Token.objects.create(user=u) for u in (cast.intake, cast.officer)]
    lookup = CompiledQuery(lambda key: Token.objects.select_related("user").filter(key=key), text_args=(0,))
    for token in tokens:
        found = lookup.first(token.key)
        assert (found.key, found.user.username) == (token.key, token.user.username)
    assert lookup.first("không có") is None
    assert len(lookup._plans) == 1


def test_annotations_are_set_as_the_queryset_sets_them(cast):
    from django.db.models import Count, Exists, OuterRef

    def build(unit_id, *, role):  # noqa: ANN001, ANN202
        held = RoleAssignment.objects.filter(unit=OuterRef("pk"), role=role)
        return Unit.objects.filter(pk=unit_id).annotate(holds=Exists(held), children_count=Count("children"))

    query = CompiledQuery(build)
    for unit in (cast.province, cast.sector, cast.hospital):
        for role in ("committee_chair", "case_officer"):
            expected = build(unit.pk, role=role).get()
            with CaptureQueriesContext(connection) as ctx:
                got = query.first(unit.pk, role=role)
            assert len(ctx.captured_queries) == 1
            assert (got.holds, got.children_count) == (expected.holds, expected.children_count)
            assert got.holds is expected.holds  # converted to bool on SQLite as the ORM does
    assert any(query.first(u.pk, role="committee_chair").holds for u in (cast.province, cast.sector, cast.hospital))
