"""Form fields over the unit tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator


class UnitTreeIterator(ModelChoiceIterator):
    """The offered units in tree (path) order, each indented by its depth below the highest one offered: a
    reader whose scope is one grassroots union sees it flush left, not under two dashes for levels
    they cannot choose."""

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        units = sorted(self.queryset, key=lambda unit: unit.path)
        top = min((unit.depth for unit in units), default=0)
        for unit in units:
            value, name = self.choice(unit)
            yield value, f"{'— ' * (unit.depth - top)}{name}"


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen from the tree (offered in path order, indented as a tree)."""

    iterator = UnitTreeIterator
