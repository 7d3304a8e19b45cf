"""The second-round decision on a complaint is sent within 07 days, not 07 working days.

Luật Khiếu nại 2011 (Luật số 02/2011/QH13) Đ.41 khoản 1: "Trong thời hạn 07 ngày, kể từ ngày có quyết
định giải quyết khiếu nại, người giải quyết khiếu nại lần hai phải gửi quyết định giải quyết khiếu nại cho
người khiếu nại, người bị khiếu nại, người giải quyết khiếu nại lần đầu, người có quyền, nghĩa vụ liên
quan, cơ quan, tổ chức, cá nhân có thẩm quyền chuyển khiếu nại đến." Calendar days, where the first round's
Đ.32 says "Trong thời hạn 03 ngày làm việc" (its rule stays). Migration 0012 seeded 7 working days.

Changed as the project changes policy (workflows.services.policy, a case keeps the policy version it
started under): a version no case started under and no clock was counted by is corrected in place; when
the newest version is in use, it is copied into a new version in force from the next day with the rule
corrected (as the administrators' copy, recorded as policy.copy), and the versions in use keep their rule,
as do the cases started under them and their clocks. A rule that is no longer the seeded 7 working days
(an administrator changed it) is left as it is."""

import datetime as dt

from django.db import migrations

SUBJECT, STEP, VARIANT = "complaint_2", "send_decision", "normal"
DAYS = 7
SOURCE = "Luật Khiếu nại 2011 Đ.41 khoản 1"
NOTE = "Sửa quy định gửi quyết định giải quyết khiếu nại lần hai: 07 ngày (Luật Khiếu nại 2011 Đ.41 khoản 1)"


def forwards(apps, schema_editor):
    from core import clock

    PolicyVersion = apps.get_model("workflows", "PolicyVersion")
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    Deadline = apps.get_model("workflows", "Deadline")
    Case = apps.get_model("cases", "Case")

    def in_use(version) -> bool:
        return (
            Case.objects.filter(policy_version=version).exists()
            or Deadline.objects.filter(rule__version=version).exists()
        )

    def seeded(version):
        return DeadlineRule.objects.filter(
            version=version, subject=SUBJECT, step=STEP, variant=VARIANT, days=DAYS, day_unit="working"
        ).first()

    newest = PolicyVersion.objects.order_by("-number").first()
    copy_newest = False
    for version in PolicyVersion.objects.order_by("number"):
        rule = seeded(version)
        if rule is None:
            continue
        if not in_use(version):
            DeadlineRule.objects.filter(pk=rule.pk).update(day_unit="calendar", source=SOURCE)
        elif version.pk == newest.pk:
            copy_newest = True
    if not copy_newest:
        return
    version = PolicyVersion.objects.create(
        number=newest.number + 1,
        effective_from=max(clock.today() + dt.timedelta(days=1), newest.effective_from),
        note=NOTE,
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
            for rule in DeadlineRule.objects.filter(version=newest).order_by("pk")
        ]
    )
    DeadlineRule.objects.filter(version=version, subject=SUBJECT, step=STEP, variant=VARIANT).update(
        day_unit="calendar", source=SOURCE
    )
    # Through the current code (the audit chain is written only by its service), as the copy an
    # administrator makes is recorded; the policy snapshot of every process is dropped.
    from casework.audit.services import audit_record
    from workflows.policy_cache import policy_forget

    audit_record(
        actor=None,
        action="policy.copy",
        target=("workflows.policyversion", version.pk),
        after={"number": version.number, "effective_from": version.effective_from, "copied_from": newest.number},
        reason=NOTE,
    )
    policy_forget()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0019_stop_breached_clocks_of_ended_steps"),
        ("cases", "0027_expertise_request_verifier_by_law"),
        ("audit", "0007_stored_canonical_text"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
