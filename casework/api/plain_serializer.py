"""A Serializer that gives each instance fresh fields without deep-copying their arguments.

DRF deep-copies every declared field for every serializer instance, and each copy deep-copies
the arguments the field was declared with (choices, help texts, defaults): on the queued intake
that was about a tenth of the request. A field's arguments are only read when it is built, so
here each instance gets new field objects built from the same arguments; nested serializers
(which keep state of their own) are still deep-copied as DRF does.
"""

from __future__ import annotations

import copy
from typing import Any

from rest_framework import serializers


def _fresh(field: serializers.Field) -> serializers.Field:
    if isinstance(field, serializers.BaseSerializer):
        return copy.deepcopy(field)
    return type(field)(*field._args, **field._kwargs)


class Serializer(serializers.Serializer):
    def get_fields(self) -> dict[str, Any]:
        return {name: _fresh(field) for name, field in self._declared_fields.items()}
