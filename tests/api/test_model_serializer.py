"""Fields built once per serializer class: each instance still gets its own bound copies, and a
subclass with more fields builds its own."""

from unittest import mock

from rest_framework import serializers

from casework.api.resources.cases import CaseDetailSerializer, CaseSerializer


def test_fields_are_built_once_per_class_and_copied_per_instance():
    if "_built_fields" in CaseSerializer.__dict__:  # built by an earlier test
        del CaseSerializer._built_fields
    real = serializers.ModelSerializer.build_field
    with mock.patch.object(serializers.ModelSerializer, "build_field", autospec=True, side_effect=real) as build:
        first, second = CaseSerializer(), CaseSerializer()
        assert set(first.fields) == set(second.fields)
        assert build.call_count == len(
            [f for f in CaseSerializer.Meta.fields if f not in CaseSerializer._declared_fields]
        )
    assert first.fields["reference"] is not second.fields["reference"]
    assert first.fields["reference"].parent is first and second.fields["reference"].parent is second


def test_a_subclass_has_its_own_fields():
    assert "content" in CaseDetailSerializer().fields
    assert "content" not in CaseSerializer().fields


def test_plain_serializers_give_each_instance_its_own_fields_and_validate_as_drf_does():
    from casework.api.resources.cases import CaseIntakeSerializer

    first, second = CaseIntakeSerializer(data={}), CaseIntakeSerializer(data={})
    assert first.fields["kind"] is not second.fields["kind"]
    assert first.fields["kind"].parent is first and second.fields["kind"].parent is second
    assert first.fields["submitters"] is not second.fields["submitters"]
    # the nested list's child too: its own copy, bound to its own list, with its own fields
    first_child, second_child = first.fields["submitters"].child, second.fields["submitters"].child
    assert first_child is not second_child and first_child.parent is first.fields["submitters"]
    assert first_child.fields["full_name"] is not second_child.fields["full_name"]
    assert first_child.fields["full_name"].parent is first_child
    declared = CaseIntakeSerializer._declared_fields["submitters"].child
    assert "fields" not in declared.__dict__  # the declared child never binds fields of its own
    nested = CaseIntakeSerializer(data={"submitters": [{"full_name": "A"}, {"phone": "0" * 33}]})
    assert not nested.is_valid()
    assert set(nested.errors["submitters"]) == {1}  # DRF keys a list's errors by position
    assert set(nested.errors["submitters"][1]) == {"full_name", "phone"}
    assert nested.errors["submitters"][1]["phone"][0].code == "max_length"
    assert not first.is_valid()
    assert {"kind", "channel", "received_on", "unit", "title", "content"} <= set(first.errors)
    bad = CaseIntakeSerializer(data={"kind": "khác", "title": "x" * 256})
    assert not bad.is_valid()
    assert bad.errors["title"][0].code == "max_length" and bad.errors["kind"][0].code == "invalid_choice"


def test_a_plain_serializers_field_copy_is_what_copy_copy_gives():
    import copy

    from casework.api.plain_serializer import _shallow
    from casework.api.resources.cases import CaseIntakeSerializer

    for name, field in CaseIntakeSerializer._declared_fields.items():
        mine, theirs = _shallow(field), copy.copy(field)
        assert type(mine) is type(theirs) and mine is not field, name
        assert mine.__dict__ == theirs.__dict__, name
