"""The deadline policy in force: which version applies on a date, and its rule for a step."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from core import clock
from core.errors import PolicyMissing
from workflows.models import DeadlineRule, PolicyVersion
from workflows.policy_cache import policy_snapshot


def policy_current(*, on: dt.date | None = None) -> PolicyVersion:
    on = on or clock.today()
    version = policy_snapshot().version_on(on)
    if version is None:
        raise PolicyMissing(_("Chưa có phiên bản chính sách thời hạn nào có hiệu lực."))
    return version


def policy_first_date() -> dt.date | None:
    """The earliest date any policy version covers (None when there is no policy at all)."""
    versions = policy_snapshot().versions
    return min((v.effective_from for v in versions), default=None)


def rule_get(
    *, version: PolicyVersion, subject: str, step: str, variant: str = DeadlineRule.Variant.NORMAL
) -> DeadlineRule:
    rules = policy_snapshot().rules_for(version, subject, step)
    rule = rules.get(variant) or rules.get(DeadlineRule.Variant.NORMAL)
    if rule is None:
        raise PolicyMissing(
            gettext("Chính sách v%(number)s không có quy định cho %(subject)s/%(step)s.")
            % {"number": version.number, "subject": subject, "step": step}
        )
    return rule
