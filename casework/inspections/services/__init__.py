"""Inspection services, split by sub-domain; import from here."""

from casework.inspections.services.flags import (  # noqa: F401
    flag_decide,
    flag_escalation_handle,
    flag_extend,
    flag_raise,
    flag_return,
    flags_assign,
    flags_mark_inspected,
)
