"""A Serializer that gives each instance its own fields without rebuilding them.

DRF builds every declared field again for every serializer instance (a deep copy that calls the
field's __init__ with deep copies of its arguments): on the queued intake that was about a tenth
of the request. Binding a field to its serializer only sets attributes on the field itself, and
nothing in DRF changes a field's validators, choices or messages after it is built, so here each
instance gets a shallow copy of each declared field, which it then binds; the declared fields
stay unbound. A nested serializer of this kind (alone or as the child of a `many=True` list) is
copied the same way, without the fields it may have cached, so it builds its own from copies
too: deep-copying the submitters' list was still two fifths of validating a letter. Other
serializers (DRF's, with state we do not know) are deep-copied as DRF does.
"""

from __future__ import annotations

import copy
from typing import Any

from rest_framework import serializers

# What a serializer caches on itself once its fields are read (cached_property values).
_CACHED = ("fields", "_writable_fields", "_readable_fields")


def _shallow(field: serializers.Field) -> serializers.Field:
    """copy.copy(field), as copy.copy does it for these classes (a new instance sharing the
    attributes), without the reduce protocol's detour: a third of the cost of each copy."""
    fresh = object.__new__(type(field))
    fresh.__dict__.update(field.__dict__)
    return fresh


def _fresh(field: serializers.Field) -> serializers.Field:
    if isinstance(field, serializers.ListSerializer) and isinstance(field.child, Serializer):
        fresh = _shallow(field)
        fresh.child = _fresh(field.child)
        # Bound as ListSerializer.__init__ bound the declared child (name and source ""), to this list.
        fresh.child.parent = fresh
        return fresh
    if isinstance(field, Serializer):
        fresh = _shallow(field)
        for name in _CACHED:
            fresh.__dict__.pop(name, None)
        return fresh
    if isinstance(field, serializers.BaseSerializer):
        return copy.deepcopy(field)
    return _shallow(field)


class Serializer(serializers.Serializer):
    def get_fields(self) -> dict[str, Any]:
        return {name: _fresh(field) for name, field in self._declared_fields.items()}
