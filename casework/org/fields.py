"""Form fields over the unit tree."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

from casework.org.models import Unit


def tree_labels(units: Iterable[Unit]) -> list[tuple[Unit, str]]:
    """Each unit with its name indented by its depth below the highest unit given, in tree (path)
    order: a reader whose scope is one grassroots union sees it flush left, not under two dashes for
    levels they cannot choose."""
    ordered = sorted(units, key=lambda unit: unit.path)
    top = min((unit.depth for unit in ordered), default=0)
    return [(unit, f"{'— ' * (unit.depth - top)}{unit.name}") for unit in ordered]


class UnitTreeIterator(ModelChoiceIterator):
    """The offered units as `tree_labels` gives them."""

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit, label in tree_labels(self.queryset):
            value, _name = self.choice(unit)
            yield value, label


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen from the tree (offered in path order, indented as a tree)."""

    iterator = UnitTreeIterator
