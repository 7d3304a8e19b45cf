"""Who verifies the reports on a measure of a denunciation's conclusion while its monitor is away and
whoever stands in for them is recused from the case: the one rule the verify task's routing, the
service, the page and the API read.

The monitor's work goes to their substitute (casework.org.selectors.stand_in_for). A substitute
recused from the case (Luật Tố cáo 2018 Đ.47: for them the case does not exist) cannot do it; then,
as the notices do (notifications.services.notify), the nearest committee chairs of the unit that
follows the measure, not recused and other than the monitor, who choose who does an absent
member's work, verify in the meantime (Nghị định 31/2019/NĐ-CP Đ.18 khoản 2, sửa đổi bởi Nghị định
156/2026/NĐ-CP Đ.3: the resolver, or whom they assign, follows the implementation).
"""

from __future__ import annotations

from typing import Any

from casework.inspections.models import Recommendation
from casework.inspections.recusal import RECOMMENDATION_TARGET
from casework.org.models import Role, User
from casework.org.selectors import stand_in_for, users_with_role


def monitor_cover(recommendation: Recommendation) -> tuple[Any, list[User]]:
    """(the unit, its committee chairs) who verify instead of the monitor, when the monitor is away
    and their substitute is recused from the case; (None, []) otherwise (the monitor, or their
    substitute, verifies)."""
    from workflows.escalations import target_excluded

    rec = recommendation
    monitor = rec.monitor
    if rec.case_id is None or monitor is None:
        return None, []
    stand_in = stand_in_for(monitor)
    if stand_in is None or stand_in.pk == monitor.pk:
        return None, []
    excluded = target_excluded(RECOMMENDATION_TARGET, rec.pk)
    if stand_in.pk not in excluded:
        return None, []
    unit = rec.source_unit
    for candidate in [unit, *reversed(list(unit.ancestors()))]:
        chairs = [
            u
            for u in users_with_role(unit=candidate, roles=[Role.COMMITTEE_CHAIR])
            if u.pk not in excluded and u.pk != monitor.pk
        ]
        if chairs:
            return candidate, chairs
    return None, []
