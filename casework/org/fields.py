"""Form fields over the unit tree."""

from __future__ import annotations

from django import forms

from casework.org.models import Unit


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen from the tree: each option indented by its depth (offered in path order)."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * obj.depth}{obj.name}"
