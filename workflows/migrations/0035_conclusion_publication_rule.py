"""The conclusion of a denunciation is published within 07 working days of the day it was issued: "Trong thời hạn
07 ngày làm việc kể từ ngày ra kết luận nội dung tố cáo ... người giải quyết tố cáo có trách nhiệm thực hiện việc
công khai kết luận nội dung tố cáo" (Luật Tố cáo 2018, Luật số 25/2018/QH14, Đ.40 khoản 1; Điều 18.5.LQ.40 of the Bộ
pháp điển), by the forms of khoản 2 as detailed by Nghị định 31/2019/NĐ-CP Đ.6. The clock is
denunciation/publish_conclusion (casework.cases.services.publicity), opened at the conclusion only for a case whose
version holds the row, stopped when the publication is recorded; its breach escalates like the others.

Added as the project adds policy (workflows.services.policy, a case keeps the policy version it started under):
a version no case started under and no clock was counted by gets the row in place; when the newest version is
in use, it is copied into a new version in force from the next day with the row added (as the administrators'
copy, recorded as policy.copy), and the versions in use keep their rows: a case opened under them runs no such
clock. A version that has a row for the step already (an administrator added it) is left as it is."""

import datetime as dt

from django.db import migrations

SUBJECT, STEP, VARIANT = "denunciation", "publish_conclusion", "normal"
SOURCE = "Luật Tố cáo 2018 Đ.40 khoản 1 (công khai kết luận nội dung tố cáo); Nghị định 31/2019/NĐ-CP Đ.6"
ROW = {"days": 7, "day_unit": "working", "reminder_offsets": [2, 1, 0], "on_breach": "escalate", "source": SOURCE}
NOTE = (
    "Thêm thời hạn công khai kết luận nội dung tố cáo: 07 ngày làm việc kể từ ngày ra kết luận (Luật Tố cáo 2018 "
    "Đ.40 khoản 1; Nghị định 31/2019/NĐ-CP Đ.6)"
)


def forwards(apps, schema_editor):
    rule_add(apps, subject=SUBJECT, step=STEP, variant=VARIANT, row=ROW, note=NOTE)


def rule_add(apps, *, subject: str, step: str, variant: str, row: dict, note: str) -> None:
    """Add the policy row (subject, step) as this module's docstring says: in place in a version no case uses,
    in a copy of the newest version in force from the next day when that one is in use."""
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

    def has_row(version) -> bool:
        return DeadlineRule.objects.filter(version=version, subject=subject, step=step).exists()

    newest = PolicyVersion.objects.order_by("-number").first()
    if newest is None:
        return
    changed = copy_newest = False
    for version in PolicyVersion.objects.order_by("number"):
        if has_row(version):
            continue
        if not in_use(version):
            DeadlineRule.objects.create(version=version, subject=subject, step=step, variant=variant, **row)
            changed = True
        elif version.pk == newest.pk:
            copy_newest = True
    if copy_newest:
        version = PolicyVersion.objects.create(
            number=newest.number + 1,
            effective_from=max(clock.today() + dt.timedelta(days=1), newest.effective_from),
            note=note,
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
        DeadlineRule.objects.create(version=version, subject=subject, step=step, variant=variant, **row)
        changed = True
        # Through the current code (the audit chain is written only by its service), as the copy an
        # administrator makes is recorded.
        from casework.audit.services import audit_record

        audit_record(
            actor=None,
            action="policy.copy",
            target=("workflows.policyversion", version.pk),
            after={"number": version.number, "effective_from": version.effective_from, "copied_from": newest.number},
            reason=note,
        )
    if changed:
        # Rows written around the ORM's signals: every process drops its policy snapshot.
        from workflows.policy_cache import policy_forget

        policy_forget()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0034_transferred_denunciation_result_notice_rule"),
        ("cases", "0027_expertise_request_verifier_by_law"),
        ("audit", "0007_stored_canonical_text"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
