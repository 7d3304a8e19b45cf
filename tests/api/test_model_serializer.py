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
    assert not first.is_valid()
    assert {"kind", "channel", "received_on", "unit", "title", "content"} <= set(first.errors)
    bad = CaseIntakeSerializer(data={"kind": "khác", "title": "x" * 256})
    assert not bad.is_valid()
    assert bad.errors["title"][0].code == "max_length" and bad.errors["kind"][0].code == "invalid_choice"
