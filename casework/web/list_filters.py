"""What every list filter starts on: no filter, read "Tất cả" whatever the field (a choice, a unit,
a person, a lĩnh vực), so a reader sees at a glance which filters narrow the list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

ALL = _("Tất cả")


def all_choices(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A filter's choices, starting on the blank one that filters nothing."""
    return [("", ALL), *choices]
