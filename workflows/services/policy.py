"""The deadline policy in force: which version applies on a date, and its rule for a step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
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


def policy_version_in_use(*, version: PolicyVersion) -> bool:
    """A case started under this version, or a clock was counted by its rules: the version is fixed
    from then on (a case keeps the policy version it started under), and a change is a new version."""
    from casework.cases.models import Case
    from workflows.models import Deadline

    return (
        Case.objects.filter(policy_version=version).exists() or Deadline.objects.filter(rule__version=version).exists()
    )


@transaction.atomic
def policy_version_copy(*, source: PolicyVersion, actor: Any) -> PolicyVersion:
    """A new version with the rules of `source`, numbered after the last one and in force from
    tomorrow: no letter is received under it before the administrator has edited its rules and its
    date (a version in use can no longer be edited)."""
    last = PolicyVersion.objects.select_for_update(no_key=True).order_by("-number").first()
    version = PolicyVersion.objects.create(
        number=(last.number if last else 0) + 1,
        effective_from=clock.today() + dt.timedelta(days=1),
        note=f"Sao chép từ phiên bản v{source.number}",  # a record, not translated
    )
    DeadlineRule.objects.bulk_create(
        [
            DeadlineRule(
                version=version,
                subject=rule.subject,
                step=rule.step,
                variant=rule.variant,
                days=rule.days,
                day_unit=rule.day_unit,
                reminder_offsets=list(rule.reminder_offsets),
                on_breach=rule.on_breach,
                source=rule.source,
            )
            for rule in source.rules.all()
        ]
    )
    # bulk_create sends no post_save; the new version's own save dropped the snapshot, and every
    # process reloads it, rules included, once this transaction commits (workflows/policy_cache.py).
    audit_record(
        actor=actor,
        action="policy.copy",
        target=version,
        after={"number": version.number, "effective_from": version.effective_from, "copied_from": source.number},
    )
    return version
