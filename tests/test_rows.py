"""casework/rows.py writes rows without model instances; what it stores must be what save() stores."""

import pytest
from django.apps import apps
from django.db import connection

from casework.rows import _prepared

pytestmark = pytest.mark.django_db


def test_none_is_null_for_every_field_of_every_model():
    # `_prepared` stores None as NULL without asking the field: the same row only while no field
    # (JSON fields included) prepares None as something else. (viewflow's token field refuses None:
    # no row ever held one.)
    fields = [f for model in apps.get_models() for f in model._meta.concrete_fields]
    assert len(fields) > 100
    assert [f"{f.model._meta.label}.{f.name}" for f in fields if _prep_none(f) not in (None, "refused")] == []
    assert all(_prepared(f, {f.name: None}) is None for f in fields)


def _prep_none(field):
    try:
        return field.get_db_prep_save(None, connection)
    except (AttributeError, TypeError, ValueError):
        return "refused"
